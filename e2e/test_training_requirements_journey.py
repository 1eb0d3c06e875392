"""An L&D manager says a job role must hold a course, with a shorter renewal, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.models import TrainingRequirement
from workforce.tests.factories import CourseFactory, JobRoleFactory

pytestmark = pytest.mark.e2e


def test_ld_manager_adds_a_requirement_for_a_role(page, ld_manager):
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    cook = JobRoleFactory(title="Cook")
    login(page, "ld")

    page.get_by_role("button", name="Organisation").click()
    page.get_by_role("link", name="Training requirements").click()
    expect(page.get_by_role("heading", name="Training requirements", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a requirement").click()
    page.locator("#id_course").select_option(label="Fire safety")
    page.get_by_label("A job role").check()
    page.locator("#id_job_role").select_option(label="Cook")
    # Not shorter than the course's own 12 months: refused next to the field, input kept.
    page.get_by_label("Renewal period for these staff (months)").fill("12")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text("a requirement may only set a shorter period")).to_be_visible()
    expect(page.locator("#id_job_role")).to_have_value(str(cook.pk))
    assert_accessible(page)

    page.get_by_label("Renewal period for these staff (months)").fill("6")
    page.get_by_role("button", name=re.compile("Save")).click()
    row = page.locator("#requirements").get_by_role("row").filter(has_text="Cook")
    expect(row).to_contain_text("Every 6 months")
    assert TrainingRequirement.objects.filter(course=fire, job_role=cook, renewal_months=6).exists()

    row.get_by_role("link", name="Cook", exact=True).click()
    expect(page.locator("#role-training")).to_contain_text("Fire safety")
    assert_accessible(page)

    # Removed again: a confirmation page first, then gone from the role's required training.
    page.go_back()
    row.get_by_role("link", name="Remove Fire safety for Cook").click()
    expect(page.get_by_role("heading", name="Remove the requirement “Fire safety for Cook”?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("alert")).to_contain_text("removed")
    assert not TrainingRequirement.objects.filter(course=fire, job_role=cook).exists()
