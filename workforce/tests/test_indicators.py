"""The indicator registry: each figure with its numerator and denominator, and breakdowns."""

import datetime
from decimal import Decimal

import pytest

from workforce import indicators
from workforce.indicators import Measure
from workforce.models import Course, StaffGroup, StaffMember
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
LONG_AGO = datetime.date(2020, 1, 1)
LEFT_IN_PERIOD = datetime.date(2025, 10, 1)


def test_core_indicators_are_registered():
    keys = {indicator.key for indicator in indicators.all_indicators()}
    assert {
        "workforce.headcount",
        "workforce.leavers",
        "workforce.turnover",
        "workforce.mandatory_compliance",
    } <= keys
    assert "workforce.completions.care_certificate" in keys


def test_registering_a_different_function_under_a_taken_key_is_refused():
    with pytest.raises(ValueError):
        indicators.register("workforce.headcount", "again")(lambda start, end: None)


def test_headcount_leavers_and_turnover(db):
    StaffMemberFactory.create_batch(8, start_date=LONG_AGO)
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2025, 9, 30))
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2026, 1, 15))
    StaffMemberFactory(start_date=datetime.date(2019, 1, 1), leaving_date=datetime.date(2024, 1, 1))  # before
    StaffMemberFactory(start_date=datetime.date(2026, 4, 1))  # starts after the period
    StaffMemberFactory(start_date=LONG_AGO, is_archived=True)  # a mistaken record
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2025, 9, 30), is_archived=True)

    assert indicators.value("workforce.headcount", START, END) == Measure(8, 8, None)
    assert indicators.value("workforce.leavers", START, END) == Measure(2, 2, None)
    # 2 leavers / average of 10 in post at the start and 8 at the end = 22.2%
    assert indicators.value("workforce.turnover", START, END) == Measure(Decimal("22.2"), 2, 9)


def test_the_headcount_is_the_directorys_in_post(db):
    StaffMemberFactory.create_batch(3, start_date=LONG_AGO)
    StaffMemberFactory(start_date=END + datetime.timedelta(days=1))
    StaffMemberFactory(leaving_date=END)
    assert (
        indicators.value("workforce.headcount", START, END).value == StaffMember.objects.in_post(END).count()
    )


def test_an_odd_average_headcount_is_kept_exact(db):
    StaffMemberFactory.create_batch(2, start_date=LONG_AGO)
    StaffMemberFactory(start_date=LONG_AGO, leaving_date=datetime.date(2025, 6, 1))
    StaffMemberFactory(start_date=datetime.date(2025, 6, 2))
    StaffMemberFactory(start_date=datetime.date(2025, 6, 2))
    # 1 leaver / average of 3 and 4 = 3.5 -> 28.6%
    assert indicators.value("workforce.turnover", START, END) == Measure(Decimal("28.6"), 1, Decimal("3.5"))


def test_completions_by_course_kind(db):
    care_certificate = CourseFactory(kind=Course.Kind.CARE_CERTIFICATE, renewal_months=None)
    TrainingRecordFactory(course=care_certificate, completed_on=datetime.date(2025, 6, 1))
    TrainingRecordFactory(course=care_certificate, completed_on=datetime.date(2024, 6, 1))
    assert indicators.value("workforce.completions.care_certificate", START, END) == Measure(1, 1, None)


def _compliance_data():
    fire, manual_handling = CourseFactory(renewal_months=12), CourseFactory(renewal_months=36)
    for course in (fire, manual_handling):
        TrainingRequirementFactory(course=course)  # everyone must hold both
    compliant, partly, expired = StaffMemberFactory.create_batch(3)
    for course in (fire, manual_handling):
        TrainingRecordFactory(staff_member=compliant, course=course, completed_on=datetime.date(2025, 11, 1))
    TrainingRecordFactory(staff_member=partly, course=fire, completed_on=datetime.date(2025, 11, 1))
    for course in (fire, manual_handling):
        TrainingRecordFactory(staff_member=expired, course=course, completed_on=datetime.date(2022, 1, 1))
    TrainingRecordFactory(
        staff_member=expired, course=manual_handling, completed_on=datetime.date(2025, 1, 1)
    )
    # A leaver's in-date training counts in neither the numerator nor the denominator.
    leaver = StaffMemberFactory(leaving_date=datetime.date(2026, 1, 1))
    for course in (fire, manual_handling):
        TrainingRecordFactory(staff_member=leaver, course=course, completed_on=datetime.date(2025, 11, 1))
    return compliant, partly, expired


def test_mandatory_compliance(db):
    _compliance_data()
    # Courses, not people: 2 of 2 in date, 1 of 2 (one missing), 1 of 2 (fire expired).
    assert indicators.value("workforce.mandatory_compliance", START, END) == Measure(Decimal("66.7"), 4, 6)


def test_compliance_without_required_courses_cannot_be_told(db):
    StaffMemberFactory()
    assert indicators.value("workforce.mandatory_compliance", START, END) == Measure(None)
    rows = indicators.breakdown("workforce.mandatory_compliance", START, END, by="band")
    assert all(row.measure.value is None for row in rows)


def test_a_population_restricts_every_count(db):
    compliant, partly, _expired = _compliance_data()
    population = StaffMember.objects.filter(pk__in=[compliant.pk, partly.pk])
    result = indicators.value("workforce.mandatory_compliance", START, END, population=population)
    assert result == Measure(Decimal("75.0"), 3, 4)


# --- Small numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "small"),
    [
        (Measure(0, 0, None), False),  # nobody identifies no one
        (Measure(3, 3, None), True),
        (Measure(5, 5, None), False),
        (Measure(Decimal("10.0"), 12, 120), False),
        (Measure(Decimal("50.0"), 2, 4), True),
        (Measure(Decimal("100.0"), 5, Decimal("4.5")), True),  # an average under 5 people
        (Measure(None), False),
    ],
)
def test_small_numbers(result, small):
    assert result.is_small() is small
    assert result.suppressed() == (Measure(None, is_suppressed=True) if small else result)


def test_the_threshold_can_be_chosen():
    assert Measure(7, 7, None).is_small(threshold=10)
    assert not Measure(7, 7, None).is_small(threshold=5)


# --- Breakdowns ------------------------------------------------------------------------------


@pytest.fixture
def spread(org):
    """People across regions, staff groups and bands, some at the top, some without a role."""
    carer = JobRoleFactory(title="Carer", pay_band="2", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    nurse = JobRoleFactory(title="Nurse", pay_band="5", staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    oak_night = OrgUnitFactory(name="Oak night team", parent=org["oak"])
    placed = [
        (org["oak"], carer, 3, 1),
        (oak_night, nurse, 2, 1),
        (org["elm"], carer, 4, 0),
        (org["south"], nurse, 1, 1),
        (org["group"], None, 2, 0),
        (None, carer, 1, 1),
    ]
    for unit, role, staying, leaving in placed:
        StaffMemberFactory.create_batch(staying, org_unit=unit, job_role=role, start_date=LONG_AGO)
        StaffMemberFactory.create_batch(
            leaving,
            org_unit=unit,
            job_role=role,
            start_date=LONG_AGO,
            leaving_date=datetime.date(2025, 10, 1),
        )
    return {"carer": carer, "nurse": nurse}


def by_label(rows):
    return {row.label: row.measure for row in rows}


@pytest.mark.parametrize("key", ["workforce.headcount", "workforce.leavers", "workforce.turnover"])
@pytest.mark.parametrize("by", ["unit", "staff_group", "band"])
def test_breakdowns_add_up_to_the_whole(spread, key, by):
    whole = indicators.value(key, START, END)
    rows = indicators.breakdown(key, START, END, by=by)
    assert sum(row.measure.numerator for row in rows) == whole.numerator
    if whole.denominator is not None:
        assert sum(row.measure.denominator for row in rows) == whole.denominator


def test_breakdown_by_unit_shows_the_regions_below_the_organisation(spread):
    rows = by_label(indicators.breakdown("workforce.turnover", START, END, by="unit"))
    assert list(rows) == ["North Region", "South Region", "Northshire Care Group (itself)", "Not recorded"]
    # North: 5 stay, 2 leave -> average of 7 and 5 = 6; 2 / 6 = 33.3%
    assert rows["North Region"] == Measure(Decimal("33.3"), 2, 6)
    assert rows["South Region"] == Measure(Decimal("18.2"), 1, Decimal("5.5"))
    assert rows["Northshire Care Group (itself)"] == Measure(Decimal("0.0"), 0, 2)
    assert rows["Not recorded"] == Measure(Decimal("66.7"), 1, Decimal("1.5"))


def test_breakdown_within_a_unit_shows_the_units_below_it(spread, org):
    rows = by_label(indicators.breakdown("workforce.headcount", START, END, by="unit", unit=org["north"]))
    assert rows == {
        "Oak House": Measure(5, 5, None),
        "North Region (itself)": Measure(0, 0, None),
    }
    assert indicators.value("workforce.headcount", START, END, unit=org["north"]) == Measure(5, 5, None)
    rows = by_label(indicators.breakdown("workforce.headcount", START, END, by="unit", unit=org["oak"]))
    assert rows == {"Oak night team": Measure(2, 2, None), "Oak House (itself)": Measure(3, 3, None)}


def test_breakdown_by_staff_group_and_band(spread):
    groups = by_label(indicators.breakdown("workforce.headcount", START, END, by="staff_group"))
    assert groups == {
        "Direct care support": Measure(8, 8, None),
        "Registered professional": Measure(3, 3, None),
        "Not recorded": Measure(2, 2, None),
    }
    bands = by_label(indicators.breakdown("workforce.leavers", START, END, by="band"))
    assert bands == {"Band 2": Measure(2, 2, None), "Band 5": Measure(2, 2, None)}


def test_compliance_breaks_down_by_band(db):
    compliant, partly, expired = _compliance_data()
    band_2 = JobRoleFactory(pay_band="2")
    StaffMember.objects.filter(pk__in=[compliant.pk, partly.pk]).update(job_role=band_2)
    rows = by_label(indicators.breakdown("workforce.mandatory_compliance", START, END, by="band"))
    assert rows["Band 2"] == Measure(Decimal("75.0"), 3, 4)
    assert sum(measure.denominator for measure in rows.values()) == 6


def test_an_unknown_breakdown_is_refused(db):
    with pytest.raises(ValueError, match="staff_group"):
        indicators.breakdown("workforce.headcount", START, END, by="salary")


# A unit breakdown: 1 the organisation's root, 2 the units below it, then one GROUP BY per tally
# (turnover: leavers, in post at the start, in post at the end), whatever the number of groups.
@pytest.mark.parametrize("regions", [2, 6])
def test_a_breakdown_costs_one_query_per_tally_not_per_group(org, django_assert_num_queries, regions):
    for number in range(regions - 2):
        region = OrgUnitFactory(name=f"Region {number}", parent=org["group"])
        StaffMemberFactory.create_batch(2, org_unit=region, start_date=LONG_AGO)
    with django_assert_num_queries(2 + 3):
        rows = indicators.breakdown("workforce.turnover", START, END, by="unit")
    assert len(rows) == regions + 1
    with django_assert_num_queries(3):
        indicators.breakdown("workforce.turnover", START, END, by="band")


def test_a_role_without_a_band_counts_as_not_recorded(db):
    StaffMemberFactory(job_role=JobRoleFactory(title="Volunteer lead", pay_band=""), start_date=LONG_AGO)
    StaffMemberFactory(job_role=None, start_date=LONG_AGO)
    StaffMemberFactory(job_role=JobRoleFactory(title="Carer", pay_band="2"), start_date=LONG_AGO)
    rows = by_label(indicators.breakdown("workforce.headcount", START, END, by="band"))
    assert rows == {"Band 2": Measure(1, 1, None), "Not recorded": Measure(2, 2, None)}
