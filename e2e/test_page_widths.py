"""Every page fits a 1024px and a 1280px screen, under the Content Security Policy.

The L&D manager (the widest top bar: every section and the import link) opens the staff
directory, the training matrix (whose wide table scrolls inside its own box) and a plan at both
widths. Nothing may scroll sideways, Sign out must be reachable,
axe must pass, and the browser must report no CSP violation (an inline script or style the
policy refused would mean a feature silently broken). Screenshots go to test-artifacts/.
"""

import pytest
from playwright.sync_api import expect

from actionplans.tests.plan_data import layout_a_plan
from e2e.conftest import ARTIFACTS
from e2e.helpers import assert_accessible, login
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.matrix_data import matrix_world

pytestmark = pytest.mark.e2e

WIDTHS = {1024: 768, 1280: 800}

# Collects what the browser refuses: the securitypolicyviolation event fires for every blocked
# inline script, style attribute or off-site load. Added through the DevTools protocol, so the
# CSP itself does not apply to it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                              " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def world(ld_manager, org):
    for n in range(30):
        StaffMemberFactory(
            first_name=f"Alexandria-Jacqueline{n}", last_name="Montgomery-Fitzwilliam", org_unit=org["oak"]
        )
    matrix_world(org)  # courses required of everyone, so the matrix has columns for the long names
    return layout_a_plan()


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _sign_out_reachable(page, width: int) -> None:
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Show navigation")
    if toggler.is_visible():  # collapsed bar: the menu opens first
        toggler.click()
    user_menu = nav.locator(".user-menu-toggle")
    expect(user_menu).to_be_visible()
    user_menu.click()
    sign_out = nav.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    box = sign_out.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (
        f"Sign out off screen at {width}px: {box}"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_with_no_csp_violation(page, world, width):
    console_csp = []
    page.on(
        "console",
        lambda message: (
            console_csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    login(page, "ld")
    ARTIFACTS.mkdir(exist_ok=True)

    for name, url, heading in [
        ("staff", "/staff/", "Staff directory"),
        ("matrix", "/training/matrix/", "Training matrix"),
        ("plan", world.plan.get_absolute_url(), world.plan.title),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.screenshot(path=str(ARTIFACTS / f"width-{width}-{name}.png"), full_page=True)
        assert _overflow(page) <= 0, f"{url} scrolls sideways by {_overflow(page)}px at {width}px"
        assert_accessible(page)
        _sign_out_reachable(page, width)
        assert _overflow(page) <= 0, f"the open menu on {url} scrolls sideways at {width}px"
        assert page.evaluate("() => window.__cspViolations") == [], url

    # The enhancements that used to be inline scripts still run: the plan's "Expand all" button
    # is revealed by static/js/app.js.
    expect(page.get_by_role("button", name="Expand all")).to_be_visible()
    assert console_csp == []

    # The user menu is still open from the last check: Sign out works from there.
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
