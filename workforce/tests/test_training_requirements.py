"""Training requirements pages: adding, changing and removing what a role, a group or everyone
must hold, with clear refusals, history, and the role and course pages showing them."""

import pytest
from django.urls import reverse

from workforce.models import StaffGroup, TrainingRequirement
from workforce.tests.factories import CourseFactory, JobRoleFactory, TrainingRequirementFactory


@pytest.fixture
def fire(db):
    return CourseFactory(title="Fire safety", renewal_months=12)


def post_new(client, **data):
    return client.post(reverse("catalogue:requirement_create"), data)


def test_an_ld_manager_adds_a_requirement_for_a_role(client, ld_manager, fire):
    client.force_login(ld_manager)
    carer = JobRoleFactory(title="Care assistant")
    # A staff group left chosen from before is dropped: only the chosen kind counts.
    response = post_new(
        client, course=fire.pk, applies_to="job_role", job_role=carer.pk, staff_group="management"
    )
    assert response.status_code == 302
    requirement = TrainingRequirement.objects.get()
    assert (requirement.job_role, requirement.staff_group, requirement.renewal_months) == (carer, "", None)
    assert requirement.history.get().history_user == ld_manager
    page = client.get(carer.get_absolute_url()).content.decode()
    assert "Fire safety" in page and "This role" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"applies_to": "staff_group"}, "staff_group", "Choose the staff group"),
        ({"applies_to": "job_role"}, "job_role", "Choose the job role"),
        ({"applies_to": "everyone", "renewal_months": "12"}, "renewal_months", "only set a shorter period"),
        ({"applies_to": "everyone", "renewal_months": "0"}, "renewal_months", "at least one month"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, ld_manager, fire, data, field, message):
    client.force_login(ld_manager)
    response = post_new(client, course=fire.pk, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not TrainingRequirement.objects.exists()


def test_the_same_course_twice_for_the_same_people_is_refused(client, ld_manager, fire):
    client.force_login(ld_manager)
    TrainingRequirementFactory(course=fire, staff_group=StaffGroup.MANAGEMENT)
    response = post_new(client, course=fire.pk, applies_to="staff_group", staff_group="management")
    assert "This staff group already requires this course." in response.content.decode()
    TrainingRequirementFactory(course=fire)
    response = post_new(client, course=fire.pk, applies_to="everyone")
    assert "Everyone already has to hold this course." in response.content.decode()
    assert TrainingRequirement.objects.count() == 2


def test_edit_keeps_the_choice_and_remove_keeps_history(client, ld_manager, fire):
    client.force_login(ld_manager)
    requirement = TrainingRequirementFactory(course=fire, staff_group=StaffGroup.MANAGEMENT)
    page = client.get(reverse("catalogue:requirement_edit", args=[requirement.pk]))
    assert page.context["form"].initial["applies_to"] == "staff_group"
    client.post(
        reverse("catalogue:requirement_edit", args=[requirement.pk]),
        {"course": fire.pk, "applies_to": "staff_group", "staff_group": "management", "renewal_months": "6"},
    )
    requirement.refresh_from_db()
    assert requirement.renewal_months == 6
    assert client.post(reverse("catalogue:requirement_remove", args=[requirement.pk])).status_code == 302
    assert not TrainingRequirement.objects.exists()
    removed = TrainingRequirement.history.filter(id=requirement.pk).order_by("-history_date").first()
    assert (removed.history_type, removed.history_user) == ("-", ld_manager)


def test_the_course_page_says_who_must_hold_it(client, director, fire):
    client.force_login(director)
    TrainingRequirementFactory(course=fire, job_role=JobRoleFactory(title="Cook"), renewal_months=6)
    page = client.get(fire.get_absolute_url()).content.decode()
    assert "Cook, renewed every 6 months" in page
    listing = client.get(reverse("catalogue:requirement_list")).content.decode()
    assert "Every 6 months (sooner than the course's 12)" in listing
    assert reverse("catalogue:requirement_create") not in listing  # a director changes nothing


def test_the_list_costs_the_same_queries_at_any_size(client, ld_manager, django_assert_num_queries, db):
    client.force_login(ld_manager)
    TrainingRequirementFactory(course=CourseFactory(title="Course A"), job_role=JobRoleFactory())
    with django_assert_num_queries(5) as small:
        client.get(reverse("catalogue:requirement_list"))
    for n in range(40):
        TrainingRequirementFactory(course=CourseFactory(title=f"Course {n}"), job_role=JobRoleFactory())
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("catalogue:requirement_list"))
    assert len(response.context["requirements"]) == 41


@pytest.mark.parametrize("name", ["requirement_create", "requirement_edit", "requirement_remove"])
def test_the_forms_cost_the_same_queries_at_any_size(
    client, ld_manager, django_assert_num_queries, name, fire
):
    client.force_login(ld_manager)
    requirement = TrainingRequirementFactory(course=fire)
    url = reverse(f"catalogue:{name}", args=[] if name == "requirement_create" else [requirement.pk])
    client.get(url)
    with django_assert_num_queries(20, exact=False) as small:
        client.get(url)
    for n in range(30):  # more courses and roles to choose from, more requirements
        TrainingRequirementFactory(course=CourseFactory(title=f"Course {n}"), job_role=JobRoleFactory())
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
