"""The action page and the writes an owner makes on it in place: progress, milestones, risks."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import RAG, Action, Contributor, ExpectedAchievement, Milestone, OutputTarget, Risk
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    OutputFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    RiskFactory,
)

TODAY = timezone.localdate()
HX = {"HTTP_HX_REQUEST": "true"}
# session, user; the action with its RAG; one each for owners, contributors, achievements, outputs,
# their targets, their owners, milestones, progress updates, risks, dependencies, dependents; roles,
# staff record and can_update_action's two owner checks; history: the action's records and their
# owners and dependencies, one each for its outputs' records (and their owners), targets',
# contributors', achievements', milestones' and risks', then the names of changed owners and
# dependencies. The risk form's owner picker renders
# only who is chosen: nobody on a new risk, no query.
PAGE_QUERIES = 30


@pytest.fixture
def action(action_owner):
    """An action owned by the action owner, due in 20 days (so amber while a milestone is open)."""
    action = ActionFactory(
        number="2.1.3",
        description="Establish a Link Trainer role between Home Trainers and Regional Training Officers",
        responsibility="SB/GF",
        timeframe="Sept 2027",
        due_date=TODAY + datetime.timedelta(days=20),
        is_recurring=True,
        resources="Regional Training Officers' time",
        cost_amount=Decimal("1500.00"),
        status=Action.Status.IN_PROGRESS,
    )
    action.owners.add(action_owner.staff_member)
    return action


def url(name, pk):
    return reverse(f"actionplans:{name}", args=[pk])


def rag_of(action):
    return Action.objects.with_rag().get(pk=action.pk).rag


# --- The page ----------------------------------------------------------------------------------


def test_page_shows_the_whole_action(client, director, action):
    output = OutputFactory(
        action=action,
        letter="b",
        description="Staff trained and competent",
        current_value=30,
        target_unit="%",
    )
    OutputTarget.objects.create(output=output, value=25, by_date=datetime.date(2026, 12, 1))
    OutputTarget.objects.create(output=output, value=50, by_date=datetime.date(2027, 9, 1))
    Contributor.objects.create(action=action, name="HR business partners")
    ExpectedAchievement.objects.create(action=action, description="Every home has a Link Trainer")
    MilestoneFactory(action=action, description="Job description agreed")
    RiskFactory(
        action=action, description="Home Trainers not released", likelihood=4, impact=3, mitigation="Backfill"
    )
    ProgressUpdateFactory(
        action=action, date=TODAY - datetime.timedelta(days=9), note="Older note", rag="green"
    )
    ProgressUpdateFactory(
        action=action, date=TODAY - datetime.timedelta(days=2), note="Newer note", rag="amber"
    )
    upstream = ActionFactory(number="1.1.1", description="Benchmark trainer capacity")
    downstream = ActionFactory(number="3.2.1", description="Roll out to the South Region")
    action.dependencies.add(upstream)
    downstream.dependencies.add(action)
    client.force_login(director)

    response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "2.1.3",
        "Establish a Link Trainer role",
        "SB/GF",
        action_owner_name(action),
        "HR business partners",
        "Sept 2027",
        "Recurring",
        "Regional Training Officers&#x27; time",
        "£1500.00",
        "In progress",
        "Staff trained and competent",
        "Every home has a Link Trainer",
        "Job description agreed",
        "Home Trainers not released",
        "Backfill",
        str(action.plan),
        "History",
    ]:
        assert text in html, text
    assert html.index("Newer note") < html.index("Older note")
    assert 'id="action-rag"><span class="badge rag rag-amber">Amber: at risk' in html
    targets = dict(response.context["outputs"][0].target_rows)
    assert [targets[t] for t in output.targets.order_by("value")] == [True, False]
    assert "Met" in html and "Not yet" in html
    assert upstream.get_absolute_url() in html and downstream.get_absolute_url() in html
    assert reverse("actionplans:plan_summary", args=[action.plan_id]) in html


def action_owner_name(action):
    return action.owners.get().full_name


def test_a_reader_sees_no_forms(client, director, action):
    MilestoneFactory(action=action)
    client.force_login(director)

    response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    assert response.context["can_update"] is False
    html = response.content.decode()
    assert url("progress_add", action.pk) not in html
    assert url("milestone_add", action.pk) not in html
    assert url("risk_add", action.pk) not in html
    assert 'type="checkbox"' not in html


def test_the_owner_sees_the_forms(client, action_owner, action):
    client.force_login(action_owner)

    html = client.get(action.get_absolute_url()).content.decode()

    assert url("progress_add", action.pk) in html
    assert url("milestone_add", action.pk) in html
    assert url("risk_add", action.pk) in html


def test_bad_id_is_404_and_anonymous_goes_to_login(client, director, action):
    response = client.get(url("action_detail", action.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    client.force_login(director)
    assert client.get(url("action_detail", action.pk + 999)).status_code == 404


def test_history_names_the_person_who_changed_the_action(client, ld_manager, action):
    client.force_login(ld_manager)
    action.status = Action.Status.ON_HOLD
    action._history_user = ld_manager
    action.save()

    html = client.get(action.get_absolute_url()).content.decode()

    assert "On hold" in html
    assert ld_manager.get_full_name() in html
    assert "system" in html  # created by a factory, outside any request


def test_page_query_count_does_not_grow_with_the_action(client, director, django_assert_num_queries):
    def build(n):
        action = ActionFactory()
        for i in range(n):
            output = OutputFactory(action=action, letter=chr(97 + i))
            output.owners.add(director.staff_member)
            OutputTarget.objects.create(output=output, value=i + 1)
            MilestoneFactory(action=action)
            RiskFactory(action=action, owner=director.staff_member)
            ProgressUpdateFactory(action=action, author=director)
            action.dependencies.add(ActionFactory())
            ActionFactory().dependencies.add(action)
        return action

    client.force_login(director)
    for action in (build(1), build(8)):
        with django_assert_num_queries(PAGE_QUERIES):
            assert client.get(action.get_absolute_url()).status_code == 200


# --- Progress updates ------------------------------------------------------------------------------


def test_htmx_progress_update_swaps_the_panel_and_the_rag_badge(client, action_owner, action):
    client.force_login(action_owner)

    response = client.post(
        url("progress_add", action.pk),
        {"date": TODAY.isoformat(), "rag": "red", "note": "Trainers off sick"},
        **HX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="progress-panel"')
    assert 'id="action-rag" hx-swap-oob="true"><span class="badge rag rag-red">Red: off track' in html
    assert "Trainers off sick" in html
    update = action.progress_updates.get()
    assert (update.rag, update.author, update.date) == (RAG.RED, action_owner, TODAY)
    assert rag_of(action) == RAG.RED
    # A fresh form for the next update, not the one just sent.
    assert response.context["progress_form"].is_bound is False


def test_plain_progress_update_redirects_back_with_a_message(client, action_owner, action):
    client.force_login(action_owner)

    response = client.post(
        url("progress_add", action.pk),
        {"date": TODAY.isoformat(), "rag": "green", "note": "On track"},
        follow=True,
    )

    assert response.redirect_chain == [(action.get_absolute_url(), 302)]
    assert "Progress update added" in response.content.decode()
    assert action.progress_updates.get().note == "On track"


def test_progress_update_ignores_a_next_address_on_another_site(client, action_owner, action):
    client.force_login(action_owner)
    data = {"date": TODAY.isoformat(), "rag": "green", "note": "x", "next": "https://evil.example/"}

    response = client.post(url("progress_add", action.pk), data)

    assert response.url == action.get_absolute_url()


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_bad_progress_update_shows_errors_next_to_the_fields(client, action_owner, action, headers):
    client.force_login(action_owner)

    response = client.post(
        url("progress_add", action.pk), {"date": TODAY.isoformat(), "note": "  "}, **headers
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert ("<html" in html) is (not headers)
    form = response.context["progress_form"]
    assert form.errors == {
        "rag": ["Choose red, amber or green."],
        "note": ["Say what has happened since the last update."],
    }
    assert 'id="progress-note_error"' in html and 'id="progress-rag_error"' in html
    assert not action.progress_updates.exists()


def test_progress_update_cannot_be_dated_in_the_future(client, action_owner, action):
    client.force_login(action_owner)
    tomorrow = TODAY + datetime.timedelta(days=1)

    response = client.post(
        url("progress_add", action.pk), {"date": tomorrow.isoformat(), "rag": "red", "note": "x"}, **HX
    )

    assert response.context["progress_form"].errors == {
        "date": ["A progress update cannot be dated in the future."]
    }
    assert tomorrow.isoformat() in response.content.decode()  # the user's data is kept


def test_progress_add_is_post_only_and_checks_the_id(client, action_owner, action):
    client.force_login(action_owner)
    assert client.get(url("progress_add", action.pk)).status_code == 405
    assert client.post(url("progress_add", action.pk + 999), {"note": "x", "rag": "red"}).status_code == 404


def test_anonymous_htmx_post_is_sent_to_login_as_a_whole_page(client, action):
    response = client.post(
        url("progress_add", action.pk),
        {"rag": "red", "note": "x"},
        HTTP_HX_CURRENT_URL=f"http://testserver{action.get_absolute_url()}",
        **HX,
    )

    assert response.headers["HX-Redirect"].startswith(reverse("login") + "?next=")
    assert action.get_absolute_url() in response.headers["HX-Redirect"]
    assert not action.progress_updates.exists()


# --- Milestones ----------------------------------------------------------------------------------


def test_ticking_a_milestone_in_place_swaps_the_row_and_the_rag(client, action_owner, action):
    milestone = MilestoneFactory(action=action, description="Job description agreed")
    assert rag_of(action) == RAG.AMBER
    client.force_login(action_owner)

    response = client.post(url("milestone_toggle", milestone.pk), {"done": "1"}, **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="milestone-{milestone.pk}"')
    assert "checked" in html and "Done" in html
    assert 'hx-swap-oob="true"><span class="badge rag rag-green">Green: on track' in html
    milestone.refresh_from_db()
    assert milestone.completed_on == TODAY

    response = client.post(url("milestone_toggle", milestone.pk), {}, **HX)  # unticked: no "done" sent

    milestone.refresh_from_db()
    assert milestone.completed_on is None
    assert "rag-amber" in response.content.decode()


def test_ticking_twice_keeps_the_first_date(client, action_owner, action):
    """The checkbox's state is posted, so a repeated "done" does not untick or move the date."""
    earlier = TODAY - datetime.timedelta(days=3)
    milestone = MilestoneFactory(action=action, completed_on=earlier)
    client.force_login(action_owner)

    client.post(url("milestone_toggle", milestone.pk), {"done": "1"}, **HX)

    milestone.refresh_from_db()
    assert milestone.completed_on == earlier


def test_ticking_without_javascript_redirects_back(client, action_owner, action):
    milestone = MilestoneFactory(action=action)
    client.force_login(action_owner)

    response = client.post(url("milestone_toggle", milestone.pk), {"done": "1"}, follow=True)

    assert response.redirect_chain[0][0] == action.get_absolute_url() + "#milestones-heading"
    assert "marked done" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.is_done


def test_milestone_toggle_is_post_only_and_checks_the_id(client, action_owner, action):
    milestone = MilestoneFactory(action=action)
    client.force_login(action_owner)
    assert client.get(url("milestone_toggle", milestone.pk)).status_code == 405
    assert client.post(url("milestone_toggle", milestone.pk + 999), {"done": "1"}).status_code == 404


def test_adding_a_milestone_in_place(client, action_owner, action):
    client.force_login(action_owner)
    due = (TODAY + datetime.timedelta(days=10)).isoformat()

    response = client.post(
        url("milestone_add", action.pk), {"description": "Pilot in Oak House", "due_date": due}, **HX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="milestones-panel"')
    assert "Pilot in Oak House" in html
    assert "rag-amber" in html  # an open milestone within 30 days of the due date
    assert action.milestones.get().due_date.isoformat() == due


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_milestone_without_a_description_is_refused(client, action_owner, action, headers):
    client.force_login(action_owner)

    response = client.post(url("milestone_add", action.pk), {"description": ""}, **headers)

    assert response.status_code == 200
    assert response.context["milestone_form"].errors == {"description": ["Describe the milestone."]}
    assert 'id="milestone-description_error"' in response.content.decode()
    assert not Milestone.objects.exists()


# --- Risks ---------------------------------------------------------------------------------------------


def test_adding_a_risk_in_place_scores_it(client, action_owner, action):
    client.force_login(action_owner)
    data = {
        "description": "Managers do not release Home Trainers",
        "likelihood": "4",
        "impact": "5",
        "mitigation": "Agree release days with Home Managers",
        "owner": action_owner.staff_member.pk,
        "status": "open",
    }

    response = client.post(url("risk_add", action.pk), data, **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="risks-panel"')
    assert "Managers do not release Home Trainers" in html
    risk = action.risks.get()
    assert (risk.score, risk.owner) == (20, action_owner.staff_member)


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_risk_with_likelihood_seven_is_refused_next_to_the_field(client, action_owner, action, headers):
    client.force_login(action_owner)
    data = {"description": "Funding cut", "likelihood": "7", "impact": "3", "status": "open"}

    response = client.post(url("risk_add", action.pk), data, **headers)

    assert response.status_code == 200
    form = response.context["risk_form"]
    assert list(form.errors) == ["likelihood"]
    html = response.content.decode()
    assert 'id="risk-likelihood_error"' in html
    assert "Funding cut" in html  # what the user typed is kept
    assert not Risk.objects.exists()


def test_editing_a_risk(client, action_owner, action):
    risk = RiskFactory(action=action, description="Funding cut", likelihood=2, impact=2)
    client.force_login(action_owner)
    assert client.get(url("risk_edit", risk.pk)).status_code == 200

    response = client.post(
        url("risk_edit", risk.pk),
        {"description": "Funding cut", "likelihood": "5", "impact": "4", "status": "closed", "version": "1"},
    )

    assert response.url == action.get_absolute_url() + "#risks-heading"
    risk.refresh_from_db()
    assert (risk.score, risk.status) == (20, Risk.Status.CLOSED)


def test_bad_risk_edit_rerenders_with_errors(client, action_owner, action):
    risk = RiskFactory(action=action)
    client.force_login(action_owner)

    response = client.post(
        url("risk_edit", risk.pk), {"description": "", "likelihood": "0", "impact": "3", "version": "1"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"description", "likelihood", "status"}
    assert client.get(url("risk_edit", risk.pk + 999)).status_code == 404


def test_risk_add_is_post_only(client, action_owner, action):
    client.force_login(action_owner)
    assert client.get(url("risk_add", action.pk)).status_code == 405
    assert client.get(url("milestone_add", action.pk)).status_code == 405


def test_risk_edit_takes_only_get_and_post(client, action_owner, action):
    risk = RiskFactory(action=action)
    client.force_login(action_owner)
    assert client.delete(url("risk_edit", risk.pk)).status_code == 405
    assert client.get(url("action_detail", action.pk)).status_code == 200
    assert client.post(url("action_detail", action.pk)).status_code == 405


def test_a_risk_owner_edits_their_risk_on_an_action_they_do_not_own(client, action_owner, other_manager):
    """The owner of one risk sees Edit on that risk only, and may save it; the action stays not theirs."""
    theirs = ActionFactory(description="Benchmark trainer capacity")
    theirs.owners.add(other_manager.staff_member)
    mine = RiskFactory(action=theirs, description="Trainers not released", owner=action_owner.staff_member)
    other = RiskFactory(action=theirs, description="Funding cut", likelihood=2, impact=2)
    client.force_login(action_owner)

    html = client.get(url("action_detail", theirs.pk)).content.decode()

    assert url("risk_edit", mine.pk) in html
    assert url("risk_edit", other.pk) not in html
    assert "Add a progress update" not in html and "Add a risk" not in html
    response = client.post(
        url("risk_edit", mine.pk),
        {
            "description": "Trainers not released",
            "likelihood": "4",
            "impact": "4",
            "status": "open",
            "owner": action_owner.staff_member.pk,
            "version": mine.version,
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.score == 16
    assert client.get(url("risk_edit", other.pk)).status_code == 403
    assert client.post(url("progress_add", theirs.pk), {"note": "x", "rag": "red"}).status_code == 403


def test_a_themes_action_is_headed_by_its_description_as_written(client, director):
    plan = ActionPlanFactory(layout="themes")
    description = "Run taster days with two local colleges each year\nand offer work experience"
    action = ActionFactory(
        focus_area=None, priority=PriorityFactory(plan=plan), number="", description=description
    )
    client.force_login(director)

    html = client.get(url("action_detail", action.pk)).content.decode()

    assert "<title>Run taster days with two local colleg..." in html
    assert (
        '<li class="breadcrumb-item active" aria-current="page">Run taster days with two local colleg...</li>'
        in html
    )
    assert (
        '<h1 class="h3">Run taster days with two local colleges each year<br>and offer work experience'
        in html
    )
    assert "Action </h1>" not in html and "Action  " not in html


def test_targets_and_the_current_value_read_with_a_space_before_their_unit(client, director, action):
    output = OutputFactory(action=action, letter="a", target_unit="people trained per annum")
    output.current_value = Decimal("180.00")
    output.save()
    OutputTarget.objects.create(output=output, value=Decimal("250.00"), by_date=datetime.date(2027, 3, 31))
    OutputTarget.objects.create(output=output, value=Decimal("80"), unit="%")
    client.force_login(director)

    html = client.get(url("action_detail", action.pk)).content.decode()

    assert "<td>250 people trained per annum</td>" in html
    assert "<td>80%</td>" in html
    assert "Current value: 180 people trained per annum" in html
