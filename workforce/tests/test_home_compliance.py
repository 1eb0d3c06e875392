"""My work's compliance panels: a manager's unit figure and who is expired or expiring there; the
organisation's figure for L&D managers and directors. The figures are the compliance summary's."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from workforce import indicators
from workforce.indicators import Measure
from workforce.tests.compliance_data import completed, compliance_data
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.test_training_summary import URL as SUMMARY_URL
from workforce.views.home import NEEDING_ATTENTION_LISTED

TODAY = datetime.date.today()


@pytest.fixture
def data(org):
    return compliance_data(org)


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def listed(panel) -> dict[str, list[str]]:
    return {
        entry["person"].first_name: [item["cell"].words for item in entry["cells"]]
        for entry in panel["people"]
    }


def test_a_manager_sees_their_units_figure_and_who_needs_attention(client, manager, org, data):
    response = home(client, manager)
    panel = response.context["unit_compliance"]
    assert panel["unit"] == org["oak"]
    assert panel["measure"] == Measure(Decimal("50.0"), 3, 6)
    # B's fire safety expired, C's expiring (C's medication is booked, B's missing: not listed).
    people = listed(panel)
    assert set(people) == {"B", "C"}
    assert people["B"][0].startswith("Expired ") and people["C"][0].startswith("Expiring ")
    assert [entry["person"].first_name for entry in panel["people"]] == ["B", "C"]  # most overdue first
    assert panel["people_count"] == 2
    content = response.content.decode()
    assert "50% of" not in content and "50%" in content
    assert "3 of 6 required courses in date in Oak House and the teams below it." in content
    assert f'href="{SUMMARY_URL}?unit={org["oak"].pk}"' in content
    assert "D Person" not in content and "E Person" not in content  # Elm Court's people
    assert "organisation_compliance" not in response.context


def test_the_home_figure_is_the_summarys(client, manager, ld_manager, data):
    manager_figure = home(client, manager).context["unit_compliance"]["measure"]
    assert client.get(SUMMARY_URL).context["table"].overall.measure == manager_figure
    ld_figure = home(client, ld_manager).context["organisation_compliance"]["measure"]
    assert client.get(SUMMARY_URL).context["table"].overall.measure == ld_figure
    assert ld_figure == indicators.value("workforce.mandatory_compliance", TODAY, TODAY)


@pytest.mark.parametrize("actor", ["ld_manager", "director"])
def test_ld_managers_and_directors_see_the_organisations_figure(client, actors, data, actor):
    response = home(client, actors[actor])
    panel = response.context["organisation_compliance"]
    assert panel["measure"] == Measure(Decimal("55.6"), 5, 9)
    assert not panel.get("listed")  # who needs attention: the matrix, the summary's numbers
    content = response.content.decode()
    assert "5 of 9 required courses in date." in content
    assert "Training expired or expiring" not in content
    # B (expired, missing) and E (missing): the same pass counts the headline's people.
    headline = next(h for h in response.context["headlines"] if h["key"] == "expired_training")
    assert headline["count"] == 2


def test_others_see_no_compliance_panel(client, mentor, action_owner, data):
    for user in (mentor, action_owner):
        context = home(client, user).context
        assert "organisation_compliance" not in context and "unit_compliance" not in context


def test_the_list_stops_at_ten_and_the_matrix_has_the_rest(client, manager, org, data):
    for n in range(NEEDING_ATTENTION_LISTED):
        person = StaffMemberFactory(first_name=f"Extra{n}", org_unit=org["oak"], job_role=data["A"].job_role)
        completed(person, data["fire"], 400)
    response = home(client, manager)
    panel = response.context["unit_compliance"]
    assert len(panel["people"]) == NEEDING_ATTENTION_LISTED and panel["people_count"] == 12
    content = response.content.decode()
    assert "(12 people)" in content and "Showing the 10 most overdue." in content
    assert f'href="/training/matrix/?org_unit={org["oak"].pk}&amp;status=expired"' in content
    assert f'href="/training/matrix/?org_unit={org["oak"].pk}&amp;status=expiring"' in content


def test_nothing_required_says_so(client, manager, org):
    response = home(client, manager)
    assert response.context["unit_compliance"]["measure"] == Measure(None, 0, 0)
    assert "No course is required of anyone here yet." in response.content.decode()


@pytest.mark.parametrize("size", [5, 40])
def test_a_managers_home_query_count_does_not_grow(
    client, manager, org, data, django_assert_num_queries, size
):
    for n in range(size):
        person = StaffMemberFactory(org_unit=org["oak"], job_role=data["A"].job_role)
        completed(person, data["fire"], 400 if n % 2 else 30)
    client.force_login(manager)
    # 1 session, 2 user, 3 role groups, 4 own staff record, 5 the required courses, 6 my team,
    # 7 its size, 8 the unit's statuses (its figure, and how many need attention), 9 who needs
    # attention, most overdue first (the grouped query), 10 the first ten's cells, 11 my training,
    # 12 my actions, 13 my trainees (the traineeships panel).
    with django_assert_num_queries(13):
        response = client.get(reverse("home"))
    assert response.context["unit_compliance"]["people_count"] == 2 + size // 2
