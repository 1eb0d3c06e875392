"""Periods (months, financial quarters and years, complete ones only) and an indicator's series."""

import datetime

from reports.series import Granularity, period_containing, periods, series
from workforce.indicators import Measure
from workforce.tests.factories import StaffMemberFactory

TODAY = datetime.date(2026, 5, 14)


def test_the_last_complete_months():
    found = periods(Granularity.MONTH, 3, TODAY)
    assert [(p.start, p.end) for p in found] == [
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
    ]
    assert found[-1].label == "Apr 2026"


def test_financial_quarters_and_years():
    # 14 May 2026 is in Q1 of 2026/27 (Apr-Jun), still running: the last complete one is Q4 2025/26.
    quarters = periods(Granularity.QUARTER, 2, TODAY)
    assert [(p.start, p.end) for p in quarters] == [
        (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
    ]
    assert [p.label for p in quarters] == ["Q3 2025/26 (Oct-Dec)", "Q4 2025/26 (Jan-Mar)"]
    (year,) = periods(Granularity.YEAR, 1, TODAY)
    assert (year.start, year.end, year.label) == (
        datetime.date(2025, 4, 1),
        datetime.date(2026, 3, 31),
        "2025/26",
    )
    assert period_containing(datetime.date(2026, 2, 3), Granularity.YEAR).label == "2025/26"


def test_default_counts_cover_three_years():
    assert len(periods(Granularity.MONTH, today=TODAY)) == 36
    assert len(periods(Granularity.QUARTER, today=TODAY)) == 12
    assert len(periods(Granularity.YEAR, today=TODAY)) == 3


def test_a_series_counts_each_period(db, django_assert_num_queries):
    StaffMemberFactory(start_date=datetime.date(2026, 3, 31))
    StaffMemberFactory.create_batch(2, start_date=datetime.date(2026, 4, 1))
    # The store read, one per month (not one per person), the store's write and its re-check.
    with django_assert_num_queries(1 + 3 + 2):
        found = series("workforce.starters", Granularity.MONTH, 3, TODAY)
    assert [measure for _, measure in found] == [
        Measure(0, 0, None),
        Measure(1, 1, None),
        Measure(2, 2, None),
    ]
    assert found.waiting == 0


def test_past_figures_are_stored_for_the_organisation_and_a_restricted_series_is_not(
    transactional_db, django_assert_num_queries
):
    from workforce.models import StaffMember

    series("workforce.starters", Granularity.MONTH, 3, TODAY)
    with django_assert_num_queries(1):
        assert series("workforce.starters", Granularity.MONTH, 3, TODAY)[-1][1] == Measure(0, 0, None)
    StaffMemberFactory(start_date=datetime.date(2026, 4, 1))  # recorded late: May's figure is stale
    assert series("workforce.starters", Granularity.MONTH, 3, TODAY)[-1][1].value == 1
    with django_assert_num_queries(3):
        restricted = series(
            "workforce.starters", Granularity.MONTH, 3, TODAY, population=StaffMember.objects.all()
        )
    assert restricted[-1][1].value == 1
