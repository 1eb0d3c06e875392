""" "My mentees", the mentor's home panel and mentors' load: what is due, overdue first, the same
figures everywhere, at a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.mentoring import mentee_rows, mentor_loads
from pathways.models import Enrolment
from pathways.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    MentorAssignmentFactory,
    ObjectiveFactory,
    ReviewFactory,
)
from pathways.tests.plan_data import mentees
from workforce.home_panels import registered_panels
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def two_mentees(enrolment, ladder, org, mentor):
    """Priya: review in a month, an objective due in 10 days, an activity awaiting sign-off.
    Sam: review overdue by a week, nothing else."""
    ReviewFactory(enrolment=enrolment, held_on=days(-30), next_review_on=days(30))
    objective = ObjectiveFactory(plan=enrolment.plan, title="Deliver a full day", target_date=days(10))
    ObjectiveFactory(plan=enrolment.plan, title="Later", target_date=days(200))
    ObjectiveFactory(plan=enrolment.plan, title="Done", target_date=days(-5), status="achieved")
    ActivityFactory(objective=objective, title="Co-delivered induction")
    ActivityFactory(objective=objective, title="Signed", signed_off_on=days(-1))
    sam = EnrolmentFactory(
        staff_member=StaffMemberFactory(first_name="Sam", last_name="Otley", org_unit=org["oak"]),
        target_stage=ladder["stages"][1],
        status=Enrolment.Status.IN_DEVELOPMENT,
    )
    MentorAssignmentFactory(enrolment=sam, mentor=mentor.staff_member)
    ReviewFactory(enrolment=sam, held_on=days(-100), next_review_on=days(-7))
    return enrolment, sam


def test_overdue_first_with_what_is_due(two_mentees, mentor):
    priya, sam = two_mentees
    rows = mentee_rows(mentor.staff_member, timezone.localdate())
    assert [r.enrolment for r in rows] == [sam, priya]
    assert rows[0].review_overdue and rows[0].is_overdue and not rows[1].is_overdue
    assert [o.title for o in rows[1].objectives] == ["Deliver a full day"]
    assert [a.title for a in rows[1].activities] == ["Co-delivered induction"]


def test_my_mentees_page(client, two_mentees, mentor):
    client.force_login(mentor)
    html = client.get(reverse("pathways:my_mentees")).content.decode()
    assert "2 mentees; <strong>1 overdue</strong>" in html
    assert html.index("Sam Otley") < html.index("Priya Shah")
    assert "Review overdue" in html and "Deliver a full day" in html and "Co-delivered induction" in html


def test_a_mentor_ended_or_a_closed_enrolment_drops_out(two_mentees, mentor):
    priya, sam = two_mentees
    Enrolment.objects.filter(pk=sam.pk).update(status=Enrolment.Status.WITHDRAWN)
    priya.mentor_assignments.update(ended_on=days(-1))
    assert mentee_rows(mentor.staff_member, timezone.localdate()) == []


def test_the_home_page_leads_with_the_mentees(client, two_mentees, mentor, director):
    assert registered_panels()[0].key == "pathways.mentees"
    client.force_login(mentor)
    html = client.get(reverse("home")).content.decode()
    assert "My mentees: 1 overdue" in html and "Sam Otley" in html
    client.force_login(director)
    assert "home-mentees-heading" not in client.get(reverse("home")).content.decode()


def test_mentors_load(client, two_mentees, other_mentor, ld_manager, ladder):
    extra = EnrolmentFactory(target_stage=ladder["stages"][2], status=Enrolment.Status.IN_DEVELOPMENT)
    MentorAssignmentFactory(enrolment=extra, mentor=other_mentor.staff_member)
    loads = mentor_loads(timezone.localdate())
    assert [
        (m.mentor.full_name, m.mentees, m.reviews_overdue, m.no_review_booked, m.awaiting_sign_off)
        for m in loads
    ] == [
        ("Nia Evans", 2, 1, 0, 1),
        ("Uma Lowe", 1, 0, 1, 0),
    ]
    client.force_login(ld_manager)
    html = client.get(reverse("pathways:mentor_load")).content.decode()
    assert "Nia Evans" in html and "Uma Lowe" in html


# Queries: session, user, staff record, groups (4); the mentees with their figures (1); their
# objectives due (1); their activities awaiting sign-off (1).
MINE_QUERIES = 7


@pytest.mark.parametrize("count", [5, 50])
def test_my_mentees_query_count_does_not_grow(client, mentor, ladder, org, count, django_assert_num_queries):
    mentees(mentor.staff_member, ladder, org, count)
    client.force_login(mentor)
    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("pathways:my_mentees"))
    assert response.content.decode().count("<tr>") == count + 1


# Queries: session, user, staff record, groups (4); every open enrolment with its figures (1);
# the mentors (1).
LOAD_QUERIES = 6


@pytest.mark.parametrize("count", [5, 50])
def test_mentor_load_query_count_does_not_grow(
    client, mentor, ld_manager, ladder, org, count, django_assert_num_queries
):
    mentees(mentor.staff_member, ladder, org, count)
    client.force_login(ld_manager)
    with django_assert_num_queries(LOAD_QUERIES):
        assert client.get(reverse("pathways:mentor_load")).status_code == 200


# Queries: the home page of a mentor with no other panels (9: the core's share), plus the mentees
# with their figures, their objectives due and their activities awaiting sign-off (3), and the
# traineeships panel's one query (asked for everyone with a staff record).
MENTOR_HOME_QUERIES = 10


@pytest.mark.parametrize("count", [5, 50])
def test_mentor_home_query_count_does_not_grow(client, mentor, ladder, org, count, django_assert_num_queries):
    mentees(mentor.staff_member, ladder, org, count)
    client.force_login(mentor)
    with django_assert_num_queries(MENTOR_HOME_QUERIES):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "All my mentees" in html and ("(more than 8)" in html) == (count > 8)


@pytest.mark.parametrize(
    ("actor", "offered"),
    [
        ("ld_manager", {"My mentees", "Mentors' load", "Succession", "Talent grid"}),
        ("director", {"My mentees", "Mentors' load", "Succession", "Talent grid"}),
        ("manager", {"My mentees", "Succession", "Talent grid"}),
        ("mentor", {"My mentees"}),
    ],
)
def test_the_pathways_menu_offers_each_page_to_those_who_may_open_it(client, request, actor, offered):
    pages = {
        "My mentees": "pathways:my_mentees",
        "Mentors' load": "pathways:mentor_load",
        "Succession": "pathways:succession",
        "Talent grid": "pathways:talent_grid",
    }
    client.force_login(request.getfixturevalue(actor))
    home = client.get(reverse("home")).content.decode()
    shown = {label for label, name in pages.items() if f'href="{reverse(name)}"' in home}
    assert shown == offered
    for label in offered:  # each link it offers opens
        assert client.get(reverse(pages[label])).status_code == 200
