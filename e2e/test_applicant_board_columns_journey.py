"""The applicant board of a big intake, in a real browser: each column shows its first few cards
(APPLICANT_BOARD_COLUMN_SIZE, lowered here) with the whole count; "Show all" loads the rest into
the column with htmx and takes the keyboard focus to the first card it added; a card loaded that
way moves like any other; without JavaScript the same link opens the board narrowed to the stage.
axe on each state."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from traineeships.models import Applicant, Stage
from traineeships.tests.factories import ApplicantFactory, IntakeFactory, ProgrammeFactory

pytestmark = pytest.mark.e2e
NAMES = [("Amy", "Ash"), ("Bob", "Bell"), ("Cal", "Cole"), ("Dee", "Dale")]  # board order: last name


@pytest.fixture
def intake(org):
    intake = IntakeFactory(programme=ProgrammeFactory(name="Lived Experience Traineeship"), name="May intake")
    for first, last in NAMES:
        ApplicantFactory(intake=intake, first_name=first, last_name=last, stage=Stage.APPLIED)
    return intake


def test_a_column_shows_a_few_then_all_of_its_applicants(page, live_server, ld_manager, intake, settings):
    settings.APPLICANT_BOARD_COLUMN_SIZE = 2
    login(page, "ld")
    page.goto(f"/traineeships/intakes/{intake.pk}/applicants/")
    applied = page.get_by_role("region", name=re.compile("^Applied"))
    expect(applied.get_by_role("heading", level=2)).to_have_text("Applied 4")
    expect(applied.get_by_role("article")).to_have_count(2)
    expect(applied.get_by_role("article", name="Amy Ash")).to_be_visible()
    assert_accessible(page)

    applied.get_by_role("link", name="Show all 4 in applied").click()
    applied = page.get_by_role("region", name=re.compile("^Applied"))
    expect(applied.get_by_role("article")).to_have_count(4)
    expect(applied.get_by_role("article", name="Cal Cole")).to_be_focused()
    expect(applied.get_by_role("link", name=re.compile("^Show all"))).to_have_count(0)
    assert_accessible(page)

    # A card that came with "Show all" moves in place like the others; the whole board comes back.
    dee = applied.get_by_role("article", name="Dee Dale")
    dee.get_by_label("Move to").select_option(label="Interview")
    dee.get_by_role("button", name=re.compile("^Move")).click()
    expect(page.get_by_role("status")).to_have_text("Dee Dale moved to interview.")
    interview = page.get_by_role("region", name=re.compile("^Interview"))
    expect(interview.get_by_role("article", name="Dee Dale")).to_be_focused()
    expect(
        page.get_by_role("region", name=re.compile("^Applied")).get_by_role("heading", level=2)
    ).to_have_text("Applied 3")
    assert Applicant.objects.get(first_name="Dee").stage == Stage.INTERVIEW

    # Without JavaScript "Show all" is a link to the board narrowed to the stage: every card.
    href = page.get_by_role("link", name="Show all 3 in applied").get_attribute("href")
    assert href == f"/traineeships/intakes/{intake.pk}/applicants/?stage=applied"
    page.goto(href)
    expect(page.get_by_role("region", name=re.compile("^Applied")).get_by_role("article")).to_have_count(3)
    assert_accessible(page)
