"""The plan import in a real browser: the preview proposes closing the actions whose progress
says "Completed", the L&D manager unticks one, and only the ticked one is saved Completed."""

import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan
from actionplans.tests.test_import_progress import COMPLETED_CSV
from e2e.helpers import assert_accessible, login

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ld_manager_unticks_a_proposed_completion_before_saving(page, ld_manager):
    login(page, "ld")
    page.goto("/action-plans/import/")
    page.get_by_label("Plan file").set_input_files(
        {"name": "care-plan.csv", "mimeType": "text/csv", "buffer": COMPLETED_CSV}
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    proposals = page.get_by_role("group", name="Mark these actions Completed")
    first = proposals.get_by_role("checkbox", name=re.compile(r"^1\.1\.1 First"))
    second = proposals.get_by_role("checkbox", name=re.compile(r"^1\.1\.2 Second"))
    expect(first).to_be_checked()
    expect(second).to_be_checked()
    assert_accessible(page)

    first.uncheck()
    page.get_by_role("button", name="Save this plan").click()

    plan = ActionPlan.objects.get()
    expect(page).to_have_url(re.compile(rf"/{plan.pk}/$"))
    assert dict(plan.actions.values_list("number", "status")) == {
        "1.1.1": Action.Status.IN_PROGRESS,
        "1.1.2": Action.Status.COMPLETED,
        "1.1.3": Action.Status.IN_PROGRESS,
    }
