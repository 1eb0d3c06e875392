"""The version check on the core's edited records (staff, units, job roles): two tabs, the
admin, bulk writers, and a race between two real PostgreSQL connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from workforce.forms.staff import StaffMemberForm
from workforce.importing import import_staff
from workforce.models import JobRole, OrgUnit, StaffMember
from workforce.tests.editing import admin_data, as_posted, form_data, page_data, two_tabs
from workforce.tests.factories import (
    CompetencyFactory,
    JobRoleFactory,
    OrgUnitFactory,
    RoleRequirementFactory,
    StaffMemberFactory,
)
from workforce.versioning import StaleEdit, claim_version, move_on


@pytest.fixture
def person(org):
    return StaffMemberFactory(first_name="Amira", last_name="Khan", org_unit=org["oak"])


def test_staff_record_two_tabs(client, ld_manager, person):
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("staff:edit", args=[person.pk]),
        first={"last_name": "Khan-Ali"},
        second={"email": "amira@example.org", "last_name": "Khan-Smith"},
        label="Last name",
        yours="Khan-Smith",
        theirs="Khan-Ali",
    )
    person.refresh_from_db()
    assert (person.last_name, person.email, person.version) == ("Khan-Smith", "amira@example.org", 3)


def test_a_refused_staff_save_overwrites_nothing(client, ld_manager, person):
    client.force_login(ld_manager)
    url = reverse("staff:edit", args=[person.pk])
    stale = form_data(client.get(url).context["form"])
    assert client.post(url, {**stale, "last_name": "First"}).status_code == 302
    assert client.post(url, {**stale, "last_name": "Second", "email": "x@example.org"}).status_code == 409
    email = person.email
    person.refresh_from_db()
    assert (person.last_name, person.email, person.version) == ("First", email, 2)
    assert person.history.count() == 2  # created, then the one save that went through


def test_org_unit_two_tabs(client, ld_manager, org):
    client.force_login(ld_manager)
    unit = org["oak"]
    two_tabs(
        client,
        reverse("catalogue:orgunit_edit", args=[unit.pk]),
        first={"name": "Oak House Care Home"},
        second={"name": "Oak Lodge"},
        label="Name",
        yours="Oak Lodge",
        theirs="Oak House Care Home",
    )
    unit.refresh_from_db()
    assert unit.name == "Oak Lodge"


def test_job_role_two_tabs_with_its_requirements(client, ld_manager):
    role = JobRoleFactory(title="Link Trainer", pay_band="4")
    requirement = RoleRequirementFactory(job_role=role, competency=CompetencyFactory(), required_level=2)
    client.force_login(ld_manager)
    two_tabs(
        client,
        reverse("catalogue:jobrole_edit", args=[role.pk]),
        first={"pay_band": "5"},
        second={"title": "Lead Link Trainer", "requirements-0-required_level": "3"},
        label="Pay band",
        yours="Band 4",
        theirs="Band 5",
    )
    role.refresh_from_db()
    requirement.refresh_from_db()
    # The deliberate second save is tab 2's whole form, pay band included.
    assert (role.title, role.pay_band, requirement.required_level) == ("Lead Link Trainer", "4", 3)


def test_a_refused_job_role_save_leaves_its_requirements_alone(client, ld_manager):
    role = JobRoleFactory(title="Link Trainer")
    requirement = RoleRequirementFactory(job_role=role, competency=CompetencyFactory(), required_level=2)
    client.force_login(ld_manager)
    url = reverse("catalogue:jobrole_edit", args=[role.pk])
    stale = page_data(client.get(url))
    assert client.post(url, {**stale, "title": "Renamed"}).status_code == 302
    refused = client.post(url, {**stale, "requirements-0-required_level": "4"})
    assert refused.status_code == 409
    requirement.refresh_from_db()
    assert requirement.required_level == 2


def test_archiving_moves_the_version_on(client, ld_manager, person, org):
    client.force_login(ld_manager)
    client.post(reverse("staff:archive", args=[person.pk]), {"archive": "1"})
    client.post(reverse("catalogue:orgunit_archive", args=[org["elm"].pk]))
    assert StaffMember.objects.get(pk=person.pk).version == 2
    assert OrgUnit.objects.get(pk=org["elm"].pk).version == 2


def test_the_staff_import_moves_the_version_on(person):
    header = "Assignment number,First name,Last name,Email,Job role,Unit,Start date\n"
    row = ",".join(
        [
            person.assignment_number,
            "Amira",
            "Khan-Ali",
            "",
            person.job_role.title,
            person.org_unit.name,
            "2020-01-06",
        ]
    )
    result = import_staff((header + row + "\n").encode(), "staff.csv")
    assert result.ok, result.errors
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("Khan-Ali", 2)
    assert person.history.first().history_change_reason == "Staff import from staff.csv"


# --- The admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, change",
    [
        (lambda: StaffMemberFactory(last_name="Before"), {"last_name": "After"}),
        (lambda: OrgUnitFactory(name="Before"), {"name": "After"}),
        (lambda: JobRoleFactory(title="Before"), {"title": "After"}),
    ],
    ids=["staff", "orgunit", "jobrole"],
)
def test_a_stale_admin_save_is_refused_and_changes_nothing(client, superuser, make, change):
    obj = make()
    model = type(obj)
    url = reverse(f"admin:workforce_{model._meta.model_name}_change", args=[obj.pk])
    client.force_login(superuser)
    stale = admin_data(client.get(url))
    move_on(model.objects.get(pk=obj.pk))  # someone saves it meanwhile
    (name, value), before = next(iter(change.items())), getattr(obj, next(iter(change)))

    refused = client.post(url, {**stale, **change})
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert any("Not saved" in e and "after you opened it" in e for e in errors), errors
    fresh = model.objects.get(pk=obj.pk)
    assert (getattr(fresh, name), fresh.version) == (before, 2)

    # Re-armed: saving again from the refusal is deliberate and goes through.
    again = client.post(url, as_posted(refused.context["adminform"].form.data))
    assert again.status_code == 302
    fresh.refresh_from_db()
    assert (getattr(fresh, name), fresh.version) == (value, 3)


def test_an_admin_refusal_names_the_changed_field(client, superuser):
    unit = OrgUnitFactory(name="Before")
    url = reverse("admin:workforce_orgunit_change", args=[unit.pk])
    client.force_login(superuser)
    stale = admin_data(client.get(url))
    assert client.post(url, {**stale, "name": "Theirs"}).status_code == 302
    refused = client.post(url, {**stale, "name": "Mine"})
    html = refused.content.decode()
    assert "Name: yours “Mine”, saved “Theirs”" in html
    assert OrgUnit.objects.get(pk=unit.pk).name == "Theirs"


# --- The mechanism --------------------------------------------------------------------------------


def test_claim_version_is_one_conditional_update(db, django_assert_num_queries):
    role = JobRoleFactory()
    with django_assert_num_queries(1):
        claim_version(role, 1)
    assert JobRole.objects.get(pk=role.pk).version == role.version == 2
    with django_assert_num_queries(2), pytest.raises(StaleEdit) as refused:  # the UPDATE, then the row
        claim_version(role, 1)
    assert refused.value.current.version == 2


def test_a_stale_edit_of_a_deleted_record_has_no_current_row(db):
    role = JobRoleFactory()
    JobRole.objects.filter(pk=role.pk).delete()
    with pytest.raises(StaleEdit) as refused:
        claim_version(role, 1)
    assert refused.value.current is None


@pytest.mark.django_db(transaction=True)
def test_two_staff_saves_racing_on_postgresql_one_wins(org):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    person = StaffMemberFactory(last_name="Original", org_unit=org["oak"])
    data = form_data(StaffMemberForm(instance=person))
    both_read = threading.Barrier(2, timeout=10)
    outcome = {}

    def save(name):
        try:
            form = StaffMemberForm(
                {**data, "last_name": name}, instance=StaffMember.objects.get(pk=person.pk)
            )
            assert form.is_valid(), form.errors
            both_read.wait()  # both have read version 1 before either writes
            try:
                with transaction.atomic():
                    form.save()
                    threading.Event().wait(0.2)  # hold the row lock while the other tries
                outcome[name] = "saved"
            except StaleEdit:
                outcome[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Left", "Right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcome.values()) == ["refused", "saved"]
    winner = next(name for name, result in outcome.items() if result == "saved")
    person.refresh_from_db()
    assert (person.last_name, person.version) == (winner, 2)


@pytest.mark.parametrize("others", [0, 25])
def test_edit_pages_cost_the_same_whatever_the_data_size(
    client, ld_manager, org, django_assert_num_queries, others
):
    """The version check adds one query per edit page (the latest history id), never one per row.
    (Both counts include the access check's look-up of the signed-in user's record.)"""
    role = JobRoleFactory()
    for _ in range(others):
        RoleRequirementFactory(job_role=role, competency=CompetencyFactory())
        StaffMemberFactory(org_unit=org["oak"], job_role=role)
    person = StaffMemberFactory(org_unit=org["oak"], job_role=role)
    client.force_login(ld_manager)
    with django_assert_num_queries(8):
        assert client.get(reverse("staff:edit", args=[person.pk])).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("catalogue:jobrole_edit", args=[role.pk])).status_code == 200


def test_a_refusal_after_a_change_made_by_the_system_says_so(client, ld_manager, person):
    """A save with no user behind it (a command, a nightly task) still refuses a stale form, and
    the refusal names no person rather than failing to render."""
    client.force_login(ld_manager)
    url = reverse("staff:edit", args=[person.pk])
    stale = form_data(client.get(url).context["form"])
    person.last_name = "Renamed"
    move_on(person)
    person.save()  # outside any request: simple_history records no user
    refused = client.post(url, {**stale, "last_name": "Mine"})
    assert refused.status_code == 409
    assert "Saved by someone (a change made by the system)" in refused.content.decode()
