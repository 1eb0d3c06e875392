"""An enrolment's life, one use case per step: nominate, accept (with a mentor, starting the plan
from the stage's template), decline, start development, judge readiness, mark ready, withdraw,
change mentor. Progression, which also changes the staff record, is in pathways/progression.py.

Each step:
- is allowed only from the statuses in ALLOWED (no jump from nominated to progressed; declined,
  withdrawn and progressed are final), else `TransitionRefused` says why in words;
- runs in one transaction, version-checked: `read_version` is the version the page showed
  (claim_version: a stale page is refused with StaleEdit, nothing written); None moves it on
  anyway (move_on), so a form opened before is refused;
- is recorded in the enrolment's history with who (`by`, a user) and a reason.

Who may ask for each step is pathways/permissions.py's business, checked by the views.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from pathways.models import (
    Activity,
    DevelopmentPlan,
    Enrolment,
    MentorAssignment,
    Objective,
    PathwayStage,
    Readiness,
)
from workforce.history import reason as short_reason
from workforce.models import StaffMember, add_months
from workforce.versioning import claim_version, move_on

Status = Enrolment.Status

# status -> the statuses it may move to. Progression (READY -> PROGRESSED) is progression.py's.
ALLOWED: dict[str, set[str]] = {
    Status.NOMINATED: {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.IN_DEVELOPMENT, Status.WITHDRAWN},
    Status.IN_DEVELOPMENT: {Status.READY, Status.WITHDRAWN},
    # Judged ready too soon: back into development, with a reason.
    Status.READY: {Status.PROGRESSED, Status.IN_DEVELOPMENT, Status.WITHDRAWN},
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
    Status.PROGRESSED: set(),
}
# Readiness is judged while someone is being developed, not on a bare nomination.
JUDGED_IN = {Status.ACCEPTED, Status.IN_DEVELOPMENT, Status.READY}
WITH_MENTOR = {Status.ACCEPTED, Status.IN_DEVELOPMENT, Status.READY}


class TransitionRefused(Exception):
    """The step is not allowed from where the enrolment is; the message says why, for the page."""


def can_move(enrolment: Enrolment, to: str) -> bool:
    return to in ALLOWED[enrolment.status]


def check_move(enrolment: Enrolment, to: str) -> None:
    if not can_move(enrolment, to):
        now = enrolment.get_status_display().lower()
        wanted = Status(to).label.lower()
        if not ALLOWED[enrolment.status]:
            raise TransitionRefused(f"This enrolment is {now}: that is final, nothing more can change.")
        raise TransitionRefused(f"An enrolment that is {now} cannot be made {wanted}.")


def today() -> datetime.date:
    return timezone.localdate()


def claim(enrolment: Enrolment, read_version: int | None) -> None:
    if read_version is None:
        move_on(enrolment)
    else:
        claim_version(enrolment, read_version)


def locked(enrolment: Enrolment) -> Enrolment:
    """The enrolment as saved now, row locked for the transaction: the status checked is the one
    written over, even when two people act at once."""
    return (
        Enrolment.objects.select_for_update()
        .select_related("staff_member", "target_stage")
        .get(pk=enrolment.pk)
    )


def record(enrolment: Enrolment, by, why: str) -> None:
    """Save the enrolment with who and why in its history record."""
    enrolment._history_user = by
    enrolment._change_reason = short_reason(why)
    enrolment.save()


def _move(enrolment: Enrolment, to: str, by, read_version: int | None, why: str, on=None, **fields):
    """Check, claim the version, set status (and `fields`), record. Returns the saved enrolment."""
    current = locked(enrolment)
    check_move(current, to)
    claim(current, read_version)
    current.status = to
    current.status_changed_on = on or today()
    for name, value in fields.items():
        setattr(current, name, value)
    record(current, by, why)
    return current


def end_mentoring(enrolment: Enrolment, by, on: datetime.date, why: str) -> None:
    for assignment in enrolment.mentor_assignments.current():
        assignment.ended_on = max(on, assignment.started_on)
        assignment._history_user = by
        assignment._change_reason = short_reason(why)
        assignment.save()


def _assign(enrolment: Enrolment, mentor: StaffMember, by, on: datetime.date, why: str) -> MentorAssignment:
    if mentor.user_id is None:
        raise TransitionRefused(f"{mentor} has no login, so cannot mentor: give them one first.")
    if mentor.pk == enrolment.staff_member_id:
        raise TransitionRefused("A candidate cannot mentor themselves.")
    assignment = MentorAssignment(enrolment=enrolment, mentor=mentor, started_on=on)
    assignment._history_user = by
    assignment._change_reason = short_reason(why)
    assignment.save()
    return assignment


# --- The steps ----------------------------------------------------------------------------------


@transaction.atomic
def nominate(staff_member: StaffMember, stage: PathwayStage, reason: str, by, on=None) -> Enrolment:
    """A manager (or the L&D manager) puts someone forward for a stage. One open enrolment per
    person and pathway; nobody is nominated for the role they already hold."""
    on = on or today()
    if not reason.strip():
        raise TransitionRefused("Say why they are nominated.")
    if not stage.pathway.is_active:
        raise TransitionRefused(f"The {stage.pathway} pathway takes no new nominations.")
    if staff_member.job_role_id == stage.job_role_id:
        raise TransitionRefused(f"{staff_member} is already a {stage.job_role}.")
    if staff_member.access_has_ended(on) or (staff_member.start_date and staff_member.start_date > on):
        raise TransitionRefused(f"{staff_member} is not in post.")
    open_one = Enrolment.objects.open().filter(staff_member=staff_member, pathway_id=stage.pathway_id).first()
    if open_one is not None:
        raise TransitionRefused(
            f"{staff_member} already has an open nomination on this pathway "
            f"({open_one.get_status_display().lower()}, for {open_one.target_stage.job_role})."
        )
    nominator = StaffMember.objects.filter(user=by).first() if by is not None else None
    enrolment = Enrolment(
        staff_member=staff_member,
        pathway_id=stage.pathway_id,
        target_stage=stage,
        nominated_by=nominator,
        nominated_on=on,
        nomination_reason=reason.strip(),
        status=Status.NOMINATED,
        status_changed_on=on,
    )
    try:
        with transaction.atomic():
            record(enrolment, by, f"Nominated for {stage.job_role}")
    except IntegrityError as error:  # a nomination made at the same moment by someone else
        raise TransitionRefused(f"{staff_member} already has an open nomination on this pathway.") from error
    return enrolment


@transaction.atomic
def accept(
    enrolment: Enrolment, mentor: StaffMember, by, read_version: int | None = None, on=None
) -> Enrolment:
    """The L&D manager accepts a nomination and assigns a mentor; the development plan starts
    from the stage's template objectives and activities."""
    on = on or today()
    enrolment = _move(enrolment, Status.ACCEPTED, by, read_version, f"Accepted with {mentor} as mentor", on)
    _assign(enrolment, mentor, by, on, "Mentor on acceptance")
    start_plan(enrolment, by, on)
    return enrolment


def start_plan(enrolment: Enrolment, by, on: datetime.date) -> DevelopmentPlan:
    """The enrolment's plan with the target stage's template objectives and activities. Saved one
    by one (a template has a handful), so each row has its history record of creation."""
    if DevelopmentPlan.objects.filter(enrolment=enrolment).exists():
        return enrolment.plan
    plan = DevelopmentPlan(enrolment=enrolment, started_on=on)
    plan._history_user = by
    plan.save()
    templates = enrolment.target_stage.template_objectives.prefetch_related("activities")
    for template in templates:
        target = add_months(on, template.months_to_complete) if template.months_to_complete else None
        objective = Objective(
            plan=plan,
            title=template.title,
            competency_id=template.competency_id,
            target_date=target,
            position=template.position,
        )
        objective._history_user = by
        objective.save()
        for activity_template in template.activities.all():
            activity = Activity(
                objective=objective, kind=activity_template.kind, title=activity_template.title
            )
            activity._history_user = by
            activity.save()
    return plan


@transaction.atomic
def decline(enrolment: Enrolment, reason: str, by, read_version: int | None = None, on=None) -> Enrolment:
    if not reason.strip():
        raise TransitionRefused("Say why the nomination is declined: the nominating manager reads it.")
    return _move(
        enrolment, Status.DECLINED, by, read_version, f"Declined: {reason.strip()}", on, closing_reason=reason
    )


@transaction.atomic
def start_development(enrolment: Enrolment, by, read_version: int | None = None, on=None) -> Enrolment:
    return _move(enrolment, Status.IN_DEVELOPMENT, by, read_version, "Development started", on)


@transaction.atomic
def back_to_development(enrolment: Enrolment, reason: str, by, read_version: int | None = None) -> Enrolment:
    """Judged ready too soon: back into development (READY -> IN_DEVELOPMENT), with a reason."""
    if not reason.strip():
        raise TransitionRefused("Say why they go back into development.")
    return _move(enrolment, Status.IN_DEVELOPMENT, by, read_version, f"Back to development: {reason}")


@transaction.atomic
def judge_readiness(
    enrolment: Enrolment, readiness: str, by, read_version: int | None = None, on=None
) -> Enrolment:
    """How soon they could step up (the succession judgement), with who judged it and when."""
    current = locked(enrolment)
    if current.status not in JUDGED_IN:
        raise TransitionRefused(
            f"Readiness is judged once a nomination is accepted and until it closes; "
            f"this one is {current.get_status_display().lower()}."
        )
    label = Readiness(readiness).label
    claim(current, read_version)
    current.readiness = readiness
    current.readiness_judged_by = StaffMember.objects.filter(user=by).first() if by is not None else None
    current.readiness_judged_on = on or today()
    record(current, by, f"Readiness judged: {label}")
    return current


@transaction.atomic
def mark_ready(enrolment: Enrolment, by, read_version: int | None = None, on=None) -> Enrolment:
    """Ready to progress: readiness becomes "ready now", judged by whoever marks it."""
    on = on or today()
    judge = StaffMember.objects.filter(user=by).first() if by is not None else None
    return _move(
        enrolment,
        Status.READY,
        by,
        read_version,
        "Marked ready to progress",
        on,
        readiness=Readiness.READY_NOW,
        readiness_judged_by=judge,
        readiness_judged_on=on,
    )


@transaction.atomic
def withdraw(enrolment: Enrolment, reason: str, by, read_version: int | None = None, on=None) -> Enrolment:
    """The person leaves the pathway (their choice, or it did not work out); the mentoring ends,
    and the former mentor keeps read access to what they wrote."""
    if not reason.strip():
        raise TransitionRefused("Say why they are withdrawn.")
    on = on or today()
    enrolment = _move(
        enrolment,
        Status.WITHDRAWN,
        by,
        read_version,
        f"Withdrawn: {reason.strip()}",
        on,
        closing_reason=reason,
    )
    end_mentoring(enrolment, by, on, "Withdrawn from the pathway")
    return enrolment


@transaction.atomic
def change_mentor(
    enrolment: Enrolment, mentor: StaffMember, by, read_version: int | None = None, on=None, reason: str = ""
) -> MentorAssignment:
    """End the current mentor's assignment (kept, with its dates) and start the new one's."""
    on = on or today()
    current = locked(enrolment)
    if current.status not in WITH_MENTOR:
        raise TransitionRefused(
            f"Only an accepted nomination has a mentor; this one is {current.get_status_display().lower()}."
        )
    if current.mentor_assignments.current().filter(mentor=mentor).exists():
        raise TransitionRefused(f"{mentor} is already the mentor.")
    claim(current, read_version)
    why = f"Mentor changed to {mentor}" + (f": {reason.strip()}" if reason.strip() else "")
    end_mentoring(current, by, on, why)
    assignment = _assign(current, mentor, by, on, why)
    record(current, by, why)
    return assignment
