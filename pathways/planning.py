"""The writes of a development plan that touch more than one row, each one use case in a transaction:
recording a skills assessment with its ratings, objectives from the gaps, signing off (a course
activity's completion then goes into the core's training records, once), attaching evidence.

Single-row edits (an objective's or an activity's fields) go through version-checked forms in the
views; these functions move the version on for the rows they change, so a form opened before them
is refused rather than writing old values back.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from pathways.models import (
    Activity,
    DevelopmentPlan,
    Evidence,
    Objective,
    SkillRating,
    SkillsAssessment,
)
from pathways.models.pathway import ActivityKind
from workforce.history import reason
from workforce.training import TrainingRecord
from workforce.versioning import move_on


class PlanRefusal(ValueError):
    """A write the plan's rules refuse; the message is for the user."""


def plan_of(enrolment, on: datetime.date) -> DevelopmentPlan:
    """The enrolment's plan. Accepting a nomination starts it from the stage's template (the flow
    part); an enrolment that reached development without one gets an empty plan here."""
    try:
        return enrolment.plan
    except DevelopmentPlan.DoesNotExist:
        plan, _ = DevelopmentPlan.objects.get_or_create(enrolment=enrolment, defaults={"started_on": on})
        return plan


@transaction.atomic
def record_assessment(
    enrolment,
    *,
    assessor,
    kind: str,
    assessed_on: datetime.date,
    ratings: dict,
    notes: str = "",
    confirms: SkillsAssessment | None = None,
) -> SkillsAssessment:
    """One assessment and a rating per competency (`ratings`: {competency: (level, comment)})."""
    if kind == SkillsAssessment.Kind.CONFIRMED and (
        confirms is None or confirms.kind != SkillsAssessment.Kind.SELF
    ):
        raise PlanRefusal("Only a self-assessment can be confirmed.")
    assessment = SkillsAssessment(
        enrolment=enrolment,
        assessor=assessor,
        kind=kind,
        assessed_on=assessed_on,
        notes=notes,
        confirms=confirms,
    )
    assessment._change_reason = reason(
        f"Confirmed the self-assessment of {confirms.assessed_on:%d/%m/%Y}"
        if confirms
        else assessment.get_kind_display()
    )
    assessment.save()
    for competency, (level, comment) in ratings.items():
        SkillRating.objects.create(assessment=assessment, competency=competency, level=level, comment=comment)
    return assessment


def gap_objective_title(gap) -> str:
    return f"Reach level {gap.required} in {gap.competency.name}"


@transaction.atomic
def objectives_from_gaps(enrolment, found_gaps, *, on: datetime.date, months: int = 6) -> list[Objective]:
    """An objective for each gap given that has no open objective yet, due in `months` months."""
    from workforce.training import add_months

    plan = plan_of(enrolment, on)
    covered = set(
        plan.objectives.exclude(status__in=[Objective.Status.ACHIEVED, Objective.Status.DROPPED])
        .exclude(competency=None)
        .values_list("competency_id", flat=True)
    )
    position = (plan.objectives.aggregate(last=Max("position"))["last"] or 0) + 1
    made = []
    for gap in found_gaps:
        if gap.competency.pk in covered:
            continue
        objective = Objective(
            plan=plan,
            title=gap_objective_title(gap),
            competency=gap.competency,
            target_date=add_months(on, months),
            position=position,
        )
        objective._change_reason = "From the skills gap"
        objective.save()
        made.append(objective)
        covered.add(gap.competency.pk)
        position += 1
    if not made:
        raise PlanRefusal("The plan already has an open objective for that gap.")
    return made


def next_position(plan: DevelopmentPlan) -> int:
    return (plan.objectives.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def sign_off_activity(activity: Activity, *, by, on: datetime.date) -> TrainingRecord | None:
    """The mentor's sign-off. A course activity with its course and date is a completion: it is
    recorded in the core's training records, once (the activity keeps the record it made).
    Returns the training record made, if one was."""
    if activity.signed_off_on is not None:
        raise PlanRefusal(f"“{activity}” is signed off already.")
    activity.signed_off_by, activity.signed_off_on = by, on
    activity._change_reason = "Signed off"
    made = None
    if activity.kind == ActivityKind.COURSE and activity.course_id and activity.training_record_id is None:
        if activity.happened_on is None or activity.happened_on > on:
            raise PlanRefusal("Give the course's completion date (today or earlier) before signing it off.")
        made = TrainingRecord.objects.create(
            staff_member=activity.objective.plan.enrolment.staff_member,
            course=activity.course,
            status=TrainingRecord.Status.COMPLETED,
            started_on=activity.happened_on,
            completed_on=activity.happened_on,
            note=f"From the development plan: {activity.title}"[:500],
        )
        activity.training_record = made
    activity.save()
    move_on(activity)
    return made


@transaction.atomic
def sign_off_objective(objective: Objective, *, by, on: datetime.date) -> None:
    """The objective is achieved, in the mentor's word."""
    if objective.signed_off_on is not None:
        raise PlanRefusal(f"“{objective}” is signed off already.")
    objective.status = Objective.Status.ACHIEVED
    objective.signed_off_by, objective.signed_off_on = by, on
    objective._change_reason = "Signed off as achieved"
    objective.save()
    move_on(objective)


@transaction.atomic
def attach_evidence(activity: Activity, *, data: bytes, name: str, kind: str, user) -> Evidence:
    """Store the file through Django's storage (under a path named by ids: see evidence_path) and
    its row. A failure writing the row leaves no row; the file's name is kept on the row only."""
    evidence = Evidence(
        activity=activity, original_name=name[:255], kind=kind, size=len(data), uploaded_by=user
    )
    evidence.file.save("evidence", ContentFile(data), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
