"""Query counts of the trainees part's list pages, equal at two data sizes: the access log, an
intake's training sessions and a session's attendance."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import AccessLogEntry, SessionAttendance, TrainingSession
from traineeships.tests.factories import PlacementFactory, TraineeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def intake_of(cohort, size, org):
    trainees = [
        TraineeFactory(applicant__intake=cohort["intake"], applicant__last_name=f"T{n:03d}")
        for n in range(size)
    ]
    for trainee in trainees:
        PlacementFactory(trainee=trainee, host_unit=org["oak"], life_coach=cohort["placement"].life_coach)
    return trainees


# 1 session, 2 user, 3 role groups, 4 own staff record, 5 how many entries, 6 this page of them
# with who and which plan.
LOG_QUERIES = 6


@pytest.mark.parametrize("size", [3, 60])
def test_the_access_log_query_count_does_not_grow(
    client, cohort, ld_manager, size, django_assert_num_queries
):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(plan=cohort["plan"], trainee=cohort["trainee"], user=ld_manager, action="opened")
        for _ in range(size)
    )
    client.force_login(ld_manager)
    with django_assert_num_queries(LOG_QUERIES):
        response = client.get(reverse("traineeships:access_log"))
    assert response.context["page_obj"].paginator.count == size


# 1 session, 2 user, 3 role groups, 4 own staff record, 5 the intake, 6 its sessions with who was
# there.
SESSIONS_QUERIES = 6


@pytest.mark.parametrize("size", [2, 30])
def test_an_intakes_sessions_query_count_does_not_grow(
    client, cohort, ld_manager, org, size, django_assert_num_queries
):
    trainees = intake_of(cohort, 5, org)
    for n in range(size):
        session = TrainingSession.objects.create(intake=cohort["intake"], title=f"Day {n}", held_on=TODAY)
        SessionAttendance.objects.bulk_create(SessionAttendance(session=session, trainee=t) for t in trainees)
    client.force_login(ld_manager)
    with django_assert_num_queries(SESSIONS_QUERIES):
        response = client.get(reverse("traineeships:intake_sessions", args=[cohort["intake"].pk]))
    assert response.content.decode().count("Day ") == size


# 1 session, 2 user, 3 role groups, 4 own staff record, 5 the session, 6 the intake's trainees,
# 7 the staff on their placements, 8 who was there.
ATTENDANCE_QUERIES = 8


@pytest.mark.parametrize("size", [2, 30])
def test_a_sessions_attendance_query_count_does_not_grow(
    client, cohort, ld_manager, org, size, django_assert_num_queries
):
    trainees = intake_of(cohort, size, org)
    session = TrainingSession.objects.create(
        intake=cohort["intake"], title="Induction", held_on=TODAY, for_supervisors=True, for_life_coaches=True
    )
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=session, trainee=t) for t in trainees[::2]
    )
    client.force_login(ld_manager)
    with django_assert_num_queries(ATTENDANCE_QUERIES):
        response = client.get(reverse("traineeships:session", args=[session.pk]))
    assert len(response.context["trainees"]) == size + 1  # and Cara
    assert len(response.context["staff"]) == size + 2  # a supervisor each, Sam Price and Lia Moss
