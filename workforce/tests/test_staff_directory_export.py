"""The staff directory's export (CSV and XLSX): the filtered staff, every page of them, formula-safe,
scoped as the directory is, and its query count. The directory's data: test_staff_directory.py."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workforce.models import StaffMember
from workforce.tests.factories import JobRoleFactory, StaffMemberFactory
from workforce.tests.staff_directory_data import birch_lodge, bulk_staff, directory_people

EXPORT_URL = reverse("staff:export")


@pytest.fixture
def birch(org):
    return birch_lodge(org)


@pytest.fixture
def people(org):
    return directory_people(org)


# --- Export ------------------------------------------------------------------------------------


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_the_filtered_staff_and_neutralises_formulas(client, ld_manager, org, people):
    StaffMemberFactory(
        first_name='=HYPERLINK("http://evil.example","x")',
        last_name="Injected",
        assignment_number="40009001",
        org_unit=org["oak"],
        job_role=people["amira"].job_role,
    )
    client.force_login(ld_manager)
    response = client.get(EXPORT_URL, {"format": "csv", "org_unit": org["oak"].pk})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:4] == ["Assignment number", "First name", "Last name", "Email"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["40001001"][1:3] == ["Amira", "Khan"]
    assert by_number["40001001"][4:7] == ["Care Assistant", "Band 2", "Direct care support"]
    assert by_number["40001001"][8] == "Oak House"
    assert by_number["40009001"][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert "40002001" not in by_number  # Elm Court is outside the chosen unit
    assert "40003001" not in by_number  # a leaver: the default is current staff
    assert "40004001" not in by_number  # archived


def test_export_is_not_paginated(client, ld_manager, birch, settings):
    settings.PAGE_SIZE = 5
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build_batch(12, org_unit=birch, job_role=JobRoleFactory())
    )
    client.force_login(ld_manager)
    rows = csv_rows(client.get(EXPORT_URL, {"org_unit": birch.pk, "page": 2}))
    assert len(rows) == 1 + 12


def test_export_leavers(client, ld_manager, people):
    client.force_login(ld_manager)
    rows = csv_rows(client.get(EXPORT_URL, {"format": "csv", "status": "leavers"}))
    assert [row[0] for row in rows[1:]] == ["40003001"]
    assert rows[1][11] == str(people["leaver"].leaving_date) and rows[1][12] == "Retired"


def test_xlsx_export(client, ld_manager, org, people):
    StaffMemberFactory(
        first_name="@SUM(1+1)",
        last_name="Injected",
        org_unit=org["oak"],
        start_date=datetime.date(2022, 3, 4),
    )
    client.force_login(ld_manager)
    response = client.get(EXPORT_URL, {"format": "xlsx", "q": "Injected"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Staff"
    assert [cell.value for cell in sheet[1]][:3] == ["Assignment number", "First name", "Last name"]
    assert sheet.max_row == 2
    assert sheet["B2"].value == "@SUM(1+1)" and sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["K2"].value.date() == datetime.date(2022, 3, 4)


def test_manager_export_is_scoped_to_their_unit(client, manager, people):
    client.force_login(manager)
    numbers = {row[0] for row in csv_rows(client.get(EXPORT_URL))[1:]}
    assert {"40001001", "40001002"} <= numbers
    assert "40002001" not in numbers


def test_export_with_an_unknown_format_is_a_bad_request(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(EXPORT_URL, {"format": "pdf"}).status_code == 400


def test_export_refuses_post(client, ld_manager):
    client.force_login(ld_manager)
    assert client.post(EXPORT_URL).status_code == 405


# Export: 1 session, 2 user, 3 role groups, 4 the staff with role, unit and line manager joined,
# Rows are streamed from one query however many there are.
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("size", [10, 200])
def test_export_query_count_does_not_grow_with_staff(
    client, ld_manager, org, django_assert_num_queries, size, file_format
):
    bulk_staff(size, org)
    client.force_login(ld_manager)
    with django_assert_num_queries(5):  # + their own staff record (workforce.middleware)
        response = client.get(EXPORT_URL, {"format": file_format})
    assert response.status_code == 200
