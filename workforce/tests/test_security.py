"""Sign-in throttling, password rules, sessions after a password change, and security headers.

Throttling goes through the real login form with django-axes active, as an attacker would.
"""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from workforce.security import client_ip, permissions_policy_header
from workforce.tests.factories import PASSWORD, UserFactory


def _sign_in(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


@pytest.fixture
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return settings


# --- Throttling ------------------------------------------------------------------------------


def test_failures_below_the_limit_get_the_ordinary_message(client, mentor, throttle):
    for _ in range(2):
        response = _sign_in(client, "mentor", "wrong")
        assert response.status_code == 200
        assert "didn't match" in response.content.decode()
    assert _sign_in(client, "mentor", PASSWORD).status_code == 302


def test_repeated_failures_lock_the_username_with_a_clear_page(client, mentor, throttle):
    for _ in range(2):
        _sign_in(client, "mentor", "wrong")
    response = _sign_in(client, "mentor", "wrong")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed sign-in attempts" in content
    assert "paused for 15 minutes" in content
    assert 'href="/accounts/login/"' in content  # a way back, inside the site's layout
    assert "<title>Sign-in paused" in content

    # Even the right password, from another address, is refused while the lock lasts.
    response = _sign_in(Client(), "mentor", PASSWORD, address="10.0.0.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_repeated_failures_from_one_address_lock_that_address(client, mentor, other_mentor, throttle):
    for username in ("guess1", "guess2", "guess3"):
        _sign_in(client, username, "wrong", address="10.0.0.7")
    assert _sign_in(Client(), "other_mentor", PASSWORD, address="10.0.0.7").status_code == 429
    # Another address, and the usernames that were not guessed, are unaffected.
    assert _sign_in(Client(), "mentor", PASSWORD, address="10.0.0.8").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, mentor, throttle, monkeypatch):
    import datetime

    from axes.models import AccessAttempt

    for _ in range(3):
        _sign_in(client, "mentor", "wrong")
    assert _sign_in(client, "mentor", PASSWORD).status_code == 429
    # As if the last failure were 16 minutes old.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert _sign_in(client, "mentor", PASSWORD).status_code == 302


def test_limits_come_from_the_environment(monkeypatch):
    import importlib

    from workforce import settings as settings_module

    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", "7")
    monkeypatch.setenv("LOGIN_LOCKOUT_MINUTES", "30")
    reloaded = importlib.reload(settings_module)
    try:
        assert reloaded.AXES_FAILURE_LIMIT == 7
        assert reloaded.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
        assert reloaded.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


# --- The client address ------------------------------------------------------------------------


def _request(rf, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return rf.post("/accounts/login/", REMOTE_ADDR="10.1.1.1", **extra)


def test_forwarded_for_is_ignored_unless_behind_a_proxy(rf, settings):
    settings.BEHIND_PROXY = False
    assert client_ip(_request(rf, "203.0.113.9")) == "10.1.1.1"


def test_behind_a_proxy_the_address_the_proxy_saw_counts(rf, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real one.
    assert client_ip(_request(rf, "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request(rf)) == "10.1.1.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(rf, "198.51.100.1, 203.0.113.9, 10.2.2.2")) == "203.0.113.9"


def test_forged_forwarded_for_does_not_escape_the_lock(client, mentor, throttle):
    throttle.BEHIND_PROXY = True
    for fake in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _sign_in(client, "guess", "wrong", HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.9")
    response = _sign_in(client, "mentor", PASSWORD, HTTP_X_FORWARDED_FOR="4.4.4.4, 203.0.113.9")
    assert response.status_code == 429


# --- Passwords and sessions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("short-pass1", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_password_rules(db, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert message in " ".join(refused.value.messages)


def test_password_like_the_username_is_refused(db):
    user = UserFactory(username="maryanne.jones", first_name="Maryanne", last_name="Jones")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("maryanne.jones", user)


def test_the_change_password_page_shows_the_rule_next_to_the_field(client, mentor):
    client.force_login(mentor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "tiny-pw1", "new_password2": "tiny-pw1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.check_password(PASSWORD)


def test_changing_the_password_ends_the_other_sessions(mentor):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        assert _sign_in(browser, "mentor", PASSWORD).status_code == 302
        assert browser.get(reverse("home")).status_code == 200

    new = "a-new-long-passphrase-1"
    response = here.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302

    assert here.get(reverse("home")).status_code == 200  # the browser that changed it stays in
    response = elsewhere.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Headers ----------------------------------------------------------------------------------------


def test_a_real_page_carries_the_security_headers(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split("; ")
    }
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_the_login_page_and_health_carry_them_too(client, db):
    for url in (reverse("login"), reverse("health")):
        response = client.get(url)
        assert "Content-Security-Policy" in response
        assert "Permissions-Policy" in response


def test_pages_have_no_inline_script_or_style(client, ld_manager):
    client.force_login(ld_manager)
    for name in ("home", "staff:list", "catalogue:orgunit_list", "actionplans:my_actions", "password_change"):
        content = client.get(reverse(name)).content.decode()
        assert "<script>" not in content and " style=" not in content, name


def test_permissions_policy_syntax():
    assert permissions_policy_header({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"
