"""Query counts of the catalogue lists stay the same as the catalogue grows.

Each list is read at a small size and again after the catalogue has grown past a page, with
more staff, requirements and training records hanging off every row: the counts must not move.
"""

import pytest
from django.db.models import Count
from django.urls import reverse

from workforce.models import OrgUnit, StaffMember
from workforce.tests.factories import (
    CompetencyFactory,
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    RoleRequirementFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)

PAGE_SIZE = 10
# Every request: the session, the user, the user's role names (read once, see permissions.roles_of).
# A list adds a COUNT for the paginator and one query for the page of rows, its figures
# (staff, requirements, completions) computed as subqueries of that same query.
# + 1: the signed-in person's own staff record (has their access ended? workforce.middleware).
REQUEST_OVERHEAD = 3 + 1
LIST_QUERIES = {
    "orgunit_list": REQUEST_OVERHEAD + 2,
    "jobrole_list": REQUEST_OVERHEAD + 2,
    "competency_list": REQUEST_OVERHEAD + 2 + 1,  # + the categories offered by the filter
    "course_list": REQUEST_OVERHEAD + 2,
}
VARIANTS = [{}, {"sort": "-staff"}, {"q": "e", "archived": "on", "page": "2"}]


def grow(org, size: int) -> None:
    """Add `size` of each catalogue record, each with staff, requirements or records attached."""
    start = OrgUnit.objects.filter(name__startswith="Team ").count()
    for n in range(start, start + size):
        unit = OrgUnitFactory(
            name=f"Team {n}", kind=OrgUnit.Kind.TEAM, parent=org["oak"], is_archived=n % 5 == 0
        )
        role = JobRoleFactory(title=f"Care assistant grade {n}")
        StaffMemberFactory.create_batch(2, org_unit=unit, job_role=role)
        competency = CompetencyFactory(name=f"Grown competency {n}", category=f"Category {n % 4}")
        RoleRequirementFactory(job_role=role, competency=competency, required_level=n % 4 + 1)
        course = CourseFactory(title=f"Grown course {n}")
        TrainingRecordFactory.create_batch(2, course=course, staff_member__org_unit=unit)


@pytest.mark.parametrize("params", VARIANTS, ids=["default", "sorted", "filtered-page-2"])
@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_list_queries_do_not_grow_with_the_catalogue(
    client, ld_manager, org, settings, django_assert_num_queries, name, params
):
    settings.PAGE_SIZE = PAGE_SIZE
    client.force_login(ld_manager)
    url = reverse(f"catalogue:{name}")
    if name != "orgunit_list":
        params = {key: value for key, value in params.items() if key != "sort"}
    grow(org, 2)
    small_params = {key: value for key, value in params.items() if key != "page"}
    with django_assert_num_queries(LIST_QUERIES[name]):
        small = client.get(url, small_params)
    assert small.status_code == 200 and len(small.context["rows"]) > 0
    grow(org, 3 * PAGE_SIZE)
    with django_assert_num_queries(LIST_QUERIES[name]):
        big = client.get(url, params)
    assert big.status_code == 200 and len(big.context["rows"]) == PAGE_SIZE


def test_the_unit_tree_counts_staff_without_a_query_per_unit(
    client, director, org, settings, django_assert_num_queries
):
    settings.PAGE_SIZE = 200
    client.force_login(director)
    url = reverse("catalogue:orgunit_list")
    with django_assert_num_queries(LIST_QUERIES["orgunit_list"]):
        small = client.get(url)
    grow(org, 40)
    with django_assert_num_queries(LIST_QUERIES["orgunit_list"]):
        big = client.get(url)
    assert len(big.context["rows"]) > len(small.context["rows"]) + 30
    shown = {unit.name: unit.current_staff for unit in big.context["rows"] if unit.name.startswith("Team")}
    counted = dict(
        StaffMember.objects.filter(org_unit__name__startswith="Team", org_unit__is_archived=False)
        .values_list("org_unit__name")
        .annotate(n=Count("pk"))
    )
    assert shown == counted and set(shown.values()) == {4}  # two holding a role, two on a course
