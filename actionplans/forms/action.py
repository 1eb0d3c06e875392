"""The action form: where an action sits in the plan, who owns it, when it is due, what it
waits for, and (themes plans) its contributors and expected achievements.

Like every edit form of a record two people may edit, it carries the version it was read at
and refuses a stale save (workforce.versioning.VersionCheckedForm).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from actionplans import ordering
from actionplans.forms.structure import DATE, StaffMultipleChoiceField, fill_due_date, staff_choices
from actionplans.models import Action, ActionPlan, Contributor, ExpectedAchievement, FocusArea
from workforce.models import StaffMember
from workforce.versioning import VersionCheckedForm


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ActionForm(VersionCheckedForm):
    owners = StaffMultipleChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=(
            "The people who update its progress. Search to add someone; "
            "Ctrl-click (Cmd-click) a name to remove it."
        ),
    )
    dependencies = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        label="Depends on",
        help_text="Other actions of this plan that must happen first.",
    )

    class Meta:
        model = Action
        fields = [
            "number",
            "description",
            "priority",
            "focus_area",
            "responsibility",
            "owners",
            "timeframe",
            "due_date",
            "is_recurring",
            "resources",
            "cost_amount",
            "status",
            "dependencies",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE,
        }
        labels = {
            "focus_area": "Area of focus",
            "is_recurring": "Recurring",
            "cost_amount": "Cost (£)",
            "responsibility": "Responsibility",
        }
        help_texts = {
            "number": "Leave blank to number it after the last action in its place.",
            "due_date": "Leave blank to read it from the timeframe when that names a date.",
        }

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        action = self.instance
        self.fields["priority"].queryset = plan.priorities.all()
        self.fields["priority"].label = plan.priority_label
        self.fields["priority"].required = False  # taken from the area of focus when one is chosen
        if plan.layout == ActionPlan.Layout.THEMES:
            del self.fields["focus_area"]
        else:
            self.fields["focus_area"].queryset = FocusArea.objects.filter(priority__plan=plan).select_related(
                "priority"
            )
            self.fields["focus_area"].label_from_instance = lambda a: f"{a.number} {a.title}".strip()
        self.fields["owners"].queryset = staff_choices(
            action.owners.values_list("pk", flat=True) if action.pk else []
        )
        others = Action.objects.filter(plan=plan).order_by(
            "priority__position", "focus_area__position", "position"
        )
        self.fields["dependencies"].queryset = others.exclude(pk=action.pk) if action.pk else others

    def clean(self):
        cleaned = super().clean()
        fill_due_date(cleaned)
        area, priority = cleaned.get("focus_area"), cleaned.get("priority")
        if area and not priority:
            cleaned["priority"] = priority = area.priority
        if not priority and "priority" not in self.errors:
            self.add_error("priority", f"Choose a {self.plan.priority_label.lower()}.")
        if (
            priority
            and not area
            and "focus_area" in self.fields
            and "focus_area" not in self.errors
            and priority.focus_areas.exists()
        ):
            self.add_error(
                "focus_area",
                f"Choose one of the areas of focus of {self.plan.priority_label.lower()} {priority}.",
            )
        dependencies = cleaned.get("dependencies")
        if dependencies and self.instance.pk:
            if any(d.pk == self.instance.pk for d in dependencies):
                self.add_error("dependencies", "An action cannot depend on itself.")
            else:
                loop = dependency_cycle(self.instance, dependencies)
                if loop:
                    self.add_error(
                        "dependencies",
                        f"That would make a loop: {' → '.join(loop)}. Action {loop[0]} already depends "
                        "on this one, so this one cannot depend on it.",
                    )
        return cleaned

    def save(self, commit=True):
        """Write the action, refusing (StaleEdit) if it was saved since this form was read.

        Call inside a transaction together with the inline formsets (`save_with_formsets`)."""
        action = self.instance
        moved = action.pk and {"priority", "focus_area"} & set(self.changed_data)
        if moved and "number" not in self.changed_data:
            action.number = ""  # moved without a new number: take the next one in its new place
        if action.pk is None or moved:
            ordering.place_at_end(action)
        # place_at_end only reads, so a save refused as stale (in super().save) writes nothing.
        return super().save(commit)


def dependency_cycle(action: Action, chosen: Iterable[Action]) -> list[str] | None:
    """If `action` depending on one of `chosen` would close a loop, the loop's action numbers
    (chosen, ..., action, chosen); else None. One query for the plan's dependencies, one for numbers."""
    through = Action.dependencies.through
    waits_for = defaultdict(list)
    edges = (
        through.objects.filter(from_action__plan_id=action.plan_id)
        .exclude(from_action_id=action.pk)  # this action's dependencies are being replaced
        .values_list("from_action_id", "to_action_id")
    )
    for source, target in edges:
        waits_for[source].append(target)
    for start in chosen:
        came_from = {start.pk: None}
        stack = [start.pk]
        while stack:
            node = stack.pop()
            if node == action.pk:
                path = []
                while node is not None:
                    path.append(node)
                    node = came_from[node]
                path.reverse()  # start ... action
                numbers = dict(Action.objects.filter(pk__in=path).values_list("pk", "number"))
                names = [numbers.get(pk) or f"#{pk}" for pk in path]
                return [*names, names[0]]
            for target in waits_for[node]:
                if target not in came_from:
                    came_from[target] = node
                    stack.append(target)
    return None


class PositionedFormSet(BaseInlineFormSet):
    """Keeps the rows in the order they are shown (for models with a `position`). Positions are
    set before saving, so a new row is created in its place and a row that only moved gets a
    history record saying so (see ordering.place_in_order)."""

    def save(self, commit=True):
        kept = [
            f.instance
            for f in self.forms
            if not self._should_delete_form(f) and (f.instance.pk or f.has_changed())
        ]
        shown_at = {f.instance.pk: place for place, f in enumerate(self.initial_forms, start=1)}
        moved = ordering.place_in_order(kept, shown_at)
        saved = super().save(commit)
        written = {row.pk for row in saved}
        ordering.save_positions([row for row in moved if row.pk not in written])
        return saved


ContributorFormSet = inlineformset_factory(
    Action,
    Contributor,
    formset=PositionedFormSet,
    fields=["name"],
    labels={"name": "Team or role"},
    extra=1,
    can_delete=True,
)
AchievementFormSet = inlineformset_factory(
    Action,
    ExpectedAchievement,
    formset=PositionedFormSet,
    fields=["description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    labels={"description": "Expected achievement"},
    extra=1,
    can_delete=True,
)
