import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from workforce.models import OrgUnit, RoleRequirement, StaffMember, TrainingRecord, add_months
from workforce.tests.factories import (
    CompetencyFactory,
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)


def test_org_unit_paths_follow_the_tree(org):
    assert org["oak"].path.startswith(org["north"].path)
    assert org["oak"].depth == 2
    subtree = set(OrgUnit.objects.subtree(org["north"]).values_list("name", flat=True))
    assert subtree == {"North Region", "Oak House"}


def test_moving_a_unit_moves_its_descendants(org):
    team = OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["oak"])
    oak = org["oak"]
    oak.parent = org["south"]
    oak.save()
    team.refresh_from_db()
    assert team.path.startswith(org["south"].path)
    assert team.depth == 3
    assert set(OrgUnit.objects.subtree(org["south"]).values_list("name", flat=True)) == {
        "South Region",
        "Elm Court",
        "Oak House",
        "Day team",
    }


def test_a_unit_cannot_move_inside_itself(org):
    north = org["north"]
    north.parent = org["oak"]
    with pytest.raises(ValidationError) as excinfo:
        north.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_unit_names_are_unique_within_a_parent(org):
    with pytest.raises(IntegrityError):
        OrgUnitFactory(name="Oak House", parent=org["north"])


def test_staff_leaving_rules(db):
    person = StaffMemberFactory(start_date=datetime.date(2022, 5, 1))
    person.leaving_date = datetime.date(2021, 1, 1)
    person.leaving_reason = "Relocation"
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    assert "leaving_date" in excinfo.value.message_dict
    person.leaving_date = None
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    assert "leaving_reason" in excinfo.value.message_dict


def test_staff_cannot_manage_themselves(db):
    person = StaffMemberFactory()
    person.line_manager = person
    with pytest.raises(ValidationError):
        person.full_clean()


def test_in_post_and_leavers(db):
    today = datetime.date.today()
    stays = StaffMemberFactory()
    left = StaffMemberFactory(leaving_date=today - datetime.timedelta(days=3), leaving_reason="Retired")
    leaving_later = StaffMemberFactory(leaving_date=today + datetime.timedelta(days=30))
    started_today = StaffMemberFactory(start_date=today)
    StaffMemberFactory(start_date=today + datetime.timedelta(days=1))  # not started yet
    StaffMemberFactory(is_archived=True)  # a record kept out of every count
    StaffMemberFactory(leaving_date=today)  # the leaving day is no longer in post
    assert set(StaffMember.objects.in_post()) == {stays, leaving_later, started_today}
    assert left in StaffMember.objects.leavers()
    assert left.has_left() and not leaving_later.has_left()


def test_in_post_on_a_past_day(db):
    day = datetime.date(2024, 6, 30)
    was_there = StaffMemberFactory(
        start_date=datetime.date(2020, 1, 1), leaving_date=datetime.date(2025, 1, 1)
    )
    StaffMemberFactory(start_date=datetime.date(2024, 7, 1))
    assert list(StaffMember.objects.in_post(day)) == [was_there]


def test_assignment_numbers_are_unique(db):
    StaffMemberFactory(assignment_number="123")
    with pytest.raises(IntegrityError):
        StaffMemberFactory(assignment_number="123")


def test_role_requirement_is_unique_per_role_and_level_bounded(db):
    role, competency = JobRoleFactory(), CompetencyFactory()
    RoleRequirement.objects.create(job_role=role, competency=competency, required_level=2)
    with pytest.raises(IntegrityError):
        RoleRequirement.objects.create(job_role=role, competency=competency, required_level=3)


def test_role_requirement_level_above_4_is_refused(db):
    with pytest.raises(IntegrityError):
        RoleRequirement.objects.create(
            job_role=JobRoleFactory(), competency=CompetencyFactory(), required_level=5
        )


def test_training_expiry_is_worked_out_from_the_course(db):
    course = CourseFactory(renewal_months=12)
    record = TrainingRecordFactory(course=course, completed_on=datetime.date(2024, 2, 29))
    assert record.expires_on == datetime.date(2025, 2, 28)
    assert record.is_expired(on=datetime.date(2025, 3, 1))
    assert TrainingRecord.objects.expired(on=datetime.date(2025, 3, 1)).get() == record


def test_course_without_renewal_never_expires(db):
    record = TrainingRecordFactory(course=CourseFactory(renewal_months=None))
    assert record.expires_on is None and not record.is_expired()


def test_training_record_rules(db):
    record = TrainingRecordFactory.build(
        staff_member=StaffMemberFactory(),
        course=CourseFactory(),
        status=TrainingRecord.Status.COMPLETED,
        completed_on=None,
    )
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert "completed_on" in excinfo.value.message_dict
    record.completed_on, record.started_on = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert "completed_on" in excinfo.value.message_dict


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


def test_history_records_who_changed_what(ld_manager):
    person = StaffMemberFactory(first_name="Ana")
    person.first_name = "Anna"
    person.save()
    assert person.history.count() == 2
    assert person.history.first().first_name == "Anna"


def test_history_shows_names_not_ids(db):
    from workforce.history import history_entries

    person = StaffMemberFactory(job_role=JobRoleFactory(title="Carer"))
    person.job_role = JobRoleFactory(title="Home Trainer")
    person.save()
    latest = history_entries(person)[0]
    change = next(c for c in latest.changes if c.field == "job role")
    assert (change.old, change.new) == ("Carer", "Home Trainer")


def test_a_renewed_course_is_not_expired(db):
    person, course = StaffMemberFactory(), CourseFactory(renewal_months=12)
    old = TrainingRecordFactory(staff_member=person, course=course, completed_on=datetime.date(2023, 1, 10))
    on = datetime.date(2025, 6, 1)
    assert list(TrainingRecord.objects.expired(on)) == [old]
    TrainingRecordFactory(staff_member=person, course=course, completed_on=datetime.date(2025, 1, 10))
    assert not TrainingRecord.objects.expired(on).exists()


def test_expired_training_of_leavers_is_not_counted_for_current_staff(db):
    leaver = StaffMemberFactory(leaving_date=datetime.date(2024, 1, 1), leaving_reason="Retired")
    TrainingRecordFactory(staff_member=leaver, completed_on=datetime.date(2022, 1, 1))
    on = datetime.date(2025, 6, 1)
    assert TrainingRecord.objects.expired(on).count() == 1
    assert not TrainingRecord.objects.of_current_staff(on).expired(on).exists()
