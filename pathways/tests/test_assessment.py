"""Gaps and the assessment that counts, on hand-made cases (Link Trainer requires Delivering
training 2, Assessing competence 2, Coaching others 1)."""

import datetime

import pytest

from pathways.assessment import enrolment_gaps, latest_assessment, open_gaps
from pathways.models import SkillsAssessment
from pathways.tests.factories import SkillRatingFactory, SkillsAssessmentFactory

pytestmark = pytest.mark.django_db

MENTOR, SELF, CONFIRMED = (
    SkillsAssessment.Kind.MENTOR,
    SkillsAssessment.Kind.SELF,
    SkillsAssessment.Kind.CONFIRMED,
)


def assess(enrolment, assessor, kind, on, levels, **extra):
    assessment = SkillsAssessmentFactory(
        enrolment=enrolment, assessor=assessor, kind=kind, assessed_on=on, **extra
    )
    for competency, level in levels.items():
        SkillRatingFactory(
            assessment=assessment, competency=competency, level=level, comment=f"about {level}"
        )
    return assessment


def test_gaps_biggest_first_then_not_assessed_then_met(enrolment, ladder, mentor):
    c = ladder["competencies"]
    assess(
        enrolment,
        mentor.staff_member,
        MENTOR,
        datetime.date(2026, 3, 2),
        {c["delivery"]: 0, c["assessing"]: 2},
    )
    found = enrolment_gaps(enrolment)
    assert [(g.competency.name, g.required, g.current, g.size) for g in found] == [
        ("Delivering training", 2, 0, 2),
        ("Coaching others", 1, None, None),
        ("Assessing competence", 2, 2, 0),
    ]
    assert [g.words for g in found] == [
        "Gap of 2 levels: level 0, 2 required",
        "Not assessed; level 1 required",
        "Met: level 2, 2 required",
    ]
    # Objectives are made from the gaps still open: the known ones and those not assessed.
    assert [g.competency.name for g in open_gaps(found)] == ["Delivering training", "Coaching others"]


def test_beyond_the_required_level_is_met_not_a_negative_gap(enrolment, ladder, mentor):
    c = ladder["competencies"]
    assess(enrolment, mentor.staff_member, MENTOR, datetime.date(2026, 3, 2), {c["coaching"]: 4})
    coaching = next(g for g in enrolment_gaps(enrolment) if g.competency == c["coaching"])
    assert coaching.size == 0 and coaching.is_met


def test_with_no_assessment_every_requirement_is_not_assessed(enrolment):
    found = enrolment_gaps(enrolment)
    assert len(found) == 3 and all(not g.assessed for g in found)
    assert latest_assessment(enrolment) is None


def test_a_later_self_assessment_does_not_displace_the_mentors(enrolment, ladder, mentor, candidate):
    c = ladder["competencies"]
    by_mentor = assess(enrolment, mentor.staff_member, MENTOR, datetime.date(2026, 3, 2), {c["delivery"]: 1})
    own = assess(enrolment, candidate, SELF, datetime.date(2026, 6, 1), {c["delivery"]: 2})
    assert latest_assessment(enrolment) == by_mentor
    delivery = next(g for g in enrolment_gaps(enrolment) if g.competency == c["delivery"])
    assert delivery.current == 1
    # The mentor confirms it (here, changing it): the confirmation counts; both stay recorded.
    confirmed = assess(
        enrolment, mentor.staff_member, CONFIRMED, datetime.date(2026, 6, 8), {c["delivery"]: 2}, confirms=own
    )
    assert latest_assessment(enrolment) == confirmed
    assert set(enrolment.assessments.all()) == {by_mentor, own, confirmed}


def test_a_self_assessment_counts_while_no_mentor_has_assessed(enrolment, ladder, candidate):
    c = ladder["competencies"]
    own = assess(enrolment, candidate, SELF, datetime.date(2026, 2, 10), {c["delivery"]: 2})
    assert latest_assessment(enrolment) == own


def test_same_day_the_later_one_wins(enrolment, ladder, mentor):
    day = datetime.date(2026, 3, 2)
    assess(enrolment, mentor.staff_member, MENTOR, day, {})
    second = assess(enrolment, mentor.staff_member, MENTOR, day, {})
    assert latest_assessment(enrolment) == second
