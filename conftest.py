"""Canonical actors and a small organisation, shared by every app's tests.

The organisation: Northshire Care Group > North Region > Oak House
                                        > South Region > Elm Court
Actors (each a login linked to a staff record, except the superuser):
  ld_manager (L&D manager), director, manager (Home Manager of Oak House),
  other_manager (Home Manager of Elm Court), mentor, other_mentor, action_owner.
"""

import pytest

from workforce.permissions import Role
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.2 s a login; tests create many users and test no hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def demo_without_board_pack(settings):
    # load_demo renders a board pack (about a minute); tests of the demo that want it turn it on.
    settings.DEMO_BOARD_PACK = False


@pytest.fixture(autouse=True)
def figures_worked_out_in_full(settings):
    # A page works out stored indicator figures for up to INDICATOR_INLINE_SECONDS and leaves the
    # rest to the background: tests want the same figures on a slow machine as on a fast one. The
    # budget's own tests (workforce/tests/test_figure_store.py) set it to 0.
    settings.INDICATOR_INLINE_SECONDS = 3600


@pytest.fixture
def org(db):
    from workforce.models import OrgUnit

    group = OrgUnitFactory(name="Northshire Care Group", kind=OrgUnit.Kind.ORGANISATION)
    north = OrgUnitFactory(name="North Region", kind=OrgUnit.Kind.REGION, parent=group)
    south = OrgUnitFactory(name="South Region", kind=OrgUnit.Kind.REGION, parent=group)
    oak = OrgUnitFactory(name="Oak House", kind=OrgUnit.Kind.HOME, parent=north)
    elm = OrgUnitFactory(name="Elm Court", kind=OrgUnit.Kind.HOME, parent=south)
    return {"group": group, "north": north, "south": south, "oak": oak, "elm": elm}


# Fixed names (no apostrophes, initials no sample plan uses) keep assertions on pages exact.
ACTOR_NAMES = {
    "ld": ("Lena", "Dawes"),
    "director": ("Dara", "Quinn"),
    "manager": ("Maya", "Hart"),
    "other_manager": ("Owen", "Vance"),
    "mentor": ("Nia", "Evans"),
    "other_mentor": ("Uma", "Lowe"),
    "owner": ("Ola", "Wood"),
    "leaver": ("Lou", "Reid"),
    "archived_user": ("Ari", "Cole"),
    "supervisor": ("Sam", "Price"),
    "life_coach": ("Lia", "Moss"),
}


def _actor(username, roles, unit, title, **staff_fields):
    first_name, last_name = ACTOR_NAMES[username]
    user = UserFactory(username=username, roles=roles, first_name=first_name, last_name=last_name)
    StaffMemberFactory(
        user=user,
        org_unit=unit,
        job_role=JobRoleFactory(title=title),
        first_name=user.first_name,
        last_name=user.last_name,
        **staff_fields,
    )
    return user


@pytest.fixture
def ld_manager(org):
    return _actor("ld", [Role.LD_MANAGER], org["group"], "Head of Learning and Development")


@pytest.fixture
def director(org):
    return _actor("director", [Role.DIRECTOR], org["group"], "Director of Workforce")


@pytest.fixture
def manager(org):
    return _actor("manager", [Role.MANAGER], org["oak"], "Home Manager")


@pytest.fixture
def other_manager(org):
    return _actor("other_manager", [Role.MANAGER], org["elm"], "Home Manager")


@pytest.fixture
def mentor(org):
    return _actor("mentor", [Role.MENTOR], org["north"], "Regional Training Officer")


@pytest.fixture
def other_mentor(org):
    return _actor("other_mentor", [Role.MENTOR], org["south"], "Regional Training Officer")


@pytest.fixture
def supervisor(org):
    """A placement supervisor: no role, a login, a care worker at Oak House (traineeships)."""
    return _actor("supervisor", [], org["oak"], "Senior Care Worker")


@pytest.fixture
def life_coach(org):
    """A life coach: no role, a login, working across the group (traineeships)."""
    return _actor("life_coach", [], org["group"], "Life Coach")


@pytest.fixture
def action_owner(org):
    return _actor("owner", [Role.ACTION_OWNER], org["oak"], "Deputy Manager")


@pytest.fixture
def leaver(org):
    """An ex-Deputy Manager of Oak House, a Manager by role, who left last month. Their login is
    still active (nothing deactivated it), so only the leaving date stands between them and Oak House."""
    import datetime

    left = datetime.date.today() - datetime.timedelta(days=30)
    return _actor(
        "leaver",
        [Role.MANAGER],
        org["oak"],
        "Former Deputy Manager",
        leaving_date=left,
        leaving_reason="Resigned",
    )


@pytest.fixture
def archived_user(org):
    """An L&D manager whose staff record was archived (login still active)."""
    return _actor("archived_user", [Role.LD_MANAGER], org["group"], "Former L&D Officer", is_archived=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def actors(ld_manager, director, manager, other_manager, mentor, other_mentor, action_owner):
    """Every role at once, keyed by name; permission matrices iterate over it."""
    return {
        "ld_manager": ld_manager,
        "director": director,
        "manager": manager,
        "other_manager": other_manager,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "action_owner": action_owner,
    }


def _require_redis():
    """Redis-backed tests run wherever REDIS_URL is set; in CI its absence is a failure, not a skip."""
    import os

    from django.conf import settings

    if not settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL must be set in CI: the Celery and cache tests need a real Redis")
        pytest.skip("needs REDIS_URL (a real Redis); .ci/run sets it")


@pytest.fixture
def redis_settings(settings):
    """Real Redis as broker/cache for this test, with tasks sent to workers rather than run inline."""
    _require_redis()
    from workforce.celery import app as celery_app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    yield settings
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def eager_celery(settings):
    """Tasks run inline, as on a laptop without REDIS_URL, even when the suite runs with Redis."""
    from workforce.celery import app as celery_app

    before = celery_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    yield settings
    celery_app.conf.task_always_eager = before


@pytest.fixture
def celery_worker_process(redis_settings, transactional_db):
    """A real `celery -A workforce worker` subprocess on the test database and the test Redis.

    Function-scoped and stopped by pid at the end; waits for `inspect ping` with a deadline.
    """
    import os
    import subprocess
    import sys
    import time

    from django.db import connection

    from workforce.celery import app as celery_app

    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a worker process needs a database it can share: run with DATABASE_URL (PostgreSQL)")
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    celery_app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workforce",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "warning",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not celery_app.control.ping(timeout=0.5):
            if worker.poll() is not None:
                pytest.fail(f"the Celery worker exited with code {worker.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("the Celery worker did not answer ping within 30 s")
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
