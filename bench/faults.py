"""PostgreSQL restarted under load, and a bounded mixed load run: real processes on loopback.

    python bench/faults.py                 # restart PostgreSQL while 8 clients write (40 s)
    python bench/faults.py --load          # and then 16 clients for 60 s, no fault

Starts a scratch PostgreSQL cluster (initdb, as the postgres user, on a free port: never the
shared 5432), migrates it, starts gunicorn (2 sync workers, production settings) against it and
runs closed-loop clients, each its own signed-in session, mixing page reads with progress updates,
milestone ticks and training records. Every write carries a token; an acknowledged write (the
redirect after saving) must be in the database afterwards, once. With the fault, `pg_ctl restart`
runs a third of the way in: requests during the restart may fail with the error page, and none
may fail once the app has recovered (no restart of gunicorn). Prints a markdown summary for
bench/RESULTS.md. Everything it started is stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Session:
    """A signed-in browser, as far as these requests need one: cookies kept, redirects not followed."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def send(self, method: str, url: str, data: dict | None = None, headers: dict | None = None):
        from urllib.parse import urlencode

        body = urlencode(data) if data is not None else None
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django checks the referer of a secure POST against the host it was sent to.
            headers["Referer"] = f"https://127.0.0.1:{self.port}/"
        # A connection per request: gunicorn's sync workers close it after each answer anyway.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, url, body, headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text


def as_postgres(*cmd: str, **kwargs):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, **kwargs
    )


class ScratchPostgres:
    def __init__(self, folder: Path):
        self.data, self.port = folder / "pgdata", free_port()
        folder.mkdir(exist_ok=True)
        shutil.chown(folder, "postgres")
        as_postgres("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"

    def ctl(self, action: str):
        # Not captured: the server it starts would hold the pipes open and the run would never end.
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "pg_ctl", "-D", str(self.data), "-o", self.options]
            + ["-l", str(self.data.parent / "server.log"), "-w", "-t", "60", "-m", "fast", action],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def connect(self, db="postgres"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=db)


class Client(threading.Thread):
    """One person: signs in, then reads and writes in turn until told to stop."""

    def __init__(self, n: int, port: int, setup: dict, stop: threading.Event, log: list, prefix: str):
        super().__init__(daemon=True)
        self.prefix = prefix  # tokens unique across runs against one database
        self.n, self.setup, self.stop, self.log = n, setup, stop, log
        self.slot = setup["slots"][n % len(setup["slots"])]
        self.session = Session(port)
        self.written: list[tuple[str, str]] = []  # (kind, token) acknowledged
        self.ticks: list[tuple[bool, bool]] = []  # (done, acknowledged), in order

    def csrf(self, url: str) -> str:
        _, page = self.session.send("GET", url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self) -> None:
        token = self.csrf(self.setup["login"])
        credentials = {"username": self.setup["username"], "password": self.setup["password"]}
        status, _ = self.session.send(
            "POST", self.setup["login"], {**credentials, "csrfmiddlewaretoken": token}
        )
        assert status == 302, f"signing in answered {status}"

    def request(self, kind: str, method: str, url: str, data=None, token="") -> int:
        started = time.monotonic()
        headers = {"X-CSRFToken": self.session.cookies.get("csrftoken", "")}
        try:
            status, _ = self.session.send(method, url, data, headers if method == "POST" else None)
        except (OSError, http.client.HTTPException):
            status = 0  # no answer at all
        self.log.append((started, time.monotonic(), kind, status))
        return status

    def run(self) -> None:
        try:
            self.sign_in()
        except Exception as exc:
            print(f"client {self.n} could not sign in: {exc!r}", file=sys.stderr)
            self.log.append((time.monotonic(), time.monotonic(), "sign-in", 0))
            return
        step, done = 0, False
        while not self.stop.is_set():
            step += 1
            token = f"{self.prefix}{self.n}-{step}"
            choice = step % 6
            if choice in (1, 3, 5):
                self.request("read", "GET", [*self.setup["reads"], self.slot["action"]][step % 4])
            elif choice == 2:
                data = {"date": time.strftime("%Y-%m-%d"), "rag": "green", "note": f"Progress {token}"}
                if self.request("progress", "POST", self.slot["progress"], data) == 302:
                    self.written.append(("progress", token))
            elif choice == 4:
                data = {"course": self.setup["course_id"], "status": "planned", "note": f"Training {token}"}
                if self.request("training", "POST", self.slot["training"], data) == 302:
                    self.written.append(("training", token))
            else:
                done = not done
                status = self.request(
                    "milestone", "POST", self.slot["milestone"], {"done": "1" if done else ""}
                )
                self.ticks.append((done, status == 302))


def run_clients(port, setup, clients, seconds, during=None, prefix="f"):
    stop, log = threading.Event(), []
    threads = [Client(n, port, setup, stop, log, prefix) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    marks = during(started) if during else {}
    time.sleep(max(0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    return threads, log, time.monotonic() - started, marks


def check_writes(pg: ScratchPostgres, threads) -> dict:
    """Every acknowledged write present once; milestones as last ticked; no row without its history."""
    with pg.connect("faults") as db, db.cursor() as cur:
        cur.execute("SELECT note FROM actionplans_progressupdate")
        progress = Counter(note.removeprefix("Progress ") for (note,) in cur.fetchall())
        cur.execute("SELECT note FROM workforce_trainingrecord")
        training = Counter(note.removeprefix("Training ") for (note,) in cur.fetchall())
        cur.execute(
            "SELECT count(*) FROM actionplans_progressupdate p WHERE NOT EXISTS "
            "(SELECT 1 FROM actionplans_historicalprogressupdate h WHERE h.id = p.id)"
        )
        without_history = cur.fetchone()[0]
        cur.execute("SELECT id, completed_on IS NOT NULL FROM actionplans_milestone")
        milestones = dict(cur.fetchall())
    acknowledged = [(kind, token) for thread in threads for kind, token in thread.written]
    missing = [
        (kind, token)
        for kind, token in acknowledged
        if (progress if kind == "progress" else training)[token] != 1
    ]
    wrong_ticks = 0
    for thread in threads:
        acked = [i for i, (_, ok) in enumerate(thread.ticks) if ok]
        if acked:
            # The last acknowledged tick, or a later one whose answer was lost, is what stands.
            allowed = {thread.ticks[i][0] for i in range(acked[-1], len(thread.ticks))}
            if milestones[thread.slot["milestone_id"]] not in allowed:
                wrong_ticks += 1
    ticks = sum(ok for thread in threads for _, ok in thread.ticks)
    return {
        "acknowledged": len(acknowledged) + ticks,
        "missing": len(missing),
        "without_history": without_history,
        "wrong_ticks": wrong_ticks,
    }


def summarise(log, elapsed) -> dict:
    statuses = Counter(status for *_, status in log)
    return {
        "requests": len(log),
        "per_second": len(log) / elapsed,
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "no_answer": statuses.get(0, 0),
        "statuses": dict(sorted(statuses.items())),
        "kinds": dict(Counter(kind for _, _, kind, _ in log)),
    }


def start_app(folder: Path, pg: ScratchPostgres, clients: int):
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg.port}/faults",
        "DEBUG": "0",
        "SECRET_KEY": "faults-bench-only-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "ERROR",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "workforce.settings",
    }
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    setup = json.loads(
        subprocess.run(
            [PY, str(ROOT / "bench" / "faults_setup.py"), str(clients)],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
        ).stdout
    )
    port = free_port()
    gunicorn = subprocess.Popen(
        [PY, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60", "workforce.wsgi"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            Session(port).send("GET", setup["login"])
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 30 s") from None
            time.sleep(0.3)
    return gunicorn, port, setup


def restart_fault(pg, threads_log_holder):
    def during(started):
        marks = {}
        time.sleep(threads_log_holder["seconds"] / 3)
        marks["restart_began"] = time.monotonic()
        pg.ctl("restart")
        marks["restart_ended"] = time.monotonic()
        return marks

    return during


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--load", action="store_true", help="also 16 clients for 60 s without a fault")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="faults-"))
    folder.chmod(0o755)  # the postgres user runs the cluster inside it
    pg = ScratchPostgres(folder / "pg")
    gunicorn = None
    lines = [f"## Faults ({time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.2f})", ""]
    try:
        pg.ctl("start")
        db = pg.connect()
        db.autocommit = True
        db.cursor().execute("CREATE DATABASE faults")
        db.close()
        gunicorn, port, setup = start_app(folder, pg, max(args.clients, 16 if args.load else 0))

        threads, log, elapsed, marks = run_clients(
            port, setup, args.clients, args.seconds, restart_fault(pg, {"seconds": args.seconds})
        )
        figures, writes = summarise(log, elapsed), check_writes(pg, threads)
        recovered_at = min(
            (
                end
                for start, end, kind, status in log
                if start > marks["restart_ended"] and 200 <= status < 500
            ),
            default=None,
        )
        after = [status for start, _, _, status in log if recovered_at and start > recovered_at]
        failed_after = sum(1 for status in after if status >= 500 or status == 0)
        during = sum(
            1
            for start, end, _, status in log
            if (status >= 500 or status == 0) and start <= (recovered_at or 1e18)
        )
        lines += [
            f"### PostgreSQL restarted under load ({args.clients} clients, {args.seconds} s, "
            "gunicorn 2 sync workers, not restarted)",
            "",
            "| figure | value |",
            "|---|---|",
            f"| requests | {figures['requests']} ({figures['per_second']:.1f}/s) |",
            f"| `pg_ctl restart` took | {marks['restart_ended'] - marks['restart_began']:.1f} s |",
            f"| first success after the restart | "
            f"{(recovered_at - marks['restart_ended']):.2f} s after it ended |"
            if recovered_at
            else "| first success after the restart | never |",
            f"| failed requests around the restart (error page or no answer) | {during} |",
            f"| failed requests after recovery | {failed_after} of {len(after)} |",
            f"| acknowledged writes | {writes['acknowledged']} |",
            f"| acknowledged writes missing | {writes['missing']} |",
            f"| progress updates without their history row (half-saved) | {writes['without_history']} |",
            f"| milestones not as last ticked | {writes['wrong_ticks']} |",
            f"| statuses | {figures['statuses']} |",
            "",
        ]
        if args.load:
            threads, log, elapsed, _ = run_clients(port, setup, 16, 60, prefix="load")
            figures, writes = summarise(log, elapsed), check_writes(pg, threads)
            lines += [
                "### Bounded load run (16 clients, 60 s, no fault)",
                "",
                "| figure | value |",
                "|---|---|",
                f"| requests | {figures['requests']} ({figures['per_second']:.1f}/s) |",
                f"| by kind | {figures['kinds']} |",
                f"| server errors | {figures['server_errors']} |",
                f"| no answer | {figures['no_answer']} |",
                f"| acknowledged writes | {writes['acknowledged']} |",
                f"| acknowledged writes missing | {writes['missing']} |",
                f"| half-saved progress updates | {writes['without_history']} |",
                f"| milestones not as last ticked | {writes['wrong_ticks']} |",
                "",
            ]
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.ctl("stop")
        shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
