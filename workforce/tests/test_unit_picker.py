"""The staff directory's unit picker: the filter renders only the chosen unit, a search returns at
most 20 matching units the searcher may filter by, and without JavaScript a unit's exact name
chooses it (anything else is refused beside the field)."""

import re

import pytest
from django.urls import reverse

from workforce.models import OrgUnit
from workforce.tests.factories import OrgUnitFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("staff:list")
PICKER_URL = reverse("staff:unit_picker")


def unit_options(response) -> list[str]:
    select = re.search(r'<select name="org_unit".*?</select>', response.content.decode(), re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def many_units(org, count: int) -> None:
    OrgUnit.objects.bulk_create(
        OrgUnit(
            name=f"Bulk team {n}",
            kind=OrgUnit.Kind.TEAM,
            parent=org["oak"],
            path=f"{org['oak'].path}{900000 + n:06d}.",
            depth=3,
        )
        for n in range(count)
    )


def test_the_directory_renders_only_the_chosen_unit(client, ld_manager, org):
    many_units(org, 30)
    client.force_login(ld_manager)

    assert unit_options(client.get(LIST_URL)) == ["All units"]
    chosen = client.get(LIST_URL, {"org_unit": org["oak"].pk})
    assert unit_options(chosen) == ["All units", "Oak House"]
    assert f'value="{org["oak"].pk}" selected' in chosen.content.decode()


def test_search_finds_units_by_name_with_their_parent(client, ld_manager, org):
    client.force_login(ld_manager)

    response = client.get(PICKER_URL, {"unit_q": "oak"})

    page = response.content.decode()
    assert "Choose Oak House (North Region)" in page
    assert 'data-pick-into="id_org_unit"' in page and f'data-value="{org["oak"].pk}"' in page
    assert "Elm Court" not in page
    assert "No unit matches “Nowhere”" in client.get(PICKER_URL, {"unit_q": "Nowhere"}).content.decode()
    assert "Type at least 2 letters" in client.get(PICKER_URL, {"unit_q": "o"}).content.decode()


def test_at_most_twenty_units_are_offered(client, ld_manager, org):
    many_units(org, 25)
    client.force_login(ld_manager)

    response = client.get(PICKER_URL, {"unit_q": "bulk team"})

    assert len(response.context["units"]) == 20
    assert "More units match" in response.content.decode()


def test_a_manager_finds_only_units_they_may_filter_by(client, manager, org):
    OrgUnitFactory(name="Oak Lodge", parent=org["elm"])  # another region's: not theirs
    client.force_login(manager)

    response = client.get(PICKER_URL, {"unit_q": "oak"})

    assert [unit.name for unit in response.context["units"]] == ["Oak House"]


def test_without_javascript_a_units_exact_name_chooses_it(client, ld_manager, org):
    StaffMemberFactory(first_name="Oakley", last_name="Person", org_unit=org["oak"])
    StaffMemberFactory(first_name="Elmer", last_name="Person", org_unit=org["elm"])
    client.force_login(ld_manager)

    response = client.get(LIST_URL, {"unit_q": "oak house", "q": "Person"})

    assert [p.full_name for p in response.context["page_obj"].object_list] == ["Oakley Person"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("Nowhere", "No unit you can see is called “Nowhere”."), ("Day team", "More than one unit is called")],
)
def test_a_name_that_is_not_one_unit_is_refused_beside_the_field(client, ld_manager, org, typed, message):
    OrgUnitFactory(name="Day team", parent=org["oak"])
    OrgUnitFactory(name="Day team", parent=org["elm"])
    client.force_login(ld_manager)

    response = client.get(LIST_URL, {"unit_q": typed})

    page = response.content.decode()
    assert message in page
    assert 'id="error_1_id_unit_q"' in page  # crispy's message, tied to the field
    assert response.context["filter"].form.data["unit_q"] == typed


@pytest.mark.parametrize("size", [10, 200])
@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
def test_picker_query_count_does_not_grow_with_units(
    client, actors, org, django_assert_num_queries, actor, size
):
    many_units(org, size)
    client.force_login(actors[actor])
    client.get(PICKER_URL)

    # 1 session, 2 user, 3 own staff record (workforce.middleware), 4 role groups, 5 the matching
    # units with their parents (a manager's scope is a subquery of it).
    with django_assert_num_queries(5):
        response = client.get(PICKER_URL, {"unit_q": "bulk"})
    assert len(response.context["units"]) == min(size, 20)
