"""Staff pages: the directory (with its export), profiles, and creating, editing and archiving staff.

Every page starts from `StaffMember.objects.visible_to(user)`, so someone outside a
user's scope is a 404 whatever the URL. Abilities are checked first (403), scope second.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from workforce import access, exports, permissions
from workforce.compliance import Compliance, Status
from workforce.compliance_summary import STATUS_BADGES
from workforce.filters import DEFAULT_SORT, SORTS, StaffFilter
from workforce.forms.staff import StaffMemberForm
from workforce.history import history_entries
from workforce.models import StaffMember
from workforce.permissions import requires
from workforce.versioning import move_on, save_or_conflict

RESULTS_TARGET = "staff-results"


def get_staff_or_404(user, pk, compliance: Compliance | None = None) -> StaffMember:
    """The staff member if this user may see them; 404 otherwise (so scope is not revealed).
    With `compliance`, their training statuses and dates come in the same query."""
    staff = StaffMember.objects.visible_to(user).select_related(
        "job_role", "org_unit", "line_manager", "user"
    )
    if compliance is not None:
        staff = compliance.annotate_dates(staff)
    return get_object_or_404(staff, pk=pk)


def required_training(compliance: Compliance, person: StaffMember) -> list[dict]:
    """The courses this person must hold: their cell (status, date, words), its badge, and which
    requirements make them hold it (their job role, their staff group, everyone)."""
    rows = []
    for cell in compliance.cells(person):
        if cell.status == Status.NOT_REQUIRED:
            continue
        applies = [r.applies_to for r in cell.column.requirements_for(person.job_role)]
        rows.append({"cell": cell, "badge": STATUS_BADGES[cell.status], "applies": applies})
    return rows


def filtered_staff(request) -> StaffFilter:
    """The directory's filter set over the staff this user may see (list and export share it)."""
    return StaffFilter(
        request.GET, queryset=StaffMember.objects.visible_to(request.user).for_listing(), user=request.user
    )


def querystring_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def sort_headers(request, current: str) -> list[dict]:
    """One entry per sortable column: the link that sorts by it and its aria-sort state."""
    current = current if current.lstrip("-") in SORTS else DEFAULT_SORT
    params = request.GET.copy()
    params.pop("page", None)
    headers = []
    for key, (label, _fields) in SORTS.items():
        is_current = current.lstrip("-") == key
        descending = current.startswith("-")
        params["o"] = f"-{key}" if is_current and not descending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "query": params.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if is_current else "",
            }
        )
    return headers


@require_safe
@requires()
@vary_on_headers("HX-Request", "HX-Target")
def staff_list(request):
    filterset = filtered_staff(request)
    page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    sort = filterset.form.cleaned_data.get("o") or DEFAULT_SORT
    context = {
        "filter": filterset,
        "page_obj": page,
        "staff": page.object_list,
        "sort": sort,
        "sort_headers": sort_headers(request, sort),
        "querystring_without_page": querystring_without(request, "page"),
        "export_query": querystring_without(request, "page", "format"),
        "results_target": RESULTS_TARGET,
    }
    # htmx asks for the results table alone when the filters change; a history restore
    # (back button after the cache is gone) needs the whole page again.
    if request.htmx and request.htmx.target == RESULTS_TARGET and not request.htmx.history_restore_request:
        return render(request, "workforce/partials/_staff_results.html", context)
    return render(request, "workforce/staff_list.html", context)


EXPORT_HEADERS = [
    "Assignment number",
    "First name",
    "Last name",
    "Email",
    "Job role",
    "Band",
    "Staff group",
    "Occupational group",
    "Unit",
    "Line manager",
    "Start date",
    "Leaving date",
    "Leaving reason",
    "Archived",
]


def export_rows(queryset):
    for person in queryset.iterator(chunk_size=2000):
        role = person.job_role
        yield [
            person.assignment_number,
            person.first_name,
            person.last_name,
            person.email,
            role.title if role else "",
            role.get_pay_band_display() if role and role.pay_band else "",
            role.get_staff_group_display() if role else "",
            role.occupational_group if role else "",
            person.org_unit.name if person.org_unit else "",
            person.line_manager.full_name if person.line_manager else "",
            person.start_date,
            person.leaving_date,
            person.leaving_reason,
            "Yes" if person.is_archived else "No",
        ]


@require_safe
@requires("staff.export")
def export(request):
    """The directory's filtered list, every page of it, as CSV or XLSX."""
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    rows = export_rows(filtered_staff(request).qs)
    filename = f"staff-{datetime.date.today():%Y-%m-%d}.{file_format}"
    if file_format == "xlsx":
        return exports.xlsx_response(filename, EXPORT_HEADERS, rows, sheet_title="Staff")
    return exports.csv_response(filename, EXPORT_HEADERS, rows)


@require_safe
@requires()
def staff_detail(request, pk):
    compliance = Compliance()
    person = get_staff_or_404(request.user, pk, compliance)
    line_manager_visible = (
        person.line_manager_id is not None
        and StaffMember.objects.visible_to(request.user).filter(pk=person.line_manager_id).exists()
    )
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "person": person,
            "training_records": person.training_records.select_related("course"),
            "required_training": required_training(compliance, person),
            # The person came through visible_to(user): in scope, so the ability alone decides.
            "can_change_training": permissions.can(request.user, "training.change"),
            "line_manager_visible": line_manager_visible,
            "history": history_entries(person),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("staff.change")
def create(request):
    form = StaffMemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"{person.full_name} was added.")
        return redirect(person)
    return render(
        request,
        "workforce/staff_form.html",
        {
            "form": form,
            "person": None,
            "cancel_url": reverse("staff:list"),
            "submit_label": "Add staff member",
        },
    )


@require_http_methods(["GET", "POST"])
@requires("staff.change")
def edit(request, pk):
    person = get_staff_or_404(request.user, pk)
    form = StaffMemberForm(request.POST or None, instance=person, user=request.user)

    def page(status=200, **extra):
        cancel_url = person.get_absolute_url()
        context = {"form": form, "person": person, "cancel_url": cancel_url, "submit_label": "Save", **extra}
        return render(request, "workforce/staff_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"{person.full_name}'s record was saved.")
        if access.end_login_if_left(person):
            messages.info(request, f"{person.full_name} has left, so their sign-in has ended.")
        return redirect(person)
    return page()


@require_http_methods(["GET", "POST"])
@requires("staff.change")
def archive(request, pk):
    """GET asks for confirmation; POST with archive=1 archives, archive=0 restores.

    The target state is sent explicitly (not toggled) so a double submit does no harm.
    """
    person = get_staff_or_404(request.user, pk)
    if request.method == "POST":
        wanted = request.POST.get("archive")
        if wanted not in {"0", "1"}:
            return HttpResponseBadRequest("Say archive=1 to archive or archive=0 to restore.")
        person.is_archived = wanted == "1"
        with transaction.atomic():  # a form opened before the archive must not restore it
            person.save(update_fields=["is_archived"])
            move_on(person)
        verb = "archived" if person.is_archived else "restored"
        messages.success(request, f"{person.full_name}'s record was {verb}.")
        if access.end_login_if_left(person):
            messages.info(request, f"{person.full_name}'s sign-in has ended.")
        return redirect(person)
    return render(request, "workforce/staff_archive.html", {"person": person})


@require_POST
@requires("staff.change")
def restore_sign_in(request, pk):
    """Let a re-joiner sign in again: refused while the record still says they have left."""
    person = get_staff_or_404(request.user, pk)
    try:
        access.restore_sign_in(person)
    except access.AccessError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{person.full_name} can sign in again.")
    return redirect(person)
