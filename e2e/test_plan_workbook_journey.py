"""The plan workbook in a real browser: download it from the plan page, change the plan, upload
the workbook, see the duplicate choice with what an update removes, and update the plan back."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Milestone
from actionplans.tests.factories import MilestoneFactory
from actionplans.tests.plan_data import layout_a_plan
from actionplans.tests.plan_tree import plan_tree
from e2e.helpers import assert_accessible, login

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ld_manager_downloads_the_workbook_and_updates_the_plan_from_it(page, ld_manager, tmp_path):
    plan = layout_a_plan().plan
    before = plan_tree(plan)
    login(page, "ld")
    page.goto(plan.get_absolute_url())
    expect(page.get_by_role("heading", name="Download the whole plan")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Plan workbook (.xlsx)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith("-workbook.xlsx")

    MilestoneFactory(action=plan.actions.first())  # work done after the download
    MilestoneFactory(action=plan.actions.first())

    page.goto(reverse("actionplans:import_upload"))
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_role("button", name="Read the file").click()
    choice = page.locator("#duplicate-choice")
    expect(choice).to_contain_text("A plan with this title already exists")
    expect(choice.get_by_role("list", name="What the update removes")).to_contain_text(
        "2 milestones will be removed."
    )
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^Update ")).click()

    expect(page).to_have_url(re.compile(re.escape(plan.get_absolute_url()) + "$"))
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()
    assert plan_tree(plan) == before
    assert Milestone.objects.filter(action__plan=plan).count() == len(before["milestones"])
