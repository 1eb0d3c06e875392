"""Use cases of a trainee's placements and the sessions around them: placing a trainee, editing a
placement, ending it, recording a breakdown, and ticking attendance at a training session.

Each runs in one transaction; placements are version-checked (their forms carry the version read)
and every save is kept in the placement's history (django-simple-history, with the request's user).
"""

from __future__ import annotations

from django.db import transaction

from traineeships.models import Placement, SessionAttendance, Trainee, TrainingSession
from workforce import figure_store


class PlacementRefusal(Exception):
    """A placement the rules refuse; `field` is the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# A trainee is in one placement at a time: planned ones may queue up, active ones may not overlap.
OPEN = (Placement.Status.ACTIVE,)


def _check_one_active(placement: Placement) -> None:
    if placement.status not in OPEN:
        return
    # Lock the trainee's row, so two people placing the same trainee at once cannot both succeed.
    Trainee.objects.select_for_update().filter(pk=placement.trainee_id).first()
    other = (
        Placement.objects.filter(trainee_id=placement.trainee_id, status__in=OPEN)
        .exclude(pk=placement.pk)
        .select_related("host_unit")
        .first()
    )
    if other is not None:
        raise PlacementRefusal(
            f"{placement.trainee} is already in an active placement at {other.host_unit}. "
            "End it (or record its breakdown) first, or save this one as planned.",
            field="status",
        )


def place(form, trainee: Trainee) -> Placement:
    """Place `trainee` as the validated PlacementForm says."""
    with transaction.atomic():
        placement = form.save(commit=False)
        placement.trainee = trainee
        _check_one_active(placement)
        placement.save()
    return placement


def edit_placement(form) -> Placement:
    """Save a version-checked edit of a placement (StaleEdit if someone saved it since)."""
    with transaction.atomic():
        placement = form.save(commit=False)  # claims the version: a stale edit stops here
        _check_one_active(placement)
        placement.save()
    return placement


def end_placement(form) -> Placement:
    """The placement ended as planned: completed on the date given."""
    with transaction.atomic():
        placement = form.save(commit=False)
        placement.status = Placement.Status.COMPLETED
        placement.save()
    return placement


def record_breakdown(form) -> Placement:
    """The placement broke down: the date, the reason and the support given; it ends that day."""
    with transaction.atomic():
        placement = form.save(commit=False)
        placement.status = Placement.Status.BROKEN_DOWN
        if placement.ends_on is None or placement.ends_on > placement.broke_down_on:
            placement.ends_on = placement.broke_down_on
        placement.save()
    return placement


def record_attendance(session: TrainingSession, trainee_ids: set[int], staff_ids: set[int]) -> None:
    """Who attended `session`: exactly the ticked trainees and staff (unticked rows are removed)."""
    with transaction.atomic():
        session.attendance.exclude(trainee_id__in=list(trainee_ids), staff_member__isnull=True).exclude(
            staff_member_id__in=list(staff_ids), trainee__isnull=True
        ).delete()
        have_trainees = set(
            session.attendance.filter(trainee__isnull=False).values_list("trainee_id", flat=True)
        )
        have_staff = set(
            session.attendance.filter(staff_member__isnull=False).values_list("staff_member_id", flat=True)
        )
        SessionAttendance.objects.bulk_create(
            [SessionAttendance(session=session, trainee_id=pk) for pk in trainee_ids - have_trainees]
            + [SessionAttendance(session=session, staff_member_id=pk) for pk in staff_ids - have_staff]
        )
        figure_store.mark_changed("traineeships")  # bulk_create sends no signals
