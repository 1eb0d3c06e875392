"""List filters: the plans list, and the actions shown on a plan page (and in its export).

`ActionFilter` expects a queryset annotated by `Action.objects.with_rag()`, because RAG is
derived, not stored; it filters on that annotation so the page and the export agree with the
summary and the board report.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q

from actionplans.models import Action, ActionPlan, Output, Priority
from actionplans.rag import RAG_ORDER
from actionplans.templatetags.actionplans_tags import RAG_WORDS
from workforce.models import StaffMember
from workforce.widgets import LongSelect

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def staff_label(staff: StaffMember) -> str:
    """Plans name owners by initials ("SB/GF"), so choices show both."""
    return f"{staff.full_name} ({staff.initials})"


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices, empty_label="Any status")

    class Meta:
        model = ActionPlan
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Number, description, outputs or responsibility.",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner",
        queryset=StaffMember.objects.none(),
        method="filter_owner",
        empty_label="Any owner",
        widget=LongSelect,  # a large plan has hundreds of owners
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    rag = django_filters.ChoiceFilter(
        label="RAG status",
        choices=[(rag.value, RAG_WORDS[rag]) for rag in RAG_ORDER],
        empty_label="Any RAG status",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput
    )
    due_before = django_filters.DateFilter(
        label="Due before", field_name="due_date", lookup_expr="lt", widget=DATE_INPUT
    )
    priority = django_filters.ModelChoiceFilter(queryset=Priority.objects.none(), empty_label="Any")

    class Meta:
        model = Action
        fields = ["q", "owner", "status", "rag", "overdue", "due_before", "priority"]

    def __init__(
        self, data=None, queryset=None, *, plan: ActionPlan, today: datetime.date | None = None, **kw
    ):
        super().__init__(data, queryset, **kw)
        self.plan = plan
        self.today = today or datetime.date.today()
        # Only people who own something in this plan: a short list, not the whole staff. Two
        # subqueries, not joins through both: joined, each owner's actions multiplied by their
        # outputs (55,000 rows for one owner of a 500-action plan) before DISTINCT.
        action_owners = Action.owners.through.objects.filter(action__plan=plan).values("staffmember_id")
        output_owners = Output.owners.through.objects.filter(output__action__plan=plan)
        self.filters["owner"].queryset = StaffMember.objects.filter(
            Q(pk__in=action_owners) | Q(pk__in=output_owners.values("staffmember_id"))
        )
        self.filters["priority"].queryset = plan.priorities.all()
        self.filters["priority"].label = plan.priority_label
        self.form.fields["owner"].label_from_instance = staff_label

    @property
    def is_active(self) -> bool:
        """True when any filter narrows the actions (so the tree shows matches only)."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data with the valid fields; django-filter skips bad ones
        return any(value not in (None, "", False) for value in self.form.cleaned_data.values())

    def search(self, queryset, name, value):
        outputs = Output.objects.filter(
            Q(description__icontains=value) | Q(responsibility__icontains=value)
        ).values("action_id")
        # A subquery, not a join through outputs, so an action matching twice is listed once.
        return queryset.filter(
            Q(number__icontains=value)
            | Q(description__icontains=value)
            | Q(responsibility__icontains=value)
            | Q(pk__in=outputs)
        )

    def filter_owner(self, queryset, name, value):
        return queryset.filter(pk__in=Action.objects.owned_by(value).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.overdue(self.today)
