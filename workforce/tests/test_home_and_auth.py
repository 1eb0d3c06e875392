import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workforce.tests.factories import PASSWORD


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_then_home_shows_roles(client, ld_manager):
    response = client.post(reverse("login"), {"username": "ld", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert b"My work" in response.content
    assert b"L&amp;D manager" in response.content


def test_wrong_password_is_refused_with_a_message(client, ld_manager):
    response = client.post(reverse("login"), {"username": "ld", "password": "nope"})
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode() or "didn't match" in response.content.decode()


@pytest.mark.parametrize("actor", ["ld_manager", "director", "manager", "mentor", "action_owner"])
def test_every_role_has_a_home_page(client, actors, actor):
    client.force_login(actors[actor])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'href="#main"' in response.content  # skip link


def test_manager_home_lists_their_team(client, manager, org):
    from workforce.tests.factories import StaffMemberFactory

    StaffMemberFactory(first_name="Zainab", last_name="Oak", org_unit=org["oak"])
    StaffMemberFactory(first_name="Yusuf", last_name="Elm", org_unit=org["elm"])
    client.force_login(manager)
    content = client.get(reverse("home")).content.decode()
    assert "Zainab Oak" in content and "Yusuf Elm" not in content


def test_password_change_page(client, mentor):
    client.force_login(mentor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-1",
            "new_password2": "a-new-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.check_password("a-new-long-passphrase-1")


def test_logout_needs_post_and_ends_session(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_session_expires_after_inactivity(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_is_not_saved_again_within_a_minute_of_its_last_save(client, mentor):
    client.force_login(mentor)
    signed_in_until = _expiry(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries.captured_queries)
    assert _expiry(client) == signed_in_until


def test_session_idle_end_moves_on_once_its_last_save_is_a_minute_old(client, mentor, settings):
    from workforce.middleware import SessionRefreshMiddleware

    client.force_login(mentor)
    session = client.session
    session[SessionRefreshMiddleware.KEY] -= settings.SESSION_REFRESH_SECONDS
    session.save()
    # Saved a few seconds ago: the end it had, pushed back to a full idle period from now.
    Session = type(session).get_model_class()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 90)
    )
    before = _expiry(client)
    assert client.get(reverse("home")).status_code == 200
    assert _expiry(client) > before + datetime.timedelta(seconds=60)
    # ...and the next page does not save it again.
    after = _expiry(client)
    client.get(reverse("home"))
    assert _expiry(client) == after


def test_an_anonymous_visit_creates_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    assert not Session.objects.exists()


@pytest.mark.parametrize("app", ["pathways", "actionplans", "traineeships", "reports"])
def test_app_landing_pages(client, mentor, app):
    client.force_login(mentor)
    assert client.get(reverse(f"{app}:index")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "staff:list",
        "catalogue:orgunit_list",
        "actionplans:index",
        "actionplans:my_actions",
        "pathways:index",
    ],
)
def test_an_htmx_request_after_the_session_ends_loads_the_login_page_whole(client, db, url_name):
    """One decorator for every app: an expired session in an htmx panel is not swapped into it."""
    url = reverse(url_name)
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{url}")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={url}"
    plain = client.get(url)
    assert plain.status_code == 302 and plain["Location"] == f"{reverse('login')}?next={url}"
