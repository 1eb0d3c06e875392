"""The version check on every plan record two people may edit: two tabs on each edit page, the
admin, and the writers that are not forms (renumbering, ticking a milestone)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from actionplans import ordering
from actionplans.forms.updates import MilestoneForm
from actionplans.models import Action, FocusArea, Milestone, Output, Priority
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    MilestoneFactory,
    OutputFactory,
    PriorityFactory,
    RiskFactory,
)
from actionplans.tests.plan_data import layout_a_plan
from workforce.tests.editing import as_posted, page_data, two_tabs
from workforce.tests.test_versioning import admin_data
from workforce.versioning import StaleEdit, move_on


@pytest.fixture
def plan(db):
    return layout_a_plan()


def test_plan_two_tabs(client, ld_manager, plan):
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("actionplans:plan_edit", args=[plan.plan.pk]),
        first={"status": "draft"},
        second={"governance": "The Trust Board"},
        label="Status",
        yours="Active",
        theirs="Draft",
    )
    plan.plan.refresh_from_db()
    assert (plan.plan.status, plan.plan.governance) == ("active", "The Trust Board")


def test_priority_two_tabs(client, ld_manager, plan):
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("actionplans:priority_edit", args=[plan.p1.pk]),
        first={"title": "Lead well"},
        second={"title": "Lead and manage well"},
        label="Priority",
        yours="Lead and manage well",
        theirs="Lead well",
    )
    assert Priority.objects.get(pk=plan.p1.pk).title == "Lead and manage well"


def test_area_of_focus_two_tabs(client, ld_manager, plan):
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("actionplans:focusarea_edit", args=[plan.a11.pk]),
        first={"note": "Agreed at the board"},
        second={"title": "Leadership"},
        label="Note",
        yours="(blank)",
        theirs="Agreed at the board",
    )
    area = FocusArea.objects.get(pk=plan.a11.pk)
    assert (area.title, area.note) == ("Leadership", "")


def test_action_two_tabs(client, ld_manager, plan):
    action = plan.actions["1.1.1"]
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("actionplans:action_edit", args=[action.pk]),
        first={"due_date": "2026-09-30"},
        second={"timeframe": "Q3"},
        label="Due date",
        yours="(blank)",
        theirs="30 Sep 2026",
    )
    action.refresh_from_db()
    assert (action.timeframe, action.due_date, action.version) == ("Q3", None, 3)


def test_output_two_tabs(client, ld_manager, plan):
    output = OutputFactory(action=plan.actions["1.1.1"], description="Trainers counted")
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("actionplans:output_edit", args=[output.pk]),
        first={"description": "Trainers counted by site"},
        second={"target_unit": "trainers"},
        label="Description",
        yours="Trainers counted",
        theirs="Trainers counted by site",
    )
    output.refresh_from_db()
    assert (output.description, output.target_unit) == ("Trainers counted", "trainers")


def test_risk_two_tabs_by_an_action_owner(client, action_owner):
    action = ActionFactory()
    action.owners.add(action_owner.staff_member)
    risk = RiskFactory(action=action, description="Funding cut", likelihood=2, impact=2)
    client.force_login(action_owner)
    two_tabs(
        client,
        reverse("actionplans:risk_edit", args=[risk.pk]),
        first={"likelihood": "4"},
        second={"mitigation": "Bid for HEE funds"},
        label="Likelihood",
        yours="2 - Unlikely",
        theirs="4 - Likely",
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.mitigation) == (2, "Bid for HEE funds")


def test_a_refused_action_save_writes_neither_the_action_nor_its_rows(client, ld_manager, plan):
    """Themes-plan actions have contributor rows; a stale save must not write those either."""
    action = plan.actions["1.1.1"]
    action.contributors.create(name="HR", position=1)
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[action.pk])
    stale = page_data(client.get(url))
    assert client.post(url, {**stale, "description": "First"}).status_code == 302
    refused = client.post(url, {**stale, "contributors-0-name": "Finance"})
    assert refused.status_code == 409
    assert list(action.contributors.values_list("name", flat=True)) == ["HR"]
    assert 'value="Finance"' in refused.content.decode()


def test_milestone_form_refuses_a_stale_save(db):
    """Milestones have no edit page (they are added and ticked); the form still checks."""
    milestone = MilestoneFactory(description="Draft the bid")
    stale = MilestoneForm({"description": "Stale", "version": 1}, instance=milestone)
    fresh = MilestoneForm(
        {"description": "Fresh", "version": 1}, instance=Milestone.objects.get(pk=milestone.pk)
    )
    assert stale.is_valid() and fresh.is_valid()
    fresh.save()
    with pytest.raises(StaleEdit), transaction.atomic():
        stale.save()
    milestone.refresh_from_db()
    assert (milestone.description, milestone.version) == ("Fresh", 2)


def test_ticking_a_milestone_moves_its_version_on(client, ld_manager):
    milestone = MilestoneFactory()
    client.force_login(ld_manager)
    client.post(reverse("actionplans:milestone_toggle", args=[milestone.pk]), {"done": "1"})
    milestone.refresh_from_db()
    assert (milestone.completed_on, milestone.version) == (datetime.date.today(), 2)


def test_a_renumber_moves_priorities_and_areas_on_too(plan, ld_manager):
    ordering.move(plan.p1, ordering.DOWN, user=ld_manager)
    assert Priority.objects.get(pk=plan.p1.pk).version > 1
    assert FocusArea.objects.get(pk=plan.a11.pk).version > 1  # renumbered 1.1 -> 2.1


def test_a_renumber_in_between_refuses_a_stale_priority_save(client, ld_manager, plan):
    client.force_login(ld_manager)
    url = reverse("actionplans:priority_edit", args=[plan.p1.pk])
    stale = page_data(client.get(url))
    ordering.move(plan.p1, ordering.DOWN, user=ld_manager)
    refused = client.post(url, {**stale, "title": "Edited"})
    assert refused.status_code == 409
    assert {c.label: (c.yours, c.theirs) for c in refused.context["conflict"].fields} == {
        "Priority number": ("1", "2")
    }


# --- The admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, change",
    [
        (lambda: ActionPlanFactory(title="Before"), {"title": "After"}),
        (lambda: PriorityFactory(title="Before"), {"title": "After"}),
        (lambda: FocusAreaFactory(title="Before"), {"title": "After"}),
        (lambda: ActionFactory(description="Before"), {"description": "After"}),
        (lambda: OutputFactory(description="Before"), {"description": "After"}),
        (lambda: MilestoneFactory(description="Before"), {"description": "After"}),
        (lambda: RiskFactory(description="Before"), {"description": "After"}),
    ],
    ids=["plan", "priority", "focusarea", "action", "output", "milestone", "risk"],
)
def test_a_stale_admin_save_is_refused_and_changes_nothing(client, superuser, make, change):
    obj = make()
    model = type(obj)
    url = reverse(f"admin:actionplans_{model._meta.model_name}_change", args=[obj.pk])
    client.force_login(superuser)
    stale = admin_data(client.get(url))
    move_on(model.objects.get(pk=obj.pk))  # someone saves it meanwhile
    ((name, value),) = change.items()

    refused = client.post(url, {**stale, **change})
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert any("Not saved" in e and "after you opened it" in e for e in errors), errors
    fresh = model.objects.get(pk=obj.pk)
    assert (getattr(fresh, name), fresh.version) == ("Before", 2)

    again = client.post(url, as_posted(refused.context["adminform"].form.data))
    assert again.status_code == 302
    fresh.refresh_from_db()
    assert (getattr(fresh, name), fresh.version) == (value, 3)


def test_an_output_edited_inline_in_the_action_admin_is_checked_too(client, superuser):
    output = OutputFactory(description="Before")
    url = reverse("admin:actionplans_action_change", args=[output.action_id])
    client.force_login(superuser)
    stale = admin_data(client.get(url))
    move_on(Output.objects.get(pk=output.pk))
    refused = client.post(url, {**stale, "outputs-0-description": "After"})
    assert refused.status_code == 200
    assert "after you opened it" in refused.content.decode()
    assert Output.objects.get(pk=output.pk).description == "Before"
    assert Action.objects.get(pk=output.action_id).version == 1  # the action's own save rolled back


@pytest.mark.parametrize("extra_actions", [0, 30])
def test_the_action_edit_page_costs_the_same_whatever_the_plan_size(
    client, ld_manager, django_assert_num_queries, extra_actions
):
    """The version check adds a fixed cost (one query for the latest history id), not one per row.
    (The count includes the access check's look-up of the signed-in user's staff record.)"""
    plan = layout_a_plan()
    for n in range(extra_actions):
        ActionFactory(focus_area=plan.a11, number=f"1.1.{n + 10}")
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[plan.actions["1.1.1"].pk])
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200


def test_an_admin_save_refused_for_a_bad_inline_row_moves_no_version(client, superuser):
    """The admin saves the form before checking the inlines; the version is claimed only after."""
    output = OutputFactory(description="Before")
    url = reverse("admin:actionplans_action_change", args=[output.action_id])
    client.force_login(superuser)
    page = admin_data(client.get(url))
    bad = client.post(url, {**page, "description": "Changed", "outputs-0-description": ""})
    assert bad.status_code == 200
    assert Action.objects.get(pk=output.action_id).version == 1
    good = client.post(url, {**page, "description": "Changed", "outputs-0-description": "After"})
    assert good.status_code == 302
    assert Action.objects.get(pk=output.action_id).version == 2
    assert Output.objects.get(pk=output.pk).version == 2
