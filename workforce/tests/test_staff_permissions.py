"""Permission matrix for every staff page and write: each actor x each page.

Outcomes: a status code, "login" (anonymous -> the login page) or "done" (a write that
succeeded and redirected to the profile). For every refused write the data is checked
unchanged, and for every allowed one it is checked changed.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from workforce.models import StaffMember, TrainingRecord
from workforce.tests.factories import CourseFactory, JobRoleFactory, StaffMemberFactory, TrainingRecordFactory

ACTORS = [
    "ld_manager",
    "director",
    "manager",
    "other_manager",
    "mentor",
    "other_mentor",
    "action_owner",
    "anonymous",
]


@dataclass
class Case:
    method: str
    expected: dict[str, object]


def row(ld, director, manager, other_manager, mentor, other_mentor, action_owner, anonymous="login"):
    return dict(
        zip(
            ACTORS,
            [ld, director, manager, other_manager, mentor, other_mentor, action_owner, anonymous],
            strict=True,
        )
    )


# The Oak House carer is in the manager's unit, outside the other manager's, and is nobody
# else's own record. Abilities are checked first (403), then scope (404).
MATRIX = {
    "list": Case("get", row(200, 200, 200, 200, 200, 200, 200)),
    "detail": Case("get", row(200, 200, 200, 404, 404, 404, 404)),
    "export": Case("get", row(200, 200, 200, 200, 403, 403, 403)),
    "create_page": Case("get", row(200, 403, 403, 403, 403, 403, 403)),
    "create": Case("post", row("done", 403, 403, 403, 403, 403, 403)),
    "edit_page": Case("get", row(200, 403, 403, 403, 403, 403, 403)),
    "edit": Case("post", row("done", 403, 403, 403, 403, 403, 403)),
    "archive_page": Case("get", row(200, 403, 403, 403, 403, 403, 403)),
    "archive": Case("post", row("done", 403, 403, 403, 403, 403, 403)),
    "training_add_page": Case("get", row(200, 403, 200, 404, 403, 403, 403)),
    "training_add": Case("post", row("done", 403, "done", 404, 403, 403, 403)),
    "training_edit_page": Case("get", row(200, 403, 200, 404, 403, 403, 403)),
    "training_edit": Case("post", row("done", 403, "done", 404, 403, 403, 403)),
    # Name search for the person fields of the forms these roles fill in (line manager, owners).
    "picker": Case("get", row(200, 403, 403, 403, 403, 403, 200)),
}


@pytest.fixture
def world(org, actors):
    carer = StaffMemberFactory(
        first_name="Amira",
        last_name="Khan",
        assignment_number="40001001",
        org_unit=org["oak"],
        job_role=JobRoleFactory(title="Care Assistant"),
        line_manager=actors["manager"].staff_member,
    )
    record = TrainingRecordFactory(staff_member=carer, note="Before")
    course = CourseFactory(title="Infection control")
    return {"carer": carer, "record": record, "course": course}


def request_for(page, world):
    """(url, POST data, has_happened) for one page of the matrix."""
    carer, record, course = world["carer"], world["record"], world["course"]
    person_data = {
        "first_name": "Amira",
        "last_name": "Khan-Ali",
        "assignment_number": "40001001",
        "org_unit": carer.org_unit_id,
        "job_role": carer.job_role_id,
        "start_date": "2020-01-06",
        "version": carer.version,  # the edit form's version check; the add form ignores it
    }
    return {
        "list": (reverse("staff:list"), None, None),
        "detail": (carer.get_absolute_url(), None, None),
        "export": (reverse("staff:export") + "?format=csv", None, None),
        "picker": (reverse("staff:picker") + "?picker_q=Khan&target=id_line_manager", None, None),
        "create_page": (reverse("staff:create"), None, None),
        "create": (
            reverse("staff:create"),
            {"first_name": "Nia", "last_name": "Starter", "assignment_number": "49990001"},
            lambda: StaffMember.objects.filter(assignment_number="49990001").exists(),
        ),
        "edit_page": (reverse("staff:edit", args=[carer.pk]), None, None),
        "edit": (
            reverse("staff:edit", args=[carer.pk]),
            person_data,
            lambda: StaffMember.objects.get(pk=carer.pk).last_name == "Khan-Ali",
        ),
        "archive_page": (reverse("staff:archive", args=[carer.pk]), None, None),
        "archive": (
            reverse("staff:archive", args=[carer.pk]),
            {"archive": "1"},
            lambda: StaffMember.objects.get(pk=carer.pk).is_archived,
        ),
        "training_add_page": (reverse("staff:training_add", args=[carer.pk]), None, None),
        "training_add": (
            reverse("staff:training_add", args=[carer.pk]),
            {"course": course.pk, "status": "planned"},
            lambda: TrainingRecord.objects.filter(staff_member=carer, course=course).exists(),
        ),
        "training_edit_page": (reverse("staff:training_edit", args=[record.pk]), None, None),
        "training_edit": (
            reverse("staff:training_edit", args=[record.pk]),
            {
                "course": record.course_id,
                "status": "completed",
                "started_on": "2025-01-06",
                "completed_on": "2025-01-10",
                "note": "After",
            },
            lambda: TrainingRecord.objects.get(pk=record.pk).note == "After",
        ),
    }[page]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", list(MATRIX))
def test_permission_matrix(client, actors, world, page, actor):
    case = MATRIX[page]
    expected = case.expected[actor]
    if actor != "anonymous":
        client.force_login(actors[actor])
    url, data, has_happened = request_for(page, world)
    response = client.post(url, data) if case.method == "post" else client.get(url)

    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login")) and "next=" in response.url
    elif expected == "done":
        assert response.status_code == 302
        assert response.url.startswith("/staff/")
    else:
        assert response.status_code == expected
    if has_happened is not None:
        assert has_happened() is (expected == "done")


def test_matrix_covers_every_staff_url():
    from workforce import urls_staff

    names = {pattern.name for pattern in urls_staff.urlpatterns}
    covered = {page.removesuffix("_page") for page in MATRIX}
    assert names == covered
