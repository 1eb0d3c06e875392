"""visible_to: the scoping every staff page relies on."""

from workforce.models import StaffMember
from workforce.tests.factories import StaffMemberFactory


def test_scoping_by_role(org, actors):
    oak_carer = StaffMemberFactory(org_unit=org["oak"])
    elm_carer = StaffMemberFactory(org_unit=org["elm"])
    everyone = set(StaffMember.objects.all())

    def visible(name):
        return set(StaffMember.objects.visible_to(actors[name]))

    assert visible("ld_manager") == everyone
    assert visible("director") == everyone
    manager_sees = visible("manager")
    assert oak_carer in manager_sees and elm_carer not in manager_sees
    assert actors["manager"].staff_member in manager_sees
    assert elm_carer in visible("other_manager") and oak_carer not in visible("other_manager")
    assert visible("mentor") == {actors["mentor"].staff_member}
    assert visible("action_owner") == {actors["action_owner"].staff_member}


def test_manager_sees_units_below_their_own(org, actors):
    from workforce.tests.factories import OrgUnitFactory

    team = OrgUnitFactory(name="Night team", parent=org["oak"])
    night_carer = StaffMemberFactory(org_unit=team)
    assert night_carer in StaffMember.objects.visible_to(actors["manager"])


def test_user_without_staff_record_sees_nobody(db):
    from workforce.tests.factories import UserFactory

    assert not StaffMember.objects.visible_to(UserFactory(roles=["Manager"])).exists()
