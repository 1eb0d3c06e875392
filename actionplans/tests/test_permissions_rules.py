import pytest

from actionplans import permissions
from actionplans.tests.factories import ActionFactory, OutputFactory


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("ld_manager", True),
        ("director", False),
        ("manager", False),
        ("mentor", False),
        ("action_owner", False),
    ],
)
def test_only_the_ld_manager_edits_plans(actors, actor, expected):
    assert permissions.can_edit_plans(actors[actor]) is expected


def test_owner_of_the_action_or_an_output_updates_it(actors):
    owner = actors["action_owner"]
    owned, via_output, other = ActionFactory(), ActionFactory(), ActionFactory()
    owned.owners.add(owner.staff_member)
    OutputFactory(action=via_output).owners.add(owner.staff_member)
    assert permissions.can_update_action(owner, owned)
    assert permissions.can_update_action(owner, via_output)
    assert not permissions.can_update_action(owner, other)
    assert permissions.can_update_action(actors["ld_manager"], other)
    assert not permissions.can_update_action(actors["director"], owned)
