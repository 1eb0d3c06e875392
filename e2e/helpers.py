"""What a journey does on a page: sign in, check accessibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workforce.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "static" / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def login(page, username: str, password: str | None = None) -> None:
    """Sign in through the real form, as a person would, and wait for the page after it."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:
    """Run axe-core on the current page: its violations of the given impacts, one line each."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `make setup`")
    # Evaluated rather than added as a <script> tag, so a Content-Security-Policy cannot block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} - {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results["violations"]
        if v.get("impact") in impacts
    ]


def assert_accessible(page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> None:
    """Run axe-core on the current page; fail listing every violation of the given impacts."""
    described = axe_violations(page, impacts)
    assert not described, f"axe found on {page.url}:\n" + "\n".join(described)


def pick(page, field: str, name: str) -> None:
    """Choose a person in one of a form's staff pickers (each has its own search box)."""
    page.locator(f"#id_{field}-search").fill(name)
    page.locator(f"#id_{field}-results").get_by_role("button", name=re.compile(f"^Choose {name}")).click()
