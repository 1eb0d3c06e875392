"""Record a session: one course on one date for many people, saved all at once or not at all."""

import datetime
import re

import pytest
from django.urls import reverse

from workforce import completions
from workforce.compliance_summary import matrix_url
from workforce.models import StaffMember, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)

URL = reverse("training:record_session")
SEARCH_URL = reverse("training:session_people")
DAY = datetime.date(2026, 1, 12)


@pytest.fixture
def course(db):
    return CourseFactory(title="Fire safety", renewal_months=12)


@pytest.fixture
def oak_staff(org):
    """Five carers in Oak House (the manager's unit), alphabetical by surname."""
    return [
        StaffMemberFactory(first_name=first, last_name=last, org_unit=org["oak"])
        for first, last in [
            ("Ana", "Adams"),
            ("Ben", "Brook"),
            ("Cat", "Cole"),
            ("Dev", "Dunn"),
            ("Eve", "Eze"),
        ]
    ]


@pytest.fixture
def elm_carer(org):
    return StaffMemberFactory(first_name="Elm", last_name="Carer", org_unit=org["elm"])


def post(client, course, *, people=(), ticked=(), day=DAY, **extra):
    data = {"course": course.pk, "completed_on": day.isoformat(), "note": "Room 2", **extra}
    data["people"] = [p.pk for p in people]
    data["ticked"] = [p.pk for p in ticked]
    return client.post(URL, data)


def records(course):
    return TrainingRecord.objects.filter(course=course)


def test_ld_manager_records_five_people_from_a_units_list(client, ld_manager, course, oak_staff):
    client.force_login(ld_manager)

    response = post(client, course, ticked=oak_staff, unit=oak_staff[0].org_unit_id)

    assert response.status_code == 302
    # On to the matrix for that course, where the people just recorded show as valid.
    assert response.url == f"/training/matrix/?course={course.pk}"
    saved = list(records(course).order_by("staff_member__last_name"))
    assert [r.staff_member for r in saved] == oak_staff
    for record in saved:
        assert record.status == TrainingRecord.Status.COMPLETED
        assert record.completed_on == DAY and record.expires_on == datetime.date(2027, 1, 12)
        assert record.note == "Room 2"
        [entry] = record.history.all()
        assert entry.history_type == "+" and entry.history_user == ld_manager
        assert entry.history_change_reason == "Recorded with the Fire safety session"
    page = client.get(response.url).content.decode()
    assert "Fire safety on 12 Jan 2026 recorded for 5 people" in page


def test_people_found_by_search_and_ticked_are_recorded_together(client, manager, course, oak_staff):
    client.force_login(manager)
    response = post(client, course, people=oak_staff[:2], ticked=oak_staff[2:])
    assert response.status_code == 302
    assert records(course).count() == 5
    assert records(course).first().history.get().history_user == manager


def test_the_matrix_is_where_a_session_leads(course):
    assert matrix_url(course=course.pk) == f"/training/matrix/?course={course.pk}"


def test_one_person_is_one_person_in_the_message(course):
    assert completions.session_message(course, DAY, 1) == "Fire safety on 12 Jan 2026 recorded for 1 person"


# --- Refusals: nothing half-saved ---------------------------------------------------------------


def test_a_completion_already_recorded_refuses_the_whole_session_naming_them(
    client, ld_manager, course, oak_staff
):
    TrainingRecordFactory(staff_member=oak_staff[1], course=course, completed_on=DAY, started_on=None)
    TrainingRecordFactory(staff_member=oak_staff[3], course=course, completed_on=DAY, started_on=None)
    client.force_login(ld_manager)
    before = TrainingRecord.history.count()

    response = post(client, course, people=oak_staff[:2], ticked=oak_staff[2:])

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["people"] == [
        "Already recorded as completed on that date, so nothing was saved: Ben Brook."
    ]
    assert form.errors["ticked"] == [
        "Already recorded as completed on that date, so nothing was saved: Dev Dunn."
    ]
    assert records(course).count() == 2 and TrainingRecord.history.count() == before
    page = response.content.decode()
    assert "Ben Brook" in page and "Dev Dunn" in page
    # What was typed comes back: the course, the date and everyone chosen.
    assert form["completed_on"].value() == DAY.isoformat()
    assert f'value="{oak_staff[0].pk}" selected' in page
    assert re.search(rf'name="ticked" value="{oak_staff[2].pk}" [^>]*checked', page)


def test_the_same_course_on_another_day_is_not_a_duplicate(client, ld_manager, course, oak_staff):
    TrainingRecordFactory(
        staff_member=oak_staff[0], course=course, completed_on=DAY - datetime.timedelta(days=365)
    )
    client.force_login(ld_manager)
    assert post(client, course, ticked=oak_staff[:1]).status_code == 302
    assert records(course).count() == 2


def test_someone_listed_twice_refuses_the_save_with_their_name(client, ld_manager, course, oak_staff):
    client.force_login(ld_manager)
    response = post(client, course, people=oak_staff[:2], ticked=oak_staff[1:3])
    assert response.status_code == 200
    assert response.context["form"].errors["people"] == [
        "Listed twice (found by search and ticked, or added twice): Ben Brook."
    ]
    assert not records(course).exists()


def test_the_same_id_posted_twice_is_listed_twice(client, ld_manager, course, oak_staff):
    client.force_login(ld_manager)
    response = client.post(
        URL, {"course": course.pk, "completed_on": DAY.isoformat(), "ticked": [oak_staff[0].pk] * 2}
    )
    assert "Listed twice" in response.context["form"].errors["ticked"][0]
    assert not records(course).exists()


def test_a_manager_cannot_record_for_someone_outside_their_unit(
    client, manager, course, oak_staff, elm_carer
):
    client.force_login(manager)
    before = TrainingRecord.history.count()
    for field in ("people", "ticked"):
        response = post(client, course, **{field: [oak_staff[0], elm_carer]})
        assert response.status_code == 200
        [error] = response.context["form"].errors[field]
        assert "not among the staff you may record training for" in error
        assert "Elm Carer" not in response.content.decode()  # not even their name is shown
    assert not records(course).exists() and TrainingRecord.history.count() == before


def test_a_future_date_is_refused(client, ld_manager, course, oak_staff):
    client.force_login(ld_manager)
    response = post(client, course, ticked=oak_staff, day=datetime.date.today() + datetime.timedelta(days=1))
    assert response.context["form"].errors["completed_on"] == ["A course cannot be completed in the future."]
    assert not records(course).exists()


def test_nobody_chosen_is_refused(client, ld_manager, course):
    client.force_login(ld_manager)
    response = post(client, course)
    assert "Add at least one person" in response.context["form"].non_field_errors()[0]


def test_someone_who_had_left_by_the_date_is_refused(client, ld_manager, course, oak_staff):
    leaver = StaffMemberFactory(
        first_name="Lee", last_name="Gone", org_unit=oak_staff[0].org_unit, leaving_date=DAY
    )
    client.force_login(ld_manager)
    response = post(client, course, people=[leaver], ticked=oak_staff[:1])
    [error] = response.context["form"].non_field_errors()
    assert error == "Not in post on 12 Jan 2026, so not recorded: Lee Gone (left 12 Jan 2026)."
    assert not records(course).exists()


def test_a_failure_part_way_saves_nobody(client, ld_manager, course, oak_staff, monkeypatch):
    """The records and their history are written in one transaction: a failure leaves neither."""
    from simple_history.manager import HistoryManager

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(HistoryManager, "bulk_history_create", broken)
    client.raise_request_exception = True
    client.force_login(ld_manager)
    with pytest.raises(RuntimeError):
        post(client, course, ticked=oak_staff)
    assert not records(course).exists()


# --- Choosing people ------------------------------------------------------------------------------


def test_show_the_list_without_javascript_keeps_what_was_typed(client, manager, course, oak_staff, org):
    client.force_login(manager)
    response = client.get(
        URL,
        {"course": course.pk, "completed_on": "2026-01-12", "note": "Room 2", "unit": org["oak"].pk,
         "people": [oak_staff[0].pk], "ticked": [oak_staff[1].pk]},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.errors and form.chosen_unit == org["oak"]
    listed = [choice.instance for choice, _label in form.fields["ticked"].choices]
    assert set(oak_staff) <= set(listed)
    page = response.content.decode()
    assert 'value="2026-01-12"' in page and 'value="Room 2"' in page
    assert f'<option value="{oak_staff[0].pk}" selected>' in page
    assert re.search(rf'name="ticked" value="{oak_staff[1].pk}" [^>]*checked', page)
    # The save button carries the CSRF token, so the GET above put none in the URL.
    session_form = page.split('id="session-form"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in session_form
    assert 'type="hidden" name="csrfmiddlewaretoken"' not in session_form


def test_a_unit_list_has_staff_in_post_and_below_the_unit_only(
    client, ld_manager, course, oak_staff, org, elm_carer
):
    team = OrgUnitFactory(name="Oak day team", parent=org["oak"])
    in_team = StaffMemberFactory(first_name="Tia", last_name="Team", org_unit=team)
    StaffMemberFactory(first_name="Old", last_name="Leaver", org_unit=org["oak"], leaving_date=DAY)
    client.force_login(ld_manager)
    response = client.get(URL, {"unit": org["oak"].pk}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-staff")
    assert [t.name for t in response.templates][0] == "workforce/training/_unit_staff.html"
    listed = {choice.instance for choice, _ in response.context["form"].fields["ticked"].choices}
    # Oak House and its day team, in post: not Elm Court, not the leaver.
    assert listed == {*oak_staff, in_team}
    assert "<html" not in response.content.decode()


def test_people_ticked_in_one_unit_stay_ticked_when_another_is_listed(
    client, ld_manager, oak_staff, org, elm_carer
):
    client.force_login(ld_manager)
    response = client.get(
        URL,
        {"unit": org["elm"].pk, "ticked": [oak_staff[0].pk]},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="unit-staff",
    )
    page = response.content.decode()
    assert "Elm Carer" in page and "Ana Adams" in page
    assert f'value="{oak_staff[0].pk}"' in page and "checked" in page


def test_a_manager_lists_only_their_own_units(client, manager, org):
    client.force_login(manager)
    units = list(client.get(URL).context["form"].fields["unit"].queryset)
    assert org["oak"] in units and org["elm"] not in units
    # Asking for another unit's list by URL shows nothing of it.
    response = client.get(URL, {"unit": org["elm"].pk})
    assert response.context["form"].chosen_unit is None


def test_a_manager_cannot_see_outsiders_names_through_the_query_string(client, manager, elm_carer):
    client.force_login(manager)
    page = client.get(URL, {"people": [elm_carer.pk], "ticked": [elm_carer.pk, "x"]}).content.decode()
    assert "Elm Carer" not in page


def test_search_finds_only_people_the_user_may_record_for(client, manager, oak_staff, elm_carer):
    client.force_login(manager)
    page = client.get(SEARCH_URL, {"picker_q": "Carer", "target": "id_people"}).content.decode()
    assert "Elm Carer" not in page and "Nobody current matches" in page
    page = client.get(SEARCH_URL, {"picker_q": "Adams", "target": "id_people"}).content.decode()
    assert f'data-value="{oak_staff[0].pk}"' in page and 'data-pick-into="id_people"' in page


def test_the_form_offers_the_training_search_not_the_staff_picker(client, manager):
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert f'hx-get="{SEARCH_URL}"' in page and reverse("staff:picker") not in page


def test_nav_offers_session_and_import_by_ability(client, ld_manager, manager, director):
    session, import_url = URL, reverse("training:import")
    client.force_login(ld_manager)
    page = client.get(reverse("home")).content.decode()
    assert "Record a session" in page and session in page and "Import completions" in page
    client.force_login(manager)
    page = client.get(reverse("home")).content.decode()
    assert session in page and import_url not in page
    client.force_login(director)
    page = client.get(reverse("home")).content.decode()
    assert session not in page and import_url not in page


# --- Query counts: the page costs the same whatever the unit's size ----------------------------------


def _bulk_unit(size, org):
    role = JobRoleFactory(title="Care Assistant")
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build(org_unit=org["oak"], job_role=role) for _ in range(size)
    )


# 1 session, 2 user, 3 own staff record (workforce.middleware), 4 role groups, 5 the chosen unit,
# 6 courses, 7 the unit choices, 8 the unit's staff to tick.
SESSION_PAGE_QUERIES = {"ld_manager": 8, "manager": 8}


@pytest.mark.parametrize("actor", ["ld_manager", "manager"])
@pytest.mark.parametrize("size", [20, 500])
def test_session_page_query_count_does_not_grow_with_staff(
    client, actors, org, course, django_assert_num_queries, actor, size
):
    _bulk_unit(size, org)
    client.force_login(actors[actor])
    with django_assert_num_queries(SESSION_PAGE_QUERIES[actor]):
        response = client.get(URL, {"unit": org["oak"].pk, "course": course.pk})
    assert len(response.context["form"].fields["ticked"].choices) >= size


# Saving: the page's reads (5 fewer: no unit list shown), the chosen people, the lock, the duplicate
# check, the records, their history; the form re-validates nothing per person.
@pytest.mark.parametrize("size", [20, 200])
def test_saving_a_session_costs_the_same_for_20_or_200_people(
    client, ld_manager, org, course, django_assert_max_num_queries, size
):
    _bulk_unit(size, org)
    people = list(StaffMember.objects.filter(org_unit=org["oak"]).values_list("pk", flat=True))
    client.force_login(ld_manager)
    with django_assert_max_num_queries(20):
        response = client.post(
            URL,
            {"course": course.pk, "completed_on": DAY.isoformat(), "ticked": people, "unit": org["oak"].pk},
        )
    assert response.status_code == 302 and records(course).count() == len(people)
