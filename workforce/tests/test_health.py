"""/health/: up/down for anyone, details for L&D managers, superusers and HEALTH_TOKEN holders."""

import pytest
from django.urls import reverse

from workforce.views import health as health_view

TOKEN = "s3cret-monitor-token-0123456789"


@pytest.fixture
def no_task_sent(monkeypatch):
    """Fails the test if the view enqueues the ping task (or runs it eagerly)."""
    sent = []
    monkeypatch.setattr(health_view.ping, "delay", lambda *args, **kwargs: sent.append(args))
    yield
    assert sent == [], "an anonymous health check enqueued a task"


def _break(monkeypatch, name, table="CHECKS"):
    def broken():
        raise RuntimeError("connection refused by db.internal:5432")

    monkeypatch.setitem(getattr(health_view, table), name, broken)


def test_anonymous_callers_get_only_up(client, db, no_task_sent):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_anonymous_callers_get_only_down_without_the_reason(client, db, monkeypatch):
    _break(monkeypatch, "database", "ANONYMOUS_CHECKS")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "failed"}
    assert b"db.internal" not in response.content


def test_signed_in_without_the_role_gets_no_details(client, mentor, monkeypatch):
    _break(monkeypatch, "cache", "ANONYMOUS_CHECKS")
    client.force_login(mentor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "failed"}


@pytest.mark.parametrize("who", ["ld_manager", "superuser"])
def test_ld_managers_and_superusers_get_every_check(client, db, request, settings, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("health"))
    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "celery"}
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert response.status_code == 200
        assert body == {"status": "ok", "failed": [], "checks": body["checks"]}


def test_details_name_what_failed_and_why(client, ld_manager, monkeypatch):
    _break(monkeypatch, "database")
    client.force_login(ld_manager)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert "database" in body["failed"]
    assert body["checks"]["database"] == "failed: RuntimeError: connection refused by db.internal:5432"


def test_the_token_from_the_environment_gets_details(client, db, settings):
    settings.HEALTH_TOKEN = TOKEN
    response = client.get(reverse("health"), headers={"Authorization": f"Bearer {TOKEN}"})
    assert set(response.json()["checks"]) == {"database", "cache", "celery"}


@pytest.mark.parametrize(
    "configured, header",
    [
        (TOKEN, f"Bearer {TOKEN}x"),  # wrong token
        (TOKEN, f"Basic {TOKEN}"),  # wrong scheme
        (TOKEN, "Bearer "),  # no token
        ("", "Bearer "),  # no token configured: an empty one must not match
    ],
)
def test_a_wrong_or_missing_token_gets_only_the_status(
    client, db, settings, no_task_sent, configured, header
):
    settings.HEALTH_TOKEN = configured
    response = client.get(reverse("health"), headers={"Authorization": header})
    assert response.json() == {"status": "ok"}


def test_anonymous_with_real_redis_and_no_worker_is_up_and_sends_nothing(
    client, db, redis_settings, no_task_sent
):
    """Broker reachable is enough for anonymous callers: no task, no worker broadcast."""
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_names_the_missing_worker(client, db, redis_settings):
    """Real Redis, no worker running: 503 naming celery, while database and cache answer."""
    redis_settings.HEALTH_TOKEN = TOKEN
    response = client.get(reverse("health"), headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["celery"]
    assert body["checks"]["cache"] == "ok"
    assert "no Celery worker answered" in body["checks"]["celery"]


@pytest.mark.celery_worker
def test_health_is_green_with_a_real_worker(client, celery_worker_process, settings):
    settings.HEALTH_TOKEN = TOKEN
    response = client.get(reverse("health"), headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["celery"] == "ok"
