"""Staff profile, create/edit/archive and training records: the five stories per view, form errors,
and the profile's query count."""

import datetime

import pytest
from django.urls import reverse

from workforce.models import StaffMember, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)


@pytest.fixture
def carer(org, manager):
    """A care assistant at Oak House, line-managed by its Home Manager."""
    return StaffMemberFactory(
        first_name="Amira",
        last_name="Khan",
        assignment_number="40001001",
        org_unit=org["oak"],
        job_role=JobRoleFactory(title="Care Assistant", pay_band="2"),
        line_manager=manager.staff_member,
    )


@pytest.fixture
def record(carer):
    return TrainingRecordFactory(
        staff_member=carer, course=CourseFactory(title="Moving and handling"), note="Classroom day"
    )


def staff_data(person=None, **changes):
    """POST data for StaffMemberForm, from a person's current values."""
    data = {
        "first_name": person.first_name if person else "Nia",
        "last_name": person.last_name if person else "Starter",
        "assignment_number": person.assignment_number if person else "49990001",
        "email": person.email if person else "",
        "job_role": person.job_role_id if person and person.job_role_id else "",
        "org_unit": person.org_unit_id if person and person.org_unit_id else "",
        "line_manager": person.line_manager_id if person and person.line_manager_id else "",
        "start_date": person.start_date.isoformat() if person and person.start_date else "",
        "leaving_date": "",
        "leaving_reason": "",
        "version": person.version if person else "",  # the edit form's version check
    }
    data.update(changes)
    return data


# --- Profile ---------------------------------------------------------------------------------


def test_profile_shows_role_unit_manager_training_and_history(client, ld_manager, carer, record):
    client.force_login(ld_manager)
    response = client.get(carer.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Amira Khan" in content and "40001001" in content
    assert "Care Assistant" in content and "Band 2" in content and "Oak House" in content
    assert f'href="{carer.line_manager.get_absolute_url()}"' in content
    assert "Moving and handling" in content and "Completed" in content
    assert "History" in content and "Created" in content
    assert reverse("staff:edit", args=[carer.pk]) in content
    assert reverse("staff:archive", args=[carer.pk]) in content
    assert reverse("staff:training_add", args=[carer.pk]) in content
    assert reverse("staff:training_edit", args=[record.pk]) in content


def test_manager_sees_their_carer_and_may_record_training_but_not_edit(client, manager, carer, record):
    client.force_login(manager)
    content = client.get(carer.get_absolute_url()).content.decode()
    assert reverse("staff:training_add", args=[carer.pk]) in content
    assert reverse("staff:training_edit", args=[record.pk]) in content
    assert reverse("staff:edit", args=[carer.pk]) not in content
    assert reverse("staff:archive", args=[carer.pk]) not in content


def test_director_reads_the_profile_without_buttons(client, director, carer, record):
    client.force_login(director)
    response = client.get(carer.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200 and "Moving and handling" in content
    assert reverse("staff:training_add", args=[carer.pk]) not in content
    assert reverse("staff:edit", args=[carer.pk]) not in content


def test_line_manager_not_visible_is_named_but_not_linked(client, org, ld_manager):
    boss = StaffMemberFactory(first_name="Bea", last_name="Boss", org_unit=org["north"])
    # A manager's own record with a line manager above their unit: shown by name only.
    me = StaffMemberFactory(org_unit=org["oak"], line_manager=boss)
    from workforce.tests.factories import UserFactory

    me.user = UserFactory(username="oak-deputy", roles=["Manager"])
    me.save()
    client.force_login(me.user)
    content = client.get(me.get_absolute_url()).content.decode()
    assert "Bea Boss" in content
    assert f'href="{boss.get_absolute_url()}"' not in content


def test_mentor_sees_their_own_profile(client, mentor):
    client.force_login(mentor)
    assert client.get(mentor.staff_member.get_absolute_url()).status_code == 200


def test_profile_outside_scope_is_404(client, other_manager, carer):
    client.force_login(other_manager)
    assert client.get(carer.get_absolute_url()).status_code == 404


def test_profile_bad_id_is_404(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("staff:detail", args=[999999])).status_code == 404


def test_profile_refuses_post(client, ld_manager, carer):
    client.force_login(ld_manager)
    assert client.post(carer.get_absolute_url()).status_code == 405


def test_profile_of_a_record_written_outside_a_request_names_the_system(client, ld_manager, carer):
    # Factories (like imports and load_demo) write history without a user.
    client.force_login(ld_manager)
    assert "system" in client.get(carer.get_absolute_url()).content.decode()


def _profile_with_records(carer, count):
    courses = [CourseFactory(title=f"Course {i}") for i in range(count)]
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            staff_member=carer,
            course=course,
            status=TrainingRecord.Status.COMPLETED,
            completed_on=datetime.date(2025, 1, 10),
            expires_on=datetime.date(2026, 1, 10),
        )
        for course in courses
    )


# 1 session, 2 user, 3 role groups, their own staff record (workforce.middleware), 4 the person
# with role, unit and line manager joined, 5 is the line manager visible to this user, 6 may this user
# change their training, 7 history with its authors, 8 training records with courses.
PROFILE_QUERIES = {"ld_manager": 9, "manager": 9}


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize("size", [2, 40])
def test_profile_query_count_does_not_grow_with_training_records(
    client, actors, carer, django_assert_num_queries, actor, size
):
    _profile_with_records(carer, size)
    client.force_login(actors[actor])
    with django_assert_num_queries(PROFILE_QUERIES[actor]):
        response = client.get(carer.get_absolute_url())
    assert len(response.context["training_records"]) == size


# --- Create ----------------------------------------------------------------------------------


def test_ld_manager_adds_a_staff_member(client, ld_manager, org):
    role = JobRoleFactory(title="Healthcare Assistant", pay_band="3")
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:create"),
        staff_data(
            job_role=role.pk, org_unit=org["oak"].pk, start_date="2025-09-01", email="nia@example.org"
        ),
        follow=True,
    )
    person = StaffMember.objects.get(assignment_number="49990001")
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert person.job_role == role and person.org_unit == org["oak"]
    assert person.start_date == datetime.date(2025, 9, 1)
    assert "Nia Starter was added." in response.content.decode()
    assert person.history.first().history_user == ld_manager


def test_create_form_offers_active_units_roles_and_managers_only(client, ld_manager, org):
    OrgUnitFactory(name="Closed Home", parent=org["south"], is_archived=True)
    JobRoleFactory(title="Retired Role", is_archived=True)
    StaffMemberFactory(first_name="Old", last_name="Archived", is_archived=True)
    client.force_login(ld_manager)
    form = client.get(reverse("staff:create")).context["form"]
    assert "Closed Home" not in {u.name for u in form.fields["org_unit"].queryset}
    assert "Retired Role" not in {r.title for r in form.fields["job_role"].queryset}
    assert "Archived" not in {s.last_name for s in form.fields["line_manager"].queryset}
    assert "Oak House" in {u.name for u in form.fields["org_unit"].queryset}


def test_create_with_bad_input_rerenders_with_the_input_and_errors(client, ld_manager, carer):
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:create"),
        staff_data(
            first_name="Nia",
            assignment_number=carer.assignment_number,  # taken
            start_date="2025-09-01",
            leaving_date="2025-01-01",
            leaving_reason="Moved away",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "assignment_number" in form.errors
    assert form.errors["leaving_date"] == ["The leaving date is before the start date."]
    content = response.content.decode()
    assert 'value="Nia"' in content and 'value="Moved away"' in content
    assert "The leaving date is before the start date." in content
    assert StaffMember.objects.filter(first_name="Nia").count() == 0


def test_director_may_not_add_staff(client, director):
    client.force_login(director)
    assert client.get(reverse("staff:create")).status_code == 403
    assert client.post(reverse("staff:create"), staff_data()).status_code == 403
    assert not StaffMember.objects.filter(assignment_number="49990001").exists()


def test_create_refuses_put(client, ld_manager):
    client.force_login(ld_manager)
    assert client.put(reverse("staff:create")).status_code == 405


# --- Edit ----------------------------------------------------------------------------------


def test_ld_manager_edits_a_staff_member(client, ld_manager, carer):
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:edit", args=[carer.pk]),
        staff_data(carer, last_name="Khan-Ali", leaving_date="2026-01-31", leaving_reason="Moved away"),
    )
    assert response.status_code == 302 and response.url == carer.get_absolute_url()
    carer.refresh_from_db()
    assert carer.last_name == "Khan-Ali" and carer.leaving_date == datetime.date(2026, 1, 31)
    profile = client.get(carer.get_absolute_url()).content.decode()
    assert "Khan-Ali" in profile and "record was saved" in profile
    assert "Khan” → “Khan-Ali" in profile  # the history names the change


def test_edit_form_shows_current_values(client, ld_manager, carer):
    client.force_login(ld_manager)
    content = client.get(reverse("staff:edit", args=[carer.pk])).content.decode()
    assert 'value="Amira"' in content and 'value="2020-01-06"' in content


def test_edit_keeps_an_archived_unit_the_person_is_already_in(client, ld_manager, carer, org):
    closing = OrgUnitFactory(name="Closing Home", parent=org["north"])
    carer.org_unit = closing
    carer.save()
    closing.is_archived = True
    closing.save()
    client.force_login(ld_manager)
    response = client.post(reverse("staff:edit", args=[carer.pk]), staff_data(carer, first_name="Amy"))
    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.first_name == "Amy" and carer.org_unit == closing


def test_edit_refuses_self_as_line_manager(client, ld_manager, carer):
    client.force_login(ld_manager)
    response = client.post(reverse("staff:edit", args=[carer.pk]), staff_data(carer, line_manager=carer.pk))
    assert response.status_code == 200
    assert "line_manager" in response.context["form"].errors


def test_manager_may_not_edit_even_their_own_staff(client, manager, carer):
    client.force_login(manager)
    assert (
        client.post(reverse("staff:edit", args=[carer.pk]), staff_data(carer, last_name="X")).status_code
        == 403
    )
    carer.refresh_from_db()
    assert carer.last_name == "Khan"


def test_edit_bad_id_is_404(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("staff:edit", args=[999999])).status_code == 404


def test_edit_refuses_delete(client, ld_manager, carer):
    client.force_login(ld_manager)
    assert client.delete(reverse("staff:edit", args=[carer.pk])).status_code == 405


# --- Archive ----------------------------------------------------------------------------------


def test_archive_asks_first_then_archives_and_restores(client, ld_manager, carer):
    url = reverse("staff:archive", args=[carer.pk])
    client.force_login(ld_manager)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Archive Amira Khan?" in confirm.content.decode()
    carer.refresh_from_db()
    assert not carer.is_archived  # a GET changes nothing

    response = client.post(url, {"archive": "1"})
    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.is_archived
    # Sent twice (double click): still archived, not toggled back.
    client.post(url, {"archive": "1"})
    carer.refresh_from_db()
    assert carer.is_archived
    assert "Restore Amira Khan?" in client.get(url).content.decode()

    client.post(url, {"archive": "0"})
    carer.refresh_from_db()
    assert not carer.is_archived


def test_archive_without_a_target_state_is_a_bad_request(client, ld_manager, carer):
    client.force_login(ld_manager)
    assert client.post(reverse("staff:archive", args=[carer.pk])).status_code == 400
    carer.refresh_from_db()
    assert not carer.is_archived


def test_director_may_not_archive(client, director, carer):
    client.force_login(director)
    assert client.post(reverse("staff:archive", args=[carer.pk]), {"archive": "1"}).status_code == 403
    carer.refresh_from_db()
    assert not carer.is_archived


def test_archive_bad_id_is_404(client, ld_manager):
    client.force_login(ld_manager)
    assert client.post(reverse("staff:archive", args=[999999]), {"archive": "1"}).status_code == 404


def test_archive_refuses_put(client, ld_manager, carer):
    client.force_login(ld_manager)
    assert client.put(reverse("staff:archive", args=[carer.pk])).status_code == 405


# --- Training records ------------------------------------------------------------------------


def test_ld_manager_adds_a_training_record(client, ld_manager, carer):
    course = CourseFactory(title="Fire safety", renewal_months=12)
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:training_add", args=[carer.pk]),
        {
            "course": course.pk,
            "status": "completed",
            "started_on": "2025-03-01",
            "completed_on": "2025-03-02",
        },
    )
    assert response.status_code == 302 and response.url == carer.get_absolute_url()
    added = carer.training_records.get()
    assert added.course == course and added.expires_on == datetime.date(2026, 3, 2)


def test_manager_adds_training_for_their_own_staff(client, manager, carer):
    course = CourseFactory(title="Safeguarding adults")
    client.force_login(manager)
    response = client.post(
        reverse("staff:training_add", args=[carer.pk]),
        {"course": course.pk, "status": "planned"},
        follow=True,
    )
    assert carer.training_records.filter(course=course, status="planned").exists()
    assert "Safeguarding adults was added to Amira Khan" in response.content.decode()


def test_training_form_offers_active_courses_only(client, ld_manager, carer):
    CourseFactory(title="Old course", is_archived=True)
    CourseFactory(title="Current course")
    client.force_login(ld_manager)
    form = client.get(reverse("staff:training_add", args=[carer.pk])).context["form"]
    titles = {course.title for course in form.fields["course"].queryset}
    assert "Current course" in titles and "Old course" not in titles


def test_training_rules_show_next_to_the_fields(client, ld_manager, carer):
    course = CourseFactory(title="Fire safety")
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:training_add", args=[carer.pk]),
        {"course": course.pk, "status": "completed", "started_on": "2025-03-05", "note": "Needs a date"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["completed_on"] == ["A completed course needs its completion date."]
    content = response.content.decode()
    assert "A completed course needs its completion date." in content
    assert 'value="2025-03-05"' in content and "Needs a date" in content
    assert not carer.training_records.exists()

    response = client.post(
        reverse("staff:training_add", args=[carer.pk]),
        {
            "course": course.pk,
            "status": "in_progress",
            "started_on": "2025-03-05",
            "completed_on": "2025-03-01",
        },
    )
    errors = response.context["form"].errors
    assert "status" in errors and errors["completed_on"] == ["The completion date is before the start date."]


def test_other_manager_may_not_add_training_outside_their_unit(client, other_manager, carer):
    client.force_login(other_manager)
    url = reverse("staff:training_add", args=[carer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"course": CourseFactory().pk, "status": "planned"}).status_code == 404
    assert not carer.training_records.exists()


def test_director_may_not_add_training(client, director, carer):
    client.force_login(director)
    assert client.get(reverse("staff:training_add", args=[carer.pk])).status_code == 403


def test_training_add_bad_id_is_404(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("staff:training_add", args=[999999])).status_code == 404


def test_training_add_refuses_put(client, ld_manager, carer):
    client.force_login(ld_manager)
    assert client.put(reverse("staff:training_add", args=[carer.pk])).status_code == 405


def test_ld_manager_edits_a_training_record(client, ld_manager, carer, record):
    client.force_login(ld_manager)
    url = reverse("staff:training_edit", args=[record.pk])
    assert 'value="2025-01-10"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "course": record.course_id,
            "status": "completed",
            "started_on": "2025-01-06",
            "completed_on": "2025-01-10",
            "expires_on": "2028-01-10",
            "note": "Renewed for three years",
        },
    )
    assert response.status_code == 302 and response.url == carer.get_absolute_url()
    record.refresh_from_db()
    assert record.expires_on == datetime.date(2028, 1, 10) and record.note == "Renewed for three years"


def test_manager_edits_training_for_their_own_staff(client, manager, record):
    client.force_login(manager)
    response = client.post(
        reverse("staff:training_edit", args=[record.pk]),
        {
            "course": record.course_id,
            "status": "withdrawn",
            "started_on": "2025-01-06",
            "note": "Left the course",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "withdrawn" and record.completed_on is None


def test_editing_keeps_a_course_archived_since(client, ld_manager, record):
    record.course.is_archived = True
    record.course.save()
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:training_edit", args=[record.pk]),
        {
            "course": record.course_id,
            "status": "completed",
            "completed_on": "2025-01-10",
            "expires_on": "2026-01-10",
            "note": "Still counts",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.note == "Still counts"


def test_invalid_training_edit_keeps_the_record_unchanged(client, ld_manager, record):
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:training_edit", args=[record.pk]),
        {
            "course": record.course_id,
            "status": "completed",
            "completed_on": "2025-01-10",
            "expires_on": "2024-01-01",
            "note": "Typo",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must come after the completion date."
    ]
    assert 'value="2024-01-01"' in response.content.decode()
    record.refresh_from_db()
    assert record.note == "Classroom day"


def test_other_manager_may_not_edit_training_outside_their_unit(client, other_manager, record):
    client.force_login(other_manager)
    assert client.get(reverse("staff:training_edit", args=[record.pk])).status_code == 404


def test_mentor_may_not_edit_training(client, mentor, record):
    client.force_login(mentor)
    assert client.get(reverse("staff:training_edit", args=[record.pk])).status_code == 403


def test_training_edit_bad_id_is_404(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("staff:training_edit", args=[999999])).status_code == 404


def test_training_edit_refuses_delete(client, ld_manager, record):
    client.force_login(ld_manager)
    assert client.delete(reverse("staff:training_edit", args=[record.pk])).status_code == 405
