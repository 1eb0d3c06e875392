"""My actions: what an action owner owns across plans, overdue first, with a quick progress form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import RAG, Action
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    OutputFactory,
    ProgressUpdateFactory,
)

TODAY = timezone.localdate()
MINE = reverse("actionplans:my_actions")
HX = {"HTTP_HX_REQUEST": "true"}
# session, user; roles (navigation); the staff record; the owned actions with RAG, plan and priority.
MINE_QUERIES = 5


def days(n):
    return TODAY + datetime.timedelta(days=n)


def owned(staff, **kwargs):
    action = ActionFactory(**kwargs)
    action.owners.add(staff)
    return action


def progress_url(action):
    return reverse("actionplans:progress_add", args=[action.pk]) + "?panel=mine"


def test_overdue_first_then_by_due_date_across_plans(client, action_owner):
    me = action_owner.staff_member
    later = owned(me, due_date=days(60), description="Later")
    undated = owned(me, due_date=None, description="Undated")
    long_overdue = owned(me, due_date=days(-30), description="Long overdue")
    soon = owned(me, due_date=days(5), description="Soon")
    overdue = owned(me, due_date=days(-2), description="Overdue")
    done = owned(me, due_date=days(-90), status=Action.Status.COMPLETED, description="Done")
    via_output = ActionFactory(due_date=days(-1), description="Via an output")  # in a plan of its own
    OutputFactory(action=via_output).owners.add(me)
    OutputFactory(action=via_output, letter="b").owners.add(me)  # still listed once
    someone_elses = ActionFactory(due_date=days(-100), description="Someone else's")
    client.force_login(action_owner)

    response = client.get(MINE)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows == [long_overdue, overdue, via_output, soon, later, undated, done]
    assert someone_elses not in rows
    assert response.context["overdue_count"] == 3
    assert [row.rag for row in rows[:3]] == [RAG.RED] * 3
    assert rows[-1].rag == RAG.COMPLETE
    html = response.content.decode()
    assert html.count("Overdue</span>") == 3
    assert str(via_output.plan) in html


def test_rows_show_the_latest_progress(client, action_owner):
    action = owned(action_owner.staff_member, due_date=days(40))
    ProgressUpdateFactory(action=action, date=days(-10), note="Old news", rag="green")
    ProgressUpdateFactory(action=action, date=days(-1), note="Trainers recruited", rag="amber")
    client.force_login(action_owner)

    html = client.get(MINE).content.decode()

    assert "Trainers recruited" in html and "Old news" not in html
    assert "Amber: at risk" in html


def test_someone_without_a_staff_record_is_told_why_the_list_is_empty(client, superuser):
    client.force_login(superuser)

    response = client.get(MINE)

    assert response.status_code == 200
    assert "not linked to a staff record" in response.content.decode()


def test_someone_who_owns_nothing_is_told_so(client, director):
    ActionFactory()
    client.force_login(director)

    assert "You do not own any actions" in client.get(MINE).content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_quick_htmx_update_swaps_just_the_row(client, action_owner):
    action = owned(action_owner.staff_member, due_date=days(-3))
    ProgressUpdateFactory(action=action, rag="green", date=days(-5))
    client.force_login(action_owner)

    response = client.post(progress_url(action), {"rag": "red", "note": "Venue cancelled"}, **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="mine-{action.pk}">')
    assert "<html" not in html
    assert "Venue cancelled" in html
    assert "Overdue" in html
    assert html.count("Red: off track") >= 2  # the row's RAG and the latest update's
    update = action.progress_updates.first()
    assert (update.rag, update.note, update.date, update.author) == (
        "red",
        "Venue cancelled",
        TODAY,
        action_owner,
    )


def test_quick_update_without_javascript_returns_to_my_actions(client, action_owner):
    action = owned(action_owner.staff_member, due_date=days(10))
    client.force_login(action_owner)

    response = client.post(
        progress_url(action), {"rag": "amber", "note": "Slipping", "next": MINE}, follow=True
    )

    assert response.redirect_chain == [(MINE, 302)]
    assert "Progress update added" in response.content.decode()
    assert response.context["rows"][0].rag == RAG.AMBER


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_bad_quick_update_shows_the_error_in_its_row(client, action_owner, headers):
    first = owned(action_owner.staff_member, due_date=days(-3))
    second = owned(action_owner.staff_member, due_date=days(3))
    client.force_login(action_owner)

    response = client.post(progress_url(second), {"note": "No colour given", "next": MINE}, **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="mine-{second.pk}-rag_error"' in html
    assert f'id="mine-{first.pk}-rag_error"' not in html
    assert "No colour given" in html
    assert ("<html" in html) is (not headers)
    assert not second.progress_updates.exists()


def test_another_owners_action_cannot_be_updated_from_my_actions(client, action_owner):
    theirs = ActionFactory(due_date=days(-3))
    client.force_login(action_owner)

    response = client.post(progress_url(theirs), {"rag": "green", "note": "Not mine"}, **HX)

    assert response.status_code == 403
    assert not theirs.progress_updates.exists()


@pytest.mark.parametrize("size", [5, 50])
def test_query_count_is_the_same_for_5_or_50_owned_actions(
    client, action_owner, size, django_assert_num_queries
):
    me = action_owner.staff_member
    areas = [FocusAreaFactory(priority__plan=ActionPlanFactory()) for _ in range(2)]
    for i in range(size):
        action = owned(me, due_date=days(i - size // 2), focus_area=areas[i % 2])
        if i % 3 == 0:
            OutputFactory(action=action).owners.add(me)
        ProgressUpdateFactory(action=action)
    client.force_login(action_owner)

    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(MINE)

    assert len(response.context["rows"]) == size
