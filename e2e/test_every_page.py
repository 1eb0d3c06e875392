"""The accessibility gate: every page each role can reach, on the demo organisation.

Each demo login starts at home and follows every link it is shown (same site, not a download, not
the admin), visiting each kind of page (URL name) once per role. On every page:
- axe-core finds no serious or critical violation (e2e/helpers.assert_accessible);
- nothing scrolls sideways at 1024 px, nor at 200% zoom on that screen (512 CSS px wide);
- the link led somewhere the role may go (no 403, 404 or 500 behind a link it was shown);
- every RAG status says its status in words, never by colour alone.
Every problem on every page is collected and reported at the end, so one run lists them all.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from e2e.helpers import axe_violations, login
from workforce.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

# The demo's logins, one per role (and the traineeships' supervisor and life coach, who have none).
LOGINS = ["ld", "director", "manager", "mentor", "owner", "supervisor", "coach"]
SCREEN = {"width": 1024, "height": 768}
ZOOMED = {"width": 512, "height": 384}  # 200% zoom on the 1024 px screen
# Not pages: files, the admin (Django's own), signing out.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/")
SKIPPED_WORDS = ("export", "download", "pdf", "csv", "xlsx", "template_file", "evidence_file", "letter_print")
MAX_PAGES_PER_LOGIN = 200

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# A RAG status is never a colour alone: every RAG badge or cell says it in words.
COLOUR_ONLY_RAG = """() => Array.from(document.querySelectorAll('.rag, [class*="rag-"]'))
  .filter(el => !el.innerText.trim() && !el.getAttribute('aria-label')).length"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"


def url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def worth_visiting(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith(SKIPPED_PREFIXES):
        return False
    return not any(word in url.lower() for word in SKIPPED_WORDS)


def check_page(page, response, where: str) -> list[str]:
    problems = []
    if response is None or response.status >= 400:
        return [f"{where}: answered {response.status if response else 'nothing'}"]
    if "text/html" not in (response.headers.get("content-type") or ""):
        return []
    problems += [f"{where}: {violation}" for violation in axe_violations(page)]
    if colour_only := page.evaluate(COLOUR_ONLY_RAG):
        problems.append(f"{where}: {colour_only} RAG statuses shown by colour alone")
    for size, label in ((SCREEN, "1024 px"), (ZOOMED, "200% zoom")):
        page.set_viewport_size(size)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            problems.append(f"{where}: scrolls sideways by {overflow} px at {label}")
    page.set_viewport_size(SCREEN)
    return problems


def crawl(page, origin: str, username: str) -> tuple[set[str], list[str]]:
    login(page, username, DEMO_PASSWORD)
    queue, seen, problems = [f"{origin}/"], set(), []
    while queue and len(seen) < MAX_PAGES_PER_LOGIN:
        url = queue.pop(0)
        name = url_name(urlsplit(url).path)
        if name is None or name in seen:
            continue
        seen.add(name)
        where = f"{username} {name} {urlsplit(url).path}"
        try:
            # Generous: the first visit to an indicator page computes three years of figures.
            response = page.goto(url, timeout=60_000)
        except PlaywrightTimeout:
            problems.append(f"{where}: no answer within 60 s")
            continue
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file behind a plain link, not a page
                continue
            raise
        problems += check_page(page, response, where)
        if response is None or response.status >= 400:
            continue
        for link in page.evaluate(LINKS):
            link = link.split("#")[0]
            if link and worth_visiting(link, origin) and url_name(urlsplit(link).path) not in seen:
                queue.append(link)
    return seen, problems


def test_every_page_of_every_role_is_accessible_and_fits(page, live_server, settings):
    settings.DEMO_BOARD_PACK = False
    call_command("load_demo", force=True, stdout=io.StringIO())
    page.set_viewport_size(SCREEN)
    visited, problems = {}, []
    for username in LOGINS:
        page.context.clear_cookies()
        seen, found = crawl(page, live_server.url, username)
        visited[username] = seen
        problems += found
        print(f"{username}: {len(seen)} kinds of page, {len(found)} problems")
    # The crawl reached the apps' pages, not just home: each role sees a fair part of the site.
    assert len(set().union(*visited.values())) >= 60, {user: len(names) for user, names in visited.items()}
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
