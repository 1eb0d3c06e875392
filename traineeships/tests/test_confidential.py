"""Confidential support plans: only the L&D manager opens, adds or edits one (a superuser without the
role is refused); every opening, creation, edit and refusal is in the access log; a refusal looks
exactly like a missing plan; nobody else learns that a plan exists; the admin does not show plans."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from traineeships.models import AccessLogEntry, ConfidentialSupportPlan
from traineeships.tests.factories import ConfidentialPlanFactory, TraineeFactory

pytestmark = pytest.mark.django_db
Action = AccessLogEntry.Action


def plan_url(plan_or_pk, name="traineeships:plan"):
    return reverse(name, args=[getattr(plan_or_pk, "pk", plan_or_pk)])


def same_page(response) -> str:
    # The per-request CSRF token and CSP nonce aside, the two answers are the same bytes.
    return re.sub(
        r'(X-CSRFToken": "|nonce="|name="csrfmiddlewaretoken" value=")[^"]+', "", response.content.decode()
    )


def entries():
    return list(AccessLogEntry.objects.order_by("pk").values_list("user__username", "action", "plan_id"))


def test_the_ld_manager_opens_a_plan_and_the_opening_is_logged(client, cohort, ld_manager):
    client.force_login(ld_manager)
    response = client.get(plan_url(cohort["plan"]))
    assert response.status_code == 200
    assert "Early signs: quiet, skips breaks." in response.content.decode()
    assert entries() == [("ld", Action.OPENED, cohort["plan"].pk)]
    entry = AccessLogEntry.objects.get()
    assert entry.trainee == cohort["trainee"] and entry.path == plan_url(cohort["plan"])


@pytest.mark.parametrize("actor", ["supervisor", "life_coach", "manager", "director", "superuser"])
def test_anyone_else_is_refused_with_a_404_and_the_refusal_is_logged(client, cohort, request, actor):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    for url in (plan_url(cohort["plan"]), plan_url(cohort["plan"], "traineeships:plan_edit")):
        response = client.get(url)
        assert response.status_code == 404
        assert "Early signs" not in response.content.decode()
    assert entries() == [(user.username, Action.REFUSED, cohort["plan"].pk)] * 2
    assert not AccessLogEntry.objects.first().allowed


def test_a_superuser_without_the_role_cannot_edit_a_plan_and_the_attempt_is_logged(client, cohort, superuser):
    client.force_login(superuser)
    plan = cohort["plan"]
    response = client.post(
        plan_url(plan, "traineeships:plan_edit"), {"title": "Mine", "content": "Overwritten", "version": 1}
    )
    assert response.status_code == 404
    assert ConfidentialSupportPlan.objects.get(pk=plan.pk).content == plan.content
    assert entries() == [("admin", Action.REFUSED, plan.pk)]


def test_a_refusal_looks_like_a_missing_plan_and_only_the_refusal_is_logged(
    client, cohort, supervisor, ld_manager
):
    client.force_login(supervisor)
    refused = client.get(plan_url(cohort["plan"]))
    missing = client.get(plan_url(987654))
    assert refused.status_code == missing.status_code == 404
    assert same_page(refused) == same_page(missing)
    # Both attempts were refusals (the supervisor may open no plan), the second at no plan at all.
    assert entries() == [
        ("supervisor", Action.REFUSED, cohort["plan"].pk),
        ("supervisor", Action.REFUSED, None),
    ]
    client.force_login(ld_manager)
    assert client.get(plan_url(987654)).status_code == 404
    assert len(entries()) == 2  # nothing was opened, nothing refused


def test_adding_a_plan_is_for_the_ld_manager_and_logged(client, cohort, ld_manager, supervisor):
    url = reverse("traineeships:plan_add", args=[cohort["trainee"].pk])
    data = {"title": "Wellbeing plan", "content": "Walk at lunchtime.", "review_on": "2027-01-10"}
    client.force_login(supervisor)
    assert client.post(url, data).status_code == 404
    assert not ConfidentialSupportPlan.objects.filter(title="Wellbeing plan").exists()
    client.force_login(ld_manager)
    response = client.post(url, data)
    plan = ConfidentialSupportPlan.objects.get(title="Wellbeing plan")
    assert response.status_code == 302 and response.url == plan_url(plan)
    assert plan.created_by == ld_manager and plan.trainee == cohort["trainee"]
    assert entries() == [("supervisor", Action.REFUSED, None), ("ld", Action.CREATED, plan.pk)]
    assert AccessLogEntry.objects.first().trainee == cohort["trainee"]


def test_an_edit_is_version_checked_and_logged(client, cohort, ld_manager):
    plan = cohort["plan"]
    url = plan_url(plan, "traineeships:plan_edit")
    client.force_login(ld_manager)
    assert client.get(url).status_code == 200  # the form shows the plan: an opening
    data = {"title": plan.title, "content": "New content", "review_on": "", "version": plan.version}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "content": "Stale content"})
    assert stale.status_code == 409
    assert ConfidentialSupportPlan.objects.get(pk=plan.pk).content == "New content"
    assert [a for _, a, _ in entries()] == [Action.OPENED, Action.EDITED]
    assert ConfidentialSupportPlan.history.filter(id=plan.pk).count() == 2


def test_only_holders_see_that_a_plan_exists_on_the_trainee_page(
    client, cohort, ld_manager, supervisor, superuser
):
    page = reverse("traineeships:trainee", args=[cohort["trainee"].pk])
    client.force_login(ld_manager)
    content = client.get(page).content.decode()
    assert plan_url(cohort["plan"]) in content and "Confidential support plans" in content
    for user in (supervisor, superuser):
        client.force_login(user)
        content = client.get(page).content.decode()
        assert "/plans/" not in content and "onfidential" not in content
        assert "Stress management" not in content
    assert AccessLogEntry.objects.count() == 0  # the page opens no plan


def test_the_access_log_is_newest_first_paginated_and_read_only(
    client, cohort, ld_manager, supervisor, settings
):
    settings.PAGE_SIZE = 3
    client.force_login(supervisor)
    client.get(plan_url(cohort["plan"]))
    client.force_login(ld_manager)
    for _ in range(3):
        client.get(plan_url(cohort["plan"]))
    response = client.get(reverse("traineeships:access_log"))
    rows = list(response.context["page_obj"].object_list)
    assert [e.action for e in rows] == [Action.OPENED] * 3
    assert response.context["page_obj"].paginator.num_pages == 2
    second = client.get(reverse("traineeships:access_log"), {"page": 2})
    content = second.content.decode()
    assert "Sam Price" in content and "Refused" in content
    assert "Stress management plan for Cara Lane" in content
    # No form on the page: nothing can be changed or deleted through the app.
    assert "<form" not in response.content.decode().split('id="main"')[-1]
    assert client.post(reverse("traineeships:access_log")).status_code == 405


def test_a_superuser_cannot_read_the_access_log(client, cohort, superuser):
    client.force_login(superuser)
    assert client.get(reverse("traineeships:access_log")).status_code == 403


def test_the_admin_shows_no_plan_and_no_access_log(client, cohort, superuser):
    registered = {model for model in admin.site._registry if model._meta.app_label == "traineeships"}
    names = {model.__name__ for model in registered}
    assert "ConfidentialSupportPlan" not in names and "HistoricalConfidentialSupportPlan" not in names
    assert "AccessLogEntry" not in names and "EqualityMonitoring" not in names
    assert {"Trainee", "Placement", "SupportMeeting", "Outcome", "Feedback", "TrainingSession"} <= names
    client.force_login(superuser)
    index = client.get(reverse("admin:app_list", args=["traineeships"])).content.decode()
    assert "onfidential" not in index and "ccess log" not in index
    for model in registered:
        url = reverse(f"admin:traineeships_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model.__name__
    # Nor through a trainee's page in the admin.
    change = client.get(reverse("admin:traineeships_trainee_change", args=[cohort["trainee"].pk]))
    assert change.status_code == 200 and "Early signs" not in change.content.decode()


def test_another_trainees_plan_is_refused_to_their_supervisor_too(client, supervisor):
    other = ConfidentialPlanFactory(trainee=TraineeFactory())
    client.force_login(supervisor)
    assert client.get(plan_url(other)).status_code == 404
    assert entries() == [("supervisor", Action.REFUSED, other.pk)]
