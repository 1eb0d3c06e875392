"""A login whose staff record has left, or is archived, sees nothing but "Your access has ended".

The leaver (an ex-Deputy Manager of Oak House, Manager by role) would see Oak House's staff, the
plans and their own actions; once their leaving date passes, every main page is the ended page.
"""

import datetime

import pytest
from django.urls import reverse

from actionplans.tests.factories import ActionFactory
from workforce import permissions
from workforce.models import StaffMember
from workforce.tests.factories import StaffMemberFactory

ENDED = "Your access has ended"


@pytest.fixture
def world(org, leaver):
    carer = StaffMemberFactory(first_name="Amira", last_name="Khan", org_unit=org["oak"])
    action = ActionFactory(description="Recruit two trainee nursing associates")
    action.owners.add(leaver.staff_member)
    return {"carer": carer, "action": action}


# page -> (url, text the page shows the leaver's role when their access has not ended)
def pages(world):
    return {
        "home": (reverse("home"), "My work"),
        "staff list": (reverse("staff:list"), "Khan"),
        "staff detail": (world["carer"].get_absolute_url(), "Amira Khan"),
        "catalogue": (reverse("catalogue:orgunit_list"), "Oak House"),
        "action plans": (reverse("actionplans:index"), world["action"].plan.title),
        "my actions": (reverse("actionplans:my_actions"), "Recruit two trainee nursing associates"),
    }


PAGES = ["home", "staff list", "staff detail", "catalogue", "action plans", "my actions"]


@pytest.mark.parametrize("page", PAGES)
def test_a_leaver_sees_only_the_ended_page(client, leaver, world, page):
    url, data = pages(world)[page]
    client.force_login(leaver)

    response = client.get(url)

    assert response.status_code == 403
    html = response.content.decode()
    assert ENDED in html and "left on" in html and "L&amp;D" in html
    assert data not in html.replace(ENDED, "")
    assert 'aria-label="Main"' in html and "navbar-nav" not in html  # no navigation


@pytest.mark.parametrize("page", PAGES)
def test_the_same_pages_show_data_while_access_lasts(client, leaver, world, page):
    StaffMember.objects.filter(user=leaver).update(
        leaving_date=datetime.date.today() + datetime.timedelta(days=1)
    )
    url, data = pages(world)[page]
    client.force_login(leaver)

    response = client.get(url)

    assert response.status_code == 200
    assert data in response.content.decode() and ENDED not in response.content.decode()


@pytest.mark.parametrize("page", ["home", "staff list", "catalogue"])
def test_an_archived_record_ends_access_too(client, archived_user, world, page):
    client.force_login(archived_user)
    response = client.get(pages(world)[page][0])
    assert response.status_code == 403
    assert "has been archived" in response.content.decode()


def test_the_leaving_day_itself_ends_access(client, leaver, world):
    StaffMember.objects.filter(user=leaver).update(leaving_date=datetime.date.today())
    client.force_login(leaver)
    assert client.get(reverse("home")).status_code == 403


def test_a_leaver_can_still_sign_out_but_not_change_password(client, leaver):
    client.force_login(leaver)
    assert client.get(reverse("password_change")).status_code == 403
    response = client.post(reverse("logout"))
    assert response.status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_htmx_and_export_requests_are_refused_too(client, leaver, world):
    client.force_login(leaver)
    assert client.get(reverse("staff:list"), headers={"HX-Request": "true"}).status_code == 403
    assert client.get(reverse("staff:export"), {"format": "csv"}).status_code == 403


def test_a_leaver_has_no_roles_abilities_or_scope_even_past_the_middleware(leaver, archived_user, world):
    # Defence in depth: a view reached without the middleware still shows nothing.
    for user in (leaver, archived_user):
        assert permissions.own_staff_record(user) is None
        assert not permissions.has_role(user, permissions.Role.MANAGER)
        assert not permissions.can(user, "staff.export") and not permissions.can(user, "staff.view_all")
        assert not StaffMember.objects.visible_to(user).exists()
    assert permissions.linked_staff_record(leaver).full_name == "Lou Reid"


def test_superusers_and_people_without_a_record_are_not_leavers(client, superuser, db):
    StaffMemberFactory(user=superuser, leaving_date=datetime.date(2020, 1, 1))
    client.force_login(superuser)
    assert client.get(reverse("home")).status_code == 200
    assert not permissions.access_ended(superuser)


def test_the_check_costs_one_query_that_the_pages_reuse(client, leaver, world, django_assert_num_queries):
    client.force_login(leaver)
    # session, user, the staff record; the navigation's role names (read by the context processor,
    # though the page shows none). No page query runs.
    with django_assert_num_queries(4):
        assert client.get(reverse("staff:list")).status_code == 403
