"""What bench/multinode.py does on its machines (bench/multinode_infra.py): the release step, the
processes each host runs, and the journey across the nodes (bench/multinode_browser.py) with a
check at each step (bench/multinode_report.py)."""

from __future__ import annotations

import datetime
import hashlib
import html
import io
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

from bench.multinode_browser import SITE_HOST, Browser
from bench.multinode_infra import HOST_ADDRESS, HOSTS, PG_PORT, REDIS_PORT, REPO, WEB_PORT, Run, sh
from bench.multinode_report import Report

DB_NAME = "talentladder"
BIN = Path(sys.executable).parent
PYTHON = str(Path(sys.executable))
WEB_A, WEB_B, WORKER = HOSTS
PLAN_TITLE = "Multinode check plan"


# --- the release step and the processes ----------------------------------------------------------


class Deployment:
    """Settings every process shares (one SECRET_KEY, one database, one Redis) and each one's own."""

    def __init__(self, run: Run):
        self.run = run
        self.secret_key = secrets.token_urlsafe(50)
        self.password = secrets.token_urlsafe(16)

    def env(self, process: str) -> dict[str, str]:
        media = self.run.folder / f"media-{process}"  # the node's own disk, which must stay empty
        media.mkdir(exist_ok=True)
        return {
            "PATH": f"{BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(self.run.folder),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "DJANGO_SETTINGS_MODULE": "workforce.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": SITE_HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{SITE_HOST}",
            "SITE_URL": f"https://{SITE_HOST}",
            "BEHIND_PROXY": "1",
            "DATABASE_URL": f"postgres://postgres@{HOST_ADDRESS}:{PG_PORT}/{DB_NAME}",
            "REDIS_URL": f"redis://{HOST_ADDRESS}:{REDIS_PORT}/0",
            "FILE_STORAGE": "database",
            "MEDIA_ROOT": str(media),
            "STATIC_ROOT": str(self.run.folder / f"static-{process}"),
            "LOG_LEVEL": "WARNING",
            "DEMO_BOARD_PACK": "0",
            "MULTINODE_PASSWORD": self.password,
        }

    def manage(self, process: str, *args: str, netns: str = "", timeout: float = 120) -> str:
        prefix = ("ip", "netns", "exec", netns) if netns else ()
        done = sh(
            *prefix,
            PYTHON,
            "manage.py",
            *args,
            env=self.env(process),
            cwd=REPO,
            timeout=min(timeout, self.run.left()),
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} ({process}) failed: {done.stderr[-1500:]}")
        return done.stdout


SEED = """
import os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from workforce.models import JobRole, OrgUnit, StaffGroup, StaffMember
from workforce.permissions import Role
trust = OrgUnit.objects.create(name="Northshire NHS Trust", kind=OrgUnit.Kind.ORGANISATION)
user = get_user_model().objects.create_user(
    "ld", password=os.environ["MULTINODE_PASSWORD"], first_name="Lena", last_name="Dawes")
user.groups.add(Group.objects.get(name=Role.LD_MANAGER))
role = JobRole.objects.create(
    title="Head of Learning and Development", staff_group=StaffGroup.MANAGEMENT)
StaffMember.objects.create(first_name="Lena", last_name="Dawes", assignment_number="MN0001", org_unit=trust,
                           job_role=role, user=user)
"""


def release(run: Run, deploy: Deployment, report: Report) -> None:
    """What a deployment's release job does once: the database's schema and first data, and the
    static files built (each web node gets its own copy, as each machine would)."""
    import psycopg2
    import redis

    run.make_network()
    run.start_postgres()
    run.start_redis()
    pg = {"host": HOST_ADDRESS, "port": PG_PORT, "user": "postgres", "connect_timeout": 3}
    run.wait_for(
        "PostgreSQL",
        lambda: psycopg2.connect(dbname="postgres", **pg).close() or True,
        seconds=60,
        processes=("postgres",),
    )
    connection = psycopg2.connect(dbname="postgres", **pg)
    connection.autocommit = True
    connection.cursor().execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()
    run.wait_for(
        "Redis",
        lambda: redis.Redis(HOST_ADDRESS, REDIS_PORT, socket_timeout=2).ping(),
        seconds=30,
        processes=("redis",),
    )
    started = time.monotonic()
    # Static files need no database: built while the schema is made.
    run.start(
        "collectstatic",
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=deploy.env("release"),
    )
    deploy.manage("release", "migrate", "--noinput", timeout=400)
    report.timings["migrate"] = time.monotonic() - started
    deploy.manage("release", "shell", "-c", SEED)
    run.wait_for("collectstatic", lambda: run.processes["collectstatic"].poll() is not None, seconds=120)
    if run.processes["collectstatic"].returncode != 0:
        raise RuntimeError(f"collectstatic failed: {run.log_tail('collectstatic')}")
    built = run.folder / "static-release"
    for host in (WEB_A, WEB_B):
        shutil.copytree(built, run.folder / f"static-{host.name}")
    report.timings["release (migrate, first data, static files)"] = time.monotonic() - started
    report.hosts.append(
        (
            "host end",
            HOST_ADDRESS,
            f"PostgreSQL (scratch cluster, port {PG_PORT}), Redis (port {REDIS_PORT}), the release step",
        )
    )


def start_nodes(run: Run, deploy: Deployment, report: Report) -> None:
    for host in (WEB_A, WEB_B):
        run.start(
            host.name,
            [
                str(BIN / "gunicorn"),
                "workforce.wsgi",
                "--bind",
                f"{host.address}:{WEB_PORT}",
                "--workers",
                "2",
                "--timeout",
                "120",
                "--graceful-timeout",  # stopping idle nodes need not wait gunicorn's 30 s
                "5",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
            ],
            env=deploy.env(host.name),
            netns=host.netns,
        )
        report.hosts.append(
            (
                host.name,
                host.address,
                f"gunicorn, 2 workers, DEBUG=0, netns {host.netns}, MEDIA_ROOT of its own",
            )
        )
    run.start(
        WORKER.name,
        [
            str(BIN / "celery"),
            "-A",
            "workforce",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "info",
            "-n",
            f"worker@{WORKER.netns}",
            "--without-mingle",
            "--without-gossip",
        ],
        env=deploy.env(WORKER.name),
        netns=WORKER.netns,
    )
    report.hosts.append(
        (
            WORKER.name,
            WORKER.address,
            f"Celery worker (solo pool), netns {WORKER.netns}, MEDIA_ROOT of its own",
        )
    )
    started = time.monotonic()
    probe = Browser()
    for host in (WEB_A, WEB_B):
        run.wait_for(
            f"gunicorn on {host.name}",
            lambda h=host: probe.get(h, "/accounts/login/").status == 200,
            seconds=90,
            processes=(host.name,),
        )
    run.wait_for(
        "the Celery worker",
        lambda: " ready." in run.logs[WORKER.name].read_text(errors="replace"),
        seconds=90,
        processes=(WORKER.name,),
    )
    report.timings["nodes up"] = time.monotonic() - started


# --- the journey ---------------------------------------------------------------------------------


def journey(run: Run, report: Report) -> None:
    deploy = Deployment(run)
    release(run, deploy, report)
    start_nodes(run, deploy, report)
    # The nodes reach the database and Redis, never each other's disks, and nothing else: the
    # host end is the only address they are given.
    report.check(
        "namespaces are separate hosts",
        _separate(run),
        "each node has only lo and its veth, "
        f"addresses {', '.join(h.address for h in HOSTS)} on {HOST_ADDRESS[:-2]}.0/24",
    )
    browser = Browser()
    started = time.monotonic()

    login = browser.get(WEB_A, "/accounts/login/")
    signed_in = browser.submit(
        WEB_A, login, "/accounts/login/", "username", username="ld", password=deploy.password
    )
    home_b = browser.get(WEB_B, "/")
    report.check(
        "session across nodes",
        signed_in.status == 302 and home_b.status == 200 and "Lena Dawes" in home_b.text,
        f"signed in on web-a ({signed_in.status}), web-b's home page knows Lena Dawes ({home_b.status})",
    )

    form = browser.get(WEB_A, "/action-plans/add/")
    year = datetime.date.today().year
    added = browser.submit(
        WEB_A,
        form,
        "/action-plans/add/",
        "title",
        title=PLAN_TITLE,
        status="active",
        period_start=f"{year}-01-01",
        period_end=f"{year}-12-31",
    )
    plan_page = browser.get(WEB_B, added.location) if added.status == 302 else added
    flash = f"Action plan “{PLAN_TITLE}” added."
    report.check(
        "flash message across nodes",
        added.status == 302 and flash in html.unescape(plan_page.text),
        f"plan added on web-a ({added.status}), its message shown by web-b",
    )

    token = secrets.token_hex(8)
    deploy.manage(
        WEB_A.name,
        "shell",
        "-c",
        f"from django.core.cache import cache; cache.set('multinode:probe', '{token}', 300)",
        netns=WEB_A.netns,
    )
    said = deploy.manage(
        WEB_B.name,
        "shell",
        "-c",
        "from django.core.cache import cache; print(cache.get('multinode:probe'))",
        netns=WEB_B.netns,
    )
    # The last line: Django 5.2's shell first says how many names it imported.
    seen = said.strip().splitlines()[-1] if said.strip() else ""
    report.check(
        "cache across nodes",
        seen == token,
        "a value set through Django's cache on web-a is read on web-b (Redis on the host end)",
    )

    _board_pack(run, deploy, browser, report)

    home = browser.get(WEB_B, "/")
    signed_out = browser.submit(WEB_B, home, "/accounts/logout/", "csrfmiddlewaretoken")
    after = browser.get(WEB_A, "/")
    report.check(
        "signing out across nodes",
        signed_out.status in (200, 302) and after.status == 302 and after.location == "/accounts/login/",
        f"signed out on web-b ({signed_out.status}); web-a then sends to sign-in ({after.status})",
    )
    report.timings["journey"] = time.monotonic() - started
    media = [p for host in HOSTS for p in (run.folder / f"media-{host.name}").rglob("*")]
    report.check(
        "no node's own disk holds a file", not media, f"{len(media)} files under the three MEDIA_ROOTs"
    )
    served = {h.name: _requests_served(run, h.name) for h in (WEB_A, WEB_B)}
    report.check(
        "both web nodes served the journey",
        all(served.values()),
        ", ".join(f"{name} {count} requests" for name, count in served.items()),
    )


def _board_pack(run: Run, deploy: Deployment, browser: Browser, report: Report) -> None:
    import psycopg2
    from pypdf import PdfReader

    page = browser.get(WEB_A, "/reports/new/board_pack/")
    asked = browser.submit(WEB_A, page, "/reports/new/board_pack/", "period_start")
    match = re.fullmatch(r"/reports/runs/(\d+)/", asked.location)
    if not report.check(
        "board pack asked for on web-a",
        asked.status == 302 and match,
        f"POST /reports/new/board_pack/ -> {asked.status} {asked.location}",
    ):
        return
    run_id = int(match[1])
    database = psycopg2.connect(host=HOST_ADDRESS, port=PG_PORT, user="postgres", dbname=DB_NAME)
    database.autocommit = True
    cursor = database.cursor()

    def finished():
        cursor.execute("SELECT status FROM workforce_backgroundrun WHERE id = %s", [run_id])
        return cursor.fetchone()[0] in ("done", "failed")

    started = time.monotonic()
    run.wait_for("the board pack", finished, seconds=180, processes=(WORKER.name, WEB_A.name, WEB_B.name))
    report.timings["board pack queued to ready"] = time.monotonic() - started
    cursor.execute(
        "SELECT status, error, output_name, output_size, output_pages FROM workforce_backgroundrun "
        "WHERE id = %s",
        [run_id],
    )
    status, error, output_name, output_size, output_pages = cursor.fetchone()
    worker_log = run.logs[WORKER.name].read_text(errors="replace")
    rendered_by_worker = re.search(r"execute_run\[[^\]]+\] succeeded", worker_log) is not None
    web_logs = "".join(run.logs[h.name].read_text(errors="replace") for h in (WEB_A, WEB_B))
    report.check(
        "the worker in its namespace rendered it",
        status == "done" and rendered_by_worker and "execute_run" not in web_logs,
        f"run {run_id} {status}{': ' + error if error else ''}; the worker's log has the task",
    )

    progress = browser.get(WEB_B, f"/reports/runs/{run_id}/")
    report.check(
        "web-b shows the finished run",
        progress.status == 200 and "The report is ready" in progress.text,
        f"GET /reports/runs/{run_id}/ on web-b -> {progress.status}",
    )

    download = browser.get(WEB_B, f"/reports/runs/{run_id}/download/")
    pages, text = 0, ""
    try:
        reader = PdfReader(io.BytesIO(download.body))
        pages, text = len(reader.pages), reader.pages[0].extract_text() or ""
    except Exception as exc:  # noqa: BLE001 -- not a PDF: told in the check below
        text = f"unreadable: {exc}"
    report.check(
        "web-b serves the download, a real PDF",
        download.status == 200
        and download.headers.get("content-type") == "application/pdf"
        and download.body[:5] == b"%PDF-"
        and pages == output_pages
        and pages > 0
        and "Board pack" in text,
        f"{download.status}, {len(download.body):,} bytes, {pages} pages (pypdf), cover: "
        f"{'Board pack' if 'Board pack' in text else text[:60]!r}",
    )

    cursor.execute(
        "SELECT size, encode(sha256(content), 'hex') FROM workforce_storedfile WHERE name = %s", [output_name]
    )
    stored = cursor.fetchone()
    database.close()
    same = (
        stored is not None
        and stored[0] == output_size == len(download.body)
        and (stored[1] == hashlib.sha256(download.body).hexdigest())
    )
    report.check(
        "the PDF lives in the shared file storage",
        same,
        f"{output_name} in the database's file storage (FILE_STORAGE=database), same bytes as downloaded",
    )


def _separate(run: Run) -> bool:
    for host in HOSTS:
        links = sh("ip", "netns", "exec", host.netns, "ip", "-o", "-4", "addr", "show").stdout
        addresses = re.findall(r"inet (\S+)/", links)
        if sorted(addresses) != sorted(["127.0.0.1", host.address]):
            return False
    return True


def _requests_served(run: Run, name: str) -> int:
    return len(re.findall(r'"(?:GET|POST) /', run.logs[name].read_text(errors="replace")))
