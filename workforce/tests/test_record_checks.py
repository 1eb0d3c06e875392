"""Checks on single records: no completion in the future; an assignment number clash names its holder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workforce.forms.staff import StaffMemberForm, TrainingRecordForm
from workforce.models import StaffMember, TrainingRecord
from workforce.tests.factories import CourseFactory, StaffMemberFactory, TrainingRecordFactory

TODAY = datetime.date.today()
TOMORROW = TODAY + datetime.timedelta(days=1)
FUTURE_MESSAGE = "A course cannot be completed in the future."

# --- Training completed in the future ------------------------------------------------------------


def test_a_completion_cannot_be_dated_in_the_future(db):
    record = TrainingRecordFactory.build(
        staff_member=StaffMemberFactory(), course=CourseFactory(), started_on=TODAY, completed_on=TOMORROW
    )
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert refused.value.message_dict == {"completed_on": [FUTURE_MESSAGE]}


def test_a_completion_today_is_fine(db):
    record = TrainingRecordFactory.build(
        staff_member=StaffMemberFactory(), course=CourseFactory(), started_on=TODAY, completed_on=TODAY
    )
    record.full_clean()


def test_planned_training_may_start_in_the_future(db):
    record = TrainingRecord(
        staff_member=StaffMemberFactory(),
        course=CourseFactory(),
        status=TrainingRecord.Status.PLANNED,
        started_on=TODAY + datetime.timedelta(days=30),
    )
    record.full_clean()


def test_the_form_shows_the_message_next_to_the_date_and_saves_nothing(client, ld_manager):
    person = StaffMemberFactory(first_name="Amira", last_name="Khan")
    course = CourseFactory(title="Fire safety")
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:training_add", args=[person.pk]),
        {"course": course.pk, "status": "completed", "completed_on": TOMORROW.isoformat(), "note": "Kept"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"completed_on": [FUTURE_MESSAGE]}
    content = response.content.decode()
    assert FUTURE_MESSAGE in content and "Kept" in content
    assert not person.training_records.exists()


def test_editing_a_completion_into_the_future_is_refused(db):
    record = TrainingRecordFactory(completed_on=TODAY - datetime.timedelta(days=3))
    form = TrainingRecordForm(
        {"course": record.course_id, "status": "completed", "completed_on": TOMORROW.isoformat()},
        instance=record,
    )
    assert not form.is_valid() and form.errors["completed_on"] == [FUTURE_MESSAGE]
    record.refresh_from_db()
    assert record.completed_on == TODAY - datetime.timedelta(days=3)


# --- Duplicate assignment number ----------------------------------------------------------------


@pytest.fixture
def holder(org):
    return StaffMemberFactory(
        first_name="Amira", last_name="Khan", assignment_number="40001001", org_unit=org["oak"]
    )


def staff_data(**changes):
    return {"first_name": "Nia", "last_name": "Starter", "assignment_number": "49990001", **changes}


def test_the_clash_names_the_record_that_has_the_number(client, ld_manager, holder):
    client.force_login(ld_manager)
    response = client.post(reverse("staff:create"), staff_data(assignment_number="40001001"))
    assert response.status_code == 200
    errors = response.context["form"].errors["assignment_number"]
    expected = (
        f'Assignment number 40001001 is already used by <a href="{holder.get_absolute_url()}">Amira Khan</a>'
        " (Oak House)."
    )
    assert errors == [expected]
    assert expected in response.content.decode()  # a working link, not escaped markup
    assert not StaffMember.objects.filter(first_name="Nia").exists()


def test_editing_into_a_taken_number_names_the_holder(client, ld_manager, holder):
    other = StaffMemberFactory(first_name="Nia", last_name="Starter", assignment_number="49990001")
    client.force_login(ld_manager)
    response = client.post(reverse("staff:edit", args=[other.pk]), staff_data(assignment_number="40001001"))
    assert "already used by" in response.context["form"].errors["assignment_number"][0]
    other.refresh_from_db()
    assert other.assignment_number == "49990001"


def test_keeping_ones_own_number_is_no_clash(db, ld_manager, holder):
    form = StaffMemberForm(
        staff_data(
            first_name="Amira", last_name="Khan", assignment_number="40001001", version=holder.version
        ),
        instance=holder,
        user=ld_manager,
    )
    assert form.is_valid(), form.errors


def test_the_holders_name_is_escaped(db, ld_manager, org):
    StaffMemberFactory(first_name="<b>Bo</b>", last_name="Li", assignment_number="40001002", org_unit=None)
    form = StaffMemberForm(staff_data(assignment_number="40001002"), user=ld_manager)
    assert not form.is_valid()
    message = form.errors["assignment_number"][0]
    assert "&lt;b&gt;Bo&lt;/b&gt; Li</a>." in message and "<b>" not in message


def test_a_record_the_viewer_cannot_see_is_not_revealed(db, manager, org):
    StaffMemberFactory(
        first_name="Grace", last_name="Owusu", assignment_number="40002001", org_unit=org["elm"]
    )
    form = StaffMemberForm(staff_data(assignment_number="40002001"), user=manager)
    assert not form.is_valid()
    assert form.errors["assignment_number"] == [
        "Assignment number 40002001 is already used by another staff record."
    ]


def test_without_a_viewer_the_record_is_not_named(db, holder):
    form = StaffMemberForm(staff_data(assignment_number="40001001"))
    assert form.errors["assignment_number"] == [
        "Assignment number 40001001 is already used by another staff record."
    ]
