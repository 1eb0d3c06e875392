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
