"""Who sees whom is extendable (apps register scope rules), and abilities can say
"not even a superuser" (confidential records)."""

import pytest
from django.db.models import Q
from django.urls import reverse

from workforce import permissions
from workforce.models import StaffMember, TrainingRecord
from workforce.permissions import Role
from workforce.tests.factories import StaffMemberFactory, TrainingRecordFactory


@pytest.fixture
def mentee(org):
    return StaffMemberFactory(first_name="Bea", last_name="Mentee", org_unit=org["elm"])


def mentors_see_bea(user, me):
    """Stands in for pathways' "a mentor sees their mentees"."""
    if not permissions.has_role(user, Role.MENTOR):
        return None
    return Q(last_name="Mentee")


def test_a_registered_rule_widens_the_directory_and_profile_and_leaves_with_its_block(client, mentor, mentee):
    client.force_login(mentor)
    assert "Mentee" not in client.get(reverse("staff:list")).content.decode()
    assert client.get(mentee.get_absolute_url()).status_code == 404

    with permissions.scope_rule("test.mentees", mentors_see_bea):
        assert "Mentee" in client.get(reverse("staff:list")).content.decode()
        assert client.get(mentee.get_absolute_url()).status_code == 200
        # derived scopes follow: training records and the unit filter
        record = TrainingRecordFactory(staff_member=mentee)
        assert TrainingRecord.objects.visible_to(mentor).filter(pk=record.pk).exists()
        assert list(permissions.scope_units(mentee.org_unit.__class__.objects.all(), mentor)) == [
            mentee.org_unit
        ]
        assert "test.mentees" in permissions.scope_rule_names()

    assert "test.mentees" not in permissions.scope_rule_names()
    assert client.get(mentee.get_absolute_url()).status_code == 404


def test_a_rule_gives_nothing_to_those_it_does_not_concern(other_mentor, action_owner, mentee):
    with permissions.scope_rule("test.mentees", mentors_see_bea):
        assert StaffMember.objects.visible_to(other_mentor).filter(pk=mentee.pk).exists()
        assert not StaffMember.objects.visible_to(action_owner).filter(pk=mentee.pk).exists()
        assert list(StaffMember.objects.visible_to(action_owner)) == [action_owner.staff_member]


def test_a_rule_does_not_reach_a_leaver(leaver, mentee):
    with permissions.scope_rule("test.everyone", lambda user, me: Q(pk__isnull=False)):
        assert not StaffMember.objects.visible_to(leaver).exists()


def test_the_manager_rule_is_a_registered_core_rule(manager, org):
    assert "core.managers" in permissions.scope_rule_names()
    oak_carer = StaffMemberFactory(org_unit=org["oak"])
    assert StaffMember.objects.visible_to(manager).filter(pk=oak_carer.pk).exists()


def test_a_name_is_taken_once(db):
    with permissions.scope_rule("test.once", mentors_see_bea):
        permissions.register_scope_rule("test.once", mentors_see_bea)  # the same rule again: harmless
        with pytest.raises(ValueError, match="registered twice"):
            permissions.register_scope_rule("test.once", lambda user, me: None)


@pytest.fixture
def confidential():
    """An app's confidential ability, as traineeships will declare for support plans."""
    permissions.register_ability("test.confidential_read", {Role.MENTOR}, superusers=False)
    yield "test.confidential_read"
    permissions.unregister_ability("test.confidential_read")


def test_not_even_a_superuser_holds_a_confidential_ability(superuser, mentor, director, confidential):
    assert not permissions.can(superuser, confidential)
    assert permissions.can(superuser, "staff.change")  # every other ability, as before
    assert permissions.can(mentor, confidential) and not permissions.can(director, confidential)
    superuser.groups.add(*mentor.groups.all())
    superuser._talent_ladder_roles = None
    assert permissions.can(superuser, confidential)  # the role, not the superuser flag, grants it


def test_a_view_requiring_a_confidential_ability_refuses_a_superuser(rf, superuser, mentor, confidential):
    from django.core.exceptions import PermissionDenied

    @permissions.requires(confidential)
    def support_plan(request):
        return "shown"

    request = rf.get("/")
    request.user = superuser
    with pytest.raises(PermissionDenied):
        support_plan(request)
    request.user = mentor
    assert support_plan(request) == "shown"


def test_an_ability_is_declared_once(confidential):
    permissions.register_ability(confidential, {Role.MENTOR}, superusers=False)  # the same: harmless
    with pytest.raises(ValueError, match="declared differently"):
        permissions.register_ability(confidential, {Role.MENTOR})
    with pytest.raises(KeyError):
        permissions.can(object(), "no.such_ability")
