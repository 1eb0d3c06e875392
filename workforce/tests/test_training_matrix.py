"""The training matrix page: cells, columns, filters, sort, counts and scoping, on hand-made data
(workforce/tests/matrix_data.py says who is who).
"""

import datetime

import pytest
from django.urls import reverse

from workforce.compliance import Status
from workforce.models import StaffGroup
from workforce.tests.matrix_data import TODAY, URL, ago, day, matrix_world
from workforce.training import add_months


@pytest.fixture
def world(org):
    return matrix_world(org)


def grid(response) -> dict[str, dict[str, str]]:
    """{last name: {course title: the cell's words}} for the page shown."""
    return {
        person.last_name: {cell.course.title: cell.words for cell in cells}
        for person, cells in response.context["rows"]
    }


def columns(response) -> list[str]:
    return [column.course.title for column in response.context["matrix"].columns]


def names(response) -> list[str]:
    return [person.last_name for person, _cells in response.context["rows"]]


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_cells_say_status_and_date_in_words_and_colour(client, ld_manager, world):
    response = get(client, ld_manager)
    expiry = {key: add_months(completed, 12) for key, completed in world["done"].items()}
    people, fire, medication = world["people"], world["fire"], world["medication"]
    rows = grid(response)
    assert columns(response) == ["Fire safety", "Food hygiene", "Medication"]
    assert rows["Adams"] == {
        "Fire safety": f"Valid until {day(expiry[(people['Adams'], fire)])}",
        "Food hygiene": "Not required",
        "Medication": f"Expiring {day(expiry[(people['Adams'], medication)])}",
    }
    assert rows["Baker"] == {
        "Fire safety": f"Expired {day(expiry[(people['Baker'], fire)])}",
        "Food hygiene": "Not required",
        "Medication": "Missing",
    }
    assert rows["Clark"]["Fire safety"] == f"Booked for {day(TODAY + datetime.timedelta(days=14))}"
    assert rows["Clark"]["Food hygiene"].startswith("Valid until ")
    assert rows["Ellis"]["Medication"] == f"Due by {day(add_months(ago(10), 3))}"
    assert "Ford" not in rows  # a leaver is not in post
    html = response.content.decode()
    # Colour and words together; each cell links to the person's training records.
    link = f"{people['Baker'].get_absolute_url()}#training-heading"
    words = f"Expired {day(expiry[(people['Baker'], fire)])}"
    assert f'<td class="matrix-cell matrix-expired"><a href="{link}">{words}</a></td>' in html
    assert '<td class="matrix-cell matrix-not_required">Not required</td>' in html
    assert '<th scope="col">Medication</th>' in html


def test_counts_cover_the_whole_selection_not_the_page(client, ld_manager, world, settings):
    settings.PAGE_SIZE = 1
    response = get(client, ld_manager)
    assert names(response) == ["Adams"] and response.context["page_obj"].paginator.count == 5
    # Food hygiene is a column although only Clark, on page 3, must hold it.
    assert columns(response) == ["Fire safety", "Food hygiene", "Medication"]
    fire = response.context["matrix"].counts[0]
    assert fire.column.course.title == "Fire safety"
    assert (fire.counts[Status.VALID], fire.counts[Status.EXPIRED], fire.counts[Status.BOOKED]) == (1, 1, 1)
    assert (fire.counts[Status.DUE], fire.counts[Status.MISSING]) == (1, 1)
    # Valid of required (valid, expired, booked, missing; the new starter is due, counted in neither).
    assert (fire.compliant, fire.required, fire.percent) == (1, 4, 25)
    total = response.context["total"]
    assert (total.compliant, total.required) == (3, 7)  # + Adams' expiring medication, Clark's food
    html = response.content.decode()
    assert "42.9% compliant (3 of 7 required courses in date)" in html
    assert '25% <span class="small">(1 of 4)</span>' in html


def test_unit_filter_takes_the_units_below(client, ld_manager, world, org):
    response = get(client, ld_manager, org_unit=org["north"].pk)
    assert names(response) == ["Adams", "Baker", "Clark"]
    response = get(client, ld_manager, org_unit=org["elm"].pk)
    assert names(response) == ["Ellis"]
    assert columns(response) == ["Fire safety", "Medication"]  # nobody at Elm Court cooks


def test_job_role_filter_shows_that_roles_courses(client, ld_manager, world):
    response = get(client, ld_manager, job_role=world["cook"].pk)
    assert names(response) == ["Clark"]
    assert columns(response) == ["Fire safety", "Food hygiene"]


def test_staff_group_filter_drops_courses_nobody_there_must_hold(client, ld_manager, world):
    response = get(client, ld_manager, staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    assert names(response) == ["Adams", "Baker", "Dawes", "Ellis"]
    assert columns(response) == ["Fire safety", "Medication"]


def test_course_filter_shows_that_course_alone(client, ld_manager, world):
    response = get(client, ld_manager, course=world["medication"].pk)
    assert columns(response) == ["Medication"]
    assert grid(response)["Baker"] == {"Medication": "Missing"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": Status.EXPIRED}, ["Baker"]),
        ({"status": Status.MISSING}, ["Baker", "Dawes"]),
        ({"status": Status.VALID}, ["Adams", "Clark"]),
        ({"status": Status.DUE}, ["Ellis"]),
        ({"status": Status.BOOKED}, ["Clark"]),
        # For the chosen course only: Baker's fire safety has expired, it is not missing.
        ({"status": Status.MISSING, "course": "fire"}, ["Dawes"]),
        ({"status": Status.VALID, "course": "medication"}, []),
        ({"status": Status.EXPIRING, "course": "medication"}, ["Adams"]),
    ],
)
def test_status_filter(client, ld_manager, world, params, expected):
    if "course" in params:
        params = {**params, "course": world[params["course"]].pk}
    assert names(get(client, ld_manager, **params)) == expected


def test_sort_most_overdue_first(client, ld_manager, world):
    response = get(client, ld_manager, o="overdue")
    # Baker 2 (expired, missing), Clark 1 (booked) and Dawes 1 (missing) by name, then the rest by
    # name: due is not overdue.
    assert names(response) == ["Baker", "Clark", "Dawes", "Adams", "Ellis"]
    assert names(get(client, ld_manager)) == ["Adams", "Baker", "Clark", "Dawes", "Ellis"]
    assert names(get(client, ld_manager, o="overdue", org_unit=world["people"]["Ellis"].org_unit_id)) == [
        "Ellis"
    ]


def test_a_manager_sees_only_their_own_unit(client, manager, other_manager, world, org):
    response = get(client, manager)
    # Maya Hart is the Home Manager of Oak House: she is in post there and must hold fire safety.
    assert names(response) == ["Adams", "Baker", "Clark", "Hart"]
    units = {str(unit) for unit in response.context["filter"].form.fields["org_unit"].queryset}
    assert units == {"Oak House"}
    # Asking for another unit shows nobody from it: the unit is not even a valid choice.
    response = get(client, manager, org_unit=org["elm"].pk)
    assert "Ellis" not in names(response)
    assert "not understood" in response.content.decode()
    assert names(get(client, other_manager)) == ["Ellis", "Vance"]


def test_director_sees_everyone(client, director, world):
    assert names(get(client, director)) == ["Adams", "Baker", "Clark", "Ellis", "Quinn"]


def test_mentors_and_action_owners_are_refused(client, mentor, action_owner, world):
    for user in (mentor, action_owner):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("training:matrix_export")).status_code == 403


def test_no_required_courses_says_so(client, ld_manager, world):
    response = get(client, ld_manager, job_role=world["cook"].pk, course=world["medication"].pk)
    assert columns(response) == []
    assert "No required courses for this selection" in response.content.decode()


def test_the_legend_names_every_status_in_words(client, ld_manager, world):
    html = get(client, ld_manager).content.decode()
    for status in Status:
        assert f'<span class="matrix-swatch matrix-{status.value}">{status.label}</span>' in html


def test_navbar_links_the_matrix_for_those_who_may_see_it(client, ld_manager, manager, director, mentor):
    for user, shown in [(ld_manager, True), (manager, True), (director, True), (mentor, False)]:
        client.force_login(user)
        assert (f'href="{URL}"' in client.get(reverse("home")).content.decode()) is shown, user
