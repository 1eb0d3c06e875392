"""A stage's entry criteria, and whether a candidate meets each one, in words.

Three kinds, all from the core:
- Competencies: each competency the stage's job role requires, at its level, judged from the
  candidate's standing assessment (pathways/assessment.py). Not assessed is not met.
- Training: each course the stage's job role must hold (the core's TrainingRequirements for the
  role, its staff group or everyone, as workforce/compliance.py reads them). Met by a completion
  in date today: of the course itself or of a higher level of the same subject; its expiry is the
  record's own, or sooner when a requirement for that role sets a shorter renewal period. A place
  booked does not meet it, and neither does the new starter's grace period: it is an entry bar.
- Time in the stage below: the stage's `min_months_in_previous`, counted from when the person
  took the previous stage's job role, read from their staff record's history (the latest unbroken
  run in that role). When the run goes back to the record's creation, the start date is used
  instead if it is earlier (an HR import creates records long after people started).

`entry_criteria(enrolment)` costs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pathways.assessment import Gap, enrolment_gaps
from pathways.models import PathwayStage
from workforce.compliance import Compliance
from workforce.training import TrainingRecord, add_months


@dataclass(frozen=True)
class Criterion:
    kind: str  # "competency", "training" or "time"
    label: str
    met: bool
    words: str

    @property
    def met_words(self) -> str:
        return "Met" if self.met else "Not met"


@dataclass
class EntryCriteria:
    competencies: list[Criterion] = field(default_factory=list)
    training: list[Criterion] = field(default_factory=list)
    time: list[Criterion] = field(default_factory=list)

    @property
    def all(self) -> list[Criterion]:
        return [*self.competencies, *self.training, *self.time]

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.all if c.met)

    @property
    def all_met(self) -> bool:
        return all(c.met for c in self.all)

    @property
    def unmet(self) -> list[Criterion]:
        return [c for c in self.all if not c.met]


def competency_criteria(found: list[Gap]) -> list[Criterion]:
    return [
        Criterion("competency", f"{gap.competency.name} at level {gap.required}", gap.is_met, gap.words)
        for gap in sorted(found, key=lambda g: g.competency.name)
    ]


def training_criteria(staff_member, job_role, on: datetime.date) -> list[Criterion]:
    """One criterion per course `job_role` must hold: met by a completion in date on `on`."""
    columns = Compliance(on, job_role=job_role).columns
    wanted = {pk for column in columns for pk in column.satisfying_ids}
    records = list(
        TrainingRecord.objects.filter(
            staff_member=staff_member,
            course_id__in=wanted,
            status=TrainingRecord.Status.COMPLETED,
            completed_on__lte=on,
        ).select_related("course")
    )
    found = []
    for column in columns:
        shortest = min(
            (r.renewal_months for r in column.requirements_for(job_role) if r.renewal_months), default=None
        )
        best: tuple[datetime.date, TrainingRecord] | None = None
        for record in records:
            if record.course_id not in column.satisfying_ids:
                continue
            expiry = _expiry(record, shortest)
            if best is None or expiry > best[0]:
                best = (expiry, record)
        found.append(_training_criterion(column.course, best, on))
    return found


# Stands for "never expires" when expiries are compared.
_NEVER = datetime.date.max


def _expiry(record: TrainingRecord, shortest: int | None) -> datetime.date:
    expiry = record.expires_on or _NEVER
    if shortest:
        expiry = min(expiry, add_months(record.completed_on, shortest))
    return expiry


def _training_criterion(course, best, on: datetime.date) -> Criterion:
    label = f"{course.title}, in date"
    if best is None:
        return Criterion("training", label, False, "Missing: never completed")
    expiry, record = best
    via = "" if record.course_id == course.pk else f" (through {record.course.title}, a higher level)"
    done = f"completed {record.completed_on:%-d %b %Y}{via}"
    if expiry == _NEVER:
        return Criterion("training", label, True, f"Valid, no renewal: {done}")
    if expiry < on:
        return Criterion("training", label, False, f"Expired {expiry:%-d %b %Y}: {done}")
    return Criterion("training", label, True, f"Valid until {expiry:%-d %b %Y}: {done}")


def previous_stage(stage: PathwayStage) -> PathwayStage | None:
    return (
        PathwayStage.objects.filter(pathway_id=stage.pathway_id, position__lt=stage.position)
        .select_related("job_role")
        .order_by("-position")
        .first()
    )


def held_role_since(staff_member, job_role_id: int) -> datetime.date | None:
    """Since when `staff_member` has held the job role, from their record's history; None if they
    do not hold it now, or nothing says since when. See the module's docstring for the fall-back
    to the start date."""
    if staff_member.job_role_id != job_role_id:
        return None
    records = list(
        staff_member.history.order_by("history_date", "history_id").values_list("history_date", "job_role_id")
    )
    since, from_first = None, False
    for index, (when, role_id) in enumerate(records):
        if role_id == job_role_id:
            if since is None:
                since, from_first = when.date(), index == 0
        else:
            since = None
    start = staff_member.start_date
    if since is None or (from_first and start and start < since):
        return start or since
    return since


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from start to end (1 Mar to 28 Feb is 11, to 1 Mar is 12)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1


def time_criteria(staff_member, stage: PathwayStage, on: datetime.date) -> list[Criterion]:
    if not stage.min_months_in_previous:
        return []
    below = previous_stage(stage)
    if below is None:
        return []
    needed = stage.min_months_in_previous
    role = below.job_role
    label = f"{needed} months as {role.title}"
    if staff_member.job_role_id != role.pk:
        return [Criterion("time", label, False, f"Does not hold the {role.title} role now")]
    since = held_role_since(staff_member, role.pk)
    if since is None:
        return [Criterion("time", label, False, "Not known since when: no start date on the staff record")]
    months = months_between(since, on)
    reached = add_months(since, needed)
    words = f"{role.title} since {since:%-d %b %Y}: {months} months"
    if months >= needed:
        return [Criterion("time", label, True, words)]
    return [Criterion("time", label, False, f"{words}; reaches {needed} on {reached:%-d %b %Y}")]


def entry_criteria(
    enrolment, on: datetime.date | None = None, found: list[Gap] | None = None
) -> EntryCriteria:
    """Whether the enrolment's person meets the entry criteria of the stage they aim for, on `on`.
    `found`: the gaps already worked out (the candidate page has them)."""
    on = on or datetime.date.today()
    stage = enrolment.target_stage
    person = enrolment.staff_member
    return EntryCriteria(
        competencies=competency_criteria(found if found is not None else enrolment_gaps(enrolment)),
        training=training_criteria(person, stage.job_role, on),
        time=time_criteria(person, stage, on),
    )
