"""The action plans' sections of the weekly digest (actionplans/digests.py): an owner's actions
overdue or due within 14 days and their milestones due; the L&D manager's overdue actions and
risks scored 15 or more; all in the one email each person gets."""

import datetime

import pytest
from django.core import mail

from actionplans.models import Action, ActionPlan, Risk
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    OutputFactory,
    RiskFactory,
)
from workforce import digests

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def plans(actors):
    owner = actors["action_owner"].staff_member
    plan = ActionPlanFactory(title="Workforce Plan 2026")
    closed = ActionPlanFactory(title="Old Plan 2019", status=ActionPlan.Status.CLOSED)

    def action(description, due, owned=True, **fields):
        made = ActionFactory(description=description, due_date=due, **fields)
        if owned:
            made.owners.add(owner)
        return made

    late = action("Map trainer cover", days(-5), focus_area__priority__plan=plan, number="1.1")
    soon = action("Create the Link Trainer role", days(10), focus_area__priority__plan=plan, number="1.2")
    action("Publish the matrix", days(30), focus_area__priority__plan=plan)  # not yet: beyond 14 days
    action("Done already", days(-20), focus_area__priority__plan=plan, status=Action.Status.COMPLETED)
    action("In a closed plan", days(-40), focus_area__priority__plan=closed)
    unowned = action("Nobody's action", days(-2), owned=False, focus_area__priority__plan=plan, number="2.1")
    via_output = action("Owned through an output", days(3), owned=False, focus_area__priority__plan=plan)
    OutputFactory(action=via_output).owners.add(owner)

    MilestoneFactory(action=soon, description="Six nominations in", due_date=days(5))
    MilestoneFactory(action=soon, description="Already done", due_date=days(2), completed_on=days(-1))
    MilestoneFactory(action=soon, description="Later milestone", due_date=days(40))
    RiskFactory(action=unowned, description="Staff not released", likelihood=5, impact=4)
    RiskFactory(action=late, description="Mentor capacity", likelihood=3, impact=4)  # 12
    RiskFactory(action=late, description="Closed worry", likelihood=5, impact=5, status=Risk.Status.CLOSED)
    return {"late": late, "soon": soon, "unowned": unowned}


def email_to(user):
    [email] = [message for message in mail.outbox if message.to == [user.email]]
    return email


def test_an_owner_gets_their_actions_and_milestones_due_in_one_email(plans, action_owner):
    digests.send_weekly_digests(TODAY)
    body = email_to(action_owner).body
    assert "YOUR ACTIONS DUE (3)" in body
    assert "Action 1.1: Map trainer cover" in body and f"Overdue since {days(-5):%-d %b %Y}" in body
    assert "Action 1.2: Create the Link Trainer role" in body and f"Due {days(10):%-d %b %Y}" in body
    assert "Owned through an output" in body
    assert "MILESTONES DUE (1)" in body and "Six nominations in" in body
    for absent in (
        "Publish the matrix",
        "Done already",
        "In a closed plan",
        "Nobody's action",
        "Already done",
    ):
        assert absent not in body
    assert f"http://localhost:8000{plans['late'].get_absolute_url()}" in body


def test_the_ld_manager_gets_the_plans_overdue_actions_and_high_risks(plans, ld_manager):
    digests.send_weekly_digests(TODAY)
    body = email_to(ld_manager).body
    assert "OVERDUE ACTIONS IN THE PLANS (2)" in body
    assert "Map trainer cover" in body and "Nobody's action" in body and "no owner named" in body
    assert "Ola Wood" in body  # the overdue action's owner
    assert "RISKS SCORED 15 OR MORE (1)" in body and "Staff not released" in body and "Scored 20" in body
    assert "Mentor capacity" not in body and "Closed worry" not in body and "In a closed plan" not in body


def test_roles_without_items_get_nothing(plans, director, mentor):
    digests.send_weekly_digests(TODAY)
    assert not [message for message in mail.outbox if message.to[0] in (director.email, mentor.email)]


def test_each_section_costs_the_same_queries_whatever_the_number_of_actions(
    plans, action_owner, ld_manager, django_assert_num_queries
):
    week = digests.DigestWeek(TODAY)
    from actionplans import digests as plan_digests

    def count():
        with django_assert_num_queries(2):  # the staff record; the actions
            plan_digests.my_actions(action_owner, week)
        with django_assert_num_queries(3):  # role groups; the actions; their owners (prefetch)
            plan_digests.plans_overdue_actions(ld_manager, week)
        for user in (action_owner, ld_manager):
            for cached in ("_talent_ladder_roles", "_talent_ladder_staff"):
                user.__dict__.pop(cached, None)

    count()
    owner = action_owner.staff_member
    for n in range(20):
        ActionFactory(description=f"More {n}", due_date=days(-n - 1), plan=plans["late"].plan).owners.add(
            owner
        )
    count()
