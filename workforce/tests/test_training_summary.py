"""The compliance summary (/training/compliance/): figures on hand-made data, with numerator and
denominator; the same overall figure as the indicator registry; scoping; drilling down; the
staff group view; links to the people behind each number; query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workforce import indicators
from workforce.indicators import Measure
from workforce.models import StaffMember, TrainingRecord
from workforce.tests.compliance_data import completed, compliance_data
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRequirementFactory,
)

TODAY = datetime.date.today()
DAYS = datetime.timedelta(days=1)
URL = "/training/compliance/"


@pytest.fixture
def data(org):
    return compliance_data(org)


def page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def table_of(response) -> dict:
    """{(course title or "All required courses", column label): Measure} and "All" for the row."""
    table = response.context["table"]
    result = {}
    for row in table.rows:
        for group, figure in zip(table.groups, row.cells, strict=True):
            result[(row.column.course.title, group.label)] = figure.measure
        result[(row.column.course.title, "All")] = row.overall.measure
    for group, figure in zip(table.groups, table.totals, strict=True):
        result[("All required courses", group.label)] = figure.measure
    return result


def test_the_ld_manager_sees_the_organisation_by_region(client, ld_manager, data):
    response = page(client, ld_manager)
    table = response.context["table"]
    # Required: fire A B C D E (5) + medication A B C E (4) = 9; in date: A A C D E = 5.
    assert table.overall.measure == Measure(Decimal("55.6"), 5, 9)
    assert [group.label for group in table.groups] == ["North Region", "South Region"]
    assert table_of(response) == {
        ("Fire safety", "North Region"): Measure(Decimal("66.7"), 2, 3),
        ("Fire safety", "South Region"): Measure(Decimal("50.0"), 1, 2),
        ("Fire safety", "All"): Measure(Decimal("60.0"), 3, 5),
        ("Medication", "North Region"): Measure(Decimal("33.3"), 1, 3),
        ("Medication", "South Region"): Measure(Decimal("100.0"), 1, 1),
        ("Medication", "All"): Measure(Decimal("50.0"), 2, 4),
        ("All required courses", "North Region"): Measure(Decimal("50.0"), 3, 6),
        ("All required courses", "South Region"): Measure(Decimal("66.7"), 2, 3),
    }
    counts = {
        (row.column.course.title, count.status): count.count for row in table.rows for count in row.counts
    }
    assert counts == {
        ("Fire safety", "expired"): 1,
        ("Fire safety", "missing"): 1,
        ("Fire safety", "booked"): 0,
        ("Fire safety", "expiring"): 1,
        ("Medication", "expired"): 0,
        ("Medication", "missing"): 1,
        ("Medication", "booked"): 1,
        ("Medication", "expiring"): 0,
    }
    content = response.content.decode()
    assert '55.6% <span class="text-nowrap">(5 of 9)</span>' in content
    assert '66.7% <span class="text-nowrap">(2 of 3)</span>' in content


def test_the_overall_figure_is_the_indicator_registrys(client, ld_manager, manager, org, data):
    response = page(client, ld_manager)
    assert response.context["table"].overall.measure == indicators.value(
        "workforce.mandatory_compliance", TODAY, TODAY
    )
    response = page(client, manager)
    assert response.context["table"].overall.measure == indicators.value(
        "workforce.mandatory_compliance",
        TODAY,
        TODAY,
        population=StaffMember.objects.visible_to(manager),
        unit=org["oak"],
    )


def test_the_director_sees_what_the_ld_manager_sees(client, director, data):
    assert page(client, director).context["table"].overall.measure == Measure(Decimal("55.6"), 5, 9)


def test_a_manager_sees_their_unit_only(client, manager, other_manager, org, data):
    response = page(client, manager)
    assert response.context["unit"] == org["oak"]
    # Oak House has no teams below it: the "All" column alone, no column repeating it.
    assert response.context["table"].groups == []
    assert response.context["table"].overall.measure == Measure(Decimal("50.0"), 3, 6)
    assert "Whole organisation" not in response.content.decode()
    response = page(client, other_manager)
    assert response.context["table"].overall.measure == Measure(Decimal("66.7"), 2, 3)


def test_a_unit_outside_the_managers_scope_is_refused_next_to_the_picker(client, manager, org, data):
    response = page(client, manager, unit=org["elm"].pk)
    assert response.context["unit"] == org["oak"]
    assert response.context["table"].overall.measure == Measure(Decimal("50.0"), 3, 6)
    assert response.context["form"].errors["unit"] == ["Choose a unit from the list."]
    assert "Choose a unit from the list." in response.content.decode()


def test_input_not_understood_falls_back_with_a_message(client, ld_manager, data):
    response = page(client, ld_manager, unit="north", by="colour")
    assert response.context["unit"] is None and response.context["by"] == "unit"
    content = response.content.decode()
    assert "Choose a unit from the list." in content and "Choose by unit or by staff group." in content


def test_drilling_down_into_a_region_shows_its_homes(client, ld_manager, org, data):
    OrgUnitFactory(name="Birch Lodge", parent=org["north"])  # nobody there yet: a zero is worth seeing
    top = page(client, ld_manager).content.decode()
    assert f'href="?unit={org["north"].pk}&amp;by=unit">North Region</a>' in top
    response = page(client, ld_manager, unit=org["north"].pk)
    table = table_of(response)
    assert [group.label for group in response.context["table"].groups] == ["Birch Lodge", "Oak House"]
    assert table[("Fire safety", "Oak House")] == Measure(Decimal("66.7"), 2, 3)
    assert table[("Fire safety", "Birch Lodge")] == Measure(None, 0, 0)
    assert response.context["table"].overall.measure == Measure(Decimal("50.0"), 3, 6)
    # The way back up: the whole organisation, then the group.
    assert [unit.name for unit in response.context["trail"]] == ["Northshire Care Group"]


def test_people_in_the_chosen_unit_itself_have_a_column_of_their_own(client, ld_manager, org, data):
    regional = StaffMemberFactory(org_unit=org["north"], job_role=data["A"].job_role)
    completed(regional, data["fire"], 30)
    response = page(client, ld_manager, unit=org["north"].pk)
    groups = response.context["table"].groups
    assert [group.label for group in groups] == ["Oak House", "North Region (itself)"]
    assert groups[1].filters is None  # the matrix's unit filter takes the teams below too
    assert table_of(response)[("Fire safety", "North Region (itself)")] == Measure(Decimal("100.0"), 1, 1)


def test_the_staff_group_view(client, ld_manager, manager, data):
    response = page(client, ld_manager, by="staff_group")
    table = table_of(response)
    assert [group.label for group in response.context["table"].groups] == [
        "Direct care support",
        "Indirect support",
    ]
    assert table[("Fire safety", "Direct care support")] == Measure(Decimal("50.0"), 2, 4)
    assert table[("Fire safety", "Indirect support")] == Measure(Decimal("100.0"), 1, 1)
    assert table[("All required courses", "Direct care support")] == Measure(Decimal("50.0"), 4, 8)
    # A manager's staff group view stays within their unit.
    response = page(client, manager, by="staff_group")
    assert table_of(response)[("All required courses", "Direct care support")] == Measure(
        Decimal("50.0"), 3, 6
    )


def test_nothing_required_says_so(client, ld_manager, org):
    response = page(client, ld_manager)
    assert response.context["table"].overall.measure == Measure(None, 0, 0)
    assert 'id="no-requirements"' in response.content.decode()


# --- Links to the people behind each number -------------------------------------------------------
def test_every_number_links_to_the_matrix_filtered_to_its_people(client, ld_manager, org, data):
    fire, north = data["fire"].pk, org["north"].pk
    response = page(client, ld_manager)
    table = response.context["table"]
    fire_row = next(row for row in table.rows if row.column.course.pk == fire)
    assert fire_row.cells[0].url == f"/training/matrix/?org_unit={north}&course={fire}"
    assert fire_row.overall.url == f"/training/matrix/?course={fire}"
    expired = next(count for count in fire_row.counts if count.status == "expired")
    assert expired.url == f"/training/matrix/?course={fire}&status=expired"
    assert table.totals[0].url == f"/training/matrix/?org_unit={north}"
    assert f'href="/training/matrix/?org_unit={north}&amp;course={fire}"' in response.content.decode()

    # The matrix at the other end of a link lists the people that number counts.
    matrix = client.get(expired.url)
    assert matrix.context["page_obj"].paginator.count == expired.count

    response = page(client, ld_manager, unit=north, by="staff_group")
    fire_row = next(row for row in response.context["table"].rows if row.column.course.pk == fire)
    assert fire_row.cells[0].url == (
        f"/training/matrix/?org_unit={north}&staff_group=direct_care_support&course={fire}"
    )


# --- Query counts ----------------------------------------------------------------------------------


def _bulk(org, staff: int, courses: int):
    role = JobRoleFactory(title="Bulk carer")
    titles = [CourseFactory(title=f"Bulk course {n}") for n in range(courses)]
    for course in titles:
        TrainingRequirementFactory(course=course, job_role=role)
    team = OrgUnitFactory(name="Bulk team", parent=org["oak"])
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build(org_unit=team if n % 2 else org["oak"], job_role=role) for n in range(staff)
    )
    people = list(StaffMember.objects.filter(job_role=role)[: staff // 2])
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            staff_member=person,
            course=course,
            status=TrainingRecord.Status.COMPLETED,
            completed_on=TODAY - 30 * DAYS,
            expires_on=TODAY + 300 * DAYS,
        )
        for person in people
        for course in titles
    )


# 1 session, 2 user, 3 role groups, 4 own staff record (workforce.middleware), 5 the units the user
# may pick, 6 the units below the chosen one (7: the top-level units, when it is the whole
# organisation), then the required courses, and the one counting query.
SUMMARY_QUERIES = {"ld_manager": 9, "manager": 8}


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize(("staff", "courses"), [(20, 3), (500, 3), (20, 12)])
def test_the_query_count_does_not_grow_with_staff_or_courses(
    client, actors, org, django_assert_num_queries, actor, staff, courses
):
    _bulk(org, staff, courses)
    client.force_login(actors[actor])
    with django_assert_num_queries(SUMMARY_QUERIES[actor]):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["table"].overall.measure.denominator == staff * courses


def test_drilling_down_costs_no_more(client, ld_manager, org):
    _bulk(org, 20, 3)
    client.force_login(ld_manager)
    with CaptureQueriesContext(connection) as top:
        client.get(URL)
    with CaptureQueriesContext(connection) as drilled:
        client.get(URL, {"unit": org["oak"].pk, "by": "staff_group"})
    assert len(drilled) <= len(top)
    assert reverse("training:summary") == URL
