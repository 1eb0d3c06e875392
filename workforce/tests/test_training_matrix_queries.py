"""The training matrix's query count does not grow with staff or with courses.

Pinned at 20 and 500 staff, and at 3 and 12 required courses, for the page (plain, and with every
filter and the overdue sort) and for both export formats. Each course set has one course taught at
levels, so the query that finds the higher levels runs in every case.
"""

import datetime

import pytest
from django.urls import reverse

from workforce.compliance import Compliance, Status
from workforce.models import StaffGroup, StaffMember, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRequirementFactory,
)

URL = reverse("training:matrix")
EXPORT_URL = reverse("training:matrix_export")
SIZES = [(20, 3), (500, 3), (20, 12), (500, 12)]


def bulk_world(org, staff: int, courses: int) -> dict:
    """`staff` people in Oak House and a team below it, `courses` required courses (for everyone,
    a staff group or a job role), and records making every status appear."""
    carer = JobRoleFactory(title="Bulk carer", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    cook = JobRoleFactory(title="Bulk cook", staff_group=StaffGroup.INDIRECT_SUPPORT)
    team = OrgUnitFactory(name="Oak House day team", parent=org["oak"])
    made = []
    for n in range(courses):
        course = CourseFactory(
            title=f"Bulk course {n:02d}",
            renewal_months=12,
            subject="Safeguarding" if n < 2 else "",
            subject_level=n + 1 if n < 2 else None,
        )
        kind = n % 3
        TrainingRequirementFactory(
            course=course,
            job_role=carer if kind == 1 else None,
            staff_group=StaffGroup.INDIRECT_SUPPORT if kind == 2 else "",
        )
        made.append(course)
    today = datetime.date.today()
    people = StaffMember.objects.bulk_create(
        StaffMemberFactory.build(
            org_unit=(org["oak"], team)[i % 2],
            job_role=(carer, cook)[i % 2],
            start_date=today - datetime.timedelta(days=30 if i % 7 == 0 else 2000),
        )
        for i in range(staff)
    )
    records = []
    for i, person in enumerate(people):
        for j, course in enumerate(made):
            if (i + j) % 4 == 0:
                continue  # missing
            completed = today - datetime.timedelta(days=(100, 340, 400)[(i + j) % 3])
            records.append(
                TrainingRecord(
                    staff_member=person,
                    course=course,
                    status=TrainingRecord.Status.COMPLETED,
                    completed_on=completed,
                    expires_on=completed + datetime.timedelta(days=365),
                )
            )
        records.append(
            TrainingRecord(staff_member=person, course=made[0], status=TrainingRecord.Status.PLANNED)
        )
    TrainingRecord.objects.bulk_create(records)
    return {"carer": carer, "courses": made, "team": team}


# 1 session, 2 user, 3 their own staff record (workforce.middleware; scoping reuses it), 4 role
# groups, 5-7 the unit, job role and course choices, 8 the requirements (the columns), 9 the
# courses of the same subject at other levels, 10 the counts for the whole selection (one row per
# person, every status a subquery), 11 COUNT for the paginator, 12 the page of rows with their
# statuses and dates.
PAGE_QUERIES = 12


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize(("staff", "courses"), SIZES)
def test_page_query_count_is_the_same_for_any_staff_and_courses(
    client, actors, org, django_assert_num_queries, actor, staff, courses
):
    bulk_world(org, staff, courses)
    client.force_login(actors[actor])
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)
    assert response.context["page_obj"].paginator.count >= staff
    assert len(response.context["matrix"].columns) == courses


# Filters validated against the database add their lookups: the chosen unit, job role and course
# each looked up once as a valid choice (+3); the status and sort are more of the same queries.
@pytest.mark.parametrize(("staff", "courses"), SIZES)
def test_filtered_and_sorted_page_query_count_is_the_same(
    client, ld_manager, org, django_assert_num_queries, staff, courses
):
    world = bulk_world(org, staff, courses)
    client.force_login(ld_manager)
    params = {
        "org_unit": org["oak"].pk,
        "job_role": world["carer"].pk,
        "course": world["courses"][0].pk,
        "status": Status.BOOKED,
        "o": "overdue",
    }
    with django_assert_num_queries(PAGE_QUERIES + 3):
        response = client.get(URL, params)
    # The same people the compliance queryset finds on its own: carers below Oak House, booked.
    compliance = Compliance(courses=[world["courses"][0].pk])
    booked = compliance.annotate(
        StaffMember.objects.in_post().filter(
            job_role=world["carer"], org_unit__path__startswith=org["oak"].path
        )
    ).filter(**{compliance.columns[0].status_name: Status.BOOKED})
    assert response.context["page_obj"].paginator.count == booked.count() > 0
    # A staff group is a fixed choice: nothing to look up.
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL, {"staff_group": StaffGroup.INDIRECT_SUPPORT, "o": "overdue"})
    assert response.status_code == 200


# 1 session, 2 user, 3 their own staff record, 4 role groups, 5 the requirements, 6 the courses of
# the same subject, 7 the counts (which columns to keep), 8 every row of the selection (streamed),
# No choice lists: the export renders no form.
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize(("staff", "courses"), SIZES)
def test_export_query_count_is_the_same_for_any_staff_and_courses(
    client, ld_manager, org, django_assert_num_queries, staff, courses, file_format
):
    bulk_world(org, staff, courses)
    client.force_login(ld_manager)
    with django_assert_num_queries(8):
        response = client.get(EXPORT_URL, {"format": file_format})
    assert response.status_code == 200
