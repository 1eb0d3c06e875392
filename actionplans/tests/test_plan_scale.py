"""The plan page of a big plan: collapsed under 200 KB, a priority loaded when opened (htmx) or
with ?open= (no JavaScript), a page at a time, counts for the whole plan and for the filters, and
the export still the whole plan. Small plans render open as before (test_plan_pages.py)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from actionplans.models import Action
from actionplans.tests.plan_data import bulk_plan, layout_a_plan

pytestmark = pytest.mark.django_db


def detail_url(plan, query=""):
    return reverse("actionplans:plan_detail", args=[plan.pk]) + (f"?{query}" if query else "")


def priority_url(plan, priority, query=""):
    return reverse("actionplans:plan_priority", args=[plan.pk, priority.pk]) + (f"?{query}" if query else "")


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="action-(\d+)"', html)]


def numbers_in_tree_order(priority) -> list[str]:
    """A priority's actions as the tree shows them: straight under it, then area by area."""
    actions = priority.actions.select_related("focus_area")
    key = lambda a: (a.focus_area is not None, a.focus_area.position if a.focus_area else 0, a.position, a.pk)  # noqa: E731
    return [a.number for a in sorted(actions, key=key)]


@pytest.fixture
def big_plan(db):
    return bulk_plan(500, priorities=8, areas_per_priority=4)


def test_a_500_action_plan_opens_collapsed_under_200_kb_with_every_priority_counted(
    client, ld_manager, big_plan
):
    client.force_login(ld_manager)  # the editor's page: the most links per row
    response = client.get(detail_url(big_plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert row_ids(html) == []  # no rows until a priority is opened
    assert "500 actions. Open a priority to see its actions." in html
    priorities = list(big_plan.priorities.all())
    assert len(priorities) == 8
    for priority in priorities:
        n = priority.actions.count()
        fragment = priority_url(big_plan, priority, "page=1")
        assert f'id="priority-{priority.pk}" hx-get="{fragment}" hx-trigger="toggle once"' in html
        assert f"Priority {priority.number}. Priority {priority.number}</h2>" in html
        assert f'<span class="small ms-2">{n} actions: ' in html
        # Without JavaScript the same priority opens through the plan page.
        assert f'href="{detail_url(big_plan)}?open={priority.pk}&amp;page=1#priority-{priority.pk}"' in html
    # RAG in words beside the colour, and overdue in words, from the whole plan's counts.
    assert "Red: off track" in html and "Amber: at risk" in html
    overdue = Action.objects.filter(plan=big_plan).overdue().filter(priority=priorities[0]).count()
    assert overdue and f"; {overdue} overdue</span>" in html


def test_opening_a_priority_loads_its_actions_a_page_at_a_time(client, director, big_plan, settings):
    settings.PLAN_PRIORITY_PAGE_SIZE = 25
    priority = big_plan.priorities.first()
    expected = numbers_in_tree_order(priority)
    assert len(expected) == 64  # 500 over 32 areas, 16 in each of the first 20: pages of 25, 25, 14
    client.force_login(director)
    seen, page = [], 1
    while page:
        response = client.get(priority_url(big_plan, priority, f"page={page}"), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        seen += [a.number for node in [response.context["node"]] for a in node.all_actions]
        assert len(row_ids(html)) == len(response.context["node"].all_actions)
        page = response.context["node"].next_page
        if page:
            assert f'hx-get="{priority_url(big_plan, priority, f"page={page}")}"' in html
    assert seen == expected  # every action once, in the tree's order, over three pages
    # The area cut by the first page's end shows again on the second, marked continued.
    second = client.get(priority_url(big_plan, priority, "page=2")).content.decode()
    assert "(continued)</h3>" in second


def test_without_javascript_open_renders_that_priority_open_and_pages_through_it(
    client, director, big_plan, settings
):
    settings.PLAN_PRIORITY_PAGE_SIZE = 40
    first, second = list(big_plan.priorities.all())[:2]
    client.force_login(director)
    response = client.get(detail_url(big_plan, f"open={second.pk}"))
    html = response.content.decode()
    [opened] = [node for node in response.context["tree"] if node.open]
    assert opened.priority == second
    assert [a.number for a in opened.all_actions] == numbers_in_tree_order(second)[:40]
    assert f'id="priority-{second.pk}" open>' in html and f'id="priority-{first.pk}" hx-get=' in html
    next_link = f"?open={second.pk}&amp;page=2#priority-{second.pk}"
    assert next_link in html
    page_two = client.get(detail_url(big_plan, f"open={second.pk}&page=2"))
    assert [a.number for a in page_two.context["tree"][1].all_actions] == numbers_in_tree_order(second)[40:]
    assert "Show the actions before these" in page_two.content.decode()
    # A page past the end shows the last one; nonsense shows the first.
    assert client.get(detail_url(big_plan, f"open={second.pk}&page=99")).context["tree"][1].page == 2
    assert client.get(detail_url(big_plan, f"open={second.pk}&page=x")).context["tree"][1].page == 1


def test_with_filters_on_each_priority_shows_its_matches_and_the_fragment_filters_too(
    client, director, big_plan
):
    client.force_login(director)
    response = client.get(detail_url(big_plan, "rag=red"))
    html = response.content.decode()
    red = Action.objects.filter(plan=big_plan).with_rag().filter(rag="red")
    assert red.count() > 60  # still too many to open at once
    assert f"{red.count()} matching actions of 500" in html
    priority = big_plan.priorities.first()
    matches, whole = red.filter(priority=priority).count(), priority.actions.count()
    assert f"{matches} matching of {whole} actions: {matches} " in html
    fragment = priority_url(big_plan, priority, "rag=red&page=1")
    assert f'hx-get="{fragment.replace("&", "&amp;")}"' in html
    loaded = client.get(fragment, HTTP_HX_REQUEST="true")
    assert {a.pk for a in loaded.context["node"].all_actions} == set(
        red.filter(priority=priority).values_list("pk", flat=True)
    )
    # The export of the filtered view: every match in the plan, not the open priority's.
    export = client.get(reverse("actionplans:plan_export", args=[big_plan.pk]) + "?rag=red&format=csv")
    exported = export.content.decode("utf-8-sig")
    assert all(f"Work in progress on {a.number}" in exported for a in red)


def test_the_export_still_holds_every_action_of_a_collapsed_plan(client, director, big_plan):
    client.force_login(director)
    response = client.get(reverse("actionplans:plan_export", args=[big_plan.pk]) + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    for action in Action.objects.filter(plan=big_plan):
        assert f"Work in progress on {action.number}" in cells or action.number in text


def test_a_priority_of_another_plan_is_404(client, director, big_plan):
    other = layout_a_plan()
    client.force_login(director)
    assert client.get(priority_url(big_plan, other.p1)).status_code == 404
    assert client.post(priority_url(big_plan, big_plan.priorities.first())).status_code == 405


def test_collapsed_plan_page_and_priority_fragment_cost_the_same_queries_at_two_sizes(
    client, director, django_assert_num_queries
):
    client.force_login(director)
    for size in (100, 500):
        plan = bulk_plan(size)
        # session, user, the user's staff record, plan with lead, the counts by priority, area
        # and RAG, the user's roles, priorities, areas of focus, the history (the plan's, its
        # signatories', priorities' and areas' records), signatories, the owner filter's
        # choices, the priority filter's choices: no actions queried
        with django_assert_num_queries(15):
            response = client.get(detail_url(plan))
        assert row_ids(response.content.decode()) == []
        priority = plan.priorities.first()
        # session, user, the user's staff record (also whose rows are marked "Yours"), plan,
        # priority, the priority's counts, the user's roles, its areas of focus, a page of
        # actions with RAG and latest progress, their owners, outputs, output owners, output
        # targets, contributors, achievements, dependencies
        with django_assert_num_queries(16):
            response = client.get(priority_url(plan, priority), HTTP_HX_REQUEST="true")
        assert len(row_ids(response.content.decode())) == min(priority.actions.count(), 50)
