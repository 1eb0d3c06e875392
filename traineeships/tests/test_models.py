"""The model's own rules: the access log cannot be changed, the quarterly due date, scoping."""

import datetime

import pytest

from traineeships.models import AccessLogEntry, Trainee, next_quarterly_due

pytestmark = pytest.mark.django_db


def test_the_access_log_is_written_once_and_never_changed_or_deleted(cohort, ld_manager):
    entry = AccessLogEntry.objects.create(
        plan=cohort["plan"], trainee=cohort["trainee"], user=ld_manager, action=AccessLogEntry.Action.OPENED
    )
    entry.action = AccessLogEntry.Action.REFUSED
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.get().action == AccessLogEntry.Action.OPENED


def test_a_quarterly_meeting_is_due_three_months_after_the_last_or_the_start():
    assert next_quarterly_due(datetime.date(2026, 1, 31), None) == datetime.date(2026, 4, 30)
    assert next_quarterly_due(datetime.date(2026, 1, 31), datetime.date(2026, 5, 2)) == datetime.date(
        2026, 8, 2
    )


def test_trainees_are_seen_by_their_supervisor_coach_and_host_manager_only(
    cohort, ld_manager, director, manager, other_manager, supervisor, life_coach, mentor
):
    trainee = cohort["trainee"]
    for user in (ld_manager, supervisor, life_coach, manager):
        assert list(Trainee.objects.visible_to(user)) == [trainee], user
    for user in (director, other_manager, mentor):
        assert not Trainee.objects.visible_to(user).exists(), user


def test_support_is_overdue_three_months_after_the_last_quarterly_meeting_or_the_start(cohort):
    from traineeships.tests.factories import SupportMeetingFactory, TraineeFactory

    today = datetime.date(2026, 11, 27)
    trainee = cohort["trainee"]
    Trainee.objects.filter(pk=trainee.pk).update(started_on=datetime.date(2026, 6, 1))
    assert list(Trainee.objects.support_overdue(today)) == [trainee]  # none since the start
    SupportMeetingFactory(trainee=trainee, held_on=datetime.date(2026, 8, 27))
    assert not Trainee.objects.support_overdue(today).exists()  # due today, not yet overdue
    assert Trainee.objects.support_overdue(datetime.date(2026, 11, 28)).exists()
    SupportMeetingFactory(trainee=trainee, held_on=datetime.date(2026, 11, 20), kind="ad_hoc")
    assert Trainee.objects.support_overdue(datetime.date(2026, 11, 28)).exists()  # ad hoc does not count
    newcomer = TraineeFactory(started_on=datetime.date(2026, 10, 1))
    assert newcomer not in Trainee.objects.support_overdue(today)
    assert Trainee.objects.with_support().get(pk=trainee.pk).last_quarterly_on == datetime.date(2026, 8, 27)


def test_outcome_follow_ups_are_missing_at_the_end_and_6_and_12_months_on(cohort):
    from traineeships.tests.factories import OutcomeFactory

    trainee = cohort["trainee"]
    Trainee.objects.filter(pk=trainee.pk).update(ended_on=datetime.date(2025, 10, 31))
    missing = Trainee.objects.follow_ups_missing
    assert trainee not in missing(datetime.date(2025, 10, 30))  # not ended yet
    assert trainee in missing(datetime.date(2025, 10, 31))  # the end outcome is due
    OutcomeFactory(trainee=trainee, when=0)
    assert trainee not in missing(datetime.date(2026, 4, 29))
    assert trainee in missing(datetime.date(2026, 4, 30))  # 6 months on
    OutcomeFactory(trainee=trainee, when=6)
    assert trainee not in missing(datetime.date(2026, 10, 30))
    assert trainee in missing(datetime.date(2026, 10, 31))  # 12 months on
    OutcomeFactory(trainee=trainee, when=12)
    assert trainee not in missing(datetime.date(2027, 6, 1))


@pytest.mark.parametrize(
    ("last", "today", "overdue"),
    [
        ("2026-11-29", "2027-02-28", False),  # due 28 Feb (29 Feb does not exist)
        ("2026-11-30", "2027-02-28", False),
        ("2026-11-29", "2027-03-01", True),
        ("2026-11-30", "2027-03-01", True),
        ("2026-01-31", "2026-04-30", False),
        ("2026-01-31", "2026-05-01", True),
    ],
)
def test_quarterly_overdue_at_the_ends_of_months(cohort, last, today, overdue):
    from traineeships.tests.factories import SupportMeetingFactory

    last, today = datetime.date.fromisoformat(last), datetime.date.fromisoformat(today)
    trainee = cohort["trainee"]
    SupportMeetingFactory(trainee=trainee, held_on=last)
    assert (next_quarterly_due(trainee.started_on, last) < today) == overdue  # the page agrees
    assert Trainee.objects.support_overdue(today).filter(pk=trainee.pk).exists() == overdue
