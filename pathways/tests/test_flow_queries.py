"""Query counts of the flow's list pages, pinned at two data sizes (5 and 50 candidates): the
pathway list, the pathway page (the ladder) and the nominations queue cost the same however many
people are on the pathway."""

import pytest
from django.urls import reverse

from pathways.models import Enrolment
from pathways.tests.factories import EnrolmentFactory, MentorAssignmentFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
SIZES = (5, 50)


def grow(ladder, org, mentor, size):
    """Up to `size` enrolments: in development (with a mentor) and nominated, half and half."""
    while Enrolment.objects.count() < size:
        n = Enrolment.objects.count()
        person = StaffMemberFactory(
            org_unit=org["oak" if n % 2 else "elm"], job_role=ladder["roles"]["home_trainer"]
        )
        if n % 2:
            e = EnrolmentFactory(
                staff_member=person, target_stage=ladder["stages"][1], status=Status.IN_DEVELOPMENT
            )
            MentorAssignmentFactory(enrolment=e, mentor=mentor.staff_member)
        else:
            EnrolmentFactory(staff_member=person, target_stage=ladder["stages"][1])
        StaffMemberFactory(org_unit=org["oak"], job_role=ladder["roles"]["link_trainer"])


@pytest.mark.parametrize("size", SIZES)
def test_pathway_list(client, director, ladder, org, mentor, size, django_assert_num_queries):
    grow(ladder, org, mentor, size)
    client.force_login(director)
    # session, user, their staff record (workforce.middleware), their roles, COUNT of pathways, the
    # page of pathways, their stages with roles, the pipeline counts (one grouped query), the
    # progressions' durations
    with django_assert_num_queries(9):
        assert client.get(reverse("pathways:index")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_pathway_page(client, manager, ladder, org, mentor, size, django_assert_num_queries):
    grow(ladder, org, mentor, size)
    client.force_login(manager)
    # session, user, staff record, roles, the pathway, its stages with roles, people in post (at
    # most 20 a stage, numbered by a window function), their count per role, the candidates, their
    # current mentors, the stages' competencies, their training requirements, the pipeline counts,
    # the progressions' durations
    with django_assert_num_queries(14):
        assert client.get(reverse("pathways:pathway", args=[ladder["pathway"].pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_nominations_queue(client, ld_manager, ladder, org, mentor, size, django_assert_num_queries):
    grow(ladder, org, mentor, size)
    client.force_login(ld_manager)
    # session, user, staff record, roles, COUNT of nominations waiting, the possible mentors (read
    # once for every row's select), the page of nominations with people, stages and nominators.
    with django_assert_num_queries(7):
        assert client.get(reverse("pathways:nominations")).status_code == 200
