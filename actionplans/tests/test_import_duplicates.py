"""The preview's choice for a duplicate title: cancel, import as a new plan, or update the
plan a workbook came from; confirm saves nothing until one is chosen."""

import datetime
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import ActionPlan, Milestone
from actionplans.spreadsheets.workbook import plan_workbook
from actionplans.tests.factories import MilestoneFactory
from actionplans.tests.plan_data import layout_a_plan
from actionplans.tests.plan_tree import plan_tree
from actionplans.tests.test_import_views import kept_files

FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD = reverse("actionplans:import_upload")
CONFIRM = reverse("actionplans:import_confirm")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name, data):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def sample_bytes() -> bytes:
    return (FIXTURES / "action_plan_layout_a.xlsx").read_bytes()


@pytest.fixture
def existing(client, ld_manager):
    """The sample plan, imported once already."""
    client.force_login(ld_manager)
    client.post(CONFIRM, {"token": upload(client, "plan.xlsx", sample_bytes()).context["token"]})
    return ActionPlan.objects.get()


def test_the_preview_warns_and_offers_cancel_or_a_new_plan(client, existing):
    response = upload(client, "plan.xlsx", sample_bytes())

    page = response.content.decode()
    assert "A plan with this title already exists" in page
    today = datetime.date.today()
    new_title = f"{existing.title} (imported {today.day} {today:%b %Y})"
    assert f"Import as a new plan called “{new_title}”" in page
    assert 'value="cancel"' in page
    assert 'value="update"' not in page  # only a plan workbook of this app can update a plan
    assert "Save this plan" not in page


def test_confirm_without_a_choice_saves_nothing(client, existing):
    token = upload(client, "plan.xlsx", sample_bytes()).context["token"]

    for choice in ("", "update", "anything"):
        response = client.post(CONFIRM, {"token": token, "choice": choice})
        assert response.status_code == 400
        assert "Choose what to do with this plan." in response.content.decode()
    assert ActionPlan.objects.count() == 1
    assert len(kept_files()) == 1  # still there to choose again


def test_cancel_imports_nothing_and_forgets_the_file(client, existing):
    token = upload(client, "plan.xlsx", sample_bytes()).context["token"]

    response = client.post(CONFIRM, {"token": token, "choice": "cancel"})

    assert response.status_code == 302 and response.url == UPLOAD
    assert ActionPlan.objects.count() == 1 and kept_files() == []
    assert "Nothing was imported." in [str(m) for m in get_messages(response.wsgi_request)]


def test_import_as_a_new_plan_gets_a_title_that_tells_it_apart(client, existing):
    token = upload(client, "plan.xlsx", sample_bytes()).context["token"]

    response = client.post(CONFIRM, {"token": token, "choice": "new"})

    copy = ActionPlan.objects.exclude(pk=existing.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.title.startswith(f"{existing.title} (imported ")
    assert copy.actions.count() == existing.actions.count()


def test_a_workbook_of_an_existing_plan_offers_the_update_and_says_what_it_removes(client, ld_manager):
    client.force_login(ld_manager)
    plan = layout_a_plan().plan
    data = plan_workbook(plan)
    before = plan_tree(plan)
    action = plan.actions.first()
    for _ in range(3):
        MilestoneFactory(action=action)

    response = upload(client, "w.xlsx", data)

    page = response.content.decode()
    assert f"Update “{escape(plan.title)}”" in page and 'value="update"' in page
    assert "<strong>3 milestones</strong> will be removed." in page
    assert Milestone.objects.filter(action__plan=plan).count() == len(before["milestones"]) + 3

    response = client.post(CONFIRM, {"token": response.context["token"], "choice": "update"})

    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan_tree(plan) == before
    assert ActionPlan.objects.count() == 1
    assert f"Action plan “{plan.title}” updated from w.xlsx." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_the_plan_page_names_both_exports_and_the_workbook_downloads(client, director):
    plan = layout_a_plan().plan
    client.force_login(director)

    page = client.get(plan.get_absolute_url()).content.decode()
    download = reverse("actionplans:plan_download", args=[plan.pk])
    assert "The spreadsheet people read" in page and "The plan workbook" in page
    assert f"{download}?format=workbook" in page and f"{download}?format=xlsx" in page

    response = client.get(download, {"format": "workbook"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-workbook.xlsx"')
