"""The staff profile's "Required training": the person's required courses, each with its status in
words and colour, its date and the requirement that applies; the page's query count stays put."""

import datetime

import pytest

from workforce.models import StaffGroup, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)
from workforce.tests.test_staff_pages import PROFILE_QUERIES

TODAY = datetime.date.today()
DAYS = datetime.timedelta(days=1)


@pytest.fixture
def carer(org):
    role = JobRoleFactory(title="Care Assistant", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    deputy = StaffMemberFactory(org_unit=org["oak"])  # a line manager, as in test_staff_pages
    return StaffMemberFactory(
        first_name="Amira", last_name="Khan", org_unit=org["oak"], job_role=role, line_manager=deputy
    )


def done(person, course, days_ago):
    day = TODAY - days_ago * DAYS
    TrainingRecordFactory(staff_member=person, course=course, started_on=day, completed_on=day)


@pytest.fixture
def requirements(carer):
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    moving = CourseFactory(title="Moving and handling", renewal_months=12)
    medication = CourseFactory(title="Medication", renewal_months=12)
    clinical = CourseFactory(title="Clinical skills", renewal_months=12)
    TrainingRequirementFactory(course=fire)  # everyone
    TrainingRequirementFactory(course=fire, job_role=carer.job_role)  # and the role, named twice
    TrainingRequirementFactory(course=moving, staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    TrainingRequirementFactory(course=medication, job_role=carer.job_role)
    TrainingRequirementFactory(course=clinical, staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    done(carer, fire, 400)  # expired
    done(carer, moving, 30)  # valid
    TrainingRecordFactory(
        staff_member=carer,
        course=medication,
        status=TrainingRecord.Status.PLANNED,
        completed_on=None,
        started_on=TODAY + 7 * DAYS,
    )
    return {"fire": fire, "moving": moving, "medication": medication, "clinical": clinical}


def test_the_profile_lists_required_courses_with_status_date_and_why(client, ld_manager, carer, requirements):
    client.force_login(ld_manager)
    response = client.get(carer.get_absolute_url())
    rows = {row["cell"].course.title: row for row in response.context["required_training"]}
    assert set(rows) == {"Fire safety", "Medication", "Moving and handling"}  # not clinical skills
    fire_expiry = TODAY - 400 * DAYS
    fire_expiry = fire_expiry.replace(year=fire_expiry.year + 1)
    assert rows["Fire safety"]["cell"].words == f"Expired {fire_expiry.strftime('%-d %b %Y')}"
    assert rows["Fire safety"]["applies"] == ["everyone", "Care Assistant"]
    assert rows["Fire safety"]["badge"] == "text-bg-danger"
    assert rows["Moving and handling"]["cell"].words.startswith("Valid until ")
    assert rows["Moving and handling"]["applies"] == ["Direct care support staff"]
    assert rows["Medication"]["cell"].words == f"Booked for {(TODAY + 7 * DAYS).strftime('%-d %b %Y')}"
    content = response.content.decode()
    assert "Required training" in content
    assert f'class="badge text-bg-danger" id="required-{requirements["fire"].pk}">Expired' in content
    assert "everyone; Care Assistant" in content
    assert "Clinical skills" not in content


def test_someone_nothing_is_required_of_is_told_so(client, ld_manager, carer):
    client.force_login(ld_manager)
    response = client.get(carer.get_absolute_url())
    assert response.context["required_training"] == []
    assert "No course is required of Amira Khan." in response.content.decode()


def test_a_manager_sees_it_for_their_own_staff(client, manager, carer, requirements):
    client.force_login(manager)
    response = client.get(carer.get_absolute_url())
    assert len(response.context["required_training"]) == 3


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize("courses", [3, 12])
def test_the_profile_query_count_does_not_grow(
    client, actors, carer, requirements, django_assert_num_queries, actor, courses
):
    for n in range(courses):
        course = CourseFactory(title=f"Extra course {n}")
        TrainingRequirementFactory(course=course, job_role=carer.job_role)
        done(carer, course, n * 40)
    client.force_login(actors[actor])
    # The required courses are one query; the statuses and dates come with the person, and
    # whether this user may record training no longer needs one (the person is in their scope).
    with django_assert_num_queries(PROFILE_QUERIES[actor]):
        response = client.get(carer.get_absolute_url())
    assert len(response.context["required_training"]) == 3 + courses
