"""Entry criteria met or not, in words, on hand-made cases: Priya (Home Trainer since 1 Mar 2023)
aims for Link Trainer (12 months as Home Trainer)."""

import datetime

import pytest

from pathways.criteria import entry_criteria, held_role_since, months_between
from pathways.tests.factories import SkillRatingFactory, SkillsAssessmentFactory
from workforce.models import StaffMember
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 11, 20)


def words(criteria):
    return [(c.label, c.met, c.words) for c in criteria]


def test_competencies_from_the_standing_assessment(enrolment, ladder, mentor):
    c = ladder["competencies"]
    assessment = SkillsAssessmentFactory(enrolment=enrolment, assessor=mentor.staff_member)
    for competency, level in [(c["delivery"], 2), (c["assessing"], 1)]:
        SkillRatingFactory(assessment=assessment, competency=competency, level=level)
    found = entry_criteria(enrolment, ON)
    assert words(found.competencies) == [
        ("Assessing competence at level 2", False, "Gap of 1 level: level 1, 2 required"),
        ("Coaching others at level 1", False, "Not assessed; level 1 required"),
        ("Delivering training at level 2", True, "Met: level 2, 2 required"),
    ]


def test_training_valid_expired_missing_and_a_higher_level(enrolment, ladder, candidate):
    link = ladder["roles"]["link_trainer"]
    # The role's own course, met by a completion at a higher level of the same subject.
    level2 = CourseFactory(
        title="Train the trainer L2", subject="Train the trainer", subject_level=2, renewal_months=None
    )
    level3 = CourseFactory(
        title="Train the trainer L3", subject="Train the trainer", subject_level=3, renewal_months=None
    )
    TrainingRequirementFactory(course=level2, job_role=link)
    TrainingRecordFactory(staff_member=candidate, course=level3, completed_on=datetime.date(2025, 1, 10))
    # Everyone's course, renewed yearly, last done two years ago.
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=fire)
    TrainingRecordFactory(staff_member=candidate, course=fire, completed_on=datetime.date(2024, 6, 3))
    # A course the role must renew sooner than the course says: done 14 months ago, renewed at 12.
    safeguarding = CourseFactory(title="Safeguarding adults", renewal_months=36)
    TrainingRequirementFactory(course=safeguarding, job_role=link, renewal_months=12)
    TrainingRecordFactory(staff_member=candidate, course=safeguarding, completed_on=datetime.date(2025, 9, 1))
    # A course nobody has done.
    TrainingRequirementFactory(course=CourseFactory(title="Equality and diversity"), job_role=link)
    # A course another role must hold is no entry criterion here.
    TrainingRequirementFactory(
        course=CourseFactory(title="Medication"), job_role=JobRoleFactory(title="Nurse")
    )

    assert words(entry_criteria(enrolment, ON).training) == [
        ("Equality and diversity, in date", False, "Missing: never completed"),
        ("Fire safety, in date", False, "Expired 3 Jun 2025: completed 3 Jun 2024"),
        ("Safeguarding adults, in date", False, "Expired 1 Sep 2026: completed 1 Sep 2025"),
        (
            "Train the trainer L2, in date",
            True,
            "Valid, no renewal: completed 10 Jan 2025 (through Train the trainer L3, a higher level)",
        ),
    ]
    TrainingRecordFactory(staff_member=candidate, course=fire, completed_on=datetime.date(2026, 6, 1))
    fire_now = entry_criteria(enrolment, ON).training[1]
    assert (fire_now.met, fire_now.words) == (True, "Valid until 1 Jun 2027: completed 1 Jun 2026")


def test_a_completion_after_the_day_does_not_count(enrolment, candidate):
    course = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=course)
    TrainingRecordFactory(staff_member=candidate, course=course, completed_on=datetime.date(2026, 11, 25))
    assert not entry_criteria(enrolment, ON).training[0].met


def test_time_in_the_stage_below_falls_back_to_the_start_date(enrolment, candidate):
    # The record was created (in this test) long after Priya started as Home Trainer on 1 Mar 2023.
    assert held_role_since(candidate, candidate.job_role_id) == datetime.date(2023, 3, 1)
    assert words(entry_criteria(enrolment, ON).time) == [
        ("12 months as Home Trainer", True, "Home Trainer since 1 Mar 2023: 44 months"),
    ]


def test_time_in_the_stage_below_from_the_records_history(enrolment, candidate, ladder):
    # Priya was a care assistant, and became Home Trainer on 1 May 2026.
    history = StaffMember.history.filter(id=candidate.pk)
    history.update(
        job_role=JobRoleFactory(title="Care Assistant"),
        history_date=datetime.datetime(2023, 3, 1, tzinfo=datetime.UTC),
    )
    candidate.job_role = ladder["roles"]["home_trainer"]
    candidate.save()
    history.filter(history_type="~").update(
        history_date=datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)
    )
    assert words(entry_criteria(enrolment, ON).time) == [
        (
            "12 months as Home Trainer",
            False,
            "Home Trainer since 1 May 2026: 6 months; reaches 12 on 1 May 2027",
        ),
    ]


def test_someone_not_in_the_role_below_does_not_meet_the_time(enrolment, candidate):
    StaffMember.objects.filter(pk=candidate.pk).update(job_role=JobRoleFactory(title="Care Assistant"))
    enrolment.staff_member.refresh_from_db()
    assert words(entry_criteria(enrolment, ON).time) == [
        ("12 months as Home Trainer", False, "Does not hold the Home Trainer role now"),
    ]


def test_the_first_stage_has_no_time_criterion(ladder):
    from pathways.tests.factories import EnrolmentFactory

    first = EnrolmentFactory(staff_member=StaffMemberFactory(), target_stage=ladder["stages"][0])
    assert entry_criteria(first, ON).time == []


def test_months_between_counts_whole_months():
    assert months_between(datetime.date(2025, 3, 1), datetime.date(2026, 2, 28)) == 11
    assert months_between(datetime.date(2025, 3, 1), datetime.date(2026, 3, 1)) == 12
    assert months_between(datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)) == 1


def test_all_met_and_the_count(enrolment, ladder, mentor):
    c = ladder["competencies"]
    assessment = SkillsAssessmentFactory(enrolment=enrolment, assessor=mentor.staff_member)
    for competency in c.values():
        SkillRatingFactory(assessment=assessment, competency=competency, level=4)
    found = entry_criteria(enrolment, ON)
    assert found.all_met and found.met_count == 4 and not found.unmet
