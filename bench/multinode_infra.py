"""The machines of bench/multinode.py: network namespaces on a bridge, a scratch PostgreSQL and a
Redis on the host end, and the processes started inside the namespaces; all removed at the end.

Everything the run makes is named `tlmn-*` or lives under one temporary folder, and is written to a
state file as it is made, so a run killed outright (SIGKILL, a lost session) is cleaned up by the
next one before it starts; a lock keeps two runs from sharing the names."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PREFIX = "tlmn"
SUBNET = "10.77.0"
HOST_ADDRESS = f"{SUBNET}.1"
BRIDGE = f"{PREFIX}-br0"
PG_PORT = 55432
REDIS_PORT = 56379
WEB_PORT = 8000
STATE = Path(tempfile.gettempdir()) / "tl-multinode.state.json"
LOCK = Path(tempfile.gettempdir()) / "tl-multinode.lock"


@dataclass(frozen=True)
class Host:
    name: str  # web-a, web-b, worker
    address: str

    @property
    def netns(self) -> str:
        return f"{PREFIX}-{self.name}"

    @property
    def veth(self) -> str:  # the host end; interface names are at most 15 characters
        return f"{PREFIX}-{self.name}"[:15]


HOSTS = [Host("web-a", f"{SUBNET}.11"), Host("web-b", f"{SUBNET}.12"), Host("worker", f"{SUBNET}.13")]


class Timeout(Exception):
    pass


def sh(*command: str, timeout: float = 60, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, timeout=timeout, capture_output=True, text=True, **kwargs)


def find_pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def preflight() -> str:
    """Why this machine cannot run it, or "" when it can."""
    if os.geteuid() != 0:
        return "it must run as root (network namespaces)"
    for tool in ("ip", "redis-server"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    for tool in ("gunicorn", "celery"):
        if not (Path(sys.executable).parent / tool).exists():
            return f"{tool} is not beside {sys.executable}: run it with the project's .venv/bin/python"
    if find_pg_bin() is None:
        return "PostgreSQL's initdb is not installed"
    if sh("ip", "netns", "list", check=False).returncode != 0:
        return "`ip netns` does not work here"
    return ""


def leftovers() -> list[str]:
    """Anything of a run still there: what the cleanup must have removed."""
    found = [
        f"netns {line.split()[0]}"
        for line in sh("ip", "netns", "list").stdout.splitlines()
        if line.startswith(f"{PREFIX}-")
    ]
    links = sh("ip", "-o", "link", "show").stdout
    found += [
        f"link {name}"
        for name in [BRIDGE] + [h.veth for h in HOSTS]
        if f" {name}:" in links or f" {name}@" in links
    ]
    if STATE.exists():
        found.append(f"state file {STATE}")
    return found


def _kill_group(pgid: int, grace: float = 5.0, first: int = signal.SIGTERM) -> None:
    """Signal a process group, then SIGKILL what is left after `grace` seconds (not for a group
    whose leader is our unreaped child: a zombie answers the probe; Run.stop reaps first)."""
    for sig in dict.fromkeys((first, signal.SIGKILL)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def _alive_and_ours(pid: int, folder: str) -> bool:
    """The process group leader is still one of a run's (its command line names the run's folder)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return folder in cmdline or folder in environ


def clean_stale() -> None:
    """Remove what a killed run left, from its state file, then anything named like ours."""
    if STATE.exists():
        try:
            state = json.loads(STATE.read_text())
        except ValueError:
            state = {}
        folder = state.get("folder", "")
        for pgid in state.get("pgids", []):
            if folder and _alive_and_ours(pgid, folder):
                _kill_group(pgid)
        if folder and folder.startswith(tempfile.gettempdir()):
            shutil.rmtree(folder, ignore_errors=True)
        STATE.unlink(missing_ok=True)
    remove_network()


def remove_network() -> None:
    for host in HOSTS:
        sh("ip", "netns", "del", host.netns, check=False)  # takes its end of the veth pair with it
        sh("ip", "link", "del", host.veth, check=False)
    sh("ip", "link", "del", BRIDGE, check=False)


class Run:
    """The run's machines, folders and processes; a context manager that removes them all."""

    def __init__(self, timeout: int):
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.folder: Path | None = None
        self.processes: dict[str, subprocess.Popen] = {}
        self.first_signals: dict[str, int] = {}
        self.logs: dict[str, Path] = {}
        self._lock = None
        self._old_handlers = {}
        self.cleanup_seconds = 0.0

    # --- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Run:
        self._lock = LOCK.open("w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError("another multinode run is going on") from None
        clean_stale()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
            self._old_handlers[sig] = signal.signal(sig, self._stop)
        signal.alarm(self.timeout)
        self.folder = Path(tempfile.mkdtemp(prefix="tl-multinode-"))
        self.folder.chmod(0o755)  # PostgreSQL's own user reaches its cluster folder inside
        self._save_state()
        return self

    def __exit__(self, *exc) -> None:
        started = time.monotonic()
        signal.alarm(0)
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        for name in reversed(list(self.processes)):
            self.stop(name)
        remove_network()
        if self.folder:
            self._saved_logs = self.tail_logs()
            shutil.rmtree(self.folder, ignore_errors=True)
        STATE.unlink(missing_ok=True)
        if self._lock:
            self._lock.close()
        self.cleanup_seconds = time.monotonic() - started

    def _stop(self, signum, _frame):
        if signum == signal.SIGALRM:
            raise Timeout(f"the run did not finish within {self.timeout} s")
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    def _save_state(self) -> None:
        state = {"folder": str(self.folder), "pgids": [p.pid for p in self.processes.values()]}
        STATE.write_text(json.dumps(state))

    def left(self) -> float:
        return max(1.0, self.deadline - time.monotonic())

    # --- the network ----------------------------------------------------------------------------

    def make_network(self) -> None:
        in_use = sh("ip", "-o", "-4", "addr", "show").stdout
        if f" {SUBNET}." in in_use:
            raise RuntimeError(f"{SUBNET}.0/24 is already in use on this machine")
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
        sh("ip", "addr", "add", f"{HOST_ADDRESS}/24", "dev", BRIDGE)
        sh("ip", "link", "set", BRIDGE, "up")
        for host in HOSTS:
            inside = f"{host.veth}-ns"[:15]
            sh("ip", "netns", "add", host.netns)
            sh("ip", "link", "add", host.veth, "type", "veth", "peer", "name", inside)
            sh("ip", "link", "set", host.veth, "master", BRIDGE)
            sh("ip", "link", "set", host.veth, "up")
            sh("ip", "link", "set", inside, "netns", host.netns)
            in_ns = ("ip", "netns", "exec", host.netns)
            sh(*in_ns, "ip", "link", "set", "lo", "up")
            sh(*in_ns, "ip", "addr", "add", f"{host.address}/24", "dev", inside)
            sh(*in_ns, "ip", "link", "set", inside, "up")

    # --- processes ------------------------------------------------------------------------------

    def start(
        self,
        name: str,
        command: list[str],
        *,
        env: dict | None = None,
        netns: str = "",
        user=None,
        first_signal: int = signal.SIGTERM,
    ) -> None:
        """Start a long-lived process (in a namespace when given), its output in a log of its own."""
        log = self.folder / f"{name}.log"
        self.logs[name] = log
        prefix = ["ip", "netns", "exec", netns] if netns else []
        with log.open("w") as out:
            self.processes[name] = subprocess.Popen(
                prefix + command,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped with all its children
                user=user,
            )
        self.first_signals[name] = first_signal
        self._save_state()

    def stop(self, name: str) -> None:
        process = self.processes.get(name)
        if process is None:
            return
        # Our own child: wait() reaps it (a zombie would still answer killpg(pgid, 0)); whatever
        # of its group outlives it (gunicorn's or postgres's children) is killed after it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, self.first_signals.get(name, signal.SIGTERM))
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        _kill_group(process.pid, grace=2.0, first=signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)

    def check_alive(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {self.log_tail(name)}")

    def wait_for(self, what: str, ready, *, seconds: float, processes: tuple[str, ...] = ()) -> float:
        """Poll `ready()` until true (or a watched process dies); returns how long it took."""
        started = time.monotonic()
        deadline = min(started + seconds, self.deadline)
        while time.monotonic() < deadline:
            for name in processes:
                self.check_alive(name)
            with contextlib.suppress(Exception):
                if ready():
                    return time.monotonic() - started
            time.sleep(0.25)
        raise Timeout(f"{what} was not ready within {seconds:.0f} s")

    def log_tail(self, name: str, lines: int = 15) -> str:
        log = self.logs.get(name)
        if not log or not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def tail_logs(self) -> dict[str, str]:
        saved = getattr(self, "_saved_logs", None)
        if saved is not None:
            return saved
        return {name: self.log_tail(name) for name in self.logs}

    def copy_logs(self, target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in self.tail_logs().items():
            (target / f"{name}.log").write_text(text)

    # --- PostgreSQL and Redis on the host end --------------------------------------------------

    def start_postgres(self) -> None:
        pg_bin = find_pg_bin()
        data = self.folder / "pg"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        # PostgreSQL refuses to run as root: its own user runs the scratch cluster.
        sh(
            str(pg_bin / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            timeout=120,
            user="postgres",
            cwd=data,
        )
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {SUBNET}.0/24 trust\n")  # the run's own network, thrown away after
        # Throwaway data: durability settings off, so the run measures nothing but the journey.
        self.start(
            "postgres",
            [
                str(pg_bin / "postgres"),
                "-D",
                str(data),
                "-h",
                HOST_ADDRESS,
                "-p",
                str(PG_PORT),
                "-k",
                str(data),
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=60",
            ],
            user="postgres",
            first_signal=signal.SIGINT,
        )  # SIGINT: a fast shutdown, not a smart one

    def start_redis(self) -> None:
        self.start(
            "redis",
            [
                "redis-server",
                "--bind",
                HOST_ADDRESS,
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                "--dir",
                str(self.folder),
            ],
        )
