"""Starters, stability and promotions to a higher band, on hand-checked data, and every core
indicator's good direction."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from workforce import indicators
from workforce.indicators import Measure
from workforce.indicators_people import stability_start
from workforce.models import PayBand
from workforce.tests.factories import JobRoleFactory, StaffMemberFactory

START, END = datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)
LONG_AGO = datetime.date(2020, 1, 1)


def on(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def change_role(person, role, day: datetime.date) -> None:
    """Save a change of role as if made on `day` (simple_history dates the row from _history_date)."""
    person.job_role = role
    person._history_date = on(day)
    person.save()


def person(role, created=LONG_AGO):
    """A staff member whose record (and its first history row) dates from `created`."""
    staff = StaffMemberFactory.build(job_role=role, start_date=created, org_unit=None)
    staff._history_date = on(created)
    staff.save()
    return staff


def test_good_directions_of_the_core_indicators():
    good = {indicator.key: indicator.good for indicator in indicators.all_indicators()}
    assert good["workforce.turnover"] == "down"
    assert good["workforce.leavers"] == "down"
    assert good["workforce.mandatory_compliance"] == "up"
    assert good["workforce.completions.care_certificate"] == "up"
    assert good["workforce.headcount"] is None
    assert good["workforce.starters"] == "up"
    assert good["workforce.stability"] == "up"
    assert good["workforce.promotions"] == "up"


def test_a_wrong_good_direction_is_refused():
    with pytest.raises(ValueError):
        indicators.register("test.sideways", "Sideways", good="sideways")


def test_starters_on_the_period_boundaries(db):
    StaffMemberFactory(start_date=START)  # first day: in
    StaffMemberFactory(start_date=END)  # last day: in
    StaffMemberFactory(start_date=START - datetime.timedelta(days=1))  # the day before: out
    StaffMemberFactory(start_date=END + datetime.timedelta(days=1))  # the day after: out
    StaffMemberFactory(start_date=datetime.date(2025, 5, 1), is_archived=True)  # a mistake: out
    StaffMemberFactory(start_date=None)  # no start date recorded: never a starter
    assert indicators.value("workforce.starters", START, END) == Measure(2, 2, None)


def test_stability_looks_back_twelve_months_from_the_period_end(db):
    # The 12 months ending 30 Jun 2025 start on 1 Jul 2024.
    assert stability_start(END) == datetime.date(2024, 7, 1)
    StaffMemberFactory.create_batch(6, start_date=LONG_AGO)  # stayed: in both counts
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2025, 1, 10))  # left: base only
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=END)  # left on the last day: has left
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2024, 7, 1))  # gone on day one
    StaffMemberFactory(start_date=datetime.date(2024, 7, 1))  # started on day one: in both
    StaffMemberFactory(start_date=datetime.date(2024, 7, 2))  # started after: in neither
    # 7 of the 9 in post on 1 Jul 2024 are still in post on 30 Jun 2025: 77.8%
    assert indicators.value("workforce.stability", START, END) == Measure(Decimal("77.8"), 7, 9)


def test_promotions_to_a_higher_band(db):
    band_3 = JobRoleFactory(title="Senior care assistant", pay_band=PayBand.BAND_3)
    band_2 = JobRoleFactory(title="Care assistant", pay_band=PayBand.BAND_2)
    band_8a = JobRoleFactory(title="Matron", pay_band=PayBand.BAND_8A)
    band_7 = JobRoleFactory(title="Ward manager", pay_band=PayBand.BAND_7)
    band_9 = JobRoleFactory(title="Chief nurse", pay_band=PayBand.BAND_9)
    no_band = JobRoleFactory(title="Volunteer coordinator", pay_band="")

    promoted = person(band_2)
    change_role(promoted, band_3, datetime.date(2025, 5, 1))  # 2 -> 3 in the period: counted
    on_first_day = person(band_7)
    change_role(on_first_day, band_8a, START)  # 7 -> 8a on the first day: counted (8a ranks above 7)
    on_last_day = person(band_8a)
    change_role(on_last_day, band_9, END)  # 8a -> 9 on the last day: counted
    twice = person(band_2)
    change_role(twice, band_3, datetime.date(2025, 4, 10))
    change_role(twice, band_7, datetime.date(2025, 6, 10))  # two promotions, one person: counted once
    before = person(band_2)
    change_role(before, band_3, START - datetime.timedelta(days=1))  # the day before: not counted
    after = person(band_2)
    change_role(after, band_3, END + datetime.timedelta(days=1))  # the day after: not counted
    demoted = person(band_3)
    change_role(demoted, band_2, datetime.date(2025, 5, 1))  # lower band: not counted
    sideways = person(band_3)
    change_role(sideways, JobRoleFactory(title="Activities lead", pay_band=PayBand.BAND_3), END)  # same
    from_no_band = person(no_band)
    change_role(from_no_band, band_3, datetime.date(2025, 5, 1))  # nothing to compare: not counted
    to_no_band = person(band_3)
    change_role(to_no_band, no_band, datetime.date(2025, 5, 1))  # nothing to compare: not counted
    joined_in_period = person(band_7, created=datetime.date(2025, 5, 1))  # a starter, not a promotion
    archived = person(band_2)
    change_role(archived, band_3, datetime.date(2025, 5, 1))
    archived.is_archived = True
    archived.save()  # a mistaken record never counts
    assert joined_in_period.history.count() == 1

    assert indicators.value("workforce.promotions", START, END) == Measure(4, 4, None)
    rows = indicators.breakdown("workforce.promotions", START, END, by="band")
    # Grouped by the band they hold now.
    assert {row.label: row.measure.value for row in rows} == {
        "Band 7": 1,
        "Band 8a": 1,
        "Band 9": 1,
        "Band 3": 1,
    }


def test_promotions_cost_one_query_whatever_the_history(db, django_assert_num_queries):
    role, higher = JobRoleFactory(pay_band=PayBand.BAND_2), JobRoleFactory(pay_band=PayBand.BAND_4)
    for n in range(5):
        staff = person(role)
        change_role(staff, higher, datetime.date(2025, 5, n + 1))
    with django_assert_num_queries(1):
        assert indicators.value("workforce.promotions", START, END).value == 5
