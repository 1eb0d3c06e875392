"""The action owner's panel on "My work" (actionplans.home, added through workforce.home_panels):
overdue first, then due soon, with the quick progress form, at a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.home import HOME_LIMIT
from actionplans.tests.factories import ActionFactory, ActionPlanFactory, FocusAreaFactory
from workforce.home_panels import registered_panels

TODAY = timezone.localdate()
HOME = reverse("home")
HX = {"HTTP_HX_REQUEST": "true"}
# session, user; role groups; own staff record; my training; the owned actions overdue or due
# soon (one query, with RAG, plan and priority); the trainees I support (the traineeships panel,
# asked for everyone with a staff record).
OWNER_HOME_QUERIES = 7


def days(n):
    return TODAY + datetime.timedelta(days=n)


def owned(staff, **kwargs):
    action = ActionFactory(**kwargs)
    action.owners.add(staff)
    return action


def panel_of(response) -> dict | None:
    panels = {panel.key: panel.context for panel in response.context["app_panels"]}
    return panels.get("actionplans.owned_actions")


def test_the_panel_is_registered_by_the_app_not_imported_by_the_core():
    assert "actionplans.owned_actions" in [panel.key for panel in registered_panels()]


def test_overdue_first_then_due_soon_and_nothing_else(client, action_owner):
    me = action_owner.staff_member
    soon = owned(me, due_date=days(20), description="Agree the pledge")
    late = owned(me, due_date=days(-3), description="Recruit Link Trainers")
    later = owned(me, due_date=days(-40), description="Benchmark trainer capacity")
    owned(me, due_date=days(90), description="Far ahead")
    owned(me, due_date=None, description="No date")
    owned(me, due_date=days(-5), status="completed", description="Done late")
    ActionFactory(due_date=days(-5), description="Someone else's")
    client.force_login(action_owner)

    response = client.get(HOME)

    panel = panel_of(response)
    assert [row.pk for row in panel["rows"]] == [later.pk, late.pk, soon.pk]
    assert panel["overdue_count"] == 2
    html = response.content.decode()
    assert "My actions: overdue or due in the next 30 days" in html
    assert html.index("Benchmark trainer capacity") < html.index("Recruit Link Trainers")
    assert html.index("Recruit Link Trainers") < html.index("Agree the pledge")
    assert "Far ahead" not in html and "Done late" not in html and "Someone else" not in html
    # The overdue action nobody reported on and not started says so beside Red.
    assert "Overdue, not started" in html
    # Each row carries the quick progress form, posting back to the home page.
    assert f'id="mine-{late.pk}-rag' in html
    assert f'<input type="hidden" name="next" value="{HOME}">' in html


def test_an_owner_with_nothing_due_is_told_so(client, action_owner):
    owned(action_owner.staff_member, due_date=days(90))
    client.force_login(action_owner)
    response = client.get(HOME)
    assert panel_of(response)["rows"] == []
    assert "Nothing you own is overdue or due in the next 30 days." in response.content.decode()


def test_no_panel_for_someone_who_owns_nothing_due_or_has_no_staff_record(client, director, superuser):
    for user in (director, superuser):
        client.force_login(user)
        response = client.get(HOME)
        assert panel_of(response) is None
        assert "my-actions-heading" not in response.content.decode()


def test_a_manager_who_owns_an_overdue_action_sees_it(client, manager):
    owned(manager.staff_member, due_date=days(-1), description="Cover for trainers")
    client.force_login(manager)
    assert [row.description for row in panel_of(client.get(HOME))["rows"]] == ["Cover for trainers"]


def test_the_panel_lists_at_most_ten_and_links_to_all(client, action_owner):
    for i in range(HOME_LIMIT + 2):
        owned(action_owner.staff_member, due_date=days(-i - 1))
    client.force_login(action_owner)
    response = client.get(HOME)
    panel = panel_of(response)
    assert len(panel["rows"]) == HOME_LIMIT and panel["more"]
    assert f'href="{reverse("actionplans:my_actions")}">All my actions (more than 10)' in (
        response.content.decode()
    )


def test_a_quick_update_from_home_without_javascript_returns_home(client, action_owner):
    action = owned(action_owner.staff_member, due_date=days(-3))
    client.force_login(action_owner)
    url = reverse("actionplans:progress_add", args=[action.pk]) + "?panel=mine"

    response = client.post(url, {"rag": "red", "note": "Trainers not released", "next": HOME}, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    assert panel_of(response)["rows"][0].rag == "red"
    swapped = client.post(url, {"rag": "amber", "note": "Recovering", "next": HOME}, **HX)
    assert f'name="next" value="{HOME}"' in swapped.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count_is_the_same_for_3_or_30_owned_actions(
    client, action_owner, size, django_assert_num_queries
):
    areas = [FocusAreaFactory(priority__plan=ActionPlanFactory()) for _ in range(2)]
    for i in range(size):
        owned(action_owner.staff_member, due_date=days(i - size // 2), focus_area=areas[i % 2])
    client.force_login(action_owner)

    with django_assert_num_queries(OWNER_HOME_QUERIES):
        response = client.get(HOME)

    assert panel_of(response)["rows"]
