"""Reorder and renumber: one use case (actionplans.ordering) and its page."""

import pytest
from django.urls import reverse

from actionplans import ordering
from actionplans.models import Action, FocusArea, Priority
from actionplans.tests.factories import ActionFactory, ActionPlanFactory, FocusAreaFactory, PriorityFactory
from actionplans.tests.plan_data import layout_a_plan, themes_plan

pytestmark = pytest.mark.django_db


def numbers(plan) -> dict[str, str]:
    """description -> number, for every priority, area and action of the plan."""
    found = {p.title: p.number for p in Priority.objects.filter(plan=plan)}
    found |= {a.title: a.number for a in FocusArea.objects.filter(priority__plan=plan)}
    found |= {a.description: a.number for a in Action.objects.filter(plan=plan)}
    return found


@pytest.fixture
def tree():
    return layout_a_plan()


def test_moving_a_priority_down_renumbers_it_and_everything_under_it(tree):
    ordering.move(tree.p1, ordering.DOWN)
    for action in tree.actions.values():
        action.refresh_from_db()
    tree.p1.refresh_from_db()
    tree.p2.refresh_from_db()
    assert (tree.p2.number, tree.p1.number) == ("1", "2")
    assert FocusArea.objects.get(pk=tree.a21.pk).number == "1.1"
    assert FocusArea.objects.get(pk=tree.a12.pk).number == "2.2"
    assert [tree.actions[n].number for n in ["2.1.1", "1.1.1", "1.1.2", "1.2.1"]] == [
        "1.1.1",
        "2.1.1",
        "2.1.2",
        "2.2.1",
    ]


def test_moving_an_action_up_swaps_it_with_the_one_above(tree):
    first, second = tree.actions["1.1.1"], tree.actions["1.1.2"]
    ordering.move(second, ordering.UP)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number) == ("1.1.1", "1.1.2")
    assert second.position < first.position


def test_moving_an_area_renumbers_its_actions(tree):
    ordering.move(tree.a12, ordering.UP)
    assert numbers(tree.plan)["Run a management skills audit"] == "1.1.1"
    assert numbers(tree.plan)["Commission a leadership programme"] == "1.2.2"


def test_the_first_cannot_move_up_and_nothing_changes(tree):
    before = numbers(tree.plan)
    with pytest.raises(ordering.CannotMove):
        ordering.move(tree.p1, ordering.UP)
    with pytest.raises(ordering.CannotMove):
        ordering.move(tree.actions["2.1.1"], ordering.DOWN)
    assert numbers(tree.plan) == before


def test_dependencies_still_point_at_the_same_actions_and_show_the_new_number(client, director, tree):
    dependent, waited_for = tree.actions["2.1.1"], tree.actions["1.1.2"]
    dependent.dependencies.add(waited_for)
    ordering.move(waited_for, ordering.UP)  # 1.1.2 becomes 1.1.1
    ordering.move(tree.p2, ordering.UP)  # priority 2 becomes 1, so 1.1.1 becomes 2.1.1
    dependent.refresh_from_db()
    assert list(dependent.dependencies.all()) == [waited_for]
    assert dependent.dependencies.get().number == "2.1.1"
    client.force_login(director)
    html = client.get(tree.plan.get_absolute_url()).content.decode()
    assert f'Depends on:\n      <a href="#action-{waited_for.pk}"' in html
    assert f'<a href="#action-{waited_for.pk}" title="Commission a leadership programme">2.1.1</a>' in html


def test_renumber_fixes_gaps_and_duplicates_as_imported(tree):
    Priority.objects.filter(pk=tree.p2.pk).update(number="Priority 5", position=9)
    Action.objects.filter(pk=tree.actions["1.1.2"].pk).update(
        number="1.1.7", position=1
    )  # same position as 1.1.1
    done = ordering.renumber_plan(tree.plan)
    assert done.priorities == 1 and done.actions >= 1
    assert numbers(tree.plan)["Recruit and retain a skilled workforce"] == "2"
    assert {numbers(tree.plan)[a.description] for a in [tree.actions["1.1.1"], tree.actions["1.1.2"]]} == {
        "1.1.1",
        "1.1.2",
    }
    assert ordering.renumber_plan(tree.plan).total == 0  # nothing left to change


def test_renumber_records_history_and_bumps_the_version_of_renumbered_actions(tree, ld_manager):
    action = tree.actions["1.1.2"]
    ordering.move(action, ordering.UP, user=ld_manager)
    action.refresh_from_db()
    assert action.version == 2
    record = action.history.order_by("-history_id").first()
    assert (record.number, record.history_change_reason, record.history_user) == (
        "1.1.1",
        "Moved from position 2 to 1; renumbered 1.1.2 → 1.1.1",
        ld_manager,
    )
    untouched = tree.actions["2.1.1"]
    untouched.refresh_from_db()
    assert untouched.version == 1


def test_a_themes_plan_numbers_actions_n_k():
    plan, get_in, get_on, first, second = themes_plan()
    third = ActionFactory(
        focus_area=None, priority=get_in, number="", description="Apprenticeships", position=5
    )
    ordering.move(get_on, ordering.UP)
    assert numbers(plan) == {
        get_on.title: "1",
        get_in.title: "2",
        second.description: "1.1",
        first.description: "2.1",
        third.description: "2.2",
    }


def test_place_at_end_gives_the_next_number():
    plan = ActionPlanFactory()
    priority = PriorityFactory(plan=plan, number="3", position=3)
    area = FocusAreaFactory(priority=priority, number="3.2", position=1)
    ActionFactory(focus_area=area, position=4)
    new = Action(plan=plan, priority=priority, focus_area=area, description="New")
    ordering.place_at_end(new)
    assert (new.position, new.number) == (5, "3.2.2")


# --- The reorder page ----------------------------------------------------------------------------


def test_reorder_page_lists_the_tree_with_move_buttons(client, ld_manager, tree):
    client.force_login(ld_manager)
    html = client.get(reverse("actionplans:plan_reorder", args=[tree.plan.pk])).content.decode()
    assert 'aria-label="Move priority 1 up" disabled' in html
    assert 'aria-label="Move action 1.1.2 up"' in html
    assert "Commission a leadership programme" in html


def test_reorder_page_moves_and_renumbers(client, ld_manager, tree):
    client.force_login(ld_manager)
    url = reverse("actionplans:plan_reorder", args=[tree.plan.pk])
    response = client.post(url, {"kind": "focusarea", "pk": tree.a12.pk, "direction": "up"}, follow=True)
    assert response.redirect_chain[0][0] == f"{url}#focusarea-{tree.a12.pk}"
    assert "Moved up: now numbered 1.1." in response.content.decode()
    tree.a12.refresh_from_db()
    assert tree.a12.number == "1.1"


def test_reorder_page_says_when_something_is_already_first(client, ld_manager, tree):
    client.force_login(ld_manager)
    url = reverse("actionplans:plan_reorder", args=[tree.plan.pk])
    response = client.post(url, {"kind": "priority", "pk": tree.p1.pk, "direction": "up"}, follow=True)
    assert "is already first" in response.content.decode()


def test_reorder_page_refuses_an_item_of_another_plan(client, ld_manager, tree):
    other = layout_a_plan()
    client.force_login(ld_manager)
    url = reverse("actionplans:plan_reorder", args=[tree.plan.pk])
    response = client.post(url, {"kind": "priority", "pk": other.p1.pk, "direction": "down"}, follow=True)
    assert "That is not part of this plan." in response.content.decode()
    other.p1.refresh_from_db()
    assert other.p1.number == "1"


def test_reorder_page_renumber_button(client, ld_manager, tree):
    Priority.objects.filter(pk=tree.p2.pk).update(number="7")
    client.force_login(ld_manager)
    response = client.post(
        reverse("actionplans:plan_reorder", args=[tree.plan.pk]), {"renumber": "1"}, follow=True
    )
    assert "Plan renumbered: 1 number changed." in response.content.decode()
    tree.p2.refresh_from_db()
    assert tree.p2.number == "2"


def test_reorder_page_bad_id_and_wrong_method(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("actionplans:plan_reorder", args=[999999])).status_code == 404
    assert client.put(reverse("actionplans:plan_reorder", args=[999999])).status_code == 405
