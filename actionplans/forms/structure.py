"""Forms the L&D manager uses to build a plan: the plan and its pledge, priorities (themes),
areas of focus, outputs and their dated targets, and the reorder buttons. The action form,
with its optimistic locking, is in `actionplans.forms.action`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django import forms
from django.db import transaction
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from actionplans import ordering
from actionplans.filters import staff_label
from actionplans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Output,
    OutputTarget,
    PledgeSignatory,
    Priority,
)
from actionplans.spreadsheets.parse import parse_timeframe
from workforce import indicators
from workforce.history import one_record
from workforce.models import StaffMember
from workforce.versioning import VersionCheckedForm
from workforce.widgets import StaffMultiplePicker, StaffPicker

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def fill_due_date(cleaned: dict) -> None:
    """A blank due date is read from a timeframe that names a date ("Sept 2013" -> 30 Sep 2013)."""
    if not cleaned.get("due_date") and cleaned.get("timeframe"):
        cleaned["due_date"] = parse_timeframe(cleaned["timeframe"]).due_date


def staff_choices(keep: Iterable[int] = ()):
    """Current, unarchived staff, plus anyone already chosen (a leaver stays on old actions)."""
    today = datetime.date.today()
    current = Q(is_archived=False) & (Q(leaving_date__isnull=True) | Q(leaving_date__gt=today))
    return StaffMember.objects.filter(current | Q(pk__in=list(keep)))


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = StaffMultiplePicker

    def label_from_instance(self, obj):
        return staff_label(obj)


class StaffChoiceField(forms.ModelChoiceField):
    widget = StaffPicker

    def label_from_instance(self, obj):
        return staff_label(obj)


# --- The plan -------------------------------------------------------------------------------


class PlanForm(VersionCheckedForm):
    lead = StaffChoiceField(queryset=StaffMember.objects.none(), required=False)

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "layout",
            "status",
            "period_start",
            "period_end",
            "lead",
            "governance",
            "description",
            "pledge_text",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "governance": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "pledge_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "pledge_text": "The pledge as signed, e.g. by the chief executive and the chair of staff side."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = staff_choices([self.instance.lead_id] if self.instance.lead_id else [])

    def clean_layout(self):
        layout = self.cleaned_data["layout"]
        if (
            self.instance.pk
            and layout == ActionPlan.Layout.THEMES
            and FocusArea.objects.filter(priority__plan=self.instance).exists()
        ):
            raise forms.ValidationError(
                "This plan has areas of focus; a themes layout has none. Move or delete them first."
            )
        return layout


SignatoryFormSet = inlineformset_factory(
    ActionPlan,
    PledgeSignatory,
    fields=["name", "role", "signed_on"],
    widgets={"signed_on": DATE},
    extra=1,
    can_delete=True,
)


# --- Priorities (themes) and areas of focus -----------------------------------------------------


class PriorityForm(VersionCheckedForm):
    class Meta:
        model = Priority
        fields = ["number", "title"]
        help_texts = {"number": "Leave blank to number it after the last one."}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["title"].label = plan.priority_label
        self.fields["number"].label = f"{plan.priority_label} number"

    def save(self, commit=True):
        if self.instance.pk is None:
            ordering.place_at_end(self.instance)
        return super().save(commit)


class FocusAreaForm(VersionCheckedForm):
    class Meta:
        model = FocusArea
        fields = ["priority", "number", "title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"number": "Leave blank to number it after the last area of this priority."}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.all()

    def save(self, commit=True):
        area = self.instance
        if area.pk is None or "priority" in self.changed_data:
            if area.pk and "number" not in self.changed_data:
                area.number = ""  # moved without a new number: take the next one in its new place
            ordering.place_at_end(area)
        return super().save(commit)


def save_with_formsets(form: forms.ModelForm, formsets: Iterable[BaseInlineFormSet]):
    """The object and its inline rows, all or nothing. The object's save and its many-to-many
    changes (owners, dependencies) make one history record, as the user made one change."""
    with transaction.atomic():
        with one_record(form.instance):
            obj = form.save()
        for formset in formsets:
            formset.instance = obj
            formset.save()
    return obj


# --- Outputs ----------------------------------------------------------------------------------


class OutputForm(VersionCheckedForm):
    owners = StaffMultipleChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        help_text="Search to add someone. To remove someone, Ctrl-click (Cmd-click on a Mac) their name.",
    )

    class Meta:
        model = Output
        fields = [
            "letter",
            "description",
            "responsibility",
            "owners",
            "timeframe",
            "due_date",
            "is_recurring",
            "resources",
            "cost_amount",
            "target_unit",
            "current_value",
            "current_value_on",
            "indicator_key",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE,
            "current_value_on": DATE,
        }
        labels = {"is_recurring": "Recurring", "cost_amount": "Cost (£)"}
        help_texts = {
            "letter": "a, b, c ... Leave blank for the next letter.",
            "due_date": "Leave blank to read it from the timeframe when that names a date.",
        }

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action = action
        output = self.instance
        self.fields["indicator_key"] = forms.ChoiceField(
            label="Live figure from",
            required=False,
            choices=[("", "None: I record the current value by hand"), *indicators.choices()],
            help_text="A measuring-success figure that supplies the current value, e.g. staff turnover.",
        )
        self.fields["owners"].queryset = staff_choices(
            output.owners.values_list("pk", flat=True) if output.pk else []
        )

    def clean(self):
        cleaned = super().clean()
        fill_due_date(cleaned)
        return cleaned

    def save(self, commit=True):
        output = self.instance
        if output.pk is None:
            others = Output.objects.filter(action_id=output.action_id)
            output.position = others.count() + 1
            if not output.letter:
                output.letter = _letter(others.count())
        return super().save(commit)


def _letter(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


OutputTargetFormSet = inlineformset_factory(
    Output,
    OutputTarget,
    fields=["value", "unit", "by_date"],
    widgets={"by_date": DATE},
    labels={"value": "Target", "by_date": "By"},
    extra=1,
    can_delete=True,
)


# --- Reordering ----------------------------------------------------------------------------------


class MoveForm(forms.Form):
    KINDS = {"priority": Priority, "focusarea": FocusArea, "action": Action}

    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    pk = forms.IntegerField()
    direction = forms.ChoiceField(choices=[(ordering.UP, "Up"), (ordering.DOWN, "Down")])

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        model = self.KINDS[cleaned["kind"]]
        in_plan = {
            "priority": Q(plan=self.plan),
            "focusarea": Q(priority__plan=self.plan),
            "action": Q(plan=self.plan),
        }
        item = model.objects.filter(in_plan[cleaned["kind"]], pk=cleaned["pk"]).first()
        if item is None:
            raise forms.ValidationError("That is not part of this plan.")
        cleaned["item"] = item
        return cleaned
