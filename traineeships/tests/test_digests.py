"""Traineeships' sections of the weekly digest (traineeships/digests.py): to the L&D manager,
support meetings overdue, pre-employment checks outstanding and outcome follow-ups missing;
nothing to anyone else; worked out once a week for every L&D manager."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traineeships import digests as traineeship_digests
from traineeships.models import Outcome, PreEmploymentCheck, Stage, Trainee
from traineeships.tests.factories import (
    ApplicantFactory,
    CheckFactory,
    IntakeFactory,
    OutcomeFactory,
    SupportMeetingFactory,
    TraineeFactory,
)
from workforce import digests

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def to_do(cohort):
    """Cara (the cohort's) started 120 days ago with no quarterly meeting: overdue. Dan met 10 days
    ago. Ben is in checks with only his DBS check cleared; Eli, offered, has every check cleared.
    Fay's intake ended 200 days ago (her end outcome recorded, the 6-month one not); Gus's 400 days
    ago with nothing recorded."""
    intake = cohort["intake"]
    dan = TraineeFactory(applicant=ApplicantFactory(intake=intake, first_name="Dan", last_name="Reid"))
    SupportMeetingFactory(trainee=dan, held_on=days(10))
    eli = ApplicantFactory(intake=intake, first_name="Eli", last_name="Ward", stage=Stage.OFFERED)
    for kind in PreEmploymentCheck.Kind:
        CheckFactory(applicant=eli, kind=kind)
    ended = IntakeFactory(
        programme=cohort["programme"], name="Spring", starts_on=days(600), ends_on=days(200)
    )
    fay = TraineeFactory(applicant=ApplicantFactory(intake=ended, first_name="Fay", last_name="Cole"))
    OutcomeFactory(trainee=fay, when=Outcome.When.AT_END)
    older = IntakeFactory(programme=cohort["programme"], name="Older", starts_on=days(800), ends_on=days(400))
    TraineeFactory(applicant=ApplicantFactory(intake=older, first_name="Gus", last_name="Hart"))
    # Fay and Gus finished: not active, so no support meetings are due for them.
    Trainee.objects.filter(applicant__first_name__in=["Fay", "Gus"]).update(status=Trainee.Status.COMPLETED)


def texts(items):
    return [(item.text, item.detail) for item in items]


def test_support_meetings_overdue(to_do, ld_manager, cohort):
    week = digests.DigestWeek(TODAY)
    items = traineeship_digests.support_overdue(week)
    assert [item.text for item in items] == ["Cara Lane: quarterly support meeting overdue"]
    assert f"no quarterly review since the start on {days(120):%-d %b %Y}" in items[0].detail


def test_checks_outstanding(to_do, ld_manager):
    items = traineeship_digests.checks_outstanding(digests.DigestWeek(TODAY))
    assert [item.text for item in items] == ["Ben Hill: 5 pre-employment checks outstanding"]
    assert items[0].detail.startswith(
        "First reference, Second reference, Right to work, Occupational health, HR paperwork ("
    )


def test_follow_ups_missing(to_do, ld_manager):
    items = traineeship_digests.follow_ups_missing(digests.DigestWeek(TODAY))
    assert [item.text for item in items] == [
        "Gus Hart: outcome follow-up missing",
        "Fay Cole: outcome follow-up missing",
    ]
    assert items[0].detail.startswith("At the end, 6 months on, 12 months on (ended")
    assert items[1].detail.startswith("6 months on (ended")


def test_only_the_ld_manager_gets_them_and_they_are_worked_out_once(
    to_do, ld_manager, director, manager, supervisor
):
    week = digests.DigestWeek(TODAY)
    sections = {shown.section.key: shown for shown in digests.compose(ld_manager, week)}
    assert {"traineeships.support_overdue", "traineeships.checks", "traineeships.follow_ups"} <= set(sections)
    for someone in (director, manager, supervisor):
        keys = {shown.section.key for shown in digests.compose(someone, week)}
        assert not keys & {"traineeships.support_overdue", "traineeships.checks", "traineeships.follow_ups"}
    # A second L&D manager that week reuses the items: no query for them.
    section = digests._sections["traineeships.checks"]
    with CaptureQueriesContext(connection) as queries:
        assert section.func(ld_manager, week)
    assert len(queries) == 0


def test_the_email(to_do, ld_manager, settings):
    settings.SITE_URL = "https://ladder.example"
    digests.send_weekly_digests(TODAY)
    mine = [message for message in mail.outbox if message.to == [ld_manager.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "TRAINEES' SUPPORT MEETINGS OVERDUE (1)" in body
    assert "PRE-EMPLOYMENT CHECKS OUTSTANDING (1)" in body and "OUTCOME FOLLOW-UPS MISSING (2)" in body
    assert "Cara Lane" in body and "Ben Hill" in body and "Gus Hart" in body
