"""The staff picker: forms render only the chosen people; a search finds the rest."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workforce.tests.factories import StaffMemberFactory


def search(client, text, target="id_line_manager"):
    return client.get(reverse("staff:picker"), {"picker_q": text, "target": target})


def test_search_finds_current_staff_by_name_or_number(client, ld_manager):
    rhys = StaffMemberFactory(first_name="Rhys", last_name="Thomas", assignment_number="10000002")
    StaffMemberFactory(first_name="Rhys", last_name="Left", leaving_date=datetime.date(2020, 1, 1))
    StaffMemberFactory(first_name="Rhys", last_name="Archived", is_archived=True)
    client.force_login(ld_manager)

    by_name = search(client, "rhys th").content.decode()
    assert "Choose Rhys Thomas (10000002)" in by_name
    assert f'data-value="{rhys.pk}"' in by_name and 'data-pick-into="id_line_manager"' in by_name
    everyone_called_rhys = search(client, "Rhys").content.decode()
    assert "Thomas" in everyone_called_rhys
    assert "Left" not in everyone_called_rhys and "Archived" not in everyone_called_rhys
    assert "Rhys Thomas" in search(client, "1000000").content.decode()


def test_search_needs_two_letters_and_a_plain_target(client, ld_manager):
    StaffMemberFactory(first_name="Ana", last_name="Silva")
    client.force_login(ld_manager)
    assert "Choose" not in search(client, "A").content.decode()
    assert "Choose" not in search(client, "Ana", target='x" onclick="alert(1)').content.decode()
    assert "Nobody current matches" in search(client, "Zzyzx").content.decode()


def test_results_are_capped(client, ld_manager):
    StaffMemberFactory.create_batch(20, last_name="Jones")
    client.force_login(ld_manager)
    response = search(client, "Jones")
    assert response.content.decode().count("data-pick-into") == 15


def test_the_staff_form_renders_only_the_chosen_line_manager(client, ld_manager, org):
    boss = StaffMemberFactory(first_name="Sam", last_name="Baker", assignment_number="10000004")
    StaffMemberFactory.create_batch(30, org_unit=org["oak"])
    person = StaffMemberFactory(line_manager=boss)
    client.force_login(ld_manager)

    html = client.get(reverse("staff:edit", args=[person.pk])).content.decode()

    picker = re.search(r'<select name="line_manager".*?</select>', html, re.S).group()
    assert picker.count("<option") == 2  # "Nobody chosen" and Sam Baker, not the 30 others
    assert f'<option value="{boss.pk}" selected>Sam Baker (10000004)</option>' in html
    assert reverse("staff:picker") in html


def test_choosing_someone_found_by_search_saves(client, ld_manager, org):
    person, boss = StaffMemberFactory(org_unit=org["oak"]), StaffMemberFactory()
    client.force_login(ld_manager)
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "assignment_number": person.assignment_number,
        "org_unit": org["oak"].pk,
        "job_role": person.job_role_id,
        "line_manager": boss.pk,
        "version": person.version,
    }
    assert client.post(reverse("staff:edit", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    assert person.line_manager == boss


def test_the_staff_form_costs_the_same_queries_for_a_big_organisation(
    client, ld_manager, org, django_assert_num_queries
):
    person = StaffMemberFactory(line_manager=StaffMemberFactory())
    client.force_login(ld_manager)

    def render():
        return client.get(reverse("staff:edit", args=[person.pk]))

    render()
    with CaptureQueriesContext(connection) as small:
        render()
    StaffMemberFactory.create_batch(150)
    with django_assert_num_queries(len(small.captured_queries)):
        render()
