import pytest
from django.urls import reverse


def test_health_reports_every_check(client, db, settings):
    response = client.get(reverse("health"))
    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "celery"}
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert response.status_code == 200
        assert body["status"] == "ok"


def test_health_names_the_missing_worker(client, db, redis_settings):
    """Real Redis, no worker running: 503 naming celery, while database and cache answer."""
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["celery"]
    assert body["checks"]["cache"] == "ok"
    assert "no Celery worker answered" in body["checks"]["celery"]


def test_health_names_an_unreachable_database(client, db, monkeypatch):
    from workforce.views import health

    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "database" in response.json()["failed"]


@pytest.mark.celery_worker
def test_health_is_green_with_a_real_worker(client, celery_worker_process):
    response = client.get(reverse("health"))
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["celery"] == "ok"
