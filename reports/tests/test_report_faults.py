"""Faults with real processes: a Celery worker killed (SIGKILL) while it renders a board pack, and
Redis stopped while a report is asked for. Each starts its own worker (and, for the Redis case, its
own redis-server on a free loopback port), bounded by deadlines, and stops them by pid.

The worker is held mid-render by RUN_TEST_PAUSE_STAGE/RUN_TEST_PAUSE_SECONDS (settings.py: a
test-only pause at a progress point of the real job, refused by the deploy checks), so the kill
lands part-way through every time rather than by luck."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from reports.tests import test_report_worker
from reports.tests.test_report_worker import downloaded, wait_until_made
from workforce.runs import BackgroundRun, progress_key

# The real-worker test's fixtures: one media folder shared with the worker, the role groups.
shared_media = test_report_worker.shared_media
role_groups = test_report_worker.role_groups

pytestmark = pytest.mark.celery_worker

# Short enough for a test, the same rules as production (settings.py): the worker touches the run
# every second and a run silent for 4 s counts as lost.
RECOVERY_ENV = {"RUN_HEARTBEAT_SECONDS": "1", "RUN_LOST_AFTER_SECONDS": "4"}
PAUSED_RENDER_ENV = {"RUN_TEST_PAUSE_STAGE": "Rendering pages", "RUN_TEST_PAUSE_SECONDS": "120"}


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.2)
    return value


@contextmanager
def worker(redis_url: str, **extra_env):
    """A real `celery -A workforce worker` on the test database; stopped (or found killed) at the end."""
    from workforce.celery import app as celery_app

    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a worker process needs a database it can share: run with DATABASE_URL (PostgreSQL)")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **RECOVERY_ENV,
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workforce", "worker", "--pool=solo", "--concurrency=1"]
        + ["-l", "warning", "--hostname", f"faults-{os.getpid()}-{time.monotonic_ns()}@%h"],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not celery_app.control.ping(timeout=0.5):
            assert process.poll() is None, f"the Celery worker exited with code {process.returncode}"
            assert time.monotonic() < deadline, "the Celery worker did not answer ping within 30 s"
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def clean_redis_db(redis_settings):
    """This test's Redis database, empty before and after: a killed worker leaves its message
    unacknowledged there."""
    client = redis.Redis.from_url(redis_settings.REDIS_URL)
    client.flushdb()
    yield redis_settings.REDIS_URL
    client.flushdb()


def test_a_worker_killed_mid_render_leaves_a_board_pack_that_a_restarted_worker_finishes(
    shared_media, clean_redis_db, role_groups, transactional_db, client, director, board_plan
):
    today = timezone.localdate()
    client.force_login(director)
    with worker(clean_redis_db, **PAUSED_RENDER_ENV) as first:
        response = client.post(
            reverse("reports:request", args=["board_pack"]),
            {
                "plans": [board_plan.pk],
                "period_start": today.replace(day=1).isoformat(),
                "period_end": today.isoformat(),
                "indicators": ["workforce.turnover"],
            },
        )
        pack = BackgroundRun.objects.get(kind="reports.board_pack")
        assert response.url == reverse("reports:run", args=[pack.pk])

        def stage():
            return (cache.get(progress_key(pack.pk)) or {}).get("stage")

        wait_for(lambda: stage() == "Rendering pages", "the render reaching its pages")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)

    pack.refresh_from_db()
    assert pack.status == BackgroundRun.Status.RUNNING and pack.attempts == 1
    assert not (shared_media / "runs" / str(pack.pk)).exists()  # nothing written part-way

    # A worker started again (as systemd would) sweeps at start and once the run counts as lost.
    with worker(clean_redis_db):
        status = wait_until_made(client, response.url)

    pack.refresh_from_db()
    assert pack.status == BackgroundRun.Status.DONE, pack.error
    assert pack.attempts == 2  # the killed attempt and the one that finished
    assert f"The report is ready: {pack.output_pages} pages." in status
    assert sorted(p.name for p in (shared_media / "runs" / str(pack.pk)).iterdir()) == ["output.pdf"]
    reader, text = downloaded(client, pack)
    assert reader.metadata.title.startswith("Board pack")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this test's own on a free loopback port, started and stopped at will."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, "redis-server answering", 20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, redis_settings):
    """The app in this process (cache, broker) pointed at a Redis of the test's own, put back after."""
    from workforce.celery import app as celery_app

    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    before = (celery_app.conf.broker_url, celery_app.conf.result_backend)

    def point_at(url):
        celery_app.conf.broker_url, celery_app.conf.result_backend = url
        # kombu keeps one connection pool per broker in a registry of its own: closing the app's
        # pool alone would leave a closed pool there, handed back for the original broker
        # afterwards ("Acquire on closed pool" in every later test). reset() closes and forgets all.
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    redis_settings.REDIS_URL = server.url
    redis_settings.CACHES = {
        "default": {**redis_settings.CACHES["default"], "LOCATION": server.url}
    }  # the settings fixture resets the cache handler
    point_at((server.url, server.url))
    try:
        yield server
    finally:
        point_at(before)
        server.stop()


def test_with_redis_stopped_pages_render_and_a_report_asked_for_is_kept_until_it_is_back(
    own_redis, shared_media, role_groups, transactional_db, client, director, board_plan
):
    today = timezone.localdate()
    client.force_login(director)
    own_redis.stop()

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("reports:index")).status_code == 200
    asked = time.monotonic()
    response = client.post(
        reverse("reports:request", args=["board_progress"]),
        {
            "plan": board_plan.pk,
            "period_start": today.replace(day=1).isoformat(),
            "period_end": today.isoformat(),
        },
    )
    # A hang guard, not a timing: publishing gives up after its bounded retries (settings.py).
    assert time.monotonic() - asked < 15
    run = BackgroundRun.objects.get()
    assert response.url == reverse("reports:run", args=[run.pk])
    assert run.status == BackgroundRun.Status.QUEUED and run.seen_at is None
    page = client.get(response.url).content.decode()
    assert "Reports are unavailable right now. Your request is kept" in page

    own_redis.start()  # empty: whatever was in it is gone, as after a real restart
    with worker(own_redis.url):
        status = wait_until_made(client, response.url)

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.DONE, run.error
    assert "Download the PDF" in status
    downloaded(client, run)
