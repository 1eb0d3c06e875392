"""Pathways' sections of the weekly digest (pathways/digests.py): to each mentor, their current
mentees' reviews overdue or due within 14 days and the activities awaiting their sign-off; one
email per person, nothing to a former mentor or to someone who mentors nobody."""

import datetime

import pytest
from django.core import mail

from pathways import digests as pathway_digests
from pathways.models import Enrolment
from pathways.tests.factories import (
    ActivityFactory,
    DevelopmentPlanFactory,
    EnrolmentFactory,
    MentorAssignmentFactory,
    ObjectiveFactory,
    ReviewFactory,
)
from workforce import digests
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def mentoring(enrolment, mentor, other_mentor, ladder, org):
    """Priya (mentor's): reviewed, next review 3 days overdue; one activity done and not signed
    off, one signed off, one planned for next week. Sam (mentor's): next review in 40 days.
    Tom (other_mentor's): next review tomorrow, an activity awaiting sign-off."""
    ReviewFactory(enrolment=enrolment, held_on=days(-120), next_review_on=days(-60))
    ReviewFactory(enrolment=enrolment, held_on=days(-90), next_review_on=days(-3))
    objective = ObjectiveFactory(plan=enrolment.plan)
    ActivityFactory(objective=objective, title="Co-delivered fire safety", happened_on=days(-6))
    ActivityFactory(
        objective=objective,
        title="Shadowed an audit",
        happened_on=days(-20),
        signed_off_by=mentor.staff_member,
        signed_off_on=days(-15),
    )
    ActivityFactory(objective=objective, title="Planned coaching", happened_on=days(7))

    def mentee(name, who, next_review, activity=None):
        person = StaffMemberFactory(first_name=name, last_name="Mentee", org_unit=org["oak"])
        made = EnrolmentFactory(
            staff_member=person, target_stage=ladder["stages"][1], status=Enrolment.Status.IN_DEVELOPMENT
        )
        MentorAssignmentFactory(enrolment=made, mentor=who.staff_member)
        ReviewFactory(enrolment=made, held_on=days(-30), next_review_on=next_review)
        if activity:
            ActivityFactory(
                objective__plan=DevelopmentPlanFactory(enrolment=made), title=activity, happened_on=days(-1)
            )
        return made

    mentee("Sam", mentor, days(40))
    mentee("Tom", other_mentor, days(1), activity="Observed a moving and handling session")


def test_a_mentor_gets_their_mentees_reviews_due_and_activities_to_sign_off(mentoring, mentor, other_mentor):
    week = digests.DigestWeek(TODAY)
    reviews = pathway_digests.reviews_due(mentor, week)
    assert [(item.text, item.detail.split(" (")[0]) for item in reviews] == [
        ("Review with Priya Shah", f"Overdue since {days(-3):%-d %b %Y}")
    ]
    assert reviews[0].detail.endswith("(for Link Trainer)")
    activities = pathway_digests.activities_to_sign_off(mentor, week)
    assert [item.text for item in activities] == ["Priya Shah: Co-delivered fire safety"]
    assert "awaiting your sign-off" in activities[0].detail

    assert [item.text for item in pathway_digests.reviews_due(other_mentor, week)] == [
        "Review with Tom Mentee"
    ]
    assert [item.text for item in pathway_digests.activities_to_sign_off(other_mentor, week)] == [
        "Tom Mentee: Observed a moving and handling session"
    ]


def test_a_former_mentor_and_closed_enrolments_get_nothing(mentoring, enrolment, mentor, manager):
    week = digests.DigestWeek(TODAY)
    assert pathway_digests.reviews_due(manager, week) == []
    enrolment.mentor_assignments.update(ended_on=days(-1))
    assert [item.text for item in pathway_digests.reviews_due(mentor, week)] == []
    assert pathway_digests.activities_to_sign_off(mentor, week) == []


def test_one_email_per_person_with_both_sections(mentoring, mentor, other_mentor, ld_manager, settings):
    settings.SITE_URL = "https://ladder.example"
    counts = digests.send_weekly_digests(TODAY)

    mine = [message for message in mail.outbox if message.to == [mentor.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "YOUR MENTEES' REVIEWS DUE (1)" in body and "ACTIVITIES AWAITING YOUR SIGN-OFF (1)" in body
    assert "Review with Priya Shah" in body and "Co-delivered fire safety" in body
    assert "Tom Mentee" not in body and "Planned coaching" not in body
    theirs = [message for message in mail.outbox if message.to == [other_mentor.email]]
    assert len(theirs) == 1 and "Tom Mentee" in theirs[0].body
    assert counts["sent"] == len(mail.outbox)
    # A second firing in the same week sends nothing more.
    digests.send_weekly_digests(TODAY)
    assert len([message for message in mail.outbox if message.to == [mentor.email]]) == 1
