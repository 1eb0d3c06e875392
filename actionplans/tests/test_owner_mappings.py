"""The remembered responsibility names page: list, change, delete (who may: test_permissions.py)."""

import datetime

import pytest
from django.urls import reverse

from actionplans.models import ResponsibilityMapping
from actionplans.tests.factories import ActionFactory, ResponsibilityMappingFactory
from workforce.tests.factories import StaffMemberFactory

LIST = reverse("actionplans:mapping_list")


def edit_url(mapping):
    return reverse("actionplans:mapping_edit", args=[mapping.pk])


def test_the_list_shows_each_name_with_its_person_and_who_confirmed_it(client, ld_manager):
    person = StaffMemberFactory(first_name="Sarah", last_name="Bennett", assignment_number="200001")
    ResponsibilityMappingFactory(written="SB", staff_member=person, confirmed_by=ld_manager)
    client.force_login(ld_manager)

    page = client.get(LIST).content.decode()

    assert "Sarah Bennett (200001)" in page and ">SB</th>" in page
    assert f"by {ld_manager.get_full_name() or ld_manager.get_username()}" in page
    assert edit_url(ResponsibilityMapping.objects.get()) in page


def test_the_list_finds_by_name_or_person(client, ld_manager):
    ResponsibilityMappingFactory(written="SB", staff_member=StaffMemberFactory(first_name="Sarah"))
    ResponsibilityMappingFactory(written="HR team", staff_member=StaffMemberFactory(first_name="Olu"))
    client.force_login(ld_manager)

    assert [m.written for m in client.get(LIST, {"q": "hr"}).context["page_obj"]] == ["HR team"]
    assert [m.written for m in client.get(LIST, {"q": "sarah"}).context["page_obj"]] == ["SB"]
    assert "No remembered name matches" in client.get(LIST, {"q": "nobody"}).content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_query_count_does_not_grow(client, ld_manager, django_assert_num_queries, size):
    ResponsibilityMappingFactory.create_batch(size, confirmed_by=ld_manager)
    client.force_login(ld_manager)
    # session, user, the user's own staff record (has their access ended? workforce.middleware),
    # the user's roles, the COUNT for the pages, the page of mappings with their people and who
    # confirmed them.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(size, 25)


def test_changing_a_name_keeps_its_history(client, ld_manager):
    mapping = ResponsibilityMappingFactory(written="SB")
    other = StaffMemberFactory(first_name="Sam", last_name="Brown")
    client.force_login(ld_manager)
    form = client.get(edit_url(mapping))
    assert form.status_code == 200 and "Change “SB”" in form.content.decode()

    response = client.post(edit_url(mapping), {"staff_member": other.pk, "version": mapping.version})

    assert response.status_code == 302 and response.url == LIST
    mapping.refresh_from_db()
    assert (mapping.staff_member, mapping.confirmed_by, mapping.version) == (other, ld_manager, 2)
    assert mapping.history.count() == 2 and mapping.history.first().history_user == ld_manager


def test_a_leaver_cannot_be_chosen(client, ld_manager):
    mapping = ResponsibilityMappingFactory(written="SB")
    leaver = StaffMemberFactory(leaving_date=datetime.date(2020, 1, 1))
    client.force_login(ld_manager)

    response = client.post(edit_url(mapping), {"staff_member": leaver.pk, "version": mapping.version})

    assert response.status_code == 400
    assert "not in post" in response.context["form"].errors["staff_member"][0]
    mapping.refresh_from_db()
    assert mapping.staff_member != leaver and mapping.version == 1


def test_a_stale_edit_is_refused_with_what_changed(client, ld_manager):
    mapping = ResponsibilityMappingFactory(written="SB")
    first, second = StaffMemberFactory(), StaffMemberFactory()
    client.force_login(ld_manager)
    client.post(edit_url(mapping), {"staff_member": first.pk, "version": 1})

    response = client.post(edit_url(mapping), {"staff_member": second.pk, "version": 1})

    assert response.status_code == 409
    mapping.refresh_from_db()
    assert mapping.staff_member == first


def test_deleting_a_name_forgets_it_but_keeps_owners(client, ld_manager):
    mapping = ResponsibilityMappingFactory(written="SB")
    action = ActionFactory(responsibility="SB")
    action.owners.add(mapping.staff_member)
    client.force_login(ld_manager)

    response = client.post(reverse("actionplans:mapping_delete", args=[mapping.pk]))

    assert response.status_code == 302 and response.url == LIST
    assert not ResponsibilityMapping.objects.exists()
    assert list(action.owners.all()) == [mapping.staff_member]
