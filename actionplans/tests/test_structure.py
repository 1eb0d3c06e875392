"""Building a plan through forms: priorities (themes), areas of focus, actions, outputs; deleting
them with a confirmation that says what goes with them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actionplans.models import Action, Contributor, ExpectedAchievement, FocusArea, Output, Priority
from actionplans.tests.factories import OutputFactory
from actionplans.tests.plan_data import (
    edit_action_post,
    formset_management,
    layout_a_plan,
    new_action_post,
    output_post,
    themes_plan,
)
from workforce.tests.factories import StaffMemberFactory


@pytest.fixture
def tree(db):
    return layout_a_plan()


@pytest.fixture
def editor(client, ld_manager):
    client.force_login(ld_manager)
    return client


# --- Priorities ---------------------------------------------------------------------------------


def test_priority_create_numbers_it_after_the_last(editor, tree):
    url = reverse("actionplans:priority_create", args=[tree.plan.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"number": "", "title": "Grow our own"}, follow=True)
    priority = Priority.objects.get(title="Grow our own")
    assert (priority.number, priority.position) == ("3", 3)
    assert "Priority “3. Grow our own” added." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"#priority-{priority.pk}")


def test_priority_form_says_theme_for_a_themes_plan(editor):
    plan, *_ = themes_plan()
    html = editor.get(reverse("actionplans:priority_create", args=[plan.pk])).content.decode()
    assert "Add a theme" in html and "Theme number" in html


def test_priority_create_refuses_a_blank_title(editor, tree):
    response = editor.post(reverse("actionplans:priority_create", args=[tree.plan.pk]), {"number": "9"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert 'value="9"' in response.content.decode()
    assert tree.plan.priorities.count() == 2


def test_priority_edit(editor, tree):
    url = reverse("actionplans:priority_edit", args=[tree.p1.pk])
    assert editor.get(url).status_code == 200
    assert editor.post(url, {"number": "1", "title": "Lead and manage well", "version": 1}).status_code == 302
    tree.p1.refresh_from_db()
    assert tree.p1.title == "Lead and manage well"
    assert editor.get(reverse("actionplans:priority_edit", args=[999999])).status_code == 404


def test_priority_delete_asks_first_saying_how_many_actions_go_with_it(editor, tree):
    url = reverse("actionplans:priority_delete", args=[tree.p1.pk])
    html = editor.get(url).content.decode()
    assert "3 actions will be deleted with it" in html
    assert "2 areas of focus will be deleted with it" in html
    assert Priority.objects.filter(pk=tree.p1.pk).exists()
    assert editor.post(url).status_code == 302
    assert not Priority.objects.filter(pk=tree.p1.pk).exists()
    assert sorted(Action.objects.filter(plan=tree.plan).values_list("number", flat=True)) == ["2.1.1"]


# --- Areas of focus -------------------------------------------------------------------------------


def test_focusarea_create_under_a_priority(editor, tree):
    url = reverse("actionplans:focusarea_create", args=[tree.p2.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"priority": tree.p2.pk, "number": "", "title": "Retention", "note": ""})
    assert response.status_code == 302
    area = FocusArea.objects.get(title="Retention")
    assert (area.priority, area.number) == (tree.p2, "2.2")


def test_focusarea_cannot_be_put_under_another_plans_priority(editor, tree):
    other = layout_a_plan()
    response = editor.post(
        reverse("actionplans:focusarea_create", args=[tree.p2.pk]),
        {"priority": other.p1.pk, "title": "Sneaky", "number": "", "note": ""},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not FocusArea.objects.filter(title="Sneaky").exists()


def test_a_themes_plan_has_no_areas_to_add(editor):
    _plan, get_in, *_ = themes_plan()
    assert editor.get(reverse("actionplans:focusarea_create", args=[get_in.pk])).status_code == 404


def test_focusarea_moved_to_another_priority_takes_the_next_number_there(editor, tree):
    url = reverse("actionplans:focusarea_edit", args=[tree.a12.pk])
    assert editor.get(url).status_code == 200
    data = {
        "priority": tree.p2.pk,
        "number": tree.a12.number,
        "title": tree.a12.title,
        "note": "",
        "version": 1,
    }
    assert editor.post(url, data).status_code == 302
    tree.a12.refresh_from_db()
    assert (tree.a12.priority, tree.a12.number) == (tree.p2, "2.2")


def test_focusarea_delete_confirms_with_its_action_count(editor, tree):
    url = reverse("actionplans:focusarea_delete", args=[tree.a11.pk])
    assert "2 actions will be deleted with it" in editor.get(url).content.decode()
    assert editor.post(url).status_code == 302
    assert not FocusArea.objects.filter(pk=tree.a11.pk).exists()
    assert editor.post(reverse("actionplans:focusarea_delete", args=[999999])).status_code == 404


# --- Actions ---------------------------------------------------------------------------------------


def test_action_create_in_an_area_takes_its_priority_and_the_next_number(editor, tree):
    owner = StaffMemberFactory()
    url = reverse("actionplans:action_create", args=[tree.plan.pk])
    form_html = editor.get(url, {"focus_area": tree.a12.pk}).content.decode()
    assert f'<option value="{tree.a12.pk}" selected>' in form_html
    response = editor.post(
        url, new_action_post(focus_area=tree.a12.pk, owners=[owner.pk], cost_amount="4800")
    )
    action = Action.objects.get(description__startswith="Set up a Link Trainer")
    assert response.status_code == 302
    assert (action.priority, action.focus_area, action.number, action.plan) == (
        tree.p1,
        tree.a12,
        "1.2.2",
        tree.plan,
    )
    assert list(action.owners.all()) == [owner]
    assert action.cost_amount == Decimal("4800")


def test_action_due_date_is_read_from_a_timeframe_that_names_a_date(editor, tree):
    url = reverse("actionplans:action_create", args=[tree.plan.pk])
    editor.post(url, new_action_post(focus_area=tree.a11.pk, timeframe="Sept 2013"))
    action = Action.objects.get(description__startswith="Set up a Link Trainer")
    assert action.due_date == datetime.date(2013, 9, 30)
    assert action.timeframe == "Sept 2013"


def test_a_given_due_date_wins_over_the_timeframe(editor, tree):
    url = reverse("actionplans:action_create", args=[tree.plan.pk])
    editor.post(url, new_action_post(focus_area=tree.a11.pk, timeframe="Sept 2013", due_date="2013-09-01"))
    assert Action.objects.get(description__startswith="Set up").due_date == datetime.date(2013, 9, 1)


def test_action_needs_an_area_of_focus_when_its_priority_has_some(editor, tree):
    response = editor.post(
        reverse("actionplans:action_create", args=[tree.plan.pk]), new_action_post(priority=tree.p1.pk)
    )
    assert response.status_code == 200
    assert "Choose one of the areas of focus" in response.content.decode()
    assert "Set up a Link Trainer role" in response.content.decode()  # the user's input is kept


def test_action_area_and_priority_must_belong_to_the_plan(editor, tree):
    other = layout_a_plan()
    response = editor.post(
        reverse("actionplans:action_create", args=[tree.plan.pk]), new_action_post(focus_area=other.a11.pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.filter(description__startswith="Set up").exists()


def test_action_in_a_themes_plan_has_no_area_field_and_takes_contributors_and_achievements(editor):
    plan, get_in, *_ = themes_plan()
    url = reverse("actionplans:action_create", args=[plan.pk])
    html = editor.get(url).content.decode()
    assert 'name="focus_area"' not in html
    assert "Essential input required from" in html and "Expected achievements" in html
    data = new_action_post(
        priority=get_in.pk,
        focus_area=None,
        description="The Trust will run work experience for local students",
        **formset_management("contributors", total=2),
        **{"contributors-0-name": "Education team", "contributors-1-name": "Volunteers"},
        **formset_management("achievements"),
        **{"achievements-0-description": "100 students a year"},
    )
    assert editor.post(url, data).status_code == 302
    action = Action.objects.get(description__startswith="The Trust will run work experience")
    assert action.number == "1.2" and action.focus_area is None
    assert list(action.contributors.values_list("name", "position")) == [
        ("Education team", 1),
        ("Volunteers", 2),
    ]
    assert list(action.achievements.values_list("description", flat=True)) == ["100 students a year"]


def test_action_edit_updates_the_action_and_bumps_its_version(editor, tree):
    action = tree.actions["1.1.1"]
    url = reverse("actionplans:action_edit", args=[action.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(
        url, edit_action_post(action, description="Benchmark trainer capacity", status="in_progress")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.status, action.version) == (
        "Benchmark trainer capacity",
        "in_progress",
        2,
    )


def test_an_action_cannot_depend_on_itself(editor, tree):
    action = tree.actions["1.1.1"]
    response = editor.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        edit_action_post(action, dependencies=[action.pk]),
    )
    assert response.status_code == 200
    assert "dependencies" in response.context["form"].errors
    assert not action.dependencies.exists()


def test_a_dependency_cycle_is_refused_with_the_loop_named(editor, tree):
    a = tree.actions
    a["1.1.2"].dependencies.add(a["1.1.1"])  # 1.1.2 waits for 1.1.1
    a["1.2.1"].dependencies.add(a["1.1.2"])  # 1.2.1 waits for 1.1.2
    response = editor.post(
        reverse("actionplans:action_edit", args=[a["1.1.1"].pk]),
        edit_action_post(a["1.1.1"], dependencies=[a["1.2.1"].pk]),
    )
    assert response.status_code == 200
    assert "That would make a loop: 1.2.1 → 1.1.2 → 1.1.1 → 1.2.1" in response.content.decode()
    assert not a["1.1.1"].dependencies.exists()
    # A dependency that closes no loop is fine.
    ok = editor.post(
        reverse("actionplans:action_edit", args=[a["1.1.1"].pk]),
        edit_action_post(a["1.1.1"], dependencies=[a["2.1.1"].pk]),
    )
    assert ok.status_code == 302
    assert list(a["1.1.1"].dependencies.all()) == [a["2.1.1"]]


def test_a_dependency_on_another_plans_action_is_refused(editor, tree):
    other = layout_a_plan()
    action = tree.actions["1.1.1"]
    response = editor.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        edit_action_post(action, dependencies=[other.actions["1.1.1"].pk]),
    )
    assert "dependencies" in response.context["form"].errors


def test_action_moved_to_another_area_takes_the_next_number_there(editor, tree):
    action = tree.actions["1.1.2"]
    response = editor.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        edit_action_post(action, focus_area=tree.a21.pk, priority=tree.p2.pk),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.priority, action.focus_area, action.number) == (tree.p2, tree.a21, "2.1.2")


def test_action_delete_confirms_and_names_the_actions_that_depend_on_it(editor, tree):
    a = tree.actions
    a["2.1.1"].dependencies.add(a["1.1.1"])
    OutputFactory(action=a["1.1.1"])
    url = reverse("actionplans:action_delete", args=[a["1.1.1"].pk])
    html = editor.get(url).content.decode()
    assert "1 output will be deleted with it." in html
    assert "1 action depends on it and will no longer: 2.1.1" in html
    assert editor.post(url).status_code == 302
    assert not Action.objects.filter(pk=a["1.1.1"].pk).exists()
    assert not a["2.1.1"].dependencies.exists()


def test_action_pages_refuse_other_methods(editor, tree):
    assert editor.put(reverse("actionplans:action_edit", args=[tree.actions["1.1.1"].pk])).status_code == 405
    assert editor.get(reverse("actionplans:action_edit", args=[999999])).status_code == 404


# --- Outputs ---------------------------------------------------------------------------------------


def test_output_create_with_dated_targets_gets_the_next_letter(editor, tree):
    action = tree.actions["1.1.1"]
    OutputFactory(action=action, letter="a")
    url = reverse("actionplans:output_create", args=[action.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, output_post())
    assert response.status_code == 302
    assert response.url.endswith(f"#action-{action.pk}")
    output = Output.objects.get(description__startswith="At least 25%")
    assert output.letter == "b"
    assert [str(t) for t in output.targets.all()] == ["25% by December 2013", "50% by September 2015"]


def test_output_create_refuses_a_target_without_a_value(editor, tree):
    action = tree.actions["1.1.1"]
    response = editor.post(
        reverse("actionplans:output_create", args=[action.pk]),
        output_post(**{"targets-0-value": "", "targets-0-unit": "%"}),
    )
    assert response.status_code == 200
    assert not Output.objects.filter(action=action).exists()


def test_output_edit_and_delete(editor, tree):
    output = OutputFactory(action=tree.actions["1.1.1"], letter="a", description="Old")
    url = reverse("actionplans:output_edit", args=[output.pk])
    assert editor.get(url).status_code == 200
    assert (
        editor.post(
            url, output_post(letter="a", description="New", version=1, **formset_management("targets", 0))
        ).status_code
        == 302
    )
    output.refresh_from_db()
    assert output.description == "New"
    delete_url = reverse("actionplans:output_delete", args=[output.pk])
    assert "dated targets" in editor.get(delete_url).content.decode()
    assert editor.post(delete_url).status_code == 302
    assert not Output.objects.filter(pk=output.pk).exists()
    assert editor.get(reverse("actionplans:output_edit", args=[output.pk])).status_code == 404


def test_existing_contributors_show_on_a_priorities_plan_action_too(editor, tree):
    action = tree.actions["1.1.1"]
    Contributor.objects.create(action=action, name="Workforce team")
    html = editor.get(reverse("actionplans:action_edit", args=[action.pk])).content.decode()
    assert "Workforce team" in html
    assert ExpectedAchievement.objects.count() == 0
