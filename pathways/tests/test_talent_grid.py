"""The talent grid: open enrolments placed by their latest judged review, counts per box, names
for the L&D manager and managers only, an accessible table, and a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse

from pathways import talent
from pathways.models import Enrolment, Review
from pathways.tests.factories import EnrolmentFactory, ReviewFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("pathways:talent_grid")
HIGH, MODERATE, LOW = Review.Rating.HIGH, Review.Rating.MODERATE, Review.Rating.LOW
GRID_QUERIES = 7


def enrol(ladder, unit, last_name, status=Enrolment.Status.IN_DEVELOPMENT):
    person = StaffMemberFactory(org_unit=unit, last_name=last_name, job_role=ladder["roles"]["home_trainer"])
    return EnrolmentFactory(staff_member=person, target_stage=ladder["stages"][1], status=status)


@pytest.fixture
def grid_world(enrolment, ladder, org):
    """Priya (Oak) reviewed twice, latest high/high; Elm Court's Moss moderate/low; Oak's Khan
    never judged; a withdrawn Oak enrolment judged high/high, which is not counted."""
    ReviewFactory(enrolment=enrolment, held_on=datetime.date(2026, 3, 1), performance=LOW, potential=LOW)
    ReviewFactory(enrolment=enrolment, held_on=datetime.date(2026, 6, 1), performance=HIGH, potential=HIGH)
    # A later review without judgements does not move her.
    ReviewFactory(enrolment=enrolment, held_on=datetime.date(2026, 7, 1))
    moss = enrol(ladder, org["elm"], "Moss")
    ReviewFactory(enrolment=moss, performance=LOW, potential=MODERATE)
    enrol(ladder, org["oak"], "Khan")
    gone = enrol(ladder, org["oak"], "Gone", status=Enrolment.Status.WITHDRAWN)
    ReviewFactory(enrolment=gone, performance=HIGH, potential=HIGH)
    return {"moss": moss}


def test_boxes_count_the_latest_judgement_of_open_enrolments(grid_world, enrolment):
    grid = talent.build(Enrolment.objects.open(), with_names=True)
    assert grid.box(HIGH, HIGH).count == 1 and grid.box(HIGH, HIGH).people == [enrolment]
    assert grid.box(MODERATE, LOW).people == [grid_world["moss"]]
    assert grid.box(LOW, LOW).count == 0
    assert grid.placed == 2 and grid.not_placed == 1 and grid.total == 3
    # Potential down the side, high first; performance across, low first.
    assert [potential for potential, _ in grid.rows] == [HIGH, MODERATE, LOW]
    assert [box.performance for box in grid.rows[0][1]] == [LOW, MODERATE, HIGH]


def test_ld_manager_sees_names_as_a_table_with_headers(client, grid_world, ld_manager):
    client.force_login(ld_manager)
    page = client.get(URL).content.decode()
    assert '<th scope="col">High performance</th>' in page and '<th scope="row">High potential</th>' in page
    assert "Priya Shah" in page and "Moss" in page
    assert "Not yet placed: 1 of 3 people" in page
    # Each box says what it is in words, not by colour or position alone.
    assert '<span class="visually-hidden">High potential, high performance</span>' in page


def test_a_director_sees_counts_without_names(client, grid_world, director):
    client.force_login(director)
    response = client.get(URL)
    page = response.content.decode()
    assert response.context["grid"].box(HIGH, HIGH).count == 1
    assert "Priya Shah" not in page and "Moss" not in page
    assert "Counts only" in page


def test_a_manager_sees_their_own_unit_with_names(client, grid_world, manager, other_manager):
    client.force_login(manager)
    grid = client.get(URL).context["grid"]
    assert grid.total == 2 and grid.box(HIGH, HIGH).people[0].staff_member.last_name == "Shah"
    assert grid.box(MODERATE, LOW).count == 0  # Moss is in Elm Court
    client.force_login(other_manager)
    grid = client.get(URL).context["grid"]
    assert grid.total == 1 and [e.staff_member.last_name for e in grid.box(MODERATE, LOW).people] == ["Moss"]


@pytest.mark.parametrize("size", [5, 200])
def test_query_count_does_not_grow_with_candidates(
    client, ladder, org, ld_manager, size, django_assert_num_queries
):
    ratings = list(Review.Rating)
    for n in range(size):
        enrolment = enrol(ladder, org["oak"] if n % 2 else org["elm"], f"Person {n}")
        if n % 4:
            ReviewFactory(enrolment=enrolment, performance=ratings[n % 3], potential=ratings[(n // 3) % 3])
    client.force_login(ld_manager)
    # session, user, staff record, groups; units for the picker; boxes counted; names.
    with django_assert_num_queries(GRID_QUERIES):
        response = client.get(URL)
    assert response.context["grid"].total == size
