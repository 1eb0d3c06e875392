"""Demo data for the measuring-success pages: three years of training history, a baseline and a
target (see workforce/demo/__init__.py for the contract: idempotent, seeded, relative to today).

The core demo gives each person one record per course: their latest completion. On its own, the
training compliance of two years ago would then look dire, because the renewals people made back
then are not recorded. So this adds the earlier completions each renewal chain implies, walking
back from the core's record one renewal period at a time (never before the person started, and
no further than four years). They are real training records, as a training administrator would
have entered them: every figure on the pages is worked out from them, nothing is stored as a
figure except the baseline, which is captured by the registry like any other.

The story they tell: until about 18 months ago renewals often ran late (a lapse of two to seven
months in 60% of them); since renewal reminders were brought in, no more often than the core's
records show today (8%). So the monthly compliance series steps up. The L&D manager recorded the
reminders as a process change, so the chart works out its limits afresh from then; the core's
records, with their renewals expired in the last five months, then read as a special cause
concern at the end. The baseline is the month two years ago; the target 90% by the end of the
next financial year.

Known limit: the core demo's leavers all left within the last two years, so the turnover and
leavers series are zero in their first year (the chart shows that as the special cause it is).
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from reports.models import Baseline, ProcessChange, Target
from reports.series import Granularity, period_containing
from workforce import indicators
from workforce.training import TrainingRecord, TrainingRequirement, add_months

HISTORY_YEARS = 4
REMINDERS_MONTHS_AGO = 18
COMPLIANCE = "workforce.mandatory_compliance"


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _record(staff_id, course_id, completed, renewal) -> TrainingRecord:
    record = TrainingRecord(
        staff_member_id=staff_id,
        course_id=course_id,
        status=TrainingRecord.Status.COMPLETED,
        started_on=completed,
        completed_on=completed,
        expires_on=add_months(completed, renewal) if renewal else None,
    )
    record._history_date = _aware(completed)  # entered when it happened
    return record


def _earlier_completions(core) -> list[TrainingRecord]:
    rng = core.random("reports")
    reminders_from = add_months(core.today, -REMINDERS_MONTHS_AGO)
    oldest = add_months(core.today, -12 * HISTORY_YEARS)
    # The core's record is each chain's latest completion; this module only ever adds earlier ones.
    latest = (
        TrainingRecord.objects.completed()
        .filter(course__in=TrainingRequirement.objects.values("course"))
        .values("staff_member_id", "course_id", "course__renewal_months", "staff_member__start_date")
        .annotate(latest=Max("completed_on"))
        .order_by("staff_member__assignment_number", "course__title")
    )
    existing = set(
        TrainingRecord.objects.completed().values_list("staff_member_id", "course_id", "completed_on")
    )
    new = []
    for chain in latest:
        renewal, started = chain["course__renewal_months"], chain["staff_member__start_date"]
        completed = chain["latest"]
        while completed > oldest:
            before_reminders = completed < reminders_from
            if renewal:
                # The renewal before `completed` was due `renewal` months earlier. A late one
                # leaves a lapse: the earlier completion expired months before this was done.
                # Since the reminders, as often and as late as the core's own records (8%, up to
                # 150 days); before them, far more often and later.
                late = rng.random() < (0.6 if before_reminders else 0.08)
                lapse_days = rng.randint(60, 210) if before_reminders else rng.randint(1, 150)
                lapse_days = lapse_days if late else -rng.randint(0, 25)  # else renewed early
                earlier = add_months(completed, -renewal) - datetime.timedelta(days=lapse_days)
            else:
                earlier = None  # a course done once: only the first completion below
            if earlier is None or (started and earlier < started):
                # The first time: soon after starting (within the 3 months' grace), or late
                # back when renewals ran late. Only if the chain does not already begin then.
                if started is None:
                    break
                slow = before_reminders and rng.random() < 0.4
                earlier = started + datetime.timedelta(
                    days=rng.randint(100, 200) if slow else rng.randint(7, 80)
                )
                if earlier >= completed:
                    break
                completed = oldest  # nothing before a first completion
            key = (chain["staff_member_id"], chain["course_id"], earlier)
            if key not in existing:
                new.append(_record(*key, renewal))
            completed = min(completed, earlier)
    return new


def load(core) -> None:
    records = _earlier_completions(core)
    bulk_create_with_history(records, TrainingRecord, batch_size=500)
    core.count_created(TrainingRecord, len(records))

    ld = core.people["ld"].user
    month = period_containing(add_months(core.today, -24), Granularity.MONTH)
    measure = indicators.value(COMPLIANCE, month.start, month.end)
    core.upsert(
        Baseline,
        {"indicator_key": COMPLIANCE, "period_start": month.start, "period_end": month.end},
        {
            "value": measure.value,
            "numerator": measure.numerator,
            "denominator": measure.denominator,
            "captured_by": ld,
            "captured_at": _aware(month.end + datetime.timedelta(days=3)),
            "note": "Before renewal reminders were brought in.",
        },
        history_date=_aware(month.end + datetime.timedelta(days=3)),
    )
    year = period_containing(core.today, Granularity.YEAR)
    next_year_end = add_months(year.end, 12)
    core.upsert(
        Target,
        {"indicator_key": COMPLIANCE, "by_date": next_year_end},
        {
            "value": 90,
            "note": "The board's target for mandatory training.",
            "set_by": ld,
            "set_at": _aware(core.today),
        },
    )
    core.upsert(
        ProcessChange,
        {"indicator_key": COMPLIANCE, "from_date": add_months(core.today, -REMINDERS_MONTHS_AGO)},
        {"reason": "Renewal reminders emailed to staff and managers", "recorded_by": ld},
    )

    # One report schedule (reports/schedule_demo.py).
    from reports.schedule_demo import load_schedule

    load_schedule(core)

    # Last month's board pack, ready to download (reports/pack_demo.py); it reads everything
    # above, so it comes last.
    from reports.pack_demo import load_board_pack

    load_board_pack(core)
