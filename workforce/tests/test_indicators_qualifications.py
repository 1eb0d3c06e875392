"""Progression to higher qualifications, on hand-checked data: what is a step up and what is not,
the period's boundaries, leavers, people without a band, and the registry's headline set."""

import datetime

import pytest

from workforce import indicators
from workforce.indicators import Measure
from workforce.indicators_qualifications import KEY, level_number, qualification_levels
from workforce.tests.factories import CourseFactory, JobRoleFactory, StaffMemberFactory, TrainingRecordFactory
from workforce.training import Course

START, END = datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)
BEFORE = datetime.date(2023, 3, 1)
IN_PERIOD = datetime.date(2025, 5, 12)


@pytest.fixture
def courses(db):
    kind = Course.Kind
    return {
        "l2": CourseFactory(title="Adult Care Worker", kind=kind.APPRENTICESHIP, level="Level 2"),
        "l3": CourseFactory(title="Lead Adult Care Worker", kind=kind.APPRENTICESHIP, level="Level 3"),
        "l3q": CourseFactory(title="Award in Education", kind=kind.QUALIFICATION, level="Level 3"),
        "l5": CourseFactory(title="Foundation Degree", kind=kind.FOUNDATION_DEGREE, level="RQF Level 5"),
        "nolevel": CourseFactory(title="Short qualification", kind=kind.QUALIFICATION, level="Advanced"),
        # Taught at levels, but a mandatory course: never a qualification step.
        "safeguarding3": CourseFactory(
            title="Safeguarding adults level 3", kind=kind.STATUTORY_MANDATORY, level="Level 3"
        ),
    }


def completed(person, course, on=IN_PERIOD, **fields):
    return TrainingRecordFactory(staff_member=person, course=course, started_on=on, completed_on=on, **fields)


def test_level_numbers_are_read_from_the_level_text():
    assert level_number("Level 3") == 3
    assert level_number("RQF Level 5") == 5
    assert level_number("Advanced") is None
    assert level_number("") is None


def test_only_qualifications_with_a_level_are_compared(courses):
    levels = qualification_levels()
    assert levels == {courses["l2"].pk: 2, courses["l3"].pk: 3, courses["l3q"].pk: 3, courses["l5"].pk: 5}


def test_who_stepped_up_and_who_did_not(courses):
    first = StaffMemberFactory()  # first qualification with us: counts
    completed(first, courses["l2"])
    up = StaffMemberFactory()  # Level 2 two years ago, Level 3 now: counts
    completed(up, courses["l2"], BEFORE)
    completed(up, courses["l3"])
    same = StaffMemberFactory()  # a second Level 3: not a step up
    completed(same, courses["l3"], BEFORE)
    completed(same, courses["l3q"])
    down = StaffMemberFactory()  # Level 3 after a foundation degree: not a step up
    completed(down, courses["l5"], BEFORE)
    completed(down, courses["l3q"])
    twice = StaffMemberFactory()  # two steps in the period: one person
    completed(twice, courses["l2"], START)
    completed(twice, courses["l3"], END)
    mandatory = StaffMemberFactory()  # safeguarding level 3 is not a qualification
    completed(mandatory, courses["safeguarding3"])
    unlevelled = StaffMemberFactory()  # no level to compare
    completed(unlevelled, courses["nolevel"])
    planned = StaffMemberFactory()  # not completed
    TrainingRecordFactory(staff_member=planned, course=courses["l5"], status="in_progress", completed_on=None)
    StaffMemberFactory()  # nothing at all

    # first, up and twice of nine people in post
    assert indicators.value(KEY, START, END) == Measure(indicators.percentage(3, 9), 3, 9)


def test_the_period_boundaries_and_leavers(courses):
    on_first_day = StaffMemberFactory()
    completed(on_first_day, courses["l2"], START)
    day_before = StaffMemberFactory()
    completed(day_before, courses["l2"], START - datetime.timedelta(days=1))
    day_after = StaffMemberFactory()
    completed(day_after, courses["l2"], END + datetime.timedelta(days=1))
    # Stepped up, then left on the period's last day: has left, so in neither count.
    left_on_last_day = StaffMemberFactory(leaving_date=END)
    completed(left_on_last_day, courses["l3"])
    left_after = StaffMemberFactory(leaving_date=END + datetime.timedelta(days=1))
    completed(left_after, courses["l3"])
    archived = StaffMemberFactory(is_archived=True)
    completed(archived, courses["l3"])

    assert indicators.value(KEY, START, END) == Measure(indicators.percentage(2, 4), 2, 4)


def test_a_level_held_before_the_period_is_judged_on_the_day_not_the_period(courses):
    """Two completions on the same day: neither was held before the other, so the higher is a step."""
    person = StaffMemberFactory()
    completed(person, courses["l2"], IN_PERIOD)
    completed(person, courses["l3"], IN_PERIOD)
    earlier = StaffMemberFactory()
    completed(earlier, courses["l3"], IN_PERIOD - datetime.timedelta(days=1))
    completed(earlier, courses["l2"], IN_PERIOD)  # a lower one after a higher one in the period
    assert indicators.value(KEY, START, END).numerator == 2


def test_without_any_levelled_qualification_the_figure_cannot_be_told(db):
    CourseFactory(title="Short qualification", kind=Course.Kind.QUALIFICATION, level="")
    StaffMemberFactory()
    assert indicators.value(KEY, START, END) == Measure(None)


def test_it_breaks_down_by_band_with_people_without_a_band_apart(courses):
    band3 = JobRoleFactory(title="Care Assistant", pay_band="3")
    no_band = JobRoleFactory(title="Volunteer coordinator", pay_band="")
    for role, steps in ((band3, 1), (no_band, 1)):
        person = StaffMemberFactory(job_role=role)
        for _ in range(steps):
            completed(person, courses["l2"])
        StaffMemberFactory(job_role=role)
    StaffMemberFactory(job_role=None)  # no role at all: not recorded
    rows = {row.label: row.measure for row in indicators.breakdown(KEY, START, END, by="band")}
    assert rows["Band 3"] == Measure(indicators.percentage(1, 2), 1, 2)
    assert rows[indicators.NOT_RECORDED] == Measure(indicators.percentage(1, 3), 1, 3)
    total = indicators.value(KEY, START, END)
    assert sum(m.numerator for m in rows.values()) == total.numerator
    assert sum(m.denominator for m in rows.values()) == total.denominator


def test_it_is_a_headline_indicator_with_its_good_direction():
    indicator = indicators.get(KEY)
    assert indicator.good == "up" and indicator.unit == "%"
    assert KEY in indicators.headline_keys()
    # Headcount is context, not a success measure: not a headline.
    assert "workforce.headcount" not in indicators.headline_keys()
