"""Permission matrix for the plans list, the plan page, its export and every page and write that
builds a plan: every canonical actor and an anonymous visitor.

Everyone signed in reads (list, plan page, export); only the L&D manager (or a superuser)
builds; anonymous visitors are sent to the login page; a bad id is 404 for whoever may look.
"""

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan, FocusArea, Output, Priority
from actionplans.tests.factories import FocusAreaFactory, OutputFactory, PriorityFactory
from actionplans.tests.plan_data import (
    edit_action_post,
    formset_management,
    layout_a_plan,
    new_action_post,
    output_post,
    plan_post,
)

ACTORS = [
    "ld_manager",
    "superuser",
    "director",
    "manager",
    "other_manager",
    "mentor",
    "other_mentor",
    "action_owner",
]
EDITORS = {"ld_manager", "superuser"}
READ_PAGES = {"index", "plan_detail", "plan_export"}


@pytest.fixture
def world(db, action_owner):
    """A plan, plus a priority, area, action and output of its own for each delete to take."""
    tree = layout_a_plan()
    tree.actions["1.1.1"].owners.add(action_owner.staff_member)  # owners still only read the tree
    output = OutputFactory(action=tree.actions["1.1.1"], letter="a")
    doomed = {
        "priority": PriorityFactory(plan=tree.plan, number="3", title="To delete", position=3),
        "area": FocusAreaFactory(priority=tree.p2, number="2.2", title="To delete", position=2),
        "action": tree.actions["1.2.1"],
        "output": OutputFactory(action=tree.actions["2.1.1"], letter="a", description="To delete"),
    }
    return tree, output, doomed


def pages(world) -> dict[str, str]:
    tree, output, doomed = world
    plan, action = tree.plan, tree.actions["1.1.1"]
    return {
        "index": reverse("actionplans:index"),
        "plan_detail": reverse("actionplans:plan_detail", args=[plan.pk]),
        "plan_export": reverse("actionplans:plan_export", args=[plan.pk]) + "?format=csv",
        "plan_create": reverse("actionplans:plan_create"),
        "plan_edit": reverse("actionplans:plan_edit", args=[plan.pk]),
        "plan_reorder": reverse("actionplans:plan_reorder", args=[plan.pk]),
        "priority_create": reverse("actionplans:priority_create", args=[plan.pk]),
        "priority_edit": reverse("actionplans:priority_edit", args=[tree.p1.pk]),
        "priority_delete": reverse("actionplans:priority_delete", args=[doomed["priority"].pk]),
        "focusarea_create": reverse("actionplans:focusarea_create", args=[tree.p2.pk]),
        "focusarea_edit": reverse("actionplans:focusarea_edit", args=[tree.a11.pk]),
        "focusarea_delete": reverse("actionplans:focusarea_delete", args=[doomed["area"].pk]),
        "action_create": reverse("actionplans:action_create", args=[plan.pk]),
        "action_edit": reverse("actionplans:action_edit", args=[action.pk]),
        "action_delete": reverse("actionplans:action_delete", args=[doomed["action"].pk]),
        "output_create": reverse("actionplans:output_create", args=[action.pk]),
        "output_edit": reverse("actionplans:output_edit", args=[output.pk]),
        "output_delete": reverse("actionplans:output_delete", args=[doomed["output"].pk]),
    }


def writes(world) -> dict[str, dict]:
    """Valid form data for every write; deletes last, each on its own object."""
    tree, output, _doomed = world
    return {
        "plan_create": plan_post(),
        "plan_edit": plan_post(title="Renamed", version=1, **formset_management("signatories", total=0)),
        "priority_create": {"number": "", "title": "Grow our own"},
        "priority_edit": {"number": "1", "title": "Renamed priority", "version": 1},
        "focusarea_create": {"priority": tree.p2.pk, "number": "", "title": "Retention", "note": ""},
        "focusarea_edit": {
            "priority": tree.p1.pk,
            "number": "1.1",
            "title": "Renamed area",
            "note": "",
            "version": 1,
        },
        "action_create": new_action_post(focus_area=tree.a11.pk),
        "action_edit": edit_action_post(tree.actions["1.1.1"], description="Renamed action"),
        "output_create": output_post(),
        "output_edit": output_post(
            letter="a", description="Renamed output", version=1, **formset_management("targets", 0)
        ),
        # after action_edit: a renumber bumps action versions, so it would make that edit stale
        "plan_reorder": {"kind": "priority", "pk": tree.p1.pk, "direction": "down"},
        "priority_delete": {},
        "focusarea_delete": {},
        "action_delete": {},
        "output_delete": {},
    }


def snapshot() -> tuple:
    return (
        list(ActionPlan.objects.values_list("pk", "title").order_by("pk")),
        list(Priority.objects.values_list("pk", "number", "title").order_by("pk")),
        list(FocusArea.objects.values_list("pk", "number", "title").order_by("pk")),
        list(Action.objects.values_list("pk", "number", "description", "version").order_by("pk")),
        list(Output.objects.values_list("pk", "description").order_by("pk")),
    )


def signed_in(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_for_every_actor(client, request, world, actor):
    client = signed_in(client, request, actor)
    got = {name: client.get(url).status_code for name, url in pages(world).items()}
    expected = {name: 200 if actor in EDITORS or name in READ_PAGES else 403 for name in got}
    assert got == expected


def test_every_page_sends_anonymous_visitors_to_log_in(client, world):
    for url in pages(world).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("actor", ACTORS)
def test_every_write_for_every_actor(client, request, world, actor):
    client = signed_in(client, request, actor)
    urls = pages(world)
    for name, data in writes(world).items():
        before = snapshot()
        response = client.post(urls[name], data)
        if actor in EDITORS:
            assert response.status_code == 302, (name, response.content.decode()[-2000:])
            assert snapshot() != before, name
        else:
            assert response.status_code == 403, name
            assert snapshot() == before, name


def test_every_write_sends_anonymous_visitors_to_log_in_and_changes_nothing(client, world):
    urls = pages(world)
    before = snapshot()
    for name, data in writes(world).items():
        response = client.post(urls[name], data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    assert snapshot() == before


@pytest.mark.parametrize("actor", ["ld_manager", "director", "action_owner"])
def test_a_bad_id_is_404_for_whoever_may_look(client, request, world, actor):
    client = signed_in(client, request, actor)
    bad = 999999
    reads = ["plan_detail", "plan_export"]
    builds = [
        ("plan_edit", bad),
        ("plan_reorder", bad),
        ("priority_create", bad),
        ("priority_edit", bad),
        ("priority_delete", bad),
        ("focusarea_create", bad),
        ("focusarea_edit", bad),
        ("focusarea_delete", bad),
        ("action_create", bad),
        ("action_edit", bad),
        ("action_delete", bad),
        ("output_create", bad),
        ("output_edit", bad),
        ("output_delete", bad),
    ]
    for name in reads:
        assert client.get(reverse(f"actionplans:{name}", args=[bad])).status_code == 404, name
    for name, pk in builds:
        # A reader is refused before the lookup: the 403 does not reveal whether the id exists.
        expected = 404 if actor == "ld_manager" else 403
        assert client.get(reverse(f"actionplans:{name}", args=[pk])).status_code == expected, name


def test_every_page_refuses_the_wrong_method(client, ld_manager, world):
    client.force_login(ld_manager)
    for name, url in pages(world).items():
        wrong = client.post(url) if name in READ_PAGES else client.put(url)
        assert wrong.status_code == 405, name
