"""The compliance summary (/training/compliance/): mandatory training compliance per required
course and per unit below the chosen one (or per staff group), with the numbers behind each
percentage; every number links to the people behind it in the training matrix.

L&D managers and directors see the whole organisation, managers their unit and below: the staff
are `StaffMember.objects.visible_to(user)`, people in post today, and the units offered in the
picker are those `permissions.scope_units` allows. Small numbers are shown as they are: this is
an internal working page, not a published report.
"""

from __future__ import annotations

import datetime

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workforce import permissions
from workforce.compliance_summary import BY_UNIT, VIEWS, Summary
from workforce.models import OrgUnit, StaffMember
from workforce.permissions import requires


class SummaryForm(forms.Form):
    """What to show: the unit (and below) and the columns. A value not understood falls back to
    the default, with the message next to its field."""

    unit = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label="Unit (and the teams below it)",
        error_messages={"invalid_choice": "Choose a unit from the list."},
    )
    by = forms.ChoiceField(
        choices=list(VIEWS.items()),
        required=False,
        label="Columns",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose by unit or by staff group."},
    )

    def __init__(self, *args, units: list[OrgUnit], whole_organisation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(unit.pk, unit.indented_name) for unit in units]
        # Everyone's figure is offered to those who see everyone; a manager's widest is their unit.
        if whole_organisation:
            choices.insert(0, ("", "Whole organisation"))
        self.fields["unit"].choices = choices


def default_unit(user, units: dict[int, OrgUnit]) -> OrgUnit | None:
    """The whole organisation for those who see everyone, a manager's own unit otherwise."""
    if permissions.can(user, "staff.view_all"):
        return None
    me = permissions.own_staff_record(user)
    return units.get(me.org_unit_id) if me is not None else None


def chosen(form: SummaryForm, units: dict[int, OrgUnit], default: OrgUnit | None) -> tuple:
    """(unit, by) from the form, each falling back to its default when absent or not understood."""
    form.is_valid()
    cleaned = form.cleaned_data
    unit_pk = cleaned.get("unit") if "unit" not in form.errors else None
    unit = units.get(unit_pk) if unit_pk not in (None, "") else default
    return unit, cleaned.get("by") or BY_UNIT


def trail(unit: OrgUnit | None, units: dict[int, OrgUnit]) -> list[OrgUnit]:
    """The chosen unit's ancestors this user may pick, top first: the way back up."""
    if unit is None:
        return []
    pks = [int(part) for part in unit.path.split(".") if part][:-1]
    return [units[pk] for pk in pks if pk in units]


@require_safe
@requires("training.view_compliance")
def summary(request):
    user = request.user
    today = datetime.date.today()
    unit_list = list(permissions.scope_units(OrgUnit.objects.active(), user).order_by("path"))
    units = {unit.pk: unit for unit in unit_list}
    whole_organisation = permissions.can(user, "staff.view_all")
    default = default_unit(user, units)
    # Bound even on a first visit, with the defaults filled in, so the picker shows what is shown.
    data = request.GET.copy()
    data.setdefault("unit", str(default.pk) if default else "")
    data.setdefault("by", BY_UNIT)
    form = SummaryForm(data, units=unit_list, whole_organisation=whole_organisation)
    unit, by = chosen(form, units, default)
    staff = StaffMember.objects.visible_to(user).in_post(today)
    if unit is not None:
        staff = staff.filter(org_unit__path__startswith=unit.path)
    table = Summary(staff, today, unit=unit, by=by, units=units)
    return render(
        request,
        "workforce/training_summary.html",
        {
            "form": form,
            "table": table,
            "unit": unit,
            "by": by,
            "views": VIEWS,
            "trail": trail(unit, units),
            "whole_organisation": whole_organisation,
            "today": today,
        },
    )
