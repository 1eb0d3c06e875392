"""The served benchmark's processes: gunicorn (gunicorn.conf.py) and a Celery worker, started with
production-like settings against the benchmark's database and Redis db, stopped by their own pids.
Memory is read from /proc: VmHWM, the peak resident set of a process since it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(database_url: str, redis_url: str, workdir: Path) -> dict[str, str]:
    """Production's settings (DEBUG=0, HTTPS behind a proxy), the bench settings module for the
    bare view, and files of this run only (static, media) in `workdir`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_BARE_VIEW": "1",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }


def collectstatic(env: dict) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


class Process:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log.open("wb")
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()


def start_gunicorn(env: dict, port: int, log: Path, *, gc_tuning: bool = True) -> Process:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_GC_TUNING": "1" if gc_tuning else "0"}
    process = Process(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "workforce.wsgi"], env, log
    )

    def answering() -> bool:
        if process.popen.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return len(children(process.pid)) >= 2
        except OSError:
            return False

    wait_until(answering, 60, "gunicorn")
    return process


def start_worker(env: dict, log: Path) -> Process:
    # solo: the worker's own process renders, so its memory is the render's.
    args = [str(BIN / "celery"), "-A", "workforce", "worker", "--pool=solo", "--concurrency=1"]
    args += ["-l", "warning"]
    process = Process(args, env, log)

    def pinged() -> bool:
        if process.popen.poll() is not None:
            raise RuntimeError(f"the Celery worker exited; see {log}")
        ping = subprocess.run(
            [str(BIN / "celery"), "-A", "workforce", "inspect", "ping", "-t", "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
        )
        return ping.returncode == 0

    wait_until(pinged, 90, "the Celery worker")
    return process


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of the process, in MB (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
