"""Job role pages: list, a role's page (requirements, holders), add/edit with requirements, archive."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from workforce.forms.catalogue import JobRoleFilter, JobRoleForm, RequirementFormSet
from workforce.history import history_entries
from workforce.models import JobRole, RoleRequirement, StaffMember, TrainingRequirement
from workforce.permissions import requires
from workforce.versioning import save_or_conflict
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

LIST_LABEL = "Job roles"
REQUIREMENTS_PREFIX = "requirements"


def roles_with_counts():
    """Roles annotated with their number of requirements and of current staff holding them."""
    return JobRole.objects.annotate(
        requirement_count=count_of(RoleRequirement.objects.filter(job_role=OuterRef("pk"))),
        current_staff=count_of(StaffMember.objects.in_post().filter(job_role=OuterRef("pk"))),
    )


@dataclass
class RequirementChange:
    record: object  # a historical RoleRequirement row (history_date, history_user)
    competency: object
    what: str


def requirement_changes(role: JobRole, limit: int = 50) -> list[RequirementChange]:
    """Newest first: requirements added, re-levelled or removed, including removed rows,
    which the role's own history cannot show."""
    records = list(
        RoleRequirement.history.filter(job_role_id=role.pk)
        .select_related("history_user", "competency")
        .order_by("-history_date", "-history_id")[:limit]
    )
    last_seen: dict[int, object] = {}
    changes = []
    for record in reversed(records):  # oldest first, to know each row's level before the change
        before = last_seen.get(record.id)
        level = record.get_required_level_display()
        if record.history_type == "+":
            what = f"Added at level {level}"
        elif record.history_type == "-":
            what = "Removed"
        elif before is None:
            what = f"Changed: now level {level}"
        elif before.competency_id != record.competency_id:
            what = f"Replaced {before.competency} at level {level}"
        elif before.required_level != record.required_level:
            what = f"Level {before.get_required_level_display()} → {level}"
        else:
            what = "Saved without change"
        last_seen[record.id] = record
        changes.append(RequirementChange(record, record.competency, what))
    return changes[::-1]


@require_GET
@requires(VIEW)
def jobrole_list(request):
    filterset = JobRoleFilter(request.GET, queryset=roles_with_counts())
    return list_page(request, filterset, "workforce/catalogue/jobrole_list.html")


@require_GET
@requires(VIEW)
def jobrole_detail(request, pk):
    role = get_object_or_404(roles_with_counts(), pk=pk)
    requirements = role.requirements.select_related("competency").order_by(
        "competency__category", "competency__name"
    )
    return render(
        request,
        "workforce/catalogue/jobrole_detail.html",
        {
            "role": role,
            "requirements": [(req, req.competency.descriptor(req.required_level)) for req in requirements],
            "training": TrainingRequirement.objects.applying_to_role(role)
            .select_related("course", "job_role")
            .order_by("course__title"),
            "history": history_entries(role),
            "requirement_changes": requirement_changes(role),
        },
    )


def save_role_with_requirements(form, formset) -> JobRole:
    """The role and its requirement rows succeed or fail together."""
    with transaction.atomic():
        role = form.save()
        formset.instance = role
        formset.save()
    return role


def _role_form_page(request, role: JobRole, *, heading: str, breadcrumbs, cancel_url: str):
    data = submitted(request)
    form = JobRoleForm(data, instance=role)
    formset = RequirementFormSet(data, instance=role, prefix=REQUIREMENTS_PREFIX)

    def page(**extra):
        return form_page(
            request,
            form,
            formset=formset,
            formset_legend="Competency requirements",
            formset_help=(
                "For each competency the role needs, the level required: 1 Foundation, 2 Intermediate, "
                "3 Advanced, 4 Expert. Fill in a blank row to add one; tick “Remove” to drop one."
            ),
            heading=heading,
            cancel_url=cancel_url,
            breadcrumbs=breadcrumbs,
            **extra,
        )

    if data is not None and form.is_valid() and formset.is_valid():
        created = role.pk is None
        try:
            role, refused = save_or_conflict(
                form, page=page, save=lambda: save_role_with_requirements(form, formset)
            )
        except IntegrityError:
            # Rows validated one by one can still collide in the database, e.g. two rows that
            # swap competencies.
            messages.error(
                request,
                "The requirements could not be saved as entered: two rows briefly claimed the same "
                "competency. Save the change in two steps, or reload the page and try again.",
            )
        else:
            return refused or saved(request, role, created=created)
    return page()


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def jobrole_create(request):
    list_url = reverse("catalogue:jobrole_list")
    return _role_form_page(
        request,
        JobRole(),
        heading="Add a job role",
        breadcrumbs=[(LIST_LABEL, list_url)],
        cancel_url=list_url,
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def jobrole_edit(request, pk):
    role = get_object_or_404(JobRole, pk=pk)
    title = str(role)  # before validation copies the submitted title onto the instance
    return _role_form_page(
        request,
        role,
        heading=f"Edit {title}",
        breadcrumbs=[(LIST_LABEL, reverse("catalogue:jobrole_list")), (title, role.get_absolute_url())],
        cancel_url=role.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def jobrole_archive(request, pk):
    role = get_object_or_404(JobRole, pk=pk)
    return archive_page(request, role, reverse("catalogue:jobrole_list"), LIST_LABEL)
