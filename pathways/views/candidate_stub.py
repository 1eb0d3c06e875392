"""A stand-in for the candidate page (pathways:candidate), which the "plan" part of issue 10 builds
(gap chart, criteria, plan, reviews, timeline). It shows only what the flow needs: the person,
the stage, status, mentor, readiness, the status steps and the enrolment's history. Replace it
with the plan part's page when both are merged; keep including the status steps partial there.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pathways.models import Enrolment, MentorAssignment
from pathways.views.flow_status import enrolment_for, status_actions
from workforce.history import history_entries
from workforce.permissions import requires


@require_safe
@requires()
def candidate(request, pk):
    enrolment = enrolment_for(request.user, pk)
    enrolment = (
        Enrolment.objects.with_current_mentor()
        .select_related(
            "staff_member__org_unit",
            "staff_member__job_role",
            "target_stage__job_role",
            "pathway",
            "nominated_by",
        )
        .get(pk=enrolment.pk)
    )
    return render(
        request,
        "pathways/candidate_stub.html",
        {
            "enrolment": enrolment,
            "actions": status_actions(request.user, enrolment),
            "history": history_entries(
                enrolment, parts=[("Mentor", MentorAssignment.history.filter(enrolment_id=enrolment.pk))]
            ),
        },
    )
