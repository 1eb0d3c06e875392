"""Traineeship figures in a real browser: the L&D manager opens the figures, an intake's diversity
of applicants (a small number shows as "*", never a name), downloads it, then the programme's
evaluation; a director reads the evaluation's comments without names (axe on each page)."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from traineeships.conftest import cohort  # noqa: F401 (the traineeships fixture)
from traineeships.models import EqualityMonitoring, Stage
from traineeships.tests.factories import ApplicantFactory, EqualityMonitoringFactory, FeedbackFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def figures(cohort):  # noqa: F811
    """Twelve women and three men applied to the October intake; Cara's feedback."""
    for n in range(15):
        sex = EqualityMonitoring.Sex.FEMALE if n < 12 else EqualityMonitoring.Sex.MALE
        EqualityMonitoringFactory(
            applicant=ApplicantFactory(intake=cohort["intake"], stage=Stage.APPLIED), sex=sex
        )
    FeedbackFactory(trainee=cohort["trainee"], rating=5, comments="My supervisor believed in me.")
    return cohort


def test_the_ld_manager_reads_the_diversity_and_the_evaluation(page, ld_manager, director, figures):
    login(page, "ld")
    page.goto("/traineeships/figures/")
    expect(page.get_by_role("heading", name="Traineeship figures", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Diversity of October intake").click()
    expect(page.get_by_role("heading", name="Diversity of applicants", level=1)).to_be_visible()
    sex = page.locator("#diversity-sex")
    male = sex.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Male", exact=True))
    expect(male.get_by_role("cell").nth(1)).to_have_text("*")  # the three men who applied
    expect(
        sex.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Female", exact=True))
        .get_by_role("cell")
        .nth(1)
    ).to_have_text("12")
    expect(page.locator("main")).not_to_contain_text("Ava")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        text = exported.read()
    assert "Sex,Male,0,*,0,0,0,*" in text

    page.get_by_role("link", name="Evaluation").click()
    expect(page.get_by_role("heading", name="Programme evaluation", level=1)).to_be_visible()
    expect(page.locator("#funnel")).to_contain_text("Started")
    expect(page.locator("#recent-comments")).to_contain_text("Cara Lane")
    assert_accessible(page)

    page.get_by_role("link", name="Lived Experience Traineeship").click()
    expect(page.locator("#breakdown-rate")).to_contain_text("0 of 1 placements")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "director")
    page.goto(f"/traineeships/figures/programmes/{figures['programme'].pk}/evaluation/")
    expect(page.locator("#recent-comments")).to_contain_text("My supervisor believed in me.")
    expect(page.locator("main")).not_to_contain_text("Cara")
    assert_accessible(page)
