"""Succession pages: the succession plan by role (with its CSV/XLSX export) and the talent grid.

Both are read by the L&D manager, directors and managers (pathways.succession), each for the
people they see, and filtered by a unit (and below) among the units their scope allows: a
manager's widest is their own unit, which is also their default; the others start from the whole
organisation. An unknown unit falls back to the default with a message next to the field.

The succession page names a few candidates of each readiness per role (counts whole); a
readiness's "show all" loads its every candidate from `succession_candidates` (htmx), or without
JavaScript opens the page with those names in full (`?open=<role id>&readiness=<key>`), as the
plan page opens a priority.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from pathways import permissions, succession, talent
from workforce.exports import csv_response, xlsx_response
from workforce.models import OrgUnit
from workforce.permissions import can, own_staff_record, requires, scope_units
from workforce.url_patterns import UrlPattern
from workforce.widgets import LongSelect


class UnitForm(forms.Form):
    unit = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label="Region or unit (and the units below it)",
        widget=LongSelect,
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


def opened(request) -> tuple[int, str] | None:
    """The (role id, readiness value) whose "show all" a browser without JavaScript followed."""
    readiness = succession.readiness_value(request.GET.get("readiness"))
    try:
        role = int(request.GET.get("open", ""))
    except ValueError:
        return None
    # An id no database column holds is no role: ignored, as an unknown readiness is.
    if readiness is None or not 0 < role < 2**31:
        return None
    return role, readiness


def show_all_links(plan: succession.Succession, request) -> str:
    """Give each role its "show all" links (the readiness key goes last) and return the query the
    page's other links keep: the unit filter, without what opened a readiness."""
    params = request.GET.copy()
    for name in ("open", "readiness"):
        params.pop(name, None)
    query = params.urlencode()
    then = f"{query}&" if query else ""
    fragment = UrlPattern("pathways:succession_candidates")  # reversed once for every role
    for entry in plan.roles:
        entry.show_all_url = f"{fragment(entry.role.pk)}?{then}readiness="
        entry.open_url = f"?{then}open={entry.role.pk}&readiness="
    return query


@require_safe
@requires(permissions.SUCCESSION)
def succession_page(request):
    form, unit = chosen_unit(request)
    plan = succession.build(
        request.user, unit, candidates_shown=succession.CANDIDATES_SHOWN, opened=opened(request)
    )
    return render(
        request,
        "pathways/succession.html",
        {
            "form": form,
            "unit": unit,
            "plan": plan,
            "readiness_columns": succession.READINESS_COLUMNS,
            "names_shown": succession.NAMES_SHOWN,
            "query": show_all_links(plan, request),
        },
    )


@require_safe
@requires(permissions.SUCCESSION)
def succession_candidates(request, pk):
    """Every candidate of one role and readiness (`?readiness=`, the same unit filter as the
    page), for htmx to put into the succession page's cell when its "show all" is followed."""
    _, unit = chosen_unit(request)
    readiness = succession.readiness_value(request.GET.get("readiness"))
    if readiness is None:
        raise Http404("No such readiness.")
    plan = succession.build(
        request.user, unit, role_id=pk, candidates_shown=succession.CANDIDATES_SHOWN, opened=(pk, readiness)
    )
    if not plan.roles:
        raise Http404("No active pathway leads to this role.")
    entry = plan.roles[0]
    group = next(group for group in entry.readiness if group.value == readiness)
    # The keyboard focus goes to the first name added (app.js), not back to the top of the page.
    focus_at = succession.CANDIDATES_SHOWN + 1
    return render(
        request,
        "pathways/partials/_succession_who.html",
        {"entry": entry, "group": group, "focus_at": focus_at},
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
