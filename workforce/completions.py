"""Recording that many people completed courses: a training session, or a spreadsheet of completions.

Both end in `record_completions`: one transaction that saves a completed TrainingRecord per
completion, with its history (who recorded it and why), or saves nothing. A completion already
recorded (same person, course and completion date) refuses the whole save, naming the people, so a
session entered twice or a file imported twice never doubles anyone's records. The check runs again
inside the transaction, after locking the people's rows, so two people recording the same session
at once cannot both get through it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from workforce import figure_store, history
from workforce.models import StaffMember
from workforce.reading import display_date
from workforce.training import Course, TrainingRecord


@dataclass(frozen=True)
class Completion:
    person: StaffMember
    course: Course
    completed_on: datetime.date
    note: str = ""

    @property
    def key(self) -> tuple[int, int, datetime.date]:
        return (self.person.pk, self.course.pk, self.completed_on)


class AlreadyRecorded(Exception):
    """Some completions are already in Talent Ladder; `completions` lists them. Nothing was saved."""

    def __init__(self, completions: list[Completion]):
        self.completions = completions
        super().__init__(already_recorded_message(completions))


def already_recorded_message(completions: list[Completion]) -> str:
    names = ", ".join(sorted(c.person.full_name for c in completions))
    return f"Already recorded as completed on that date, so nothing was saved: {names}."


def recorded_keys(completions: Iterable[Completion]) -> set[tuple[int, int, datetime.date]]:
    """Which of these (person, course, date) are already recorded as completed, in one query.

    Bounded by the courses and the date range rather than listing every person, so a 20,000-row
    file does not become a 20,000-item IN clause."""
    completions = list(completions)
    if not completions:
        return set()
    dates = [c.completed_on for c in completions]
    found = TrainingRecord.objects.completed().filter(
        course_id__in={c.course.pk for c in completions},
        completed_on__gte=min(dates),
        completed_on__lte=max(dates),
    )
    wanted = {c.key for c in completions}
    return {key for key in found.values_list("staff_member_id", "course_id", "completed_on") if key in wanted}


def record_completions(completions: list[Completion], *, user, reason: str) -> list[TrainingRecord]:
    """Save one completed TrainingRecord per completion, all or none. AlreadyRecorded if any exists.

    `user` and `reason` go into every record's history (a background run has no request)."""
    with transaction.atomic():
        # Lock the people first: a second save of the same session waits here, then finds ours.
        list(
            StaffMember.objects.select_for_update()
            .filter(pk__in={c.person.pk for c in completions})
            .values_list("pk", flat=True)
        )
        existing = recorded_keys(completions)
        if existing:
            raise AlreadyRecorded([c for c in completions if c.key in existing])
        records = []
        for completion in completions:
            record = TrainingRecord(
                staff_member=completion.person,
                course=completion.course,
                status=TrainingRecord.Status.COMPLETED,
                completed_on=completion.completed_on,
                note=completion.note,
            )
            record.fill_in_expiry()  # bulk_create skips save(), which would do it
            records.append(record)
        created = bulk_create_with_history(
            records, TrainingRecord, default_user=user, default_change_reason=history.reason(reason)
        )
        # bulk_create sends no signals: the stored figures from the earliest completion on change.
        if records:
            figure_store.mark_changed("workforce", min(record.completed_on for record in records))
        return created


def session_message(course: Course, completed_on: datetime.date, count: int) -> str:
    people = "person" if count == 1 else "people"
    return f"{course.title} on {display_date(completed_on)} recorded for {count} {people}"
