"""Filters for the staff directory; the page and its CSV/XLSX export share them.

Defaults matter here: with no parameters the directory shows the people in post today
(`StaffMember.objects.in_post`), so leavers and archived records never slip into a list or an
export by accident, even when the rest of the form is invalid.

The home page's headlines link here, so each figure has its list: `on=DATE` (in post on a
day), `status=leavers&left_from=..&left_to=..` (leavers in a period) and `training=expired`
(a required course expired or missing, by `workforce.compliance`, the statuses every training
page shows). Every filter is a WHERE clause, so none adds a query to the page's rows; the
training filter reads the required courses first (one query).
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.urls import reverse_lazy

from workforce import permissions
from workforce.compliance import OUT_OF_DATE, Compliance
from workforce.models import JobRole, OrgUnit, PayBand, StaffGroup, StaffMember, in_post_condition
from workforce.widgets import LongSelect, UnitPicker


class StaffStatus:
    CURRENT = "current"
    LEAVERS = "leavers"
    ALL = "all"
    CHOICES = [(CURRENT, "People in post"), (LEAVERS, "Leavers"), (ALL, "Everyone, in post or not")]


class TrainingState:
    EXPIRED = "expired"
    CHOICES = [(EXPIRED, "Required training expired or missing")]


def _nulls_last(*fields: str) -> list:
    # PostgreSQL and SQLite disagree on where NULLs sort; a staff member without a role or
    # unit goes to the end either way so pages do not shuffle between databases.
    return [
        F(name.lstrip("-")).desc(nulls_last=True) if name.startswith("-") else F(name).asc(nulls_last=True)
        for name in fields
    ]


# sort key -> (label, order_by fields for ascending). Descending is the key with "-".
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Name", ("last_name", "first_name")),
    "number": ("Assignment number", ("assignment_number",)),
    "role": ("Job role", ("job_role__title",)),
    "band": ("Band", ("job_role__pay_band",)),
    "unit": ("Unit", ("org_unit__name",)),
    "start": ("Start date", ("start_date",)),
}
DEFAULT_SORT = "name"


def sort_choices() -> list[tuple[str, str]]:
    choices = []
    for key, (label, _fields) in SORTS.items():
        choices.append((key, f"{label} (ascending)"))
        choices.append((f"-{key}", f"{label} (descending)"))
    return choices


def order_by_for(sort: str) -> list:
    descending = sort.startswith("-")
    _label, fields = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT])
    chosen = [f"-{name}" if descending else name for name in fields]
    # Name and pk break ties so pagination is stable (no one shown twice or skipped).
    return _nulls_last(*chosen) + ["last_name", "first_name", "pk"]


class UnitChoiceField(forms.ModelChoiceField):
    widget = LongSelect  # ~800 units at a large trust: Django's per-option templates took 0.2 s

    def label_from_instance(self, obj: OrgUnit) -> str:
        # Indented by depth (from the stored path): the tree reads without a query per row.
        return obj.indented_name


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class StaffFilterForm(forms.Form):
    def clean(self):
        """Without JavaScript a unit is chosen by typing its name exactly (the select beside it
        lists only the chosen unit): an exact name, among the units this user may pick, is the
        unit; anything else is refused beside the field."""
        cleaned = super().clean()
        typed = (cleaned.get("unit_q") or "").strip()
        if typed and not cleaned.get("org_unit"):
            units = list(self.fields["org_unit"].queryset.filter(name__iexact=typed).order_by("path")[:2])
            if len(units) == 1:
                cleaned["org_unit"] = units[0]
            elif units:
                self.add_error("unit_q", f"More than one unit is called “{typed}”: search and choose one.")
            else:
                self.add_error("unit_q", f"No unit you can see is called “{typed}”.")
        return cleaned


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Name or assignment number",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    org_unit = UnitFilter(
        queryset=OrgUnit.objects.active(),
        method="filter_unit",
        label="Unit (and the teams below it)",
        empty_label="All units",
        widget=UnitPicker,
    )
    # The unit picker's search box: htmx asks staff:unit_picker as it is typed; a plain submit
    # with a unit's exact name chooses it (StaffFilterForm.clean).
    unit_q = django_filters.CharFilter(
        method="filter_nothing",
        label="Find a unit by name",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("staff:unit_picker"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#unit-picker-results",
                "hx-swap": "innerHTML",  # not the form's outerHTML: the results box stays
                "hx-sync": "this:replace",
            }
        ),
    )
    job_role = django_filters.ModelChoiceFilter(
        queryset=JobRole.objects.active(), label="Job role", empty_label="All job roles"
    )
    staff_group = django_filters.ChoiceFilter(
        field_name="job_role__staff_group",
        choices=StaffGroup.choices,
        label="Staff group",
        empty_label="All staff groups",
    )
    band = django_filters.ChoiceFilter(
        field_name="job_role__pay_band", choices=PayBand.choices, label="Band", empty_label="All bands"
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=StaffStatus.CHOICES, label="Show", empty_label=None
    )
    on = django_filters.DateFilter(
        method="filter_nothing",
        label="On date",
        help_text="In post or left by this day (today if empty).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    left_from = django_filters.DateFilter(
        field_name="leaving_date",
        lookup_expr="gte",
        label="Left on or after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    left_to = django_filters.DateFilter(
        field_name="leaving_date",
        lookup_expr="lte",
        label="Left on or before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    training = django_filters.ChoiceFilter(
        method="filter_training", choices=TrainingState.CHOICES, label="Training", empty_label="Any"
    )
    archived = django_filters.BooleanFilter(
        method="filter_archived", label="Include archived records", widget=forms.CheckboxInput
    )
    o = django_filters.ChoiceFilter(
        method="filter_sort", choices=sort_choices, label="Sort by", empty_label=None
    )

    class Meta:
        model = StaffMember
        fields: list[str] = []
        form = StaffFilterForm

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # A manager picks among their own units, not the whole organisation's.
            units = self.filters["org_unit"]
            units.queryset = permissions.scope_units(units.queryset, user)

    def filter_queryset(self, queryset):
        cleaned = self.form.cleaned_data
        # Absent or invalid values fall back to the safe defaults instead of "no filter".
        if not cleaned.get("status"):
            cleaned["status"] = StaffStatus.CURRENT
        if cleaned.get("archived") is None:
            cleaned["archived"] = False
        if not cleaned.get("o"):
            cleaned["o"] = DEFAULT_SORT
        return super().filter_queryset(queryset)

    def filter_search(self, queryset, name, value):
        """Every word typed is in the person's first name, last name or assignment number: "sam
        smith", "Smith, Sam" and "smi" all find Sam Smith. Each column is searched as it is
        (no full name built per row), so PostgreSQL answers from its trigram indexes on them
        (migration 0012) instead of reading all 15,000 rows twice, for the page and its count."""
        for word in value.replace(",", " ").split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(assignment_number__icontains=word)
            )
        return queryset

    def filter_unit(self, queryset, name, unit: OrgUnit):
        return queryset.filter(org_unit__path__startswith=unit.path)

    @property
    def day(self):
        """The day the status and training filters look at: the `on` parameter or today."""
        return self.form.cleaned_data.get("on") or datetime.date.today()

    def filter_nothing(self, queryset, name, value):
        return queryset  # `on` only says which day the other filters look at

    def filter_status(self, queryset, name, value):
        if value == StaffStatus.LEAVERS:
            return queryset.leavers(self.day)
        if value == StaffStatus.ALL:
            return queryset
        if self.form.cleaned_data.get("archived"):
            # Archived records are never in post; asked for, they are listed beside those who are.
            return queryset.filter(in_post_condition(self.day, archived=True))
        return queryset.in_post(self.day)

    def filter_training(self, queryset, name, value):
        if value != TrainingState.EXPIRED:
            return queryset
        return Compliance(self.day).having(queryset, OUT_OF_DATE)

    def filter_archived(self, queryset, name, value):
        return queryset if value else queryset.active()

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*order_by_for(value))
