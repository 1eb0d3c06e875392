"""When a report schedule fires and which period its report covers (reports/schedules.py), on
hand-checked calendars. November 2026 starts on a Sunday, August 2026 on a Saturday, and
October 2026 on a Thursday."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from reports import schedules
from reports.board_progress import BoardProgressForm
from reports.schedule_models import ReportSchedule
from reports.training_compliance import TrainingComplianceForm

D = datetime.date
Frequency = ReportSchedule.Frequency
Period = ReportSchedule.Period


def at(day: datetime.date, hour: int = 7, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def schedule(**fields) -> ReportSchedule:
    fields.setdefault("frequency", Frequency.FIRST_WORKING_DAY)
    fields.setdefault("send_at", datetime.time(7, 0))
    return ReportSchedule(**fields)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 10, D(2026, 10, 1)),  # Thursday: the 1st itself
        (2026, 8, D(2026, 8, 3)),  # Saturday 1st: Monday 3rd
        (2026, 11, D(2026, 11, 2)),  # Sunday 1st: Monday 2nd
        (2027, 2, D(2027, 2, 1)),  # Monday
    ],
)
def test_first_working_day_moves_a_weekend_first_to_the_monday(year, month, expected):
    assert schedules.first_working_day(year, month) == expected
    assert expected.weekday() < 5


def test_monthly_on_a_day_the_month_lacks_fires_on_its_last_day():
    monthly = schedule(frequency=Frequency.MONTHLY, day_of_month=31)
    assert schedules.fire_day(monthly, D(2026, 6, 10)) == D(2026, 6, 30)
    assert schedules.fire_day(monthly, D(2027, 2, 3)) == D(2027, 2, 28)
    assert schedules.fire_day(monthly, D(2026, 7, 31)) == D(2026, 7, 31)
    assert schedules.fire_day(schedule(frequency=Frequency.MONTHLY, day_of_month=15), D(2026, 7, 31)) == D(
        2026, 7, 15
    )


def test_when_in_words():
    assert schedule().when_words == "On the first working day of each month at 07:00"
    assert schedule(frequency=Frequency.MONTHLY, day_of_month=15).when_words == "Monthly on day 15 at 07:00"
    assert schedule(frequency=Frequency.MONTHLY, day_of_month=31).when_words == (
        "Monthly on day 31 (or the month's last day) at 07:00"
    )
    assert schedule(frequency=Frequency.WEEKLY, weekday=4).when_words == "Every Friday at 07:00"


def test_weekly_fires_on_its_weekday_of_the_iso_week():
    wednesdays = schedule(frequency=Frequency.WEEKLY, weekday=ReportSchedule.Weekday.WEDNESDAY)
    # Sunday 29 Nov 2026 is in the ISO week of Monday 23 Nov.
    assert schedules.fire_day(wednesdays, D(2026, 11, 29)) == D(2026, 11, 25)
    assert schedules.period_key(Frequency.WEEKLY, D(2026, 11, 29)) == "2026-W48"
    # 1 Jan 2027 (a Friday) belongs to ISO week 53 of 2026.
    assert schedules.period_key(Frequency.WEEKLY, D(2027, 1, 1)) == "2026-W53"
    assert schedules.period_key(Frequency.MONTHLY, D(2027, 1, 1)) == "2027-01"


def test_due_only_from_its_time_and_once_a_period():
    first = schedule()
    assert schedules.due_period(first, at(D(2026, 11, 2), 6, 59)) is None  # before 07:00
    assert schedules.due_period(first, at(D(2026, 11, 1), 9)) is None  # Sunday: not yet
    assert schedules.due_period(first, at(D(2026, 11, 2), 7)) == "2026-11"
    # A beat that was down at 07:00 still sends it later in the month.
    assert schedules.due_period(first, at(D(2026, 11, 20), 12)) == "2026-11"
    first.last_fired_period = "2026-11"
    assert schedules.due_period(first, at(D(2026, 11, 2), 7, 15)) is None
    assert schedules.due_period(first, at(D(2026, 12, 1), 7)) == "2026-12"
    first.is_paused = True
    assert schedules.due_period(first, at(D(2026, 12, 1), 7)) is None


def test_next_firing():
    first = schedule()
    assert schedules.next_firing(first, at(D(2026, 10, 20))) == at(D(2026, 10, 1))  # missed: next tick
    first.last_fired_period = "2026-10"
    assert schedules.next_firing(first, at(D(2026, 10, 20))) == at(D(2026, 11, 2))
    first.is_paused = True
    assert schedules.next_firing(first, at(D(2026, 10, 20))) is None


def test_a_schedule_saved_after_this_periods_time_starts_with_the_next():
    first = schedule()
    schedules.start_from_next_period(first, at(D(2026, 11, 10)))
    assert first.last_fired_period == "2026-11"
    assert schedules.due_period(first, at(D(2026, 11, 10), 7, 15)) is None
    # Saved before the time: it fires this period.
    early = schedule()
    schedules.start_from_next_period(early, at(D(2026, 11, 2), 6))
    assert early.last_fired_period == ""
    assert schedules.due_period(early, at(D(2026, 11, 2), 7)) == "2026-11"


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        (Period.PREVIOUS_MONTH, D(2026, 11, 2), (D(2026, 10, 1), D(2026, 10, 31))),
        (Period.PREVIOUS_MONTH, D(2027, 1, 4), (D(2026, 12, 1), D(2026, 12, 31))),
        (Period.PREVIOUS_MONTH, D(2027, 3, 1), (D(2027, 2, 1), D(2027, 2, 28))),
        (Period.PREVIOUS_WEEK, D(2026, 11, 25), (D(2026, 11, 16), D(2026, 11, 22))),
        (Period.PREVIOUS_WEEK, D(2026, 11, 23), (D(2026, 11, 16), D(2026, 11, 22))),
        (Period.PREVIOUS_QUARTER, D(2026, 11, 2), (D(2026, 7, 1), D(2026, 9, 30))),
        (Period.PREVIOUS_QUARTER, D(2027, 1, 4), (D(2026, 10, 1), D(2026, 12, 31))),
        (Period.LAST_12_MONTHS, D(2026, 11, 2), (D(2025, 11, 1), D(2026, 10, 31))),
        (Period.SENT_ON, D(2026, 11, 2), (D(2026, 11, 2), D(2026, 11, 2))),
    ],
)
def test_report_dates_are_relative_to_the_day_it_is_due(period, day, expected):
    assert schedules.report_dates(period, day) == expected


def test_the_kinds_date_fields_are_found_by_name_or_declared():
    assert schedules.date_fields(BoardProgressForm) == {"period_start": "start", "period_end": "end"}
    assert schedules.date_fields(TrainingComplianceForm) == {"as_at": "end"}

    class Declared(forms.Form):
        schedule_dates = {"opened": "start"}
        opened = forms.DateField()

    assert schedules.date_fields(Declared) == {"opened": "start"}
