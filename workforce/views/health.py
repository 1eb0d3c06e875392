"""/health/: does the database, the cache/broker and at least one Celery worker answer?"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from workforce.celery import app as celery_app
from workforce.tasks import ping

WORKER_TIMEOUT_SECONDS = 3.0


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return "ok"


def _check_worker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        ping.delay().get()
        return "ok (eager: tasks run in the web process, no broker configured)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
    if not celery_app.control.ping(timeout=1.0):
        raise RuntimeError("no Celery worker answered")
    result = ping.delay()
    try:
        answer = result.get(timeout=WORKER_TIMEOUT_SECONDS)
    finally:
        result.forget()
    if answer != "pong":
        raise RuntimeError(f"unexpected answer {answer!r}")
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "celery": _check_worker}


@never_cache
def health(request):
    report, failed = {}, []
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # any failure is reported, never raised: this is the health page
            report[name] = f"failed: {exc.__class__.__name__}: {exc}"
            failed.append(name)
    return JsonResponse(
        {"status": "ok" if not failed else "failed", "failed": failed, "checks": report},
        status=200 if not failed else 503,
    )
