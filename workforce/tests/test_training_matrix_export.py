"""The training matrix export: the whole selection as XLSX (colours and words) or CSV (words),
read back as a person's spreadsheet program would; and the page's colours match the file's."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workforce.compliance import Status
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.matrix_data import TODAY, matrix_world
from workforce.training_matrix import STATUS_COLOURS

EXPORT_URL = reverse("training:matrix_export")
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"


@pytest.fixture
def world(org):
    return matrix_world(org)


def download(client, user, **params):
    client.force_login(user)
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 200, response.content[:200]
    return response


def test_xlsx_has_the_pages_colours_and_words_for_every_page(client, ld_manager, world, settings):
    settings.PAGE_SIZE = 1  # the file holds everyone, not one page
    response = download(client, ld_manager, format="xlsx", o="overdue")
    assert response["Content-Disposition"] == f'attachment; filename="training-matrix-{TODAY:%Y-%m-%d}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Training matrix", "Counts"]
    sheet = workbook["Training matrix"]
    assert sheet.freeze_panes == "B2"
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Name",
        "Assignment number",
        "Job role",
        "Unit",
        "Fire safety",
        "Food hygiene",
        "Medication",
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        "Baker, Ben",
        "Clark, Cara",
        "Dawes, Lena",
        "Adams, Amy",
        "Ellis, Eve",
    ]
    baker = rows["Baker, Ben"]
    assert baker[1].value == world["people"]["Baker"].assignment_number
    assert (baker[2].value, baker[3].value) == ("Care Assistant", "Oak House")
    expected = {4: Status.EXPIRED, 5: Status.NOT_REQUIRED, 6: Status.MISSING}
    for index, status in expected.items():
        cell = baker[index]
        background, text = STATUS_COLOURS[status]
        assert cell.fill.fgColor.rgb.upper().endswith(background.upper()), (index, cell.fill.fgColor.rgb)
        assert cell.font.color.rgb.upper().endswith(text.upper())
    assert baker[4].value.startswith("Expired ") and baker[6].value == "Missing"
    assert rows["Adams, Amy"][4].value.startswith("Valid until ")
    assert rows["Adams, Amy"][4].fill.fgColor.rgb.upper().endswith(STATUS_COLOURS[Status.VALID][0].upper())

    counts = {row[0].value: [cell.value for cell in row] for row in workbook["Counts"].iter_rows(min_row=2)}
    # Course, expired, missing, booked, expiring, due, valid, compliant, required, % compliant
    assert counts["Fire safety"] == ["Fire safety", 1, 1, 1, 0, 1, 1, 1, 4, 25]
    assert counts["All courses"][-3:] == [3, 7, 42.9]
    # The key: each status's name in its own colours, with what it means.
    key = {
        row[0].value: row for row in workbook["Counts"].iter_rows(min_row=2) if row[0].value in Status.labels
    }
    assert set(key) == set(Status.labels)
    assert key["Missing"][1].value.startswith("never completed")
    assert key["Missing"][0].fill.fgColor.rgb.upper().endswith(STATUS_COLOURS[Status.MISSING][0].upper())


def test_csv_has_the_words_with_the_same_filters(client, ld_manager, world, org):
    response = download(client, ld_manager, format="csv", org_unit=org["oak"].pk)
    assert response["Content-Disposition"] == f'attachment; filename="training-matrix-{TODAY:%Y-%m-%d}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "Assignment number",
        "Job role",
        "Unit",
        "Fire safety",
        "Food hygiene",
        "Medication",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Adams, Amy", "Baker, Ben", "Clark, Cara"}
    assert by_name["Baker, Ben"][4:] == [by_name["Baker, Ben"][4], "Not required", "Missing"]
    assert re.fullmatch(r"Expired \d{1,2} [A-Z][a-z]{2} \d{4}", by_name["Baker, Ben"][4])
    assert re.fullmatch(r"Booked for \d{1,2} [A-Z][a-z]{2} \d{4}", by_name["Clark, Cara"][4])


def test_a_managers_export_is_their_own_unit(client, manager, world):
    rows = list(csv.reader(io.StringIO(download(client, manager, format="csv").content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {"Adams, Amy", "Baker, Ben", "Clark, Cara", "Hart, Maya"}


def test_formula_like_names_stay_text(client, ld_manager, world, org):
    StaffMemberFactory(first_name="=HYPERLINK(1)", last_name="@Risk", org_unit=org["oak"])
    csv_rows = download(client, ld_manager, format="csv").content.decode("utf-8-sig")
    assert "'@Risk, =HYPERLINK(1)" in csv_rows
    sheet = load_workbook(io.BytesIO(download(client, ld_manager, format="xlsx").content))["Training matrix"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("@Risk"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_an_unknown_format_is_a_bad_request(client, ld_manager, world):
    client.force_login(ld_manager)
    assert client.get(EXPORT_URL, {"format": "pdf"}).status_code == 400


def test_the_page_and_the_file_use_the_same_colours():
    css = CSS.read_text(encoding="utf-8")
    for status, (background, text) in STATUS_COLOURS.items():
        rule = re.search(rf"\.matrix-{status} \{{([^}}]*)\}}", css)
        assert rule, f".matrix-{status} is missing from app.css"
        assert f"background-color: #{background}" in rule.group(1)
        assert f"color: #{text}" in rule.group(1)
