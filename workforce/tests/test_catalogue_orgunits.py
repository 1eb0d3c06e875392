"""Organisation unit pages: the tree with staff counts, a unit's page, add/edit/move, archive rules."""

import datetime
import re

import pytest
from django.urls import NoReverseMatch, reverse

from workforce.models import OrgUnit
from workforce.tests.factories import OrgUnitFactory, StaffMemberFactory

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
NEXT_MONTH = datetime.date.today() + datetime.timedelta(days=30)


def unit_names(response) -> list[str]:
    return [unit.name for unit in response.context["rows"]]


@pytest.fixture
def staffed(org):
    """Oak House: two current staff (one leaving next month), one leaver, one archived record."""
    StaffMemberFactory(org_unit=org["oak"])
    StaffMemberFactory(org_unit=org["oak"], leaving_date=NEXT_MONTH)
    StaffMemberFactory(org_unit=org["oak"], leaving_date=YESTERDAY, leaving_reason="Retired")
    StaffMemberFactory(org_unit=org["oak"], is_archived=True)
    return org


def test_the_list_shows_the_tree_in_order_with_current_staff_counts(client, mentor, staffed):
    org = staffed
    client.force_login(mentor)  # the mentor's own record sits in North Region
    response = client.get(reverse("catalogue:orgunit_list"))
    assert response.status_code == 200
    assert unit_names(response) == [
        "Northshire Care Group",
        "North Region",
        "Oak House",
        "South Region",
        "Elm Court",
    ]
    counts = {unit.name: (unit.current_staff, unit.subtree_staff) for unit in response.context["rows"]}
    assert counts["Oak House"] == (2, 2)
    assert counts["North Region"] == (1, 3)
    assert counts["Northshire Care Group"] == (0, 3)
    content = response.content.decode()
    # Indented by depth, with the depth said in words for screen readers.
    assert 'class="tree-depth-2"' in content and "(level 3)" in content
    assert f'href="{org["oak"].get_absolute_url()}"' in content


def test_search_kind_filter_and_archived_units(client, director, org):
    OrgUnitFactory(name="Oak House Night Team", kind=OrgUnit.Kind.TEAM, parent=org["oak"], is_archived=True)
    client.force_login(director)
    url = reverse("catalogue:orgunit_list")
    assert unit_names(client.get(url, {"q": "oak"})) == ["Oak House"]
    assert unit_names(client.get(url, {"q": "oak", "archived": "on"})) == [
        "Oak House",
        "Oak House Night Team",
    ]
    assert unit_names(client.get(url, {"kind": "region"})) == ["North Region", "South Region"]
    archived_row = client.get(url, {"archived": "on"}).content.decode()
    assert "Archived" in archived_row  # status in words, not colour alone


def test_sorting_by_name_and_by_staff(client, manager, staffed):
    client.force_login(manager)
    url = reverse("catalogue:orgunit_list")
    by_name = client.get(url, {"sort": "name"})
    assert unit_names(by_name) == sorted(unit_names(by_name))
    assert not by_name.context["tree_order"]
    by_staff = unit_names(client.get(url, {"sort": "-staff"}))
    assert by_staff[0] == "Oak House"
    assert 'aria-sort="descending"' in client.get(url, {"sort": "-staff"}).content.decode()


def test_the_list_is_paginated(client, director, org, settings):
    settings.PAGE_SIZE = 3
    client.force_login(director)
    url = reverse("catalogue:orgunit_list")
    first, second = client.get(url), client.get(url, {"page": 2, "kind": ""})
    assert len(first.context["rows"]) == 3 and len(second.context["rows"]) == 2
    assert set(unit_names(first)).isdisjoint(unit_names(second))
    assert "Page 1 of 2" in first.content.decode()


def test_the_unit_page_shows_ancestors_children_and_staff(client, action_owner, staffed):
    org = staffed
    OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["oak"])
    client.force_login(action_owner)  # the action owner works in Oak House: 3 current staff now
    response = client.get(org["oak"].get_absolute_url())
    assert response.status_code == 200
    assert [a.name for a in response.context["ancestors"]] == ["Northshire Care Group", "North Region"]
    assert [c.name for c in response.context["children"]] == ["Day team"]
    assert response.context["unit"].current_staff == 3
    breadcrumb = re.search(r'<ol class="breadcrumb">(.*?)</ol>', response.content.decode(), re.S).group(1)
    assert (
        breadcrumb.index("Northshire Care Group")
        < breadcrumb.index("North Region")
        < breadcrumb.index("Oak House")
    )


def test_adding_a_unit_below_another(client, ld_manager, org):
    client.force_login(ld_manager)
    form_page = client.get(reverse("catalogue:orgunit_create"), {"parent": org["oak"].pk})
    assert form_page.context["form"].initial["parent"] == org["oak"].pk
    response = client.post(
        reverse("catalogue:orgunit_create"), {"name": "Night team", "kind": "team", "parent": org["oak"].pk}
    )
    team = OrgUnit.objects.get(name="Night team")
    assert response.status_code == 302 and response.url == team.get_absolute_url()
    assert team.path.startswith(org["oak"].path) and team.depth == 3
    assert "Organisation unit “Night team” added." in client.get(response.url).content.decode()


def test_the_parent_choice_offers_active_units_indented(client, ld_manager, org):
    OrgUnitFactory(name="Closed home", parent=org["north"], is_archived=True)
    client.force_login(ld_manager)
    field = client.get(reverse("catalogue:orgunit_create")).context["form"].fields["parent"]
    labels = [label for value, label in field.choices if value]
    assert "\u2003\u2003Oak House" in labels
    assert not any("Closed home" in label for label in labels)


def test_editing_keeps_an_archived_current_parent_valid(client, ld_manager, org):
    north = org["north"]
    OrgUnit.objects.filter(pk=north.pk).update(is_archived=True)
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:orgunit_edit", args=[org["oak"].pk]),
        {"name": "Oak House", "kind": "home", "parent": north.pk, "version": 1},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("new_parent", ["north", "oak"])
def test_a_unit_cannot_move_under_itself_or_below_itself(client, ld_manager, org, new_parent):
    north = org["north"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:orgunit_edit", args=[north.pk]),
        {"name": "North Region (renamed)", "kind": "region", "parent": org[new_parent].pk},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["parent"] == ["A unit cannot sit inside itself or one of its own teams."]
    content = response.content.decode()
    assert 'value="North Region (renamed)"' in content  # the user's data is kept
    assert "A unit cannot sit inside itself" in content
    north.refresh_from_db()
    assert north.name == "North Region" and north.parent == org["group"]


def test_a_duplicate_name_under_the_same_parent_is_refused_by_the_name(client, ld_manager, org):
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:orgunit_create"), {"name": "oak house", "kind": "home", "parent": org["north"].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "There is already a unit called oak house under North Region."
    ]
    # The same name elsewhere in the tree is fine.
    response = client.post(
        reverse("catalogue:orgunit_create"), {"name": "Oak House", "kind": "home", "parent": org["south"].pk}
    )
    assert response.status_code == 302


def test_missing_fields_are_reported_by_the_field_with_the_rest_kept(client, ld_manager, org):
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:orgunit_create"), {"name": "", "kind": "team", "parent": org["oak"].pk}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    content = response.content.decode()
    assert 'id="error_1_id_name"' in content
    assert re.search(r'<option value="team"\s+selected>', content)
    assert not OrgUnit.objects.filter(kind="team").exists()


def test_archiving_an_empty_unit_hides_it_and_restoring_brings_it_back(client, ld_manager, org):
    team = OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["oak"])
    StaffMemberFactory(
        org_unit=team, leaving_date=YESTERDAY, leaving_reason="Moved away"
    )  # leavers do not block
    client.force_login(ld_manager)
    url = reverse("catalogue:orgunit_archive", args=[team.pk])
    confirm = client.get(url)
    assert (
        confirm.status_code == 200 and "Archive the organisation unit “Day team”?" in confirm.content.decode()
    )
    response = client.post(url)
    assert response.status_code == 302 and response.url == team.get_absolute_url()
    team.refresh_from_db()
    assert team.is_archived
    assert "Day team" not in unit_names(client.get(reverse("catalogue:orgunit_list")))
    client.post(url)
    team.refresh_from_db()
    assert not team.is_archived


def test_a_unit_with_current_staff_or_active_units_below_is_not_archived(client, ld_manager, staffed):
    org = staffed
    client.force_login(ld_manager)
    response = client.post(reverse("catalogue:orgunit_archive", args=[org["oak"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 current staff members still work in Oak House: move them to another unit first." in content
    org["oak"].refresh_from_db()
    assert not org["oak"].is_archived

    response = client.post(reverse("catalogue:orgunit_archive", args=[org["south"].pk]))
    assert (
        "1 active unit still sits below South Region: archive or move it first." in response.content.decode()
    )
    org["south"].refresh_from_db()
    assert not org["south"].is_archived
    # The confirm page says so before anyone presses the button, and offers no button.
    confirm = client.get(reverse("catalogue:orgunit_archive", args=[org["south"].pk])).content.decode()
    assert "1 active unit still sits below South Region" in confirm and 'type="submit">Archive' not in confirm


def test_a_unit_is_not_restored_under_an_archived_parent(client, ld_manager, org):
    team = OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["elm"], is_archived=True)
    OrgUnit.objects.filter(pk=org["elm"].pk).update(is_archived=True)
    client.force_login(ld_manager)
    response = client.post(reverse("catalogue:orgunit_archive", args=[team.pk]))
    assert "Elm Court is archived: restore it first." in response.content.decode()
    team.refresh_from_db()
    assert team.is_archived


def test_the_history_shows_what_changed_and_who_changed_it(client, ld_manager, org):
    client.force_login(ld_manager)
    client.post(
        reverse("catalogue:orgunit_edit", args=[org["oak"].pk]),
        {"name": "Oak House Care Home", "kind": "home", "parent": org["north"].pk, "version": 1},
    )
    response = client.get(org["oak"].get_absolute_url())
    history = response.context["history"]
    assert history[0].record.history_user == ld_manager
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [
        ("name", "Oak House", "Oak House Care Home")
    ]
    content = response.content.decode()
    assert "name “Oak House” → “Oak House Care Home”" in content
    assert ld_manager.get_full_name() in content
    assert "system" in content  # the fixture's rows were written without a signed-in user


def test_the_unit_page_links_to_the_staff_directory_for_the_unit_and_below(client, manager, staffed):
    try:
        staff_list = reverse("staff:list")
    except NoReverseMatch:
        pytest.skip("the staff directory (staff:list) is built by another engineer and not routed yet")
    client.force_login(manager)
    north = staffed["north"]
    assert f'href="{staff_list}?org_unit={north.pk}"' in client.get(north.get_absolute_url()).content.decode()
    # Nobody works in or below Elm Court here: no link to an empty list.
    assert "?org_unit=" not in client.get(staffed["elm"].get_absolute_url()).content.decode()
