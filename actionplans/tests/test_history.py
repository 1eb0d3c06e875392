"""History that tells the whole story: owners and dependencies, every part of a plan, moves and
renumbers, each with who and when, shown on the pages by name."""

import pytest
from django.urls import reverse

from actionplans import ordering
from actionplans.models import Action, Contributor, ExpectedAchievement, Output, OutputTarget, PledgeSignatory
from actionplans.spreadsheets.save import StaffLookup, import_plan, read_plan
from actionplans.tests.factories import ActionFactory, ActionPlanFactory, OutputFactory
from actionplans.tests.plan_data import (
    edit_action_post,
    formset_management,
    layout_a_plan,
    output_post,
    plan_post,
    themes_plan,
)
from actionplans.tests.test_spreadsheet_import import HEADER_A, xlsx
from workforce.history import history_entries
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, ld_manager):
    client.force_login(ld_manager)
    return client


@pytest.fixture
def sarah(db):
    return StaffMemberFactory(first_name="Sarah", last_name="Bennett")


@pytest.fixture
def ola(db):
    return StaffMemberFactory(first_name="Ola", last_name="Wood")


def changes_of(entry) -> list[tuple]:
    return [(c.field, c.old, c.new) for c in entry.changes]


def page(client, obj) -> tuple[list, str]:
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.context["history"], response.content.decode()


# --- Many-to-many ---------------------------------------------------------------------------------


def test_owners_changed_through_the_action_form_show_old_and_new_names(editor, ld_manager, sarah, ola):
    tree = layout_a_plan()
    action = tree.actions["1.1.1"]
    action.owners.set([sarah, ola])
    records_before = action.history.count()

    response = editor.post(
        reverse("actionplans:action_edit", args=[action.pk]), edit_action_post(action, owners=[ola.pk])
    )

    assert response.status_code == 302
    assert action.history.count() == records_before + 1  # one save, one record
    history, html = page(editor, action)
    newest = history[0]
    assert (newest.who, newest.what, newest.subject) == (ld_manager.get_full_name(), "Changed", "")
    assert changes_of(newest) == [("owners", "Ola Wood, Sarah Bennett", "Ola Wood")]
    assert "owners “Ola Wood, Sarah Bennett” → “Ola Wood”" in html


def test_a_save_changing_fields_owners_and_dependencies_is_one_entry(editor, sarah):
    tree = layout_a_plan()
    action, other = tree.actions["1.1.2"], tree.actions["2.1.1"]
    records_before = action.history.count()

    editor.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        edit_action_post(action, status="in_progress", owners=[sarah.pk], dependencies=[other.pk]),
    )

    assert action.history.count() == records_before + 1
    newest = history_entries(action)[0]
    assert sorted(changes_of(newest)) == [
        ("dependencies", "", "2.1.1 Recruit Home Trainers in every home"),
        ("owners", "", "Sarah Bennett"),
        ("status", "Not started", "In progress"),
    ]


def test_dependencies_added_and_removed_are_recorded_by_name():
    first, second, third = (
        ActionFactory(number="1.1"),
        ActionFactory(number="1.2"),
        ActionFactory(number="1.3"),
    )
    first.dependencies.add(second)
    first.dependencies.add(third)
    first.dependencies.remove(second)

    assert [changes_of(entry) for entry in history_entries(first)[:3]] == [
        [("dependencies", f"{second}, {third}", str(third))],
        [("dependencies", str(second), f"{second}, {third}")],
        [("dependencies", "", str(second))],
    ]


def test_output_owners_changed_through_the_output_form_show_on_the_action_page(
    editor, ld_manager, sarah, ola
):
    output = OutputFactory(letter="a", description="Staff trained")
    output.owners.set([sarah])
    data = output_post(
        letter="a",
        description="Staff trained",
        owners=[ola.pk],
        version=output.version,
        **formset_management("targets", 0),
    )

    assert editor.post(reverse("actionplans:output_edit", args=[output.pk]), data).status_code == 302

    history, html = page(editor, output.action)
    newest = history[0]
    assert newest.subject == "Output “a. Staff trained”"
    assert newest.who == ld_manager.get_full_name()
    assert ("owners", "Sarah Bennett", "Ola Wood") in changes_of(newest)
    assert "Output “a. Staff trained”: changed" in html


def test_an_owner_who_later_leaves_the_action_is_still_named(sarah):
    action = ActionFactory()
    action.owners.add(sarah)
    action.owners.remove(sarah)
    sarah.last_name = "Bennett-Khan"  # the record is read as the person is named now
    sarah.save()

    assert changes_of(history_entries(action)[0]) == [("owners", "Sarah Bennett-Khan", "")]


# --- Every plan part ------------------------------------------------------------------------------


def test_contributors_and_achievements_changes_are_on_the_action_page(editor, ld_manager):
    plan, _, _, first, _ = themes_plan()
    ward, hr = (
        Contributor.objects.get(name="Ward managers"),
        Contributor.objects.get(name="HR recruitment team"),
    )
    placements = ExpectedAchievement.objects.get()
    data = edit_action_post(
        first,
        focus_area="",
        **formset_management("contributors", total=3, initial=2),
        **{
            "contributors-0-id": hr.pk,
            "contributors-0-name": "HR recruitment team",
            "contributors-0-DELETE": "on",
            "contributors-1-id": ward.pk,
            "contributors-1-name": "Ward sisters and charge nurses",
            "contributors-2-name": "Volunteers",
        },
        **formset_management("achievements", total=1, initial=1),
        **{"achievements-0-id": placements.pk, "achievements-0-description": "50 placements a year"},
    )

    assert editor.post(reverse("actionplans:action_edit", args=[first.pk]), data).status_code == 302

    history, html = page(editor, first)
    mine = {(e.subject, e.what): e for e in history if e.who == ld_manager.get_full_name()}
    assert ("Contributor “HR recruitment team”", "Deleted") in mine
    assert ("Contributor “Volunteers”", "Created") in mine
    renamed = mine[("Contributor “Ward sisters and charge nurses”", "Changed")]
    assert ("name", "Ward managers", "Ward sisters and charge nurses") in changes_of(renamed)
    assert renamed.reason == "Moved from position 2 to 1"  # the row above it was removed
    achieved = mine[("Expected achievement “50 placements a year”", "Changed")]
    assert changes_of(achieved) == [("description", "40 placements a year", "50 placements a year")]
    assert "Contributor “Volunteers”: created" in html
    assert Contributor.objects.get(name="Volunteers").position == 2  # created in its place


def test_a_contributor_that_only_moved_up_is_recorded_as_moved(editor, ld_manager):
    plan, _, _, first, _ = themes_plan()
    hr, ward = first.contributors.order_by("position")
    data = edit_action_post(
        first,
        focus_area="",
        **formset_management("contributors", total=2, initial=2),
        **{
            "contributors-0-id": hr.pk,
            "contributors-0-name": hr.name,
            "contributors-0-DELETE": "on",
            "contributors-1-id": ward.pk,
            "contributors-1-name": ward.name,  # unchanged: only its place changes
        },
        **formset_management("achievements", total=0),
    )

    editor.post(reverse("actionplans:action_edit", args=[first.pk]), data)

    record = ward.history.order_by("-history_id").first()
    assert (record.position, record.history_user, record.history_change_reason) == (
        1,
        ld_manager,
        "Moved from position 2 to 1",
    )


def test_output_targets_changes_are_on_the_action_page(editor, ld_manager):
    output = OutputFactory(letter="b", description="Apprentices recruited")

    first = output_post(letter="b", version=output.version)
    assert editor.post(reverse("actionplans:output_edit", args=[output.pk]), first).status_code == 302
    target = OutputTarget.objects.get(value=25)
    data = output_post(
        letter="b",
        version=Output.objects.get(pk=output.pk).version,
        **formset_management("targets", total=2, initial=2),
        **{
            "targets-0-id": target.pk,
            "targets-0-value": "30",
            "targets-0-unit": "%",
            "targets-0-by_date": "2013-12-31",
            "targets-1-id": OutputTarget.objects.get(value=50).pk,
            "targets-1-value": "50",
            "targets-1-unit": "%",
            "targets-1-by_date": "2015-09-30",
            "targets-1-DELETE": "on",
        },
    )
    assert editor.post(reverse("actionplans:output_edit", args=[output.pk]), data).status_code == 302

    history, html = page(editor, output.action)
    seen = {(e.subject, e.what): e for e in history}
    assert ("Output target “50% by September 2015”", "Created") in seen
    assert seen[("Output target “50% by September 2015”", "Deleted")].changes == []
    changed = seen[("Output target “30% by December 2013”", "Changed")]
    assert [(c.field, str(c.old), str(c.new)) for c in changed.changes] == [("value", "25.00", "30.00")]
    assert changed.who == ld_manager.get_full_name()


def test_signatories_changes_are_on_the_plan_page(editor, ld_manager):
    assert editor.post(reverse("actionplans:plan_create"), plan_post()).status_code == 302
    signatory = PledgeSignatory.objects.get()
    plan = signatory.plan
    data = plan_post(
        version=plan.version,
        **formset_management("signatories", total=1, initial=1),
        **{
            "signatories-0-id": signatory.pk,
            "signatories-0-name": "Jane Smith-Jones",
            "signatories-0-role": "Chief Executive",
            "signatories-0-signed_on": "2026-04-01",
        },
    )
    assert editor.post(reverse("actionplans:plan_edit", args=[plan.pk]), data).status_code == 302

    history, html = page(editor, plan)
    newest = history[0]
    assert (newest.subject, newest.who) == (
        "Pledge signatory “Jane Smith-Jones, Chief Executive”",
        ld_manager.get_full_name(),
    )
    assert changes_of(newest) == [("name", "Jane Smith", "Jane Smith-Jones")]
    assert ("", "Created") in {(e.subject, e.what) for e in history}  # the plan's own record
    assert "Pledge signatory “Jane Smith-Jones, Chief Executive”: changed" in html


def test_every_plan_model_keeps_history():
    from django.apps import apps

    without = [
        m.__name__ for m in apps.get_app_config("actionplans").get_models() if not hasattr(m, "history")
    ]
    # Historical tables themselves have no history of their own.
    assert [name for name in without if not name.startswith("Historical")] == []


# --- Reorders and renumbers -----------------------------------------------------------------------


def test_moving_an_action_on_the_reorder_page_records_what_moved_and_who(editor, ld_manager):
    tree = layout_a_plan()
    moved, pushed = tree.actions["1.1.2"], tree.actions["1.1.1"]

    response = editor.post(
        reverse("actionplans:plan_reorder", args=[tree.plan.pk]),
        {"kind": "action", "pk": moved.pk, "direction": "up"},
    )

    assert response.status_code == 302
    newest = history_entries(moved)[0]
    assert (newest.who, newest.reason) == (
        ld_manager.get_full_name(),
        "Moved from position 2 to 1; renumbered 1.1.2 → 1.1.1",
    )
    assert ("number", "1.1.2", "1.1.1") in changes_of(newest)
    assert history_entries(pushed)[0].reason == "Moved from position 1 to 2; renumbered 1.1.1 → 1.1.2"
    assert (
        "Moved from position 2 to 1; renumbered 1.1.2 → 1.1.1"
        in editor.get(moved.get_absolute_url()).content.decode()
    )


def test_moving_a_priority_is_on_the_plan_page_and_renumbers_its_actions_with_history(editor, ld_manager):
    tree = layout_a_plan()
    editor.post(
        reverse("actionplans:plan_reorder", args=[tree.plan.pk]),
        {"kind": "priority", "pk": tree.p2.pk, "direction": "up"},
    )

    history, html = page(editor, tree.plan)
    reasons = {e.subject: e.reason for e in history if e.who == ld_manager.get_full_name()}
    assert reasons["Priority “1. Recruit and retain a skilled workforce”"] == (
        "Moved from position 2 to 1; renumbered 2 → 1"
    )
    assert reasons["Area of focus “2.1 Leadership development”"] == "Renumbered 1.1 → 2.1"
    action = tree.actions["2.1.1"]
    assert history_entries(action)[0].reason == "Renumbered 2.1.1 → 1.1.1"
    assert history_entries(action)[0].who == ld_manager.get_full_name()


def test_the_renumber_button_records_each_renumbered_row(editor, ld_manager):
    tree = layout_a_plan()
    Action.objects.filter(pk=tree.actions["1.2.1"].pk).update(number="9.9")  # typed by hand, say

    editor.post(reverse("actionplans:plan_reorder", args=[tree.plan.pk]), {"renumber": "1"})

    record = tree.actions["1.2.1"].history.order_by("-history_id").first()
    assert (record.number, record.history_user, record.history_change_reason) == (
        "1.2.1",
        ld_manager,
        "Renumbered 9.9 → 1.2.1",
    )


def test_a_renumber_keeps_owners_in_the_record(sarah):
    tree = layout_a_plan()
    action = tree.actions["1.1.2"]
    action.owners.add(sarah)

    ordering.move(action, ordering.UP)

    newest = history_entries(action)[0]
    assert newest.reason.startswith("Moved from position 2 to 1")
    assert [c.field for c in newest.changes] == ["number", "position"]  # owners did not "change"


# --- Imports --------------------------------------------------------------------------------------


def test_imported_rows_say_where_they_came_from_and_carry_their_links(ld_manager, sarah):
    rows = [
        ["Plan"],
        ["Priority 1. X"],
        HEADER_A,
        ["1.1 Area", "1.1.1 First", "a. 250 people", "SB", "March 2026", "", ""],
        ["", "1.1.2 Second (dependent on 1.1.1)", "a. Done", "SB", "March 2026", "", ""],
    ]
    parsed = read_plan(xlsx(rows), "north plan.xlsx", staff_lookup=StaffLookup([]))
    plan = import_plan(parsed, user=ld_manager, owners={"SB": sarah.pk})  # SB confirmed as Sarah
    second = Action.objects.get(plan=plan, number="1.1.2")
    output = second.outputs.get()
    assert list(output.owners.all()) == [sarah] and second.dependencies.count() == 1

    created = history_entries(second)[0]
    assert (created.what, created.who, created.reason) == (
        "Created",
        ld_manager.get_full_name(),
        "Imported from north plan.xlsx",
    )
    assert {r.history_change_reason for r in Output.history.filter(action__plan=plan)} == {
        "Imported from north plan.xlsx"
    }

    # The first change after the import is measured against what was imported, links included.
    second.status = Action.Status.IN_PROGRESS
    second.save()
    output.description = "Finished"
    output.save()
    assert [c.field for c in history_entries(second)[0].changes] == ["status"]
    assert [c.field for c in history_entries(output)[0].changes] == ["description"]


def test_history_without_a_user_says_system_and_why(client, director):
    plan = ActionPlanFactory()
    plan._change_reason = "Imported from plan.xlsx"
    plan.title = "Renamed"
    plan.save()

    client.force_login(director)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "<td>system</td>" in html
    assert "Changed (Imported from plan.xlsx): title" in html


# --- Query counts ----------------------------------------------------------------------------------


def _history_of_size(action, owners, n: int) -> None:
    """n changes to the action and to each of its parts, owners changing each time."""
    output = OutputFactory(action=action)
    target = OutputTarget.objects.create(output=output, value=1)
    contributor = Contributor.objects.create(action=action, name="Team")
    for i in range(n):
        action.description = f"Version {i}"
        action.save()
        action.owners.set([owners[i % len(owners)]])
        output.owners.set([owners[(i + 1) % len(owners)]])
        target.value = i + 2
        target.save()
        contributor.name = f"Team {i}"
        contributor.save()


# The whole page: the action page's 19 queries before history plus, for the history, the action's
# records and its owners' and dependencies' snapshots, one query each for its outputs' records
# (and their owners' snapshots), targets', contributors', achievements', milestones' and risks',
# and one for the names of the owners that changed. The plan page: its 19 before history (one
# of them the counts of its actions by priority, area and RAG) plus one each for the plan's, its
# signatories', priorities' and areas of focus's records.
PAGE_QUERIES = {"action": 29, "plan": 23}


@pytest.mark.parametrize("view", ["action", "plan"])
def test_history_costs_the_same_queries_for_short_and_long_histories(
    client, director, view, django_assert_num_queries
):
    owners = StaffMemberFactory.create_batch(3)
    pages = []
    for n in (2, 30):
        action = ActionFactory()
        _history_of_size(action, owners, n)
        for i in range(n):
            action.plan.title = f"Plan {i}"
            action.plan.save()
        pages.append(action if view == "action" else action.plan)

    client.force_login(director)
    for obj in pages:
        with django_assert_num_queries(PAGE_QUERIES[view]):
            response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
    assert len(response.context["history"]) == 25  # the newest 25 entries, whatever the total


def test_owners_changed_from_the_persons_side_are_recorded_on_the_actions(sarah, ola):
    first, second = ActionFactory(), ActionFactory()
    sarah.owned_actions.add(first, second)
    ola.owned_actions.add(first)
    sarah.owned_actions.clear()

    assert [changes_of(entry) for entry in history_entries(first)[:3]] == [
        [("owners", "Ola Wood, Sarah Bennett", "Ola Wood")],
        [("owners", "Sarah Bennett", "Ola Wood, Sarah Bennett")],
        [("owners", "", "Sarah Bennett")],
    ]
    assert changes_of(history_entries(second)[0]) == [("owners", "Sarah Bennett", "")]
    assert not sarah.history.filter(history_type="~").exists()  # nothing pinned on the person


def test_dependents_changed_from_the_other_side_are_recorded_on_the_dependent_action():
    first, waits = ActionFactory(number="1.1"), ActionFactory(number="1.2")
    first.dependents.add(waits)
    assert changes_of(history_entries(waits)[0]) == [("dependencies", "", str(first))]


def test_a_deleted_output_is_shown_deleted_without_its_links_as_changes(editor, sarah):
    output = OutputFactory(letter="c", description="Leavers interviewed")
    output.owners.add(sarah)

    editor.post(reverse("actionplans:output_delete", args=[output.pk]))

    newest = page(editor, output.action)[0][0]
    assert (newest.subject, newest.what, newest.changes) == ("Output “c. Leavers interviewed”", "Deleted", [])
