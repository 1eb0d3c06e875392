"""Recording a skills assessment as one grid, and a mentor confirming a self-assessment.

Who records which kind: the mentor (or L&D manager) a mentor assessment, the candidate a
self-assessment; only a mentor confirms (or changes) a self-assessment, which records a new
"confirmed" assessment pointing at it. Assessments are never edited afterwards: both stay visible.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways import permissions
from pathways.models import SkillsAssessment
from pathways.plan_forms import AssessmentGridForm
from pathways.planning import record_assessment
from pathways.views.common import assessment_for, candidate_url, enrolment_to_add_own
from workforce.permissions import own_staff_record, requires


def _requirements(enrolment):
    return enrolment.target_stage.job_role.requirements.select_related("competency").order_by(
        "competency__category", "competency__name"
    )


def _grid_page(request, form, enrolment, kind, confirms=None, status=200):
    return render(
        request,
        "pathways/assessment_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "kind_label": SkillsAssessment.Kind(kind).label,
            "confirms": confirms,
        },
        status=status,
    )


@requires()
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    enrolment = enrolment_to_add_own(request.user, pk)
    if permissions.can_develop(request.user, enrolment):
        kind = SkillsAssessment.Kind.MENTOR
    else:
        kind = SkillsAssessment.Kind.SELF
    form = AssessmentGridForm(request.POST or None, requirements=_requirements(enrolment))
    if request.method == "POST" and form.is_valid():
        record_assessment(
            enrolment,
            assessor=own_staff_record(request.user) or enrolment.staff_member,
            kind=kind,
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
            ratings=form.ratings(),
        )
        messages.success(request, f"{SkillsAssessment.Kind(kind).label} recorded.")
        return redirect(candidate_url(enrolment, "skills-heading"))
    return _grid_page(request, form, enrolment, kind)


@requires()
@require_http_methods(["GET", "POST"])
def confirm(request, pk):
    """The mentor's view of a self-assessment, starting from the candidate's own levels."""
    own = assessment_for(request.user, pk)
    enrolment = own.enrolment
    if not permissions.can_sign_off(request.user, enrolment):
        raise PermissionDenied
    if own.kind != SkillsAssessment.Kind.SELF:
        raise PermissionDenied("Only a self-assessment can be confirmed.")
    ratings = {r.competency_id: r for r in own.ratings.all()}
    form = AssessmentGridForm(
        request.POST or None, requirements=_requirements(enrolment), initial_ratings=ratings
    )
    if request.method == "POST" and form.is_valid():
        record_assessment(
            enrolment,
            assessor=own_staff_record(request.user) or enrolment.staff_member,
            kind=SkillsAssessment.Kind.CONFIRMED,
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
            ratings=form.ratings(),
            confirms=own,
        )
        messages.success(request, "Self-assessment confirmed; both stay on the record.")
        return redirect(candidate_url(enrolment, "skills-heading"))
    return _grid_page(
        request,
        form,
        enrolment,
        SkillsAssessment.Kind.CONFIRMED,
        confirms=own,
    )
