"""The import pages (upload -> preview -> confirm) and the plan download."""

import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Action, ActionPlan, Output
from actionplans.tests.factories import ActionPlanFactory
from actionplans.views import importing as import_views
from workforce.tests.factories import StaffMemberFactory

FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD = reverse("actionplans:import_upload")
CONFIRM = reverse("actionplans:import_confirm")
FORBIDDEN = ["director", "manager", "other_manager", "mentor", "other_mentor", "action_owner"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def sample(name="action_plan_layout_a.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def kept_files() -> list[str]:
    try:
        return default_storage.listdir(import_views.STORAGE_DIR)[1]
    except FileNotFoundError:
        return []


def upload(client, upload_file):
    return client.post(UPLOAD, {"file": upload_file})


# --- The upload form (who may import: actionplans/tests/test_permissions.py) ----------------------


def test_the_ld_manager_sees_the_upload_form(client, ld_manager):
    client.force_login(ld_manager)
    response = client.get(UPLOAD)
    assert response.status_code == 200
    assert b'type="file"' in response.content and b'enctype="multipart/form-data"' in response.content


# --- Upload, preview, confirm ------------------------------------------------------------------------


def test_upload_shows_a_preview_and_saves_nothing(client, ld_manager):
    StaffMemberFactory(first_name="Priya", last_name="Kaur")
    client.force_login(ld_manager)

    response = upload(client, sample())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Check the import" in page
    assert "Northshire Care Group - Workforce Development Action Plan 2025-28" in page
    assert "Priority 1. Grow our own trainers" in page
    assert "1.1.2 Create the Link Trainer role" in page
    assert "Priya Kaur" in page  # PK proposed (tests/test_import_owners.py: only proposed)
    assert "Who is responsible (4 names)" in page and "RT" in page
    assert "copied from output" in page  # "As above", said so
    assert 'name="token"' in page
    counts = response.context["counts"]
    assert (counts["priorities"], counts["focus areas"], counts["actions"], counts["outputs"]) == (3, 5, 6, 9)
    assert ActionPlan.objects.count() == 0
    assert len(kept_files()) == 1


def test_confirm_saves_the_plan_and_lists_initials_to_map(client, ld_manager):
    client.force_login(ld_manager)
    token = upload(client, sample()).context["token"]

    response = client.post(CONFIRM, {"token": token})

    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.actions.count() == 6 and Output.objects.filter(action__plan=plan).count() == 9
    assert Action.history.filter(history_user=ld_manager).count() == 6
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("imported: 3 priorities, 6 actions, 9 outputs" in text for text in texts)
    assert any("Kept as written text, with no owner: PK, RT, JM, SB" in text for text in texts)
    assert kept_files() == []  # the upload is not kept once saved

    again = client.post(CONFIRM, {"token": token})  # a second click saves nothing more
    assert again.status_code == 302 and again.url == UPLOAD
    assert ActionPlan.objects.count() == 1


def test_a_token_from_another_session_is_refused(client, ld_manager, superuser):
    client.force_login(ld_manager)
    token = upload(client, sample()).context["token"]
    client.logout()
    client.force_login(superuser)
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response.url == UPLOAD
    assert ActionPlan.objects.count() == 0


def test_a_file_that_cannot_be_read_reappears_in_the_form_with_the_reason(client, ld_manager):
    client.force_login(ld_manager)
    response = upload(client, SimpleUploadedFile("plan.xlsx", b"%PDF-1.7 not really a workbook"))
    assert response.status_code == 200
    assert "is a PDF" in response.context["form"].errors["file"][0]
    assert ActionPlan.objects.count() == 0 and kept_files() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("notes.txt", b"Area of Focus,Action", "not a file we can read"), ("empty.csv", b"", "empty")],
)
def test_the_form_refuses_files_it_cannot_take(client, ld_manager, name, content, message):
    client.force_login(ld_manager)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert ActionPlan.objects.count() == 0


def test_errors_with_row_numbers_are_shown_and_the_plan_cannot_be_saved(client, ld_manager):
    client.force_login(ld_manager)
    content = b"Plan\nPriority 1. X\nArea of Focus,Action,Output\n1.1 A,,a. Orphan output\n"
    response = upload(client, SimpleUploadedFile("plan.csv", content))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 4: no action for this row" in page
    assert response.context["token"] is None and 'name="token"' not in page
    assert "Upload a corrected file" in page
    assert kept_files() == [] and ActionPlan.objects.count() == 0


def test_a_missing_kept_file_asks_for_the_upload_again(client, ld_manager):
    client.force_login(ld_manager)
    token = upload(client, sample()).context["token"]
    for name in kept_files():
        default_storage.delete(f"{import_views.STORAGE_DIR}/{name}")
    response = client.post(CONFIRM, {"token": token})
    assert response.url == UPLOAD
    assert ActionPlan.objects.count() == 0


def test_a_new_upload_replaces_the_previous_preview(client, ld_manager):
    client.force_login(ld_manager)
    first = upload(client, sample()).context["token"]
    second = upload(client, sample("action_plan_layout_b.xlsx")).context["token"]
    assert len(kept_files()) == 1
    assert client.post(CONFIRM, {"token": first}).url == UPLOAD
    client.post(CONFIRM, {"token": second})
    assert ActionPlan.objects.get().layout == ActionPlan.Layout.THEMES


# --- Download ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["ld_manager", *FORBIDDEN])
def test_every_signed_in_user_may_download_a_plan(client, actors, role):
    plan = ActionPlanFactory(title="Northshire Plan")
    client.force_login(actors[role])
    url = reverse("actionplans:plan_download", args=[plan.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="northshire-plan.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "Northshire Plan"

    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("Northshire Plan")


def test_download_of_an_unknown_format_or_plan(client, director):
    plan = ActionPlanFactory()
    client.force_login(director)
    assert (
        client.get(reverse("actionplans:plan_download", args=[plan.pk]), {"format": "pdf"}).status_code == 400
    )
    assert client.get(reverse("actionplans:plan_download", args=[plan.pk + 1])).status_code == 404
    assert client.post(reverse("actionplans:plan_download", args=[plan.pk])).status_code == 405
