"""Succession pages: the succession plan by role (with its CSV/XLSX export) and the talent grid.

Both are read by the L&D manager, directors and managers (pathways.succession), each for the
people they see, and filtered by a unit (and below) among the units their scope allows: a
manager's widest is their own unit, which is also their default; the others start from the whole
organisation. An unknown unit falls back to the default with a message next to the field.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from pathways import permissions, succession, talent
from workforce.exports import csv_response, xlsx_response
from workforce.models import OrgUnit
from workforce.permissions import can, own_staff_record, requires, scope_units


class UnitForm(forms.Form):
    unit = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label="Region or unit (and the units below it)",
        error_messages={"invalid_choice": "Choose a unit from the list."},
    )

    def __init__(self, *args, units: list[OrgUnit], whole_organisation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(unit.pk, unit.indented_name) for unit in units]
        if whole_organisation:
            choices.insert(0, ("", "Whole organisation"))
        self.fields["unit"].choices = choices


def chosen_unit(request) -> tuple[UnitForm, OrgUnit | None]:
    """The unit filter, bound to the request (defaults filled in) and the unit it selects."""
    user = request.user
    unit_list = list(scope_units(OrgUnit.objects.active(), user).order_by("path"))
    units = {unit.pk: unit for unit in unit_list}
    whole_organisation = can(user, "staff.view_all")
    default = None
    if not whole_organisation:
        me = own_staff_record(user)
        default = units.get(me.org_unit_id) if me is not None else None
    data = request.GET.copy()
    data.setdefault("unit", str(default.pk) if default else "")
    form = UnitForm(data, units=unit_list, whole_organisation=whole_organisation)
    picked = form.cleaned_data.get("unit") if form.is_valid() else None
    unit = units.get(picked) if picked not in (None, "") else default
    # A manager with no unit recorded gets None too: their scope (StaffMember.visible_to) still
    # limits every figure to the people they see.
    return form, unit


@require_safe
@requires(permissions.SUCCESSION)
def succession_page(request):
    form, unit = chosen_unit(request)
    plan = succession.build(request.user, unit)
    return render(
        request,
        "pathways/succession.html",
        {
            "form": form,
            "unit": unit,
            "plan": plan,
            "readiness_columns": succession.READINESS_COLUMNS,
            "names_shown": succession.NAMES_SHOWN,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@requires(permissions.SUCCESSION)
def succession_export(request):
    export_format = request.GET.get("format", "xlsx")
    if export_format not in ("xlsx", "csv"):
        return HttpResponseBadRequest("Choose format=xlsx or format=csv.")
    _, unit = chosen_unit(request)
    plan = succession.build(request.user, unit)
    headers, rows = succession.export_table(request.user, plan)
    where = slugify(unit.name) if unit is not None else "whole-organisation"
    filename = f"succession-{where}-{datetime.date.today():%Y-%m-%d}.{export_format}"
    if export_format == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(filename, headers, rows, sheet_title="Succession")


@require_safe
@requires(permissions.SUCCESSION)
def talent_grid(request):
    form, unit = chosen_unit(request)
    with_names = permissions.can_see_talent_names(request.user)
    grid = talent.build(succession.candidates(request.user, unit), with_names=with_names)
    return render(
        request,
        "pathways/talent_grid.html",
        {"form": form, "unit": unit, "grid": grid, "columns": talent.PERFORMANCE_COLUMNS},
    )
