"""The core's history helpers: readable entries in a fixed number of queries, who made each
change, and writing records where simple-history's signals do not (bulk writes, one record per
form save)."""

import pytest

from workforce.history import bulk_update_with_history, history_entries, one_record, reason
from workforce.models import StaffMember
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_foreign_keys_and_choices_are_shown_by_name(ld_manager):
    person = StaffMemberFactory(job_role=JobRoleFactory(title="Care Assistant"))
    person.job_role = JobRoleFactory(title="Senior Care Assistant")
    person._history_user = ld_manager
    person.save()

    newest = history_entries(person)[0]
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("job role", "Care Assistant", "Senior Care Assistant")
    ]
    assert (newest.who, newest.what, newest.subject, newest.reason) == (
        ld_manager.get_full_name(),
        "Changed",
        "",
        "",
    )


def test_who_falls_back_to_the_username_then_to_system():
    person = StaffMemberFactory()
    nameless = UserFactory(username="hr-robot", first_name="", last_name="")
    person.first_name = "Anne"
    person._history_user = nameless
    person.save()

    newest, created = history_entries(person)
    assert (newest.who, created.who) == ("hr-robot", "system")


def test_a_change_made_outside_a_request_says_why(client, ld_manager):
    person = StaffMemberFactory(last_name="Khan")
    person.last_name = "Khan-Ali"
    person._change_reason = "Staff import from staff_export.csv"
    person.save()

    client.force_login(ld_manager)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "<td>system</td>" in html
    assert "Changed (Staff import from staff_export.csv): last name “Khan” → “Khan-Ali”" in html


@pytest.mark.parametrize("edits", [2, 40])
def test_reading_history_costs_the_same_queries_however_long_it_is(edits, django_assert_num_queries):
    units = OrgUnitFactory.create_batch(3)
    person = StaffMemberFactory()
    for i in range(edits):
        person.org_unit = units[i % 3]
        person.save()

    # The records with their predecessors and users, then the changed units' names.
    with django_assert_num_queries(2):
        entries = history_entries(person)
    assert len(entries) == min(edits + 1, 25)
    assert {c.new for e in entries for c in e.changes} <= {str(u) for u in units}


def test_one_record_turns_several_saves_into_one():
    person = StaffMember(
        first_name="Ola",
        last_name="Wood",
        assignment_number="30000001",
        job_role=JobRoleFactory(),
        org_unit=OrgUnitFactory(),
    )
    with one_record(person):
        person.save()
        person.first_name = "Olu"
        person.save()
    (created,) = person.history.all()
    assert (created.history_type, created.first_name) == ("+", "Olu")

    with one_record(person):
        person.last_name = "Woods"
        person.save()
        person.save()
    assert person.history.count() == 2
    assert [(c.field, c.old, c.new) for c in history_entries(person)[0].changes] == [
        ("last name", "Wood", "Woods")
    ]


def test_one_record_writes_nothing_when_the_block_fails():
    person = StaffMemberFactory()
    with pytest.raises(RuntimeError), one_record(person):
        person.first_name = "Changed"
        person.save()
        raise RuntimeError("refused")
    assert person.history.count() == 1  # only its creation
    assert not hasattr(person, "skip_history_when_saving")  # later saves are recorded again


def test_bulk_updates_are_recorded_with_who_and_each_rows_reason(ld_manager):
    people = StaffMemberFactory.create_batch(2)
    for i, person in enumerate(people):
        person.first_name = f"Renamed {i}"
        person._change_reason = f"Row {i} corrected"

    bulk_update_with_history(people, StaffMember, ["first_name"], user=ld_manager)

    for i, person in enumerate(people):
        newest = history_entries(person)[0]
        assert (newest.who, newest.reason) == (ld_manager.get_full_name(), f"Row {i} corrected")
        assert newest.changes[0].new == f"Renamed {i}"
    assert StaffMember.objects.filter(first_name__startswith="Renamed").count() == 2


def test_reasons_fit_the_history_column():
    assert reason("x" * 150) == "x" * 97 + "..."
    assert reason("Imported from plan.xlsx") == "Imported from plan.xlsx"
