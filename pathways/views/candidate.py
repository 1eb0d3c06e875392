"""The candidate page: the person, the stage they aim for, mentors, status and readiness, the
standing assessment with its gap chart, entry criteria, the development plan, reviews, and a
timeline of everything that happened. Its query count does not depend on how much there is."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pathways import permissions
from pathways.assessment import (
    assessment_prefetches,
    enrolment_gaps,
    open_gaps,
    requirements_prefetch,
    standing_assessment,
)
from pathways.criteria import entry_criteria
from pathways.gap_chart import gap_chart
from pathways.models import (
    Activity,
    DevelopmentPlan,
    Evidence,
    MentorAssignment,
    Objective,
    Review,
    SkillsAssessment,
)
from pathways.plan_forms import ActivityForm, EvidenceForm, ObjectiveForm
from pathways.views.common import enrolments_for
from pathways.views.flow_status import status_actions
from workforce.history import history_entries
from workforce.models import Competency
from workforce.permissions import requires


def activities():
    return Activity.objects.select_related(
        "signed_off_by", "added_by", "course", "training_record"
    ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")))


def objectives():
    return Objective.objects.select_related("competency", "signed_off_by").prefetch_related(
        Prefetch("activities", queryset=activities())
    )


def timeline(enrolment, plan: DevelopmentPlan | None, mentors: dict, limit: int = 60):
    """The enrolment's own history merged with its parts': mentors, assessments, the plan, its
    objectives, activities and evidence, reviews. A fixed number of queries (one per source):
    parts whose names would name the candidate again (a query each) are named from the record.
    `mentors`: {staff pk: name} of everyone who has mentored the enrolment."""
    kinds = dict(SkillsAssessment.Kind.choices)
    parts = [
        (
            "Mentoring",
            MentorAssignment.history.filter(enrolment_id=enrolment.pk),
            lambda r: f"by {mentors.get(r.mentor_id, 'a former mentor')} from {r.started_on:%-d %b %Y}",
        ),
        (
            "Skills assessment",
            SkillsAssessment.history.filter(enrolment_id=enrolment.pk),
            lambda r: f"{kinds.get(r.kind, r.kind)} of {r.assessed_on:%-d %b %Y}",
        ),
        ("Review", Review.history.filter(enrolment_id=enrolment.pk), lambda r: f"of {r.held_on:%-d %b %Y}"),
    ]
    if plan is not None:
        objective_ids = Objective.history.filter(plan_id=plan.pk).values("id")
        activity_ids = Activity.history.filter(objective_id__in=objective_ids).values("id")
        parts += [
            (
                "Development plan",
                DevelopmentPlan.history.filter(id=plan.pk),
                lambda r: f"from {r.started_on:%-d %b %Y}",
            ),
            ("Objective", Objective.history.filter(plan_id=plan.pk)),
            ("Activity", Activity.history.filter(objective_id__in=objective_ids)),
            ("Evidence", Evidence.history.filter(activity_id__in=activity_ids)),
        ]
    return history_entries(enrolment, limit=limit, parts=parts)


def load_enrolment(user, pk):
    return get_object_or_404(
        enrolments_for(user)
        .select_related("nominated_by", "readiness_judged_by", "plan")
        .prefetch_related(
            Prefetch("mentor_assignments", queryset=MentorAssignment.objects.select_related("mentor")),
            *assessment_prefetches(),
            requirements_prefetch(),
            Prefetch("plan__objectives", queryset=objectives()),
            Prefetch("reviews", queryset=Review.objects.select_related("mentor")),
        ),
        pk=pk,
    )


def plan_or_none(enrolment) -> DevelopmentPlan | None:
    try:
        return enrolment.plan
    except DevelopmentPlan.DoesNotExist:
        return None


def render_candidate_page(request: HttpRequest, pk: int, status: int = 200, **bound) -> HttpResponse:
    """The whole page; `bound` replaces a blank form with one that failed validation
    (objective_form, activity_form, evidence_forms={activity pk: form})."""
    user = request.user
    enrolment = load_enrolment(user, pk)
    today = timezone.localdate()
    assessments = list(enrolment.assessments.all())
    standing = standing_assessment(assessments)
    found = enrolment_gaps(enrolment, standing)
    plan = plan_or_none(enrolment)
    plan_objectives = list(plan.objectives.all()) if plan else []
    assignments = list(enrolment.mentor_assignments.all())
    # The permission checks below ask who mentors now: answer from what is loaded already.
    enrolment._current_mentor_ids = {a.mentor_id for a in assignments if a.ended_on is None}
    can_develop = permissions.can_develop(user, enrolment)
    can_add_own = permissions.can_add_own(user, enrolment)
    evidence_forms = bound.get("evidence_forms", {})
    for objective in plan_objectives:
        objective.rows = []
        for activity in objective.activities.all():
            activity.can_edit = permissions.can_edit_activity(user, activity, enrolment)
            activity.evidence_form = evidence_forms.get(activity.pk) or EvidenceForm(
                auto_id=f"ev{activity.pk}-%s"
            )
            objective.rows.append(activity)
        objective.is_overdue = (
            objective.target_date is not None
            and objective.target_date < today
            and objective.status not in (Objective.Status.ACHIEVED, Objective.Status.DROPPED)
        )
    covered = {o.competency_id for o in plan_objectives if o.status not in ("achieved", "dropped")}
    competencies = Competency.objects.filter(requirements__job_role=enrolment.target_stage.job_role_id)
    context = {
        "enrolment": enrolment,
        "person": enrolment.staff_member,
        "current_mentor": next((a.mentor for a in assignments if a.ended_on is None), None),
        "former_mentors": [a for a in assignments if a.ended_on is not None],
        "assessments": assessments,
        "standing": standing,
        "unconfirmed_self": standing is not None and standing.kind == SkillsAssessment.Kind.SELF,
        "gaps": found,
        "gaps_to_plan": [g for g in open_gaps(found) if g.competency.pk not in covered],
        "chart": gap_chart(found),
        "criteria": entry_criteria(enrolment, today, found=found),
        "plan": plan,
        "objectives": plan_objectives,
        "reviews": list(enrolment.reviews.all()),
        "timeline": timeline(enrolment, plan, {a.mentor_id: str(a.mentor) for a in assignments}),
        "can_develop": can_develop,
        # The flow's next steps (accept, readiness, ready, progress, change mentor, withdraw).
        "actions": status_actions(user, enrolment),
        "can_add_own": can_add_own,
        "is_candidate": permissions.is_candidate(user, enrolment),
        "objective_form": bound.get("objective_form")
        or ObjectiveForm(competencies=competencies, auto_id="new-objective-%s"),
        "activity_form": bound.get("activity_form")
        or ActivityForm(
            objectives=Objective.objects.filter(plan=plan) if plan else Objective.objects.none(),
            auto_id="new-activity-%s",
        ),
        "today": today,
    }
    return render(request, "pathways/candidate.html", context, status=status)


@requires()
@require_safe
def candidate(request, pk):
    return render_candidate_page(request, pk)
