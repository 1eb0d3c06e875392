"""Organisation unit pages: the tree, a unit's page, add/edit, archive."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from workforce.forms.catalogue import OrgUnitArchiveForm, OrgUnitFilter, OrgUnitForm
from workforce.history import history_entries
from workforce.models import OrgUnit, StaffMember
from workforce.permissions import requires
from workforce.views.catalogue import (
    CHANGE,
    VIEW,
    archive_page,
    count_of,
    create_or_edit,
    list_page,
)

LIST_LABEL = "Organisation units"


def units_with_staff_counts(on: datetime.date | None = None):
    """Units annotated with their current staff, in the unit itself and in the unit and all below it.

    Both counts are subqueries of the same SELECT, so a page of units costs one query.
    """
    current = StaffMember.objects.in_post(on)
    return OrgUnit.objects.annotate(
        current_staff=count_of(current.filter(org_unit=OuterRef("pk"))),
        subtree_staff=count_of(current.filter(org_unit__path__startswith=OuterRef("path"))),
    )


def get_unit_or_404(pk) -> OrgUnit:
    return get_object_or_404(units_with_staff_counts().select_related("parent"), pk=pk)


@require_GET
@requires(VIEW)
def orgunit_list(request):
    filterset = OrgUnitFilter(request.GET, queryset=units_with_staff_counts())
    sort = request.GET.get("sort", "")
    return list_page(
        request,
        filterset,
        "workforce/catalogue/orgunit_list.html",
        # Indenting by depth only reads as a tree when the rows come in tree order.
        {"tree_order": sort in {"", "tree"}},
    )


@require_GET
@requires(VIEW)
def orgunit_detail(request, pk):
    unit = get_unit_or_404(pk)
    return render(
        request,
        "workforce/catalogue/orgunit_detail.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": units_with_staff_counts().filter(parent=unit).order_by("is_archived", "name"),
            "history": history_entries(unit),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def orgunit_create(request):
    parent_id = request.GET.get("parent", "")
    return create_or_edit(
        request,
        OrgUnitForm,
        list_url=reverse("catalogue:orgunit_list"),
        list_label=LIST_LABEL,
        add_heading="Add an organisation unit",
        initial={"parent": int(parent_id)} if parent_id.isdigit() else None,
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def orgunit_edit(request, pk):
    return create_or_edit(
        request,
        OrgUnitForm,
        list_url=reverse("catalogue:orgunit_list"),
        list_label=LIST_LABEL,
        add_heading="",
        instance=get_object_or_404(OrgUnit, pk=pk),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def orgunit_archive(request, pk):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    return archive_page(
        request, unit, reverse("catalogue:orgunit_list"), LIST_LABEL, form_class=OrgUnitArchiveForm
    )
