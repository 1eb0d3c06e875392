"""The figure store (workforce/figure_store.py): indicator figures of past periods are worked out
once and read back exactly, and a write marks stale exactly the periods it can change.

Marks are made when the writer's transaction commits, so the tests of marking use real commits
(transactional_db)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workforce import figure_store
from workforce.completions import Completion, record_completions
from workforce.figure_store import FigureMark, StoredFigure
from workforce.periods import periods
from workforce.tests.factories import CourseFactory, StaffMemberFactory, TrainingRecordFactory, UserFactory
from workforce.training import Course, TrainingRecord

KEY = f"workforce.completions.{Course.Kind.APPRENTICESHIP.value}"


def last_months(count=3):
    return [(period.start, period.end) for period in periods("month", count)]


def stale_ends(key=KEY) -> list[datetime.date]:
    return sorted(StoredFigure.objects.filter(key=key, is_stale=True).values_list("end", flat=True))


@pytest.fixture
def course(db):
    return CourseFactory(kind=Course.Kind.APPRENTICESHIP)


@pytest.fixture
def people(db):
    # Made before any figure is stored: making a person (and their unit and role) changes figures.
    return StaffMemberFactory.create_batch(3, start_date=datetime.date(2020, 1, 1))


def complete(course, on, person):
    return TrainingRecordFactory(
        course=course, staff_member=person, status=TrainingRecord.Status.COMPLETED, completed_on=on
    )


def test_a_figure_is_worked_out_once_then_read_back_exactly(db, django_assert_num_queries):
    months = last_months()
    StaffMemberFactory.create_batch(3, start_date=datetime.date(2020, 1, 1))
    StaffMemberFactory(start_date=datetime.date(2020, 1, 1), leaving_date=months[1][0])
    worked_out = figure_store.figures("workforce.turnover", months)
    assert worked_out.waiting == 0
    with django_assert_num_queries(1):
        read_back = figure_store.figures("workforce.turnover", months)
    assert read_back == worked_out
    # A percentage keeps its digits ("33.3", not a float); a count stays an int.
    turnover = read_back[months[1]]
    assert isinstance(turnover.value, Decimal) and str(turnover.value) == "33.3"
    assert isinstance(turnover.numerator, int)
    assert figure_store.figures("workforce.headcount", months)[months[2]].value == 3


def test_a_late_record_marks_the_periods_it_reaches_and_no_earlier(transactional_db, course, people):
    months = last_months()
    figure_store.figures(KEY, months)
    assert stale_ends() == []
    complete(course, months[1][0], people[0])  # recorded today, completed two months ago
    assert stale_ends() == [months[1][1], months[2][1]]
    found = figure_store.figures(KEY, months)
    assert [found[month].value for month in months] == [0, 1, 0]
    assert stale_ends() == []


def test_a_record_completed_this_month_or_only_booked_marks_nothing(transactional_db, course, people):
    months = last_months()
    figure_store.figures(KEY, months)
    with CaptureQueriesContext(connection) as writes:
        complete(course, datetime.date.today(), people[0])
        TrainingRecordFactory(
            course=course, staff_member=people[1], status=TrainingRecord.Status.PLANNED, completed_on=None
        )
    assert not [query for query in writes if "storedfigure" in query["sql"].lower()]
    assert stale_ends() == []


def test_moving_a_completion_later_reaches_back_to_its_old_date(transactional_db, course, people):
    months = last_months()
    record = complete(course, months[0][0], people[0])
    figure_store.figures(KEY, months)
    record = TrainingRecord.objects.get(pk=record.pk)
    record.completed_on = datetime.date.today()
    record.save()
    assert stale_ends() == [end for _, end in months]
    assert [figure_store.figures(KEY, months)[month].value for month in months] == [0, 0, 0]


def test_completions_recorded_in_bulk_mark_from_the_earliest(transactional_db, course, people):
    months = last_months()
    user = UserFactory()
    figure_store.figures(KEY, months)
    record_completions(
        [
            Completion(person, course, day, "")
            for person, day in zip(people[:2], (months[2][0], months[2][1]), strict=True)
        ],
        user=user,
        reason="Course attendance",
    )
    assert stale_ends() == [months[2][1]]
    assert figure_store.figures(KEY, months)[months[2]].value == 2


def test_a_change_to_a_person_reaches_every_period_and_every_app(transactional_db):
    months = last_months()
    person = StaffMemberFactory(start_date=datetime.date(2020, 1, 1))
    figure_store.figures("workforce.headcount", months)
    figure_store.figures("pathways.progressions", months)
    person.leaving_date = months[0][1]
    person.save()
    assert stale_ends("workforce.headcount") == [end for _, end in months]
    assert stale_ends("pathways.progressions") == [end for _, end in months]


def test_a_write_rolled_back_marks_nothing(transactional_db, course, people):
    from django.db import transaction

    months = last_months()
    figure_store.figures(KEY, months)
    with pytest.raises(RuntimeError), transaction.atomic():
        complete(course, months[0][0], people[0])
        raise RuntimeError("the form failed")
    assert stale_ends() == []


def test_a_figure_worked_out_while_a_write_came_in_is_stored_stale(db, course, monkeypatch):
    """Another writer commits while this one works the figure out from rows read before it: the
    figure is stored, but stale, although there was no stored row for the mark to reach."""
    months = last_months(1)
    value = figure_store.indicators.value

    def slow_value(key, start, end):
        measure = value(key, start, end)
        figure_store._mark("workforce", months[0][0])  # what a commit elsewhere does meanwhile
        return measure

    monkeypatch.setattr(figure_store.indicators, "value", slow_value)
    figure_store.figures(KEY, months)
    assert FigureMark.objects.filter(app_label="workforce").exists()
    assert stale_ends() == [months[0][1]]


def test_a_budget_leaves_the_rest_to_the_background_and_the_refresh_does_it(db, course, people, monkeypatch):
    queued = []
    monkeypatch.setattr(figure_store, "queue_refresh", lambda: queued.append(True))
    months = last_months()
    complete(course, months[0][0], people[0])
    found = figure_store.figures(KEY, months, budget=0)
    assert found.waiting == 3 and queued
    assert all(found[month] is None for month in months)

    # What the pages show: 36 months, 12 quarters and 3 years, and the latest of each broken down
    # by unit, staff group and band, all missing; then none; then the nightly run's all again.
    shown = 36 + 12 + 3 + 3 * 3
    assert figure_store.refresh([KEY]) == shown
    assert figure_store.refresh([KEY]) == 0
    assert figure_store.refresh([KEY], everything=True) == shown
    found = figure_store.figures(KEY, months, budget=0)
    assert found.waiting == 0
    assert [found[month].value for month in months] == [1, 0, 0]


def test_the_nightly_refresh_is_a_beat_entry(db):
    from django_celery_beat.models import PeriodicTask

    nightly = PeriodicTask.objects.get(task="workforce.refresh_figures")
    assert nightly.crontab.hour == "2" and nightly.kwargs == '{"everything": true}'


def test_a_breakdown_is_stored_and_marked_stale_like_its_figure(transactional_db, course, people):
    (start, end), *_ = last_months(1)
    complete(course, start, people[0])
    rows = figure_store.breakdown(KEY, start, end, "band")
    stored = StoredFigure.objects.get(key=KEY, by="band")
    assert stored.as_breakdown() == rows and sum(row.measure.value for row in rows) == 1
    with CaptureQueriesContext(connection) as read:
        assert figure_store.breakdown(KEY, start, end, "band") == rows
    assert len(read) == 1
    complete(course, start, people[1])  # recorded late
    assert StoredFigure.objects.get(key=KEY, by="band").is_stale
    assert sum(row.measure.value for row in figure_store.breakdown(KEY, start, end, "band")) == 2
