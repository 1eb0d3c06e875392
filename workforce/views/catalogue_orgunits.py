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
    form_page,
    list_page,
    saved,
    submitted,
)

LIST_LABEL = "Organisation units"


def units_with_staff_counts(on: datetime.date | None = None):
    """Units annotated with their current staff, in the unit itself and in the unit and all below it.

    Both counts are subqueries of the same SELECT, so a page of units costs one query.
    """
    current = StaffMember.objects.active().current(on)
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
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        initial["parent"] = int(parent_id)
    form = OrgUnitForm(submitted(request), initial=initial)
    if form.is_bound and form.is_valid():
        return saved(request, form.save(), created=True)
    return form_page(
        request,
        form,
        heading="Add an organisation unit",
        cancel_url=reverse("catalogue:orgunit_list"),
        breadcrumbs=[(LIST_LABEL, reverse("catalogue:orgunit_list"))],
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def orgunit_edit(request, pk):
    unit = get_object_or_404(OrgUnit, pk=pk)
    name = str(unit)  # before validation copies the submitted name onto the instance
    form = OrgUnitForm(submitted(request), instance=unit)
    if form.is_bound and form.is_valid():
        return saved(request, form.save(), created=False)
    return form_page(
        request,
        form,
        heading=f"Edit {name}",
        cancel_url=unit.get_absolute_url(),
        breadcrumbs=[(LIST_LABEL, reverse("catalogue:orgunit_list")), (name, unit.get_absolute_url())],
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def orgunit_archive(request, pk):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    return archive_page(
        request, unit, reverse("catalogue:orgunit_list"), LIST_LABEL, form_class=OrgUnitArchiveForm
    )
