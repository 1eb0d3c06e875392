"""Progression: the person steps into the stage they were developed for. One transaction:

- the staff member's job role becomes the stage's role, saved through the staff record (so its
  history has the change, with who and why, and the core's `workforce.promotions` indicator sees
  it where the band rises: it reads job-role changes from that history);
- the enrolment keeps the role held before (`role_before`) and closes as progressed, dated;
- the mentoring ends (the former mentor keeps read access to what they wrote).

It then counts in `pathways.progressions` (pathways/indicators.py). Only a candidate marked ready
progresses (pathways/transitions.py ALLOWED): not a nomination, not a declined one.
"""

from __future__ import annotations

from django.db import transaction

from pathways.models import Enrolment
from pathways.transitions import TransitionRefused, check_move, claim, end_mentoring, locked, record, today
from workforce.history import reason as short_reason
from workforce.models import StaffMember
from workforce.versioning import move_on


@transaction.atomic
def progress(enrolment: Enrolment, by, read_version: int | None = None) -> Enrolment:
    on = today()
    current = locked(enrolment)
    check_move(current, Enrolment.Status.PROGRESSED)
    stage = current.target_stage
    person = StaffMember.objects.select_for_update().get(pk=current.staff_member_id)
    if person.access_has_ended(on):
        raise TransitionRefused(f"{person} is no longer in post, so cannot progress.")
    if person.job_role_id == stage.job_role_id:
        raise TransitionRefused(f"{person} is already a {stage.job_role}.")
    claim(current, read_version)

    current.role_before_id = person.job_role_id
    # A staff edit form opened before this must not write the old role back (workforce.versioning).
    move_on(person)
    person.job_role = stage.job_role
    person._history_user = by
    person._change_reason = short_reason(f"Progressed to {stage.job_role} ({current.pathway})")
    person.save()

    current.status = Enrolment.Status.PROGRESSED
    current.status_changed_on = on
    current.progressed_on = on
    record(current, by, f"Progressed to {stage.job_role}")
    end_mentoring(current, by, on, "Progressed: mentoring complete")
    return current
