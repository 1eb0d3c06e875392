"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures: `browser` (one Chromium per session), `page` (a fresh context per test, pointed at the
live server; a screenshot and the page's HTML go to test-artifacts/ when the test fails).
Helpers in e2e/helpers.py: `login(page, username)` and `assert_accessible(page)` (axe-core; fails
on serious or critical violations). Mark journeys with `@pytest.mark.e2e`.

Without /usr/bin/chromium the journeys are skipped on a laptop and fail in CI (`CI` set).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
# every database call from the test body as "async-unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# Chromium otherwise keeps trying hosts it cannot reach from these machines (see TESTING.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 10_000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item so `page` can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `apt-get install chromium` (never `playwright install`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """The role groups come from a data migration, which a transactional test's flush wipes."""
    from django.contrib.auth.models import Group

    from workforce.permissions import Role

    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.fixture
def page(browser, live_server, request):
    # Reduced motion turns off Bootstrap transitions, so axe never measures a colour mid-fade.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    failed = any(
        getattr(request.node, f"report_{when}", None) is not None
        and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        tab.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(tab.content(), encoding="utf-8")
    context.close()
