"""Progression to higher qualifications: of the people in post at the period's end, the share who
completed, within the period, a qualification at a higher level than any they had completed
before. Registered with the others by `indicators.register_core_indicators`.

What counts as a qualification, and its level:
- A course of a kind that leads to a qualification (QUALIFICATION_KINDS: apprenticeships,
  foundation degrees, Bridging the Gap, other qualifications). Statutory and mandatory courses
  taught at levels (safeguarding level 3) are renewals of the same duty, not progression.
- Its level is the number in the course's "level" ("Level 3", "RQF Level 5" -> 3, 5): the
  Regulated Qualifications Framework level that training administrators already write there.
  A qualification with no number in its level is left out: there is nothing to compare.
- "Higher than any held before": no completed qualification at the same or a higher level
  earlier than this completion (so a second Level 3 is not progression, nor a Level 3 after a
  Level 5). The first qualification someone completes with us counts: the records are what we
  know, and a Level 2 apprenticeship is the step boards most want to see.

A person counts once however many steps they took in the period. Both counts are of people in
post on the period's last day (someone who left on that day has left), as for headcount, so the
figure breaks down by unit, staff group and band like the others; archived records never count.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from workforce.indicators import Formula, Tally, register

LEVEL_NUMBER = re.compile(r"\d+")
KEY = "workforce.qualification_progression"


def qualification_kinds() -> set[str]:
    from workforce.training import Course

    kinds = Course.Kind
    return {kinds.APPRENTICESHIP, kinds.FOUNDATION_DEGREE, kinds.BRIDGING_THE_GAP, kinds.QUALIFICATION}


def level_number(level: str) -> int | None:
    """The RQF level in a course's level text: "Level 3" -> 3; None when it has no number."""
    found = LEVEL_NUMBER.search(level or "")
    return int(found.group()) if found else None


def qualification_levels() -> dict[int, int]:
    """{course id: level} for every qualification with a level, archived ones included (a
    qualification gained years ago still counts as held). One small query: courses are few."""
    from workforce.training import Course

    found = {}
    rows = Course.objects.filter(kind__in=qualification_kinds()).exclude(level="").values_list("pk", "level")
    for pk, level in rows:
        number = level_number(level)
        if number is not None:
            found[pk] = number
    return found


def _level_of(levels: dict[int, int]) -> Case:
    """The level of a training record's course, as SQL (one WHEN per level, not per course)."""
    by_level: dict[int, list[int]] = {}
    for pk, level in levels.items():
        by_level.setdefault(level, []).append(pk)
    whens = [When(course_id__in=sorted(pks), then=Value(level)) for level, pks in sorted(by_level.items())]
    return Case(*whens, default=None, output_field=IntegerField())


def progressions_between(start: datetime.date, end: datetime.date, levels: dict[int, int]):
    """Completions from `start` to `end` of a qualification above every one completed before."""
    from workforce.training import TrainingRecord

    qualifications = TrainingRecord.objects.completed().filter(course_id__in=list(levels))
    held_before = (
        qualifications.filter(
            staff_member=OuterRef("staff_member"), completed_on__lt=OuterRef("completed_on")
        )
        .annotate(held_level=_level_of(levels))
        .filter(held_level__gte=OuterRef("gained_level"))
    )
    return (
        qualifications.filter(completed_on__gte=start, completed_on__lte=end)
        .annotate(gained_level=_level_of(levels))
        .filter(~Exists(held_before))
    )


def register_qualification_indicators() -> None:
    from workforce.models import StaffMember

    @register(
        KEY,
        "Progression to higher qualifications (people in post gaining a qualification above any they "
        "held / people in post)",
        "%",
        good="up",
        headline=True,
    )
    def qualification_progression(start, end):
        levels = qualification_levels()
        if not levels:
            return None  # no qualification has a level: the figure cannot be told
        in_post = StaffMember.objects.in_post(end)
        stepped_up = progressions_between(start, end, levels).filter(staff_member=OuterRef("pk"))
        return Formula(Tally(in_post.filter(Exists(stepped_up))), (Tally(in_post),))
