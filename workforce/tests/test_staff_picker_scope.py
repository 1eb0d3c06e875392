"""The picker tells each role only what its form needs: names within the searcher's scope for an
action owner naming a risk owner; the L&D manager's full search is unchanged."""

import datetime

import pytest
from django.urls import reverse

from workforce.tests.factories import StaffMemberFactory


def search(client, text):
    return client.get(reverse("staff:picker"), {"picker_q": text, "target": "risk-owner"}).content.decode()


@pytest.fixture
def people(org):
    return {
        "oak_colleague": StaffMemberFactory(
            first_name="Rhys", last_name="Thomas", assignment_number="10000002", org_unit=org["oak"]
        ),
        "elm_stranger": StaffMemberFactory(
            first_name="Rhys", last_name="Jones", assignment_number="10000003", org_unit=org["elm"]
        ),
        "oak_leaver": StaffMemberFactory(
            first_name="Rhys", last_name="Gone", org_unit=org["oak"], leaving_date=datetime.date(2020, 1, 1)
        ),
    }


def test_an_action_owner_finds_colleagues_by_name_only(client, action_owner, people):
    client.force_login(action_owner)
    html = search(client, "Rhys")
    assert f'data-value="{people["oak_colleague"].pk}" data-label="Rhys Thomas"' in html
    assert "Choose Rhys Thomas\n" in html
    assert "10000002" not in html and "Oak House" not in html  # no number, role or unit
    assert "Jones" not in html  # another home's staff are outside their scope
    assert "Gone" not in html  # never a leaver


def test_an_action_owner_cannot_search_by_assignment_number(client, action_owner, people):
    client.force_login(action_owner)
    assert "Choose" not in search(client, "1000000")


def test_two_people_of_the_same_name_are_told_apart_by_unit_only(client, action_owner, org):
    home_team = StaffMemberFactory(first_name="Sam", last_name="Baker", org_unit=org["oak"])
    client.force_login(action_owner)
    # the action owner sees their own unit and their own record; a namesake in their own unit
    namesake = StaffMemberFactory(first_name="Sam", last_name="Baker", org_unit=org["oak"])
    html = search(client, "Sam Baker")
    assert html.count('data-label="Sam Baker, Oak House"') == 2
    assert str(home_team.assignment_number) not in html and str(namesake.assignment_number) not in html


def test_the_ld_manager_still_sees_number_role_and_unit_for_everyone(client, ld_manager, people):
    client.force_login(ld_manager)
    html = search(client, "Rhys")
    assert "Choose Rhys Thomas (10000002)" in html and "Oak House" in html
    assert "Rhys Jones (10000003)" in html and "Gone" not in html


def test_results_are_capped_for_every_role(client, action_owner, org):
    StaffMemberFactory.create_batch(20, last_name="Jones", org_unit=org["oak"])
    client.force_login(action_owner)
    assert search(client, "Jones").count("data-pick-into") == 15


@pytest.mark.parametrize("size", [3, 60])
def test_an_action_owners_search_costs_the_same_queries_whatever_the_size(
    client, action_owner, org, size, django_assert_num_queries
):
    StaffMemberFactory.create_batch(size, last_name="Evans", org_unit=org["oak"])
    StaffMemberFactory.create_batch(size, last_name="Evans", org_unit=org["elm"])
    client.force_login(action_owner)
    # session, user, their own staff record, role groups, the matches (one query, scope as a
    # subquery)
    with django_assert_num_queries(5):
        html = search(client, "Evans")
    assert html.count("data-pick-into") == min(size, 15)
