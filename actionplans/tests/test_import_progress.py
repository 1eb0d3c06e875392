"""What an import does with progress, and what its preview shows.

Progress text is the plan's progress "as imported from FILE on DATE", never an owner's update
(no author, no RAG, not the latest update `with_rag()` reads); "Completed" only proposes closing
an action, which the importer can untick; the preview shows the columns the sheet has, its
messages in sheet order, and cuts no word in half.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import RAG, Action, ActionPlan, ProgressUpdate
from actionplans.spreadsheets import parse
from actionplans.spreadsheets.save import StaffLookup, import_plan, read_plan
from actionplans.tests.factories import ProgressUpdateFactory

FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD = reverse("actionplans:import_upload")
CONFIRM = reverse("actionplans:import_confirm")
NO_STAFF = StaffLookup([])
IMPORTED_ON = datetime.date(2026, 1, 15)

COMPLETED_CSV = (
    b"Care plan 2025-28\n"
    b"Priority 1. Grow\n"
    b"Area of Focus,Action,Output,Responsibility,Progress to date\n"
    b"1.1 Capacity,1.1.1 First,a. Map shared,,Completed\n"
    b",1.1.2 Second,a. Role approved,,Completed - March 2025 after a long consultation with every home\n"
    b",1.1.3 Third,a. Trainers in post,,Work in progress\n"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name: str, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


# --- Imported progress ------------------------------------------------------------------------------


def test_imported_progress_is_not_an_owners_update_and_sets_no_rag(ld_manager):
    parsed = read_plan(FIXTURES / "action_plan_layout_a.xlsx", "plan.xlsx", staff_lookup=NO_STAFF)
    plan = import_plan(parsed, user=ld_manager, today=IMPORTED_ON)
    updates = ProgressUpdate.objects.filter(action__plan=plan)

    assert updates.count() == 5
    assert set(updates.values_list("author", "rag", "date", "imported_from")) == {
        (None, "", IMPORTED_ON, "plan.xlsx")
    }
    # with_rag() ignores it: the RAG is what it would be with no progress at all.
    today = datetime.date(2026, 12, 1)
    with_import = dict(Action.objects.filter(plan=plan).with_rag(today).values_list("number", "rag"))
    notes = Action.objects.filter(plan=plan).with_rag(today).values_list("latest_progress_note", flat=True)
    assert set(notes) == {None}
    updates.delete()
    assert dict(Action.objects.filter(plan=plan).with_rag(today).values_list("number", "rag")) == with_import


def test_an_owners_update_after_the_import_is_the_latest_update(db):
    plan = import_plan(read_plan(FIXTURES / "action_plan_layout_a.xlsx", "plan.xlsx", staff_lookup=NO_STAFF))
    action = plan.actions.get(number="2.1.1")
    # Dated before the import, and still the one with_rag() reads.
    ProgressUpdateFactory(action=action, date=datetime.date(2020, 1, 1), rag=RAG.AMBER, note="Slipping")

    annotated = Action.objects.with_rag().get(pk=action.pk)
    assert (annotated.rag, annotated.latest_progress_note) == (RAG.AMBER, "Slipping")


def test_the_action_page_shows_imported_progress_as_imported(client, director):
    plan = import_plan(
        read_plan(FIXTURES / "action_plan_layout_a.xlsx", "plan.xlsx", staff_lookup=NO_STAFF),
        today=IMPORTED_ON,
    )
    action = plan.actions.get(number="2.1.1")
    client.force_login(director)

    page = client.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()

    assert "As imported from plan.xlsx on 15 Jan 2026" in page
    assert "78% at last report" in page


# --- "Completed" proposes closing; the importer decides ------------------------------------------------


def test_the_preview_lists_the_actions_completed_would_close_ticked(client, ld_manager):
    client.force_login(ld_manager)

    response = upload(client, "plan.csv", COMPLETED_CSV)

    page = response.content.decode()
    assert response.status_code == 200
    ticked = re.findall(r'name="close" value="(\d+)"[^>]*checked', page)
    assert ticked == ["0", "1"]  # 1.1.1 and 1.1.2; not 1.1.3, in progress
    assert "1.1.1 First (Row 4: “Completed”)" in page
    # A long progress note is quoted in whole words, with an ellipsis.
    assert "“Completed - March 2025 after a long consultation with every home”" not in page
    assert "Row 5: “Completed - March 2025 after a long consultation…”" in page


def test_confirm_closes_only_the_ticked_actions(client, ld_manager):
    client.force_login(ld_manager)
    token = upload(client, "plan.csv", COMPLETED_CSV).context["token"]

    response = client.post(CONFIRM, {"token": token, "close": ["1"]})

    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    statuses = dict(plan.actions.values_list("number", "status"))
    assert statuses == {
        "1.1.1": Action.Status.IN_PROGRESS,  # unticked: kept open
        "1.1.2": Action.Status.COMPLETED,
        "1.1.3": Action.Status.IN_PROGRESS,
    }


def test_confirm_with_none_ticked_closes_none(client, ld_manager):
    client.force_login(ld_manager)
    token = upload(client, "plan.csv", COMPLETED_CSV).context["token"]
    client.post(CONFIRM, {"token": token})
    assert not Action.objects.filter(status=Action.Status.COMPLETED).exists()


def test_a_posted_choice_that_was_not_proposed_is_refused_next_to_the_field(client, ld_manager):
    client.force_login(ld_manager)
    token = upload(client, "plan.csv", COMPLETED_CSV).context["token"]

    response = client.post(CONFIRM, {"token": token, "close": ["0", "2"]})  # 2 is 1.1.3, not proposed

    assert response.status_code == 400
    assert "close" in response.context["close_form"].errors
    assert "Select a valid choice" in response.content.decode()
    assert ActionPlan.objects.count() == 0
    # The upload is still there: correct the ticks and save.
    assert client.post(CONFIRM, {"token": token, "close": ["0"]}).status_code == 302
    assert dict(ActionPlan.objects.get().actions.values_list("number", "status"))["1.1.1"] == "completed"


def test_the_import_command_closes_every_proposed_action(db):
    parsed = read_plan(COMPLETED_CSV, "plan.csv", staff_lookup=NO_STAFF)
    assert [action.number for _, action in parsed.completion_proposals()] == ["1.1.1", "1.1.2"]
    plan = import_plan(parsed)
    assert plan.actions.filter(status=Action.Status.COMPLETED).count() == 2


# --- The preview's columns, order and wording ---------------------------------------------------------


def column_titles(page: str) -> set[str]:
    return set(re.findall(r'<th scope="col">([^<]+)</th>', page))


def test_a_themes_preview_shows_the_themes_columns_only(client, ld_manager):
    client.force_login(ld_manager)
    page = upload(client, "b.xlsx", (FIXTURES / "action_plan_layout_b.xlsx").read_bytes()).content.decode()

    assert {"Action", "Input from", "Achievements", "Row"} <= column_titles(page)
    for empty in [
        "Owners",
        "Timeframe",
        "Milestones",
        "Risks",
        "Resources / cost",
        "Progress",
        "Action / output",
    ]:
        assert empty not in column_titles(page)
    assert "Theme: Start here...opening routes into care work for local people" in page
    assert "<li>Community partner</li>" in page and "<li>Two placement programmes each year</li>" in page


def test_a_priorities_preview_shows_its_own_columns(client, ld_manager):
    client.force_login(ld_manager)
    page = upload(client, "a.xlsx", (FIXTURES / "action_plan_layout_a.xlsx").read_bytes()).content.decode()
    titles = column_titles(page)
    assert {
        "Action / output",
        "Owners",
        "Timeframe",
        "Milestones",
        "Risks",
        "Resources / cost",
        "Progress",
    } <= titles
    assert not titles & {"Input from", "Achievements"}


def row_numbers(labels) -> list[int]:
    return [int(label.split()[1]) for label in labels]


def test_warnings_and_unmatched_initials_are_in_sheet_order():
    rows = (
        b"Plan 2025-28\nPriority 1. X\n"
        b"Area of Focus,Action,Output,Responsibility,Timeframe,Milestones\n"
        b"1.1 A,1.1.1 First (dependent on 9.9.9),a. One,ZZ,Spring 2026,As above\n"
        b",,b. Two,AB,Spring 2027,\n"
        b",1.1.2 Second (dependent on 8.8.8),a. Three,ZZ/CD,Spring 2028,\n"
    )
    parsed = read_plan(rows, "p.csv", staff_lookup=NO_STAFF)

    assert parsed.errors == []
    wheres = [message.where for message in parsed.warnings]
    assert row_numbers(wheres) == sorted(row_numbers(wheres)) and len(set(wheres)) == 3
    assert [item.written for item in parsed.unmatched] == ["ZZ", "AB", "CD"]
    assert parsed.unmatched[0].rows == ["Row 4", "Row 6"]


def test_long_text_in_messages_is_cut_at_a_word_with_an_ellipsis():
    assert parse.shorten("Develop the framework for mentoring", 20) == "Develop the…"
    assert parse.shorten("short", 20) == "short"
    assert parse.shorten("x" * 30, 10) == "x" * 9 + "…"
    rows = [["Plan"], ["Priority 1. X"], ["Area of Focus", "Action", "Output"]]
    rows.append(["1.1 A", "Develop the framework for mentoring (dependent on 7.7.7)", "a. One"])
    content = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    warning = str(read_plan(content, "p.csv", staff_lookup=NO_STAFF).warnings[0])
    assert "action Develop the framework for mentoring… depends on 7.7.7" in warning
