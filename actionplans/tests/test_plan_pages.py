"""The plans list, the plan page (the tree, its filters, its query count) and the plan form."""

import datetime

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, PledgeSignatory
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    OutputFactory,
    PriorityFactory,
    ProgressUpdateFactory,
)
from actionplans.tests.plan_data import bulk_plan, layout_a_plan, plan_post, themes_plan
from workforce.tests.factories import StaffMemberFactory

TODAY = datetime.date.today()


def detail_url(plan, query=""):
    return reverse("actionplans:plan_detail", args=[plan.pk]) + (f"?{query}" if query else "")


def shown_numbers(response) -> list[str]:
    return [action.number for node in response.context["tree"] for action in node.all_actions]


@pytest.fixture
def tree(action_owner):
    """Layout A: 1.1.1 overdue and owned by the action owner, 1.1.2 amber by hand, 1.2.1 done,
    2.1.1 due next year with an output owned by someone else."""
    tree = layout_a_plan()
    a = tree.actions
    a["1.1.1"].due_date = TODAY - datetime.timedelta(days=10)
    a["1.1.1"].timeframe = "Sept 2013"
    a["1.1.1"].responsibility = "SB/GF"
    a["1.1.1"].save()
    a["1.1.1"].owners.add(action_owner.staff_member)
    OutputFactory(action=a["1.1.1"], letter="a", description="250 people trained per annum")
    ProgressUpdateFactory(action=a["1.1.2"], rag="amber", note="Draft framework developed")
    a["1.2.1"].status = "completed"
    a["1.2.1"].save()
    a["2.1.1"].due_date = TODAY + datetime.timedelta(days=365)
    a["2.1.1"].save()
    OutputFactory(
        action=a["2.1.1"], letter="a", description="A Home Trainer in each home", responsibility="HR"
    )
    return tree


# --- Plans list ---------------------------------------------------------------------------------


def test_list_shows_each_plan_with_its_actions_counted_by_rag(client, director, tree):
    client.force_login(director)
    response = client.get(reverse("actionplans:index"))
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["plan"] == tree.plan
    # 2.1.1, due next year, has no update and no milestone done: "No update", not Green.
    assert dict(row["rag"]) == {"red": 1, "amber": 1, "green": 0, "no_update": 1, "complete": 1}
    assert row["total"] == 4
    html = response.content.decode()
    assert "Red: off track" in html and "No update" in html
    summary = reverse("actionplans:plan_summary", args=[tree.plan.pk])
    assert f'<a href="{summary}">Summary</a>' in html


def test_plan_page_links_to_its_summary(client, director, tree):
    client.force_login(director)
    response = client.get(reverse("actionplans:plan_detail", args=[tree.plan.pk]))
    summary = reverse("actionplans:plan_summary", args=[tree.plan.pk])
    assert f'href="{summary}">Plan summary</a>' in response.content.decode()


def test_list_filters_by_status_and_search(client, director):
    ActionPlanFactory(title="Nursing workforce plan", status=ActionPlan.Status.ACTIVE)
    ActionPlanFactory(title="Old care home plan", status=ActionPlan.Status.CLOSED)
    client.force_login(director)
    by_status = client.get(reverse("actionplans:index"), {"status": "closed"})
    assert [r["plan"].title for r in by_status.context["rows"]] == ["Old care home plan"]
    by_text = client.get(reverse("actionplans:index"), {"q": "nursing"})
    assert [r["plan"].title for r in by_text.context["rows"]] == ["Nursing workforce plan"]


def test_list_is_paginated(client, director, settings):
    settings.PAGE_SIZE = 2
    for _ in range(5):
        ActionPlanFactory()
    client.force_login(director)
    response = client.get(reverse("actionplans:index"), {"page": 3})
    assert response.context["page_obj"].number == 3
    assert len(response.context["rows"]) == 1


def test_list_refuses_post(client, ld_manager):
    client.force_login(ld_manager)
    assert client.post(reverse("actionplans:index")).status_code == 405


def test_list_costs_the_same_queries_for_few_and_many_plans(client, director, django_assert_num_queries):
    client.force_login(director)
    for size in (3, 30):
        while ActionPlan.objects.count() < size:
            area = FocusAreaFactory(priority=PriorityFactory(plan=ActionPlanFactory()))
            ActionFactory(focus_area=area)
            ActionFactory(focus_area=area, status="completed")
        # session, user, COUNT of plans, the page of plans with leads, RAG counts for the page (one
        # grouped query), the user's roles, their own staff record (has their access ended?
        # workforce.middleware)
        with django_assert_num_queries(7):
            assert client.get(reverse("actionplans:index")).status_code == 200


# --- The plan page: the tree ----------------------------------------------------------------------


def test_plan_page_shows_the_tree_with_rag_in_words_owner_due_and_progress(client, director, tree):
    client.force_login(director)
    response = client.get(detail_url(tree.plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert shown_numbers(response) == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]
    for text in [
        "Priority 1. Develop our leaders and managers",
        "1.1 Leadership development",
        "250 people trained per annum",
        "Red: off track",
        "Amber: at risk",
        "Complete",
        "Green: on track",
        "Draft framework developed",
        "SB/GF",
        "Overdue",
        "Sept 2013",
    ]:
        assert text in html, text
    assert tree.actions["1.1.1"].get_absolute_url() in html
    # Collapse and expand per priority and area without JavaScript.
    assert html.count("<details") >= 2 + 3


def test_plan_page_for_a_themes_plan_has_no_areas_of_focus(client, director):
    plan, get_in, _get_on, first, _second = themes_plan()
    client.force_login(director)
    response = client.get(detail_url(plan))
    html = response.content.decode()
    assert "Theme 1. Get in: widen access to NHS careers" in html
    assert "Priority" not in html
    assert "area of focus" not in html.lower()
    assert "Essential input required from:" in html and "HR recruitment team; Ward managers" in html
    assert "40 placements a year" in html
    assert shown_numbers(response) == ["1.1", "2.1"]


def test_plan_page_bad_id_is_404(client, director):
    client.force_login(director)
    assert client.get(reverse("actionplans:plan_detail", args=[999999])).status_code == 404


def test_plan_page_refuses_post(client, ld_manager, tree):
    client.force_login(ld_manager)
    assert client.post(detail_url(tree.plan)).status_code == 405


def test_editor_gets_edit_buttons_and_an_action_owner_reads_only(client, ld_manager, action_owner, tree):
    edit_url = reverse("actionplans:action_edit", args=[tree.actions["1.1.1"].pk])
    client.force_login(ld_manager)
    assert edit_url in client.get(detail_url(tree.plan)).content.decode()
    client.force_login(action_owner)
    html = client.get(detail_url(tree.plan)).content.decode()
    assert edit_url not in html
    assert "/edit/" not in html and "/delete/" not in html and "/add/" not in html
    assert tree.actions["1.1.1"].get_absolute_url() in html
    assert "Yours" in html  # their own action is marked


def test_plan_page_costs_the_same_queries_for_10_and_300_actions(
    client, director, django_assert_num_queries, settings
):
    settings.PLAN_PAGE_OPEN_UP_TO = 300  # both open, every row rendered (bigger: test_plan_scale.py)
    client.force_login(director)
    for size in (10, 300):
        plan = bulk_plan(size)
        # session, user, plan with lead, the counts by priority, area and RAG, priorities, areas of
        # focus, actions with RAG and latest progress, their owners, outputs, output owners, output
        # targets, contributors, achievements, dependencies, the user's staff record, the user's
        # roles, signatories, the owner filter's choices, the priority filter's choices, the
        # history (one query each for the plan's, its signatories', priorities' and areas of
        # focus's records)
        with django_assert_num_queries(23):
            response = client.get(detail_url(plan))
        assert len(shown_numbers(response)) == size


# --- The plan page: filters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", ["1.2.1"]),
        ("rag=red", ["1.1.1"]),
        ("rag=amber", ["1.1.2"]),
        ("rag=complete", ["1.2.1"]),
        ("rag=no_update", ["2.1.1"]),  # nobody reported on it and nothing to show: not Green
        ("overdue=on", ["1.1.1"]),
        (f"due_before={(TODAY + datetime.timedelta(days=30)).isoformat()}", ["1.1.1"]),
        ("q=2.1.1", ["2.1.1"]),
        ("q=management+skills+audit", ["1.2.1"]),
        ("q=people+trained", ["1.1.1"]),  # an output's description
        ("q=GF", ["1.1.1"]),  # responsibility
        ("q=hr", ["2.1.1"]),  # an output's responsibility
    ],
)
def test_each_filter_narrows_the_tree(client, director, tree, query, expected):
    client.force_login(director)
    response = client.get(detail_url(tree.plan, query))
    assert shown_numbers(response) == expected


def test_owner_filter_finds_actions_owned_directly_or_through_an_output(client, director, action_owner, tree):
    OutputFactory(action=tree.actions["2.1.1"]).owners.add(action_owner.staff_member)
    client.force_login(director)
    response = client.get(detail_url(tree.plan, f"owner={action_owner.staff_member.pk}"))
    assert shown_numbers(response) == ["1.1.1", "2.1.1"]


def test_priority_filter_offers_only_this_plans_priorities(client, director, tree):
    other = layout_a_plan()
    client.force_login(director)
    response = client.get(detail_url(tree.plan, f"priority={tree.p2.pk}"))
    assert shown_numbers(response) == ["2.1.1"]
    refused = client.get(detail_url(tree.plan, f"priority={other.p1.pk}"))
    assert "priority" in refused.context["filter"].form.errors


def test_with_filters_on_only_matches_and_their_parents_are_shown(client, director, tree):
    client.force_login(director)
    response = client.get(detail_url(tree.plan, "q=commission"))
    [node] = response.context["tree"]
    assert node.priority == tree.p1
    assert [area.area for area in node.areas] == [tree.a11]
    assert [a.number for a in node.areas[0].actions] == ["1.1.2"]
    assert "1 matching action" in response.content.decode()


def test_without_filters_empty_areas_are_shown_too(client, director, tree):
    tree.actions["1.2.1"].delete()
    client.force_login(director)
    response = client.get(detail_url(tree.plan))
    assert [area.area for area in response.context["tree"][0].areas] == [tree.a11, tree.a12]
    assert "No actions yet." in response.content.decode()


def test_a_bad_filter_value_is_reported_and_ignored(client, director, tree):
    client.force_login(director)
    response = client.get(detail_url(tree.plan, "due_before=not-a-date"))
    assert response.status_code == 200
    assert "due_before" in response.context["filter"].form.errors
    assert len(shown_numbers(response)) == 4


def test_export_links_carry_the_current_filters(client, director, tree):
    client.force_login(director)
    html = client.get(detail_url(tree.plan, "rag=red&q=lead")).content.decode()
    export = reverse("actionplans:plan_export", args=[tree.plan.pk])
    assert f"{export}?rag=red&amp;q=lead&amp;format=xlsx" in html
    assert f"{export}?rag=red&amp;q=lead&amp;format=csv" in html


# --- Create and edit a plan -------------------------------------------------------------------------


def test_ld_manager_creates_a_plan_with_its_pledge_and_signatories(client, ld_manager):
    lead = StaffMemberFactory()
    client.force_login(ld_manager)
    assert client.get(reverse("actionplans:plan_create")).status_code == 200
    response = client.post(reverse("actionplans:plan_create"), plan_post(lead=str(lead.pk)), follow=True)
    plan = ActionPlan.objects.get()
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert plan.lead == lead and plan.pledge_text.startswith("We pledge")
    assert [(s.name, s.role) for s in plan.signatories.all()] == [("Jane Smith", "Chief Executive")]
    assert "Action plan “Workforce Development Action Plan 2026-2029” added." in response.content.decode()
    assert "Jane Smith, Chief Executive" in response.content.decode()


def test_bad_plan_input_re_renders_with_the_users_data_and_errors(client, ld_manager):
    client.force_login(ld_manager)
    response = client.post(reverse("actionplans:plan_create"), plan_post(period_end="2020-01-01"))
    assert response.status_code == 200
    assert "The plan cannot end before it starts." in response.content.decode()
    assert 'value="Workforce Development Action Plan 2026-2029"' in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_ld_manager_edits_a_plan_and_removes_a_signatory(client, ld_manager, tree):
    signatory = PledgeSignatory.objects.create(plan=tree.plan, name="Old Chair", role="Chair of Staff Side")
    client.force_login(ld_manager)
    url = reverse("actionplans:plan_edit", args=[tree.plan.pk])
    assert client.get(url).status_code == 200
    data = plan_post(
        title="Renamed plan",
        version=tree.plan.version,
        **{
            "signatories-TOTAL_FORMS": "1",
            "signatories-INITIAL_FORMS": "1",
            "signatories-0-id": str(signatory.pk),
            "signatories-0-plan": str(tree.plan.pk),
            "signatories-0-name": "Old Chair",
            "signatories-0-role": "Chair of Staff Side",
            "signatories-0-DELETE": "on",
        },
    )
    assert client.post(url, data).status_code == 302
    tree.plan.refresh_from_db()
    assert tree.plan.title == "Renamed plan"
    assert not tree.plan.signatories.exists()


def test_a_plan_with_areas_cannot_switch_to_themes(client, ld_manager, tree):
    client.force_login(ld_manager)
    response = client.post(
        reverse("actionplans:plan_edit", args=[tree.plan.pk]),
        plan_post(layout="themes", **{"signatories-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "a themes layout has none" in response.content.decode()
    tree.plan.refresh_from_db()
    assert tree.plan.layout == "priorities"


def test_plan_edit_bad_id_is_404_and_readers_get_403(client, ld_manager, director, tree):
    client.force_login(ld_manager)
    assert client.get(reverse("actionplans:plan_edit", args=[999999])).status_code == 404
    client.force_login(director)
    assert client.post(reverse("actionplans:plan_edit", args=[tree.plan.pk]), plan_post()).status_code == 403
    tree.plan.refresh_from_db()
    assert tree.plan.title != "Workforce Development Action Plan 2026-2029"


# --- Export of the current view ----------------------------------------------------------------------


def export_url(plan, query):
    return reverse("actionplans:plan_export", args=[plan.pk]) + f"?{query}"


def test_csv_export_holds_only_the_filtered_actions(client, director, tree):
    client.force_login(director)
    response = client.get(export_url(tree.plan, "rag=red&format=csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('-filtered.csv"')
    text = response.content.decode("utf-8-sig")
    assert "Benchmark leadership capacity across partners" in text
    assert "250 people trained per annum" in text
    assert "Commission a leadership programme" not in text
    assert "Recruit Home Trainers in every home" not in text


def test_xlsx_export_without_filters_holds_the_whole_plan(client, director, tree):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(director)
    response = client.get(export_url(tree.plan, "format=xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for action in tree.actions.values():
        assert f"{action.number} {action.description}" in cells


def test_export_refuses_an_unknown_format(client, director, tree):
    client.force_login(director)
    assert client.get(export_url(tree.plan, "format=pdf")).status_code == 400
    assert client.post(export_url(tree.plan, "format=csv")).status_code == 405


def test_list_offers_import_to_plan_editors_only(client, ld_manager, director):
    import_url = reverse("actionplans:import_upload")
    client.force_login(ld_manager)
    assert import_url in client.get(reverse("actionplans:index")).content.decode()
    client.force_login(director)
    assert import_url not in client.get(reverse("actionplans:index")).content.decode()
