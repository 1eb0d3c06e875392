"""/health/: do the database, the cache, the broker and a Celery worker answer?

Two audiences. A load balancer or uptime monitor calling anonymously gets only
{"status": "ok"} (200) or {"status": "failed"} (503) from the cheap checks: a database query,
a cache round trip and a broker connection. Nothing is enqueued for it, so hammering the URL
cannot flood the workers, and nothing about the infrastructure leaks.

The people who run the service get the full check, which also sends a ping task through a
worker, and every check's result with the reason it failed: signed-in L&D managers and
superusers, or a monitor sending `Authorization: Bearer <HEALTH_TOKEN>`.
"""

import hmac
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from workforce.celery import app as celery_app
from workforce.permissions import Role, has_role
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


def _check_broker() -> str:
    """Connect to the broker without sending anything (the anonymous check of Celery)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (eager: no broker configured)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
    return "ok"


def _check_worker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        ping.delay().get()
        return "ok (eager: tasks run in the web process, no broker configured)"
    _check_broker()
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


# The full check, for those allowed the details; the anonymous one swaps the worker round trip
# for a bare broker connection.
CHECKS = {"database": _check_database, "cache": _check_cache, "celery": _check_worker}
ANONYMOUS_CHECKS = {"database": _check_database, "cache": _check_cache, "celery": _check_broker}


def may_see_details(request) -> bool:
    """L&D managers and superusers signed in, or a caller presenting HEALTH_TOKEN."""
    user = request.user
    if user.is_authenticated and (user.is_superuser or has_role(user, Role.LD_MANAGER)):
        return True
    token = settings.HEALTH_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer" or not presented:
        return False
    # Constant time, so response timing does not reveal how much of a guess was right.
    return hmac.compare_digest(presented.strip().encode(), token.encode())


def run_checks(checks) -> tuple[dict[str, str], list[str]]:
    report, failed = {}, []
    for name, check in checks.items():
        try:
            report[name] = check()
        except Exception as exc:  # any failure is reported, never raised: this is the health page
            report[name] = f"failed: {exc.__class__.__name__}: {exc}"
            failed.append(name)
    return report, failed


@never_cache
def health(request):
    detailed = may_see_details(request)
    report, failed = run_checks(CHECKS if detailed else ANONYMOUS_CHECKS)
    body = {"status": "ok" if not failed else "failed"}
    if detailed:
        body.update(failed=failed, checks=report)
    return JsonResponse(body, status=200 if not failed else 503)
