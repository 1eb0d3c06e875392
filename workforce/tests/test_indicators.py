import datetime
from decimal import Decimal

import pytest

from workforce import indicators
from workforce.models import Course
from workforce.tests.factories import CourseFactory, StaffMemberFactory, TrainingRecordFactory

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)


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
        indicators.register("workforce.headcount", "again")(lambda start, end: 0)


def test_headcount_leavers_and_turnover(db):
    StaffMemberFactory.create_batch(8, start_date=datetime.date(2020, 1, 1))
    StaffMemberFactory(start_date=datetime.date(2020, 1, 1), leaving_date=datetime.date(2025, 9, 30))
    StaffMemberFactory(start_date=datetime.date(2020, 1, 1), leaving_date=datetime.date(2026, 1, 15))
    StaffMemberFactory(start_date=datetime.date(2019, 1, 1), leaving_date=datetime.date(2024, 1, 1))  # before
    assert indicators.value("workforce.headcount", START, END) == 8
    assert indicators.value("workforce.leavers", START, END) == 2
    # 2 leavers / average of 10 at the start and 8 at the end = 22.2%
    assert indicators.value("workforce.turnover", START, END) == Decimal("22.2")


def test_completions_by_course_kind(db):
    care_certificate = CourseFactory(kind=Course.Kind.CARE_CERTIFICATE, renewal_months=None)
    TrainingRecordFactory(course=care_certificate, completed_on=datetime.date(2025, 6, 1))
    TrainingRecordFactory(course=care_certificate, completed_on=datetime.date(2024, 6, 1))
    assert indicators.value("workforce.completions.care_certificate", START, END) == 1


def test_mandatory_compliance(db):
    fire, manual_handling = CourseFactory(renewal_months=12), CourseFactory(renewal_months=36)
    compliant, partly, expired = StaffMemberFactory.create_batch(3)
    for course in (fire, manual_handling):
        TrainingRecordFactory(staff_member=compliant, course=course, completed_on=datetime.date(2025, 11, 1))
    TrainingRecordFactory(staff_member=partly, course=fire, completed_on=datetime.date(2025, 11, 1))
    for course in (fire, manual_handling):
        TrainingRecordFactory(staff_member=expired, course=course, completed_on=datetime.date(2022, 1, 1))
    TrainingRecordFactory(
        staff_member=expired, course=manual_handling, completed_on=datetime.date(2025, 1, 1)
    )
    assert indicators.value("workforce.mandatory_compliance", START, END) == Decimal("33.3")


def test_compliance_without_mandatory_courses_cannot_be_told(db):
    StaffMemberFactory()
    assert indicators.value("workforce.mandatory_compliance", START, END) is None
