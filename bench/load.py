"""HTTP clients for the served benchmark: signed-in sessions, sequential and concurrent timing.

Plain http.client (requests is not installed in .venv), a new connection per request as gunicorn's
sync workers close each one, and `X-Forwarded-Proto: https` on every request, as a proxy in front
of production adds (settings.BEHIND_PROXY). The session cookie is sent by hand: it is marked
Secure, so a cookie jar would not send it over the loopback's plain http.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One signed-in client: its own cookies, one request at a time."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        origin = f"https://{self.host}:{self.port}"
        sent = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": origin + path,
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            try:
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException):
                # e.g. gunicorn killed the worker at its timeout: an error of the run, not its end
                return 0, b"", None
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, content, response
        finally:
            connection.close()

    def get(self, path: str):
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.get("/accounts/login/")
        token = CSRF_FIELD.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"No sign-in form (HTTP {status})")
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
        ).encode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.host}:{self.port}",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Sign-in as {username} failed (HTTP {status})")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


@dataclass
class Sequential:
    html_bytes: int = 0
    timings_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 0.95)


def timed_get(session: Session, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    status, content, _ = session.get(path)
    return (time.perf_counter() - started) * 1000, status, content


def sequential_ab(session_a, path_a, session_b, path_b, count: int, seconds: float, warmup: int = 3):
    """Time A and B alternately (A B A B...), `count` each after `warmup` each: both see the same
    moments of a shared machine's load. Bounded: stops early after `seconds` once 10 pairs are
    timed (a page of seconds would otherwise take minutes). Returns (Sequential A, Sequential B)."""
    a, b = Sequential(), Sequential()
    deadline = time.perf_counter() + seconds
    for n in range(warmup + count):
        if n >= warmup + 10 and time.perf_counter() > deadline:
            break
        for session, path, into in ((session_a, path_a, a), (session_b, path_b, b)):
            ms, status, content = timed_get(session, path)
            if status != 200:
                into.errors += 1
            into.html_bytes = into.html_bytes if status != 200 else len(content)
            if n >= warmup:
                into.timings_ms.append(ms)
    return a, b


@dataclass
class Concurrent:
    clients: int
    seconds: float
    timings_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests_per_second(self) -> float:
        return len(self.timings_ms) / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms) if self.timings_ms else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 0.95) if self.timings_ms else 0.0


def closed_loop(sessions: list[Session], path: str, seconds: float) -> Concurrent:
    """Each session in its own thread requests `path` again as soon as its last answer arrives,
    until `seconds` have passed; requests still running then are waited for, not counted."""
    deadline = time.perf_counter() + seconds
    result = Concurrent(len(sessions), seconds)
    lock = threading.Lock()

    def client(session: Session) -> None:
        while time.perf_counter() < deadline:
            ms, status, _ = timed_get(session, path)
            finished = time.perf_counter()
            with lock:
                if finished <= deadline:
                    result.timings_ms.append(ms)
                    result.errors += status != 200

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 150)
    result.seconds = min(seconds, time.perf_counter() - started)
    return result
