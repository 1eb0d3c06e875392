"""Getting an enrolment, or one of its parts, for this user or 404; then 403 for a write they may
not make. One place, so no view forgets the scoping."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from pathways import permissions
from pathways.models import Activity, Enrolment, Evidence, Objective, SkillsAssessment


def enrolments_for(user):
    return Enrolment.objects.visible_to(user).select_related(
        "staff_member__job_role", "staff_member__org_unit", "target_stage__job_role", "pathway"
    )


def get_enrolment_or_404(user, pk) -> Enrolment:
    return get_object_or_404(enrolments_for(user), pk=pk)


def enrolment_to_develop(user, pk) -> Enrolment:
    """The enrolment if this user may develop it (mentor, L&D manager); 404 / 403 otherwise."""
    enrolment = get_enrolment_or_404(user, pk)
    if not permissions.can_develop(user, enrolment):
        raise PermissionDenied
    return enrolment


def enrolment_to_add_own(user, pk) -> Enrolment:
    """The enrolment if this user may add to it (its developers, or the candidate themself)."""
    enrolment = get_enrolment_or_404(user, pk)
    if not permissions.can_add_own(user, enrolment):
        raise PermissionDenied
    return enrolment


def get_part_or_404(user, queryset, pk, enrolment_path: str):
    """A part of an enrolment (objective, activity, evidence, assessment) the user may see: the
    part's enrolment must be visible to them, or it is a 404. `.enrolment` is set on it."""
    part = get_object_or_404(
        queryset.filter(**{f"{enrolment_path}__in": Enrolment.objects.visible_to(user)}), pk=pk
    )
    part.enrolment = get_enrolment_or_404(user, _follow(part, enrolment_path))
    return part


def _follow(obj, path: str):
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step)
    return getattr(obj, f"{last}_id")


def objective_for(user, pk) -> Objective:
    return get_part_or_404(
        user, Objective.objects.select_related("plan", "competency"), pk, "plan__enrolment"
    )


def activity_for(user, pk) -> Activity:
    return get_part_or_404(
        user, Activity.objects.select_related("objective__plan", "course"), pk, "objective__plan__enrolment"
    )


def evidence_for(user, pk) -> Evidence:
    return get_part_or_404(
        user,
        Evidence.objects.select_related("activity__objective__plan"),
        pk,
        "activity__objective__plan__enrolment",
    )


def assessment_for(user, pk) -> SkillsAssessment:
    return get_part_or_404(user, SkillsAssessment.objects.select_related("assessor"), pk, "enrolment")


def candidate_url(enrolment, anchor: str = "") -> str:
    return enrolment.get_absolute_url() + (f"#{anchor}" if anchor else "")


def safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None
