"""The staff directory: search, filters, sorting, pagination, htmx partial, query counts (its
export: test_staff_directory_export.py)."""

import datetime

import pytest
from django.urls import reverse

from workforce.models import StaffGroup, StaffMember
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory
from workforce.tests.staff_directory_data import birch_lodge, bulk_staff, directory_people

LIST_URL = reverse("staff:list")


@pytest.fixture
def birch(org):
    return birch_lodge(org)


@pytest.fixture
def people(org):
    return directory_people(org)


def listed(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return list(response.context["page_obj"].object_list)


def test_directory_shows_role_band_and_unit(client, ld_manager, people):
    client.force_login(ld_manager)
    response = client.get(LIST_URL)
    content = response.content.decode()
    assert "Khan, Amira" in content
    assert "Care Assistant" in content and "Band 2" in content and "Oak House" in content
    assert "Current" in content  # status in words, not colour alone


def test_manager_sees_own_unit_and_the_teams_below(client, manager, people):
    client.force_login(manager)
    shown = set(listed(client))
    assert people["amira"] in shown and people["night"] in shown
    assert people["elm"] not in shown


def test_mentor_sees_only_their_own_record(client, mentor, people):
    client.force_login(mentor)
    assert listed(client) == [mentor.staff_member]


@pytest.mark.parametrize(
    "query", ["amira", "KHAN", "Amira Khan", "mira kh", "Khan, Amira", "khan amira", "40001001", "0001001"]
)
def test_search_by_name_full_name_or_number(client, ld_manager, people, query):
    client.force_login(ld_manager)
    assert listed(client, q=query) == [people["amira"]]


def test_search_is_answered_from_the_trigram_indexes_on_postgresql(ld_manager, people):
    from django.db import connection

    from workforce.filters import StaffFilter

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's (migration 0012)")
    found = StaffFilter({"q": "khan amira"}, queryset=StaffMember.objects.all(), user=ld_manager).qs
    with connection.cursor() as cursor:
        # A test's few rows would be read whole (or through the name index, in sort order).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = found.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "staff_first_name_trgm" in plan and "staff_last_name_trgm" in plan, plan


def test_search_with_no_match_says_so(client, ld_manager, people):
    client.force_login(ld_manager)
    response = client.get(LIST_URL, {"q": "Zebedee"})
    assert list(response.context["page_obj"].object_list) == []
    assert "No staff match these filters." in response.content.decode()


def test_unit_filter_includes_the_units_below(client, ld_manager, org, people):
    client.force_login(ld_manager)
    north = set(listed(client, org_unit=org["north"].pk))
    assert {people["amira"], people["night"]} <= north
    assert people["elm"] not in north
    assert set(listed(client, org_unit=org["elm"].pk)) == {people["elm"]}


def test_leavers_are_hidden_unless_asked_for(client, ld_manager, people):
    client.force_login(ld_manager)
    assert people["leaver"] not in listed(client)
    assert listed(client, status="leavers") == [people["leaver"]]
    everyone = listed(client, status="all")
    assert people["leaver"] in everyone and people["amira"] in everyone


def test_someone_leaving_next_month_is_still_current(client, ld_manager, people):
    people["amira"].leaving_date = datetime.date.today() + datetime.timedelta(days=30)
    people["amira"].save()
    client.force_login(ld_manager)
    assert people["amira"] in listed(client)
    assert people["amira"] not in listed(client, status="leavers")


def test_archived_records_are_hidden_unless_asked_for(client, ld_manager, people):
    client.force_login(ld_manager)
    assert people["archived"] not in listed(client)
    assert people["archived"] in listed(client, archived="on")


def test_filter_by_band_staff_group_and_job_role(client, ld_manager, people):
    client.force_login(ld_manager)
    assert listed(client, band="5") == [people["elm"]]
    assert listed(client, staff_group=StaffGroup.INDIRECT_SUPPORT) == [people["elm"]]
    by_role = listed(client, job_role=people["amira"].job_role_id)
    assert set(by_role) == {people["amira"], people["night"]}


def test_filters_combine(client, ld_manager, org, people):
    client.force_login(ld_manager)
    assert listed(client, org_unit=org["oak"].pk, band="2", q="price") == [people["night"]]


def test_unknown_filter_values_fall_back_to_safe_defaults(client, ld_manager, people):
    client.force_login(ld_manager)
    response = client.get(LIST_URL, {"status": "everything", "org_unit": "999999", "o": "salary"})
    shown = list(response.context["page_obj"].object_list)
    assert people["leaver"] not in shown and people["archived"] not in shown
    assert people["amira"] in shown
    assert "were not understood" in response.content.decode()


def test_choices_offer_active_units_and_roles_only(client, ld_manager, org, people):
    OrgUnitFactory(name="Closed Home", parent=org["south"], is_archived=True)
    JobRoleFactory(title="Retired Role", is_archived=True)
    client.force_login(ld_manager)
    form = client.get(LIST_URL).context["filter"].form
    unit_names = {unit.name for unit in form.fields["org_unit"].queryset}
    role_titles = {role.title for role in form.fields["job_role"].queryset}
    assert "Oak House" in unit_names and "Closed Home" not in unit_names
    assert "Care Assistant" in role_titles and "Retired Role" not in role_titles


def _sorting_staff(birch):
    band_5 = JobRoleFactory(title="Staff Nurse", pay_band="5")
    band_8a = JobRoleFactory(title="Matron", pay_band="8a")
    band_2 = JobRoleFactory(title="Care Assistant", pay_band="2")
    StaffMemberFactory(
        first_name="Cara",
        last_name="Bell",
        assignment_number="30000003",
        org_unit=birch,
        job_role=band_8a,
        start_date=datetime.date(2019, 1, 1),
    )
    StaffMemberFactory(
        first_name="Adam",
        last_name="Bell",
        assignment_number="30000001",
        org_unit=birch,
        job_role=band_2,
        start_date=datetime.date(2024, 1, 1),
    )
    StaffMemberFactory(
        first_name="Zoe",
        last_name="Abbott",
        assignment_number="30000002",
        org_unit=birch,
        job_role=band_5,
        start_date=datetime.date(2021, 1, 1),
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Zoe Abbott", "Adam Bell", "Cara Bell"]),
        ("name", ["Zoe Abbott", "Adam Bell", "Cara Bell"]),
        ("-name", ["Cara Bell", "Adam Bell", "Zoe Abbott"]),
        ("number", ["Adam Bell", "Zoe Abbott", "Cara Bell"]),
        ("-number", ["Cara Bell", "Zoe Abbott", "Adam Bell"]),
        ("band", ["Adam Bell", "Zoe Abbott", "Cara Bell"]),
        ("-band", ["Cara Bell", "Zoe Abbott", "Adam Bell"]),
        ("role", ["Adam Bell", "Cara Bell", "Zoe Abbott"]),
        ("start", ["Cara Bell", "Zoe Abbott", "Adam Bell"]),
        ("-start", ["Adam Bell", "Zoe Abbott", "Cara Bell"]),
    ],
)
def test_sorting(client, ld_manager, birch, sort, expected):
    _sorting_staff(birch)
    client.force_login(ld_manager)
    assert [p.full_name for p in listed(client, org_unit=birch.pk, o=sort)] == expected


def test_sort_by_unit(client, ld_manager, org):
    StaffMemberFactory(first_name="Una", last_name="Zed", org_unit=org["elm"])
    StaffMemberFactory(first_name="Val", last_name="Able", org_unit=org["oak"])
    client.force_login(ld_manager)
    units = [p.org_unit.name for p in listed(client, o="unit")]
    assert units == sorted(units)
    assert [p.org_unit.name for p in listed(client, o="-unit")] == sorted(units, reverse=True)


def test_column_headings_link_to_the_reverse_order_and_say_which_is_current(client, ld_manager, birch):
    client.force_login(ld_manager)
    content = client.get(LIST_URL, {"o": "number", "q": "x"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?o=-number&amp;q=x" in content  # clicking again reverses, and the search is kept


def test_pagination_keeps_the_filters(client, ld_manager, birch, settings):
    settings.PAGE_SIZE = 5
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build_batch(12, org_unit=birch, job_role=JobRoleFactory())
    )
    client.force_login(ld_manager)
    first = client.get(LIST_URL, {"org_unit": birch.pk})
    assert len(first.context["page_obj"].object_list) == 5
    assert first.context["page_obj"].paginator.num_pages == 3
    assert f"?org_unit={birch.pk}&amp;page=2" in first.content.decode()
    third = client.get(LIST_URL, {"org_unit": birch.pk, "page": 3})
    assert len(third.context["page_obj"].object_list) == 2
    # No one is shown twice or skipped across the pages.
    seen = set()
    for page in (1, 2, 3):
        seen |= set(
            client.get(LIST_URL, {"org_unit": birch.pk, "page": page}).context["page_obj"].object_list
        )
    assert len(seen) == 12


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_a_bad_page_number_still_shows_a_page(client, ld_manager, people, page):
    client.force_login(ld_manager)
    assert client.get(LIST_URL, {"page": page}).status_code == 200


def test_htmx_request_gets_only_the_results(client, ld_manager, people):
    client.force_login(ld_manager)
    response = client.get(
        LIST_URL, {"q": "khan", "o": "-name"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="staff-results"
    )
    content = response.content.decode()
    assert "<html" not in content and 'id="staff-filter"' not in content
    assert 'id="staff-results"' in content and "Khan, Amira" in content
    assert 'id="staff-sort" value="-name" hx-swap-oob="true"' in content
    assert "HX-Request" in response["Vary"]


def test_page_without_htmx_has_the_form_and_the_results(client, ld_manager, people):
    client.force_login(ld_manager)
    content = client.get(LIST_URL, {"q": "khan"}).content.decode()
    assert 'id="staff-filter"' in content and 'method="get"' in content
    assert 'hx-get="/staff/"' in content and 'hx-push-url="true"' in content
    assert 'value="khan"' in content  # the search box keeps what was typed
    assert "hx-swap-oob" not in content


def test_htmx_history_restore_gets_the_whole_page(client, ld_manager, people):
    client.force_login(ld_manager)
    response = client.get(
        LIST_URL,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="staff-results",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_directory_refuses_post(client, ld_manager):
    client.force_login(ld_manager)
    assert client.post(LIST_URL).status_code == 405


def test_directory_needs_a_login(client, db):
    response = client.get(LIST_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_buttons_follow_abilities(client, ld_manager, director, mentor, people):
    client.force_login(ld_manager)
    content = client.get(LIST_URL).content.decode()
    assert "Add staff member" in content and "Download CSV" in content
    client.force_login(director)
    content = client.get(LIST_URL).content.decode()
    assert "Add staff member" not in content and "Download CSV" in content
    client.force_login(mentor)
    content = client.get(LIST_URL).content.decode()
    assert "Add staff member" not in content and "Download CSV" not in content


# --- Query counts --------------------------------------------------------------------------------


# Every list request: 1 session, 2 user, 3 their own staff record (has their access ended?
# workforce.middleware; a manager's scoping reuses it), 4 the user's role groups, 5 COUNT for the
# paginator, 6 the page of staff with role and unit joined, 7 job role choices. Units are not
# listed: the unit picker renders only the chosen one (none here) and searches for others
# (staff:unit_picker).
LIST_QUERIES = {"ld_manager": 7, "manager": 7}


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize("size", [10, 200])
def test_directory_query_count_does_not_grow_with_staff(
    client, actors, org, django_assert_num_queries, actor, size
):
    bulk_staff(size, org)
    client.force_login(actors[actor])
    with django_assert_num_queries(LIST_QUERIES[actor]):
        response = client.get(LIST_URL, {"o": "band"})
    assert response.context["page_obj"].paginator.count >= size


# The htmx partial renders no filter form, so the job role choices (7) are not read; instead the
# chosen unit and job role are each looked up once to check they are valid choices.
@pytest.mark.parametrize("size", [10, 200])
def test_filtered_htmx_query_count_does_not_grow_with_staff(
    client, ld_manager, org, django_assert_num_queries, size
):
    bulk_staff(size, org)
    role = JobRoleFactory(title="Bulk role 3")
    client.force_login(ld_manager)
    with django_assert_num_queries(LIST_QUERIES["ld_manager"] - 1 + 2):
        response = client.get(
            LIST_URL,
            {"org_unit": org["north"].pk, "job_role": role.pk, "q": "a"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="staff-results",
        )
    assert response.status_code == 200


def test_a_manager_chooses_only_among_their_own_units(client, manager, org):
    from workforce.tests.factories import OrgUnitFactory

    OrgUnitFactory(name="Oak House night team", parent=org["oak"])
    client.force_login(manager)
    choices = {
        str(unit)
        for unit in client.get(reverse("staff:list")).context["filter"].form.fields["org_unit"].queryset
    }
    assert choices == {"Oak House", "Oak House night team"}


def test_the_ld_manager_chooses_among_every_unit(client, ld_manager, org):
    client.force_login(ld_manager)
    units = client.get(reverse("staff:list")).context["filter"].form.fields["org_unit"].queryset
    assert {"Oak House", "Elm Court", "North Region"} <= {str(unit) for unit in units}
