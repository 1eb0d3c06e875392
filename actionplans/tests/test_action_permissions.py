"""Who may open and write each page of the action page, My actions and the plan summary.

Every canonical actor plus an anonymous visitor, on an action the action owner owns and on
another's: everyone signed in reads; the L&D manager writes everything; the action owner writes
progress, milestones and risks of their own action only (403 on another's); the rest get 403.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from actionplans.models import Milestone, ProgressUpdate, Risk
from actionplans.tests.factories import ActionFactory, MilestoneFactory, RiskFactory

ACTORS = [
    "ld_manager",
    "director",
    "manager",
    "other_manager",
    "mentor",
    "other_mentor",
    "action_owner",
    None,
]
WRITERS_OF_ANY_ACTION = {"ld_manager"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    target: str  # what the url's pk is: "action", "milestone", "risk", "plan" or "" (no pk)
    writes: bool
    data: tuple = ()

    def url(self, world):
        if not self.target:
            return reverse(f"actionplans:{self.name}")
        return reverse(f"actionplans:{self.name}", args=[world[self.target].pk])


ENDPOINTS = [
    Endpoint("action_detail", "get", "action", writes=False),
    Endpoint("plan_summary", "get", "plan", writes=False),
    Endpoint("my_actions", "get", "", writes=False),
    Endpoint("progress_add", "post", "action", writes=True, data=(("rag", "red"), ("note", "Off track"))),
    Endpoint("milestone_add", "post", "action", writes=True, data=(("description", "Pilot"),)),
    Endpoint("milestone_toggle", "post", "milestone", writes=True, data=(("done", "1"),)),
    Endpoint(
        "risk_add",
        "post",
        "action",
        writes=True,
        data=(("description", "Cuts"), ("likelihood", "2"), ("impact", "3"), ("status", "open")),
    ),
    Endpoint("risk_edit", "get", "risk", writes=True),
    Endpoint(
        "risk_edit",
        "post",
        "risk",
        writes=True,
        data=(
            ("description", "Cuts"),
            ("likelihood", "5"),
            ("impact", "5"),
            ("status", "open"),
            ("version", "1"),
        ),
    ),
]


def world_for(action):
    return {
        "action": action,
        "plan": action.plan,
        "milestone": MilestoneFactory(action=action),
        "risk": RiskFactory(action=action, likelihood=1, impact=1),
    }


def written(world) -> bool:
    """Did any of the writes above land on this action?"""
    action = world["action"]
    world["milestone"].refresh_from_db()
    world["risk"].refresh_from_db()
    return (
        ProgressUpdate.objects.filter(action=action).exists()
        or Milestone.objects.filter(action=action).count() > 1
        or world["milestone"].is_done
        or Risk.objects.filter(action=action).count() > 1
        or world["risk"].score == 25
    )


def expected_status(actor, endpoint, whose):
    if actor is None:
        return 302  # to the login page
    if not endpoint.writes:
        return 200
    allowed = actor in WRITERS_OF_ANY_ACTION or (actor == "action_owner" and whose == "own")
    if not allowed:
        return 403
    return 200 if endpoint.method == "get" else 302  # a saved POST redirects back to the action


@pytest.mark.parametrize("whose", ["own", "another's"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method}-{e.name}")
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a or "anonymous")
def test_permission_matrix(client, actors, actor, endpoint, whose):
    action = ActionFactory()
    if whose == "own":
        action.owners.add(actors["action_owner"].staff_member)
    world = world_for(action)
    if actor:
        client.force_login(actors[actor])

    response = getattr(client, endpoint.method)(endpoint.url(world), dict(endpoint.data))

    expected = expected_status(actor, endpoint, whose)
    assert response.status_code == expected
    if actor is None:
        assert response.url.startswith(reverse("login"))
    if expected == 302 and actor is not None:
        assert response.url.startswith(action.get_absolute_url())
    assert written(world) is (expected == 302 and actor is not None and endpoint.method == "post")


def test_an_owner_of_one_output_updates_the_action(client, action_owner):
    from actionplans.tests.factories import OutputFactory

    action = ActionFactory()
    OutputFactory(action=action).owners.add(action_owner.staff_member)
    client.force_login(action_owner)

    response = client.post(
        reverse("actionplans:progress_add", args=[action.pk]), {"rag": "amber", "note": "x"}
    )

    assert response.status_code == 302
    assert action.progress_updates.exists()


@pytest.mark.parametrize("name", ["progress_add", "milestone_add", "risk_add", "milestone_toggle"])
def test_post_only_endpoints_refuse_get(client, ld_manager, name):
    action = ActionFactory()
    pk = MilestoneFactory(action=action).pk if name == "milestone_toggle" else action.pk
    client.force_login(ld_manager)
    assert client.get(reverse(f"actionplans:{name}", args=[pk])).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "action_detail",
        "plan_summary",
        "progress_add",
        "milestone_add",
        "risk_add",
        "milestone_toggle",
        "risk_edit",
    ],
)
def test_bad_ids_are_404(client, ld_manager, name):
    client.force_login(ld_manager)
    method = client.get if name in {"action_detail", "plan_summary", "risk_edit"} else client.post
    assert method(reverse(f"actionplans:{name}", args=[987654])).status_code == 404
