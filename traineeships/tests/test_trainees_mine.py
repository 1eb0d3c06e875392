""" "My trainees" and its home panel: a supervisor's, life coach's or manager's trainees in the
programme with the next quarterly meeting due, overdue first; the panel only for those who have
any; query counts that do not grow."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import Trainee
from traineeships.tests.factories import PlacementFactory, SupportMeetingFactory, TraineeFactory
from workforce.home_panels import registered_panels

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def supported_by(person, org, n, *, coach=None, unit="oak", started_days_ago=30):
    trainees = []
    for i in range(n):
        trainee = TraineeFactory(
            started_on=TODAY - datetime.timedelta(days=started_days_ago + i),
            applicant__last_name=f"Trainee{i:03d}",
        )
        PlacementFactory(trainee=trainee, host_unit=org[unit], supervisor=person, life_coach=coach)
        trainees.append(trainee)
    return trainees


def names(response):
    return [str(t) for t in response.context["rows"]]


def test_my_trainees_lists_overdue_first_with_the_next_meeting_due(client, cohort, supervisor, org):
    recent = supported_by(supervisor.staff_member, org, 1, started_days_ago=10)[0]
    met = supported_by(supervisor.staff_member, org, 1, started_days_ago=200)[0]
    SupportMeetingFactory(trainee=met, held_on=TODAY - datetime.timedelta(days=20))
    client.force_login(supervisor)
    response = client.get(reverse("traineeships:my_trainees"))
    # Cara (started 120 days ago, never met) is overdue; then the one who met 20 days ago (due in
    # about 70 days) before the one who started 10 days ago (due in about 80).
    assert names(response) == ["Cara Lane", str(met), str(recent)]
    content = response.content.decode()
    assert "1 with a quarterly support meeting overdue" in content
    assert "<strong>Overdue</strong>" in content


def test_each_sees_their_own(client, cohort, supervisor, life_coach, manager, other_manager, ld_manager, org):
    elsewhere = supported_by(other_manager.staff_member, org, 1, unit="elm")[0]
    left = TraineeFactory(status=Trainee.Status.COMPLETED)
    PlacementFactory(trainee=left, host_unit=org["oak"], supervisor=supervisor.staff_member)
    for user, expected in (
        (supervisor, ["Cara Lane"]),
        (life_coach, ["Cara Lane"]),
        (manager, ["Cara Lane"]),
        (other_manager, [str(elsewhere)]),
        (ld_manager, sorted(["Cara Lane", str(elsewhere)])),
    ):
        client.force_login(user)
        assert sorted(names(client.get(reverse("traineeships:my_trainees")))) == expected, user.username


def test_nobody_else_has_trainees(client, cohort, mentor, director):
    for user in (mentor, director):
        client.force_login(user)
        response = client.get(reverse("traineeships:my_trainees"))
        assert names(response) == [] and "You have no trainees" in response.content.decode()


def test_the_home_panel_shows_only_to_those_with_trainees(client, cohort, supervisor, mentor):
    assert "traineeships.trainees" in [p.key for p in registered_panels()]
    client.force_login(supervisor)
    content = client.get(reverse("home")).content.decode()
    assert "My trainees: 1 support meeting overdue" in content and "Cara Lane" in content
    client.force_login(mentor)
    assert (
        "My trainees:" not in client.get(reverse("home")).content.decode()
    )  # the menu's link is not the panel


# 1 session, 2 user, 3 role groups, 4 own staff record, 5 how many trainees, 6 this page of them
# with their last quarterly meeting.
MINE_QUERIES = 6


@pytest.mark.parametrize("size", [3, 40])
def test_my_trainees_query_count_does_not_grow(client, supervisor, org, size, django_assert_num_queries):
    for trainee in supported_by(supervisor.staff_member, org, size):
        SupportMeetingFactory(trainee=trainee, held_on=TODAY - datetime.timedelta(days=5))
    client.force_login(supervisor)
    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("traineeships:my_trainees"))
    assert response.context["page_obj"].paginator.count == size


# The home page of a supervisor (no role): the core's share for someone with a staff record and no
# role (session, user, groups, staff record, my training), the actionplans panel
# (1), and this panel (1): the trainees with their last quarterly meeting, in one query.
SUPERVISOR_HOME_QUERIES = 7


@pytest.mark.parametrize("size", [3, 40])
def test_a_supervisors_home_query_count_does_not_grow(
    client, supervisor, org, size, django_assert_num_queries
):
    supported_by(supervisor.staff_member, org, size)
    client.force_login(supervisor)
    with django_assert_num_queries(SUPERVISOR_HOME_QUERIES):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "All my trainees" in html and ("(more than 6)" in html) == (size > 6)
