"""Plan summary: RAG by priority, overdue and due soon, top risks and the 5x5 risk matrix."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, Risk
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    MilestoneFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    RiskFactory,
)
from actionplans.views.summary import SUMMARY_LISTED, score_band

TODAY = timezone.localdate()
# session, user; the plan; RAG counts (one grouped query); priorities; the risk matrix (one grouped
# query); roles (navigation); the first overdue actions, their owners and how many there are;
# the same for those due soon; top risks; their own staff record (workforce.middleware).
SUMMARY_QUERIES = 15


def days(n):
    return TODAY + datetime.timedelta(days=n)


def summary_url(plan):
    return reverse("actionplans:plan_summary", args=[plan.pk])


@pytest.fixture
def plan():
    return ActionPlanFactory(title="Workforce Development Action Plan 2025-2028")


def add_action(priority, **kwargs):
    return ActionFactory(focus_area=FocusAreaFactory(priority=priority), **kwargs)


def rag_table(response):
    """{priority title: {rag: count}} from what the page was given."""
    return {
        priority.title: dict(counts) | {"total": total}
        for priority, counts, total, _ in response.context["rag_rows"]
    }


def test_counts_by_rag_per_priority(client, director, plan):
    leaders = PriorityFactory(plan=plan, title="Develop our leaders and managers", position=1)
    careers = PriorityFactory(plan=plan, title="Career pathways", position=2)
    PriorityFactory(plan=plan, title="Nothing here yet", position=3)
    add_action(leaders, due_date=days(-5))  # overdue: red
    ProgressUpdateFactory(action=add_action(leaders, due_date=days(200)), rag="red")  # red by hand
    MilestoneFactory(action=add_action(leaders, due_date=days(10)))  # amber
    add_action(leaders, due_date=days(100))  # nobody reported, nothing done: no update
    MilestoneFactory(action=add_action(leaders, due_date=days(100)), completed_on=days(-1))  # green
    add_action(careers, status=Action.Status.COMPLETED)  # complete
    add_action(careers, status=Action.Status.CANCELLED, due_date=days(-5))  # no RAG: not counted
    add_action(PriorityFactory(title="Another plan's priority"), due_date=days(-5))
    client.force_login(director)

    response = client.get(summary_url(plan))

    assert response.status_code == 200
    assert rag_table(response) == {
        "Develop our leaders and managers": {
            "red": 2,
            "amber": 1,
            "green": 1,
            "no_update": 1,
            "complete": 0,
            "total": 5,
        },
        "Career pathways": {"red": 0, "amber": 0, "green": 0, "no_update": 0, "complete": 1, "total": 1},
        "Nothing here yet": {"red": 0, "amber": 0, "green": 0, "no_update": 0, "complete": 0, "total": 0},
    }
    assert response.context["rag_totals"] == [2, 1, 1, 1, 1]
    html = response.content.decode()
    assert f'<tr data-priority="{leaders.pk}">' in html
    # The overdue action has not started: counted in Red, with the reason beside the count.
    assert response.context["not_started"] == 1
    red_cell = '<td class="text-end" data-rag="red">2<div class="small" data-reason="not-started">'
    assert red_cell + "1 overdue, not started</div></td>" in html
    assert '<td class="text-end" data-rag="no_update">1</td>' in html
    assert "Red: off track" in html and "No update" in html  # headers in words, not colour alone


def test_no_update_and_overdue_not_started_are_counted_apart(client, director, plan):
    """Nobody reported on three actions: one overdue and not started (Red, with its reason), one
    overdue but started (Red), one due later (No update). An owner's Green is Green."""
    priority = PriorityFactory(plan=plan, title="Career pathways")
    add_action(priority, due_date=days(-3), status=Action.Status.NOT_STARTED, description="Not begun")
    add_action(priority, due_date=days(-3), status=Action.Status.IN_PROGRESS, description="Begun")
    add_action(priority, due_date=days(60), description="Quiet")
    ProgressUpdateFactory(action=add_action(priority, due_date=days(60)), rag="green")
    client.force_login(director)

    response = client.get(summary_url(plan))

    assert rag_table(response)["Career pathways"] == {
        "red": 2,
        "amber": 0,
        "green": 1,
        "no_update": 1,
        "complete": 0,
        "total": 4,
    }
    assert response.context["not_started"] == 1
    overdue = {action.description: action.rag_reason for action in response.context["overdue"].listed}
    assert overdue == {"Not begun": "Overdue, not started", "Begun": "Overdue"}
    html = response.content.decode()
    badge = '<span class="badge rag rag-red">Red: off track</span> '
    assert badge + '<span class="rag-reason small">Overdue, not started</span>' in html


def test_overdue_and_due_soon_lists(client, director, plan):
    priority = PriorityFactory(plan=plan)
    overdue = add_action(priority, due_date=days(-3), description="Recruit Link Trainers")
    soon = add_action(priority, due_date=days(29), description="Agree the pledge")
    add_action(priority, due_date=days(31), description="Too far ahead")
    add_action(priority, due_date=days(-3), status=Action.Status.COMPLETED, description="Done late")
    client.force_login(director)

    response = client.get(summary_url(plan))

    assert response.context["overdue"].listed == [overdue]
    assert response.context["due_soon"].listed == [soon]
    html = response.content.decode()
    assert "Overdue (1)" in html and "Due in the next 30 days (1)" in html
    assert "Too far ahead" not in html and "Done late" not in html


def test_a_long_overdue_list_names_the_first_and_links_to_all(client, director, plan):
    priority = PriorityFactory(plan=plan)
    for n in range(SUMMARY_LISTED + 5):
        add_action(priority, due_date=days(-1 - n), number=f"1.{n + 1}")
    client.force_login(director)

    response = client.get(summary_url(plan))

    overdue = response.context["overdue"]
    assert len(overdue.listed) == SUMMARY_LISTED and overdue.count == SUMMARY_LISTED + 5
    assert overdue.listed[0].number == f"1.{SUMMARY_LISTED + 5}"  # the longest overdue first
    html = response.content.decode()
    assert f"Overdue ({SUMMARY_LISTED + 5})" in html
    assert f"Showing the first {SUMMARY_LISTED} of {SUMMARY_LISTED + 5}." in html
    plan_url = reverse("actionplans:plan_detail", args=[plan.pk])
    assert f'href="{plan_url}?overdue=on"' in html
    # The plan page's filter behind the link lists every one of them.
    assert client.get(f"{plan_url}?overdue=on").context["filter"].qs.count() == SUMMARY_LISTED + 5


def test_top_ten_open_risks_by_score(client, director, plan):
    action = add_action(PriorityFactory(plan=plan))
    scored = [RiskFactory(action=action, likelihood=1 + i % 5, impact=1 + i // 5) for i in range(12)]
    RiskFactory(action=action, likelihood=5, impact=5, status=Risk.Status.CLOSED, description="Closed risk")
    RiskFactory(action=action, likelihood=None, impact=None, description="Not scored")
    RiskFactory(likelihood=5, impact=5, description="Another plan's risk")
    client.force_login(director)

    response = client.get(summary_url(plan))

    top = list(response.context["top_risks"])
    assert len(top) == 10
    assert [r.score for r in top] == sorted((r.score for r in scored), reverse=True)[:10]
    html = response.content.decode()
    assert "Closed risk" not in html and "Another plan&#x27;s risk" not in html


def test_risk_matrix_counts_open_risks_per_cell(client, director, plan):
    action = add_action(PriorityFactory(plan=plan))
    for _ in range(3):
        RiskFactory(action=action, likelihood=4, impact=5)
    RiskFactory(action=action, likelihood=1, impact=2)
    RiskFactory(action=action, likelihood=4, impact=5, status=Risk.Status.CLOSED)
    RiskFactory(action=action, likelihood=None, impact=3)
    client.force_login(director)

    response = client.get(summary_url(plan))

    grid = {(c.likelihood, c.impact): c for _, cells in response.context["matrix_rows"] for c in cells}
    assert len(grid) == 25
    assert grid[4, 5].count == 3 and grid[4, 5].band == "Extreme"
    assert grid[1, 2].count == 1 and grid[1, 2].band == "Low"
    assert sum(c.count for c in grid.values()) == 4
    assert [likelihood for likelihood, _ in response.context["matrix_rows"]] == [5, 4, 3, 2, 1]
    assert response.context["unscored"] == 1
    html = response.content.decode()
    cell = '<td class="text-bg-danger" data-likelihood="4" data-impact="5">'
    cell += '<span class="fs-5 fw-semibold">3</span>'
    assert cell in html
    assert '<th scope="row">Likelihood 4</th>' in html and '<th scope="col">Impact 5</th>' in html
    assert "1 open risk not yet scored is not shown" in html


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (3, "Low"),
        (4, "Moderate"),
        (6, "Moderate"),
        (8, "High"),
        (12, "High"),
        (15, "Extreme"),
        (25, "Extreme"),
    ],
)
def test_score_bands(score, band):
    assert score_band(score)[0] == band


def test_bad_id_is_404_and_anonymous_goes_to_login(client, director, plan):
    response = client.get(summary_url(plan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    client.force_login(director)
    assert client.get(reverse("actionplans:plan_summary", args=[plan.pk + 999])).status_code == 404


def test_summary_is_read_only(client, director, plan):
    client.force_login(director)
    assert client.post(summary_url(plan)).status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_query_count_is_the_same_as_the_plan_grows(client, director, plan, size, django_assert_num_queries):
    priorities = [PriorityFactory(plan=plan) for _ in range(3)]
    for i in range(size):
        action = add_action(priorities[i % 3], due_date=days(i - size // 2))
        action.owners.add(director.staff_member)
        MilestoneFactory(action=action)
        ProgressUpdateFactory(action=action, rag=["red", "amber", "green", ""][i % 4])
        RiskFactory(action=action, likelihood=1 + i % 5, impact=1 + (i * 2) % 5, owner=director.staff_member)
    client.force_login(director)

    with django_assert_num_queries(SUMMARY_QUERIES):
        response = client.get(summary_url(plan))

    assert sum(total for _, _, total, _ in response.context["rag_rows"]) == size
