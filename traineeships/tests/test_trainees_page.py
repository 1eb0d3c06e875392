"""The trainee page: the person, placements (with a breakdown), support meetings with the next
quarterly one due (overdue in words), sessions attended, feedback, outcome follow-ups (missing ones
flagged), vacancies in the last two months; who sees it; a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import Outcome, Placement, SessionAttendance, Trainee, TrainingSession
from traineeships.tests.factories import (
    OutcomeFactory,
    PlacementFactory,
    SupportMeetingFactory,
    TraineeFactory,
)
from traineeships.views.trainees_common import follow_ups, support_due
from workforce.models import add_months

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def page(client, user, trainee):
    client.force_login(user)
    return client.get(reverse("traineeships:trainee", args=[trainee.pk]))


def test_the_page_shows_the_person_and_their_placement(client, cohort, ld_manager):
    placement = cohort["placement"]
    placement.status = Placement.Status.BROKEN_DOWN
    placement.broke_down_on = TODAY
    placement.breakdown_reason = "Struggled with early shifts."
    placement.support_given = "Moved to later shifts; weekly check-ins."
    placement.save()
    content = page(client, ld_manager, cohort["trainee"]).content.decode()
    for text in (
        "Cara Lane",
        "Lived Experience Traineeship",
        "October intake",
        "In the programme",
        "Oak House: Broken down",
        "Sam Price",
        "Lia Moss",
        "Struggled with early shifts.",
        "Moved to later shifts; weekly check-ins.",
    ):
        assert text in content, text


def test_the_next_quarterly_meeting_is_three_months_after_the_last_and_overdue_in_words(
    client, cohort, supervisor
):
    trainee = cohort["trainee"]  # started 120 days ago, no meeting yet: overdue
    content = page(client, supervisor, trainee).content.decode()
    due = add_months(trainee.started_on, 3)
    assert f"<strong>Overdue</strong>: was due {due:%-d %b %Y}" in content
    SupportMeetingFactory(trainee=trainee, held_on=TODAY - datetime.timedelta(days=10), kind="ad_hoc")
    assert (
        "<strong>Overdue</strong>" in page(client, supervisor, trainee).content.decode()
    )  # ad hoc ones do not count
    SupportMeetingFactory(trainee=trainee, held_on=TODAY - datetime.timedelta(days=5), notes="All going well")
    content = page(client, supervisor, trainee).content.decode()
    assert f"Due {add_months(TODAY - datetime.timedelta(days=5), 3):%-d %b %Y}" in content
    assert "Overdue" not in content and "All going well" in content


def test_the_pages_overdue_agrees_with_the_shared_read(cohort):
    others = [TraineeFactory(started_on=TODAY - datetime.timedelta(days=d)) for d in (80, 91, 92, 95, 200)]
    today = TODAY
    overdue = set(Trainee.objects.support_overdue(today).values_list("pk", flat=True))
    for trainee in Trainee.objects.with_support().filter(pk__in=[t.pk for t in [cohort["trainee"], *others]]):
        assert support_due(trainee, today).overdue == (trainee.pk in overdue), trainee.started_on


def test_follow_ups_missing_are_flagged(client, ld_manager, org):
    trainee = TraineeFactory(started_on=TODAY - datetime.timedelta(days=500))
    trainee.ended_on = TODAY - datetime.timedelta(days=200)
    trainee.status = Trainee.Status.COMPLETED
    trainee.save()
    OutcomeFactory(trainee=trainee, when=0, kind=Outcome.Kind.EMPLOYED_HERE)
    found = follow_ups(trainee.ended_on, list(trainee.outcomes.all()), TODAY)
    assert [(f.when, f.missing, f.outcome is not None) for f in found] == [
        (0, False, True),
        (6, True, False),
        (12, False, False),
    ]
    assert list(Trainee.objects.follow_ups_missing(TODAY)) == [trainee]
    content = page(client, ld_manager, trainee).content.decode()
    assert "<strong>Missing</strong>" in content and "Not due yet" in content
    assert "Employed here (entry-level role)" in content
    assert reverse("traineeships:outcome_add", args=[trainee.pk]) + "?when=6" in content


def test_vacancies_show_in_the_last_two_months(client, cohort, ld_manager):
    trainee = cohort["trainee"]
    trainee.vacancies_to_discuss = "Support worker, Elm Court"
    trainee.save()
    assert "Vacancies to discuss" not in page(client, ld_manager, trainee).content.decode()  # 240 days to go
    trainee.ended_on = TODAY + datetime.timedelta(days=30)
    trainee.save()
    content = page(client, ld_manager, trainee).content.decode()
    assert "Vacancies to discuss" in content and "Support worker, Elm Court" in content


def test_sessions_attended_are_listed(client, cohort, supervisor):
    session = TrainingSession.objects.create(
        intake=cohort["intake"], title="Induction day", kind="induction", held_on=cohort["intake"].starts_on
    )
    SessionAttendance.objects.create(session=session, trainee=cohort["trainee"])
    assert "Induction day (Induction)" in page(client, supervisor, cohort["trainee"]).content.decode()


def test_who_may_record_sees_the_buttons(client, cohort, manager, life_coach, ld_manager):
    trainee = cohort["trainee"]
    meeting = reverse("traineeships:meeting_add", args=[trainee.pk])
    place = reverse("traineeships:placement_add", args=[trainee.pk])
    assert meeting in page(client, life_coach, trainee).content.decode()
    content = page(client, manager, trainee).content.decode()
    assert meeting not in content and place not in content
    content = page(client, ld_manager, trainee).content.decode()
    assert meeting in content and place in content


def test_a_manager_elsewhere_and_a_director_get_404(client, cohort, other_manager, director, mentor):
    for user in (other_manager, director, mentor):
        assert page(client, user, cohort["trainee"]).status_code == 404


# 1 session, 2 user, 3 role groups, 4 own staff record, 5 the trainee (with the last quarterly
# meeting and end date), 6 placements, 7 outcomes, 8 meetings, 9 sessions attended, 10 feedback,
# 11-14 history (the trainee's, placements', meetings', outcomes' records), 15 the
# confidential plans (holders only).
TRAINEE_PAGE_QUERIES = {"ld_manager": 15, "supervisor": 14}


@pytest.mark.parametrize("actor", ["ld_manager", "supervisor"])
@pytest.mark.parametrize("size", [2, 20])
def test_the_trainee_page_query_count_does_not_grow(
    client, cohort, request, org, actor, size, django_assert_num_queries
):
    trainee = cohort["trainee"]
    user = request.getfixturevalue(actor)
    for n in range(size):
        SupportMeetingFactory(trainee=trainee, held_on=TODAY - datetime.timedelta(days=7 * n))
        PlacementFactory(
            trainee=trainee,
            host_unit=org["oak"],
            status=Placement.Status.COMPLETED,
            starts_on=trainee.started_on,
            supervisor=cohort["placement"].supervisor,
            life_coach=cohort["placement"].life_coach,
        )
        session = TrainingSession.objects.create(intake=cohort["intake"], title=f"Day {n}", held_on=TODAY)
        SessionAttendance.objects.create(session=session, trainee=trainee)
        trainee.feedback.create(given_on=TODAY, given_by="trainee", rating=1 + n % 5)
        TraineeFactory()  # someone else's trainee
    OutcomeFactory(trainee=trainee, when=0)
    client.force_login(user)
    with django_assert_num_queries(TRAINEE_PAGE_QUERIES[actor]):
        response = client.get(reverse("traineeships:trainee", args=[trainee.pk]))
    assert response.status_code == 200
    assert len(response.context["meetings"]) == size
