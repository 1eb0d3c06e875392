"""Letters and retention in a real browser: the L&D manager rewords the offer letter (a wrong
placeholder is refused next to the body first), opens an applicant's offer letter, asks for its
PDF (made in the background: eager Celery here) and downloads it, then finds a retention run
listed. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.helpers import assert_accessible, login
from traineeships import retention
from traineeships.conftest import cohort  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_ld_manager_rewords_the_offer_prints_it_as_a_pdf_and_sees_retention_runs(
    page,
    ld_manager,
    cohort,  # noqa: F811  (the fixture imported above)
    media,
    eager_celery,
    tmp_path,
):
    retention.anonymise(triggered_by="manage.py anonymise_applicants")
    ava = cohort["applied"]
    login(page, "ld")
    page.goto("/traineeships/")
    page.get_by_role("link", name="Letters to applicants").click()
    expect(page.get_by_role("heading", name="Letters to applicants", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit the offer").click()
    expect(page.get_by_role("heading", name="Edit the offer", level=1)).to_be_visible()
    assert_accessible(page)
    body = page.get_by_label("Body")
    body.fill("Dear {firstname},\n\nWelcome to the {programme}. See you on {starts_on}!")
    page.get_by_role("button", name="Save the letter").click()
    # Refused next to the body, with what was typed kept.
    expect(page.get_by_text("{firstname} is not a placeholder we can fill in")).to_be_visible()
    expect(body).to_have_value(re.compile(r"^Dear \{firstname\},"))
    assert_accessible(page)
    body.fill("Dear {first_name},\n\nWelcome to the {programme}. See you on {starts_on}!")
    page.get_by_role("button", name="Save the letter").click()
    expect(page.get_by_role("alert")).to_contain_text("Offer letter saved.")

    page.goto(f"/traineeships/applicants/{ava.pk}/letters/offer/")
    expect(page.get_by_role("heading", name="Offer letter for Ava Green", level=1)).to_be_visible()
    letter = page.get_by_role("article", name="The letter")
    expect(letter).to_contain_text("Dear Ava,")
    expect(letter).to_contain_text(f"Welcome to the {cohort['programme'].name}.")
    expect(page.get_by_role("button", name="Print the letter")).to_be_visible()  # shown by letters.js
    assert_accessible(page)
    # Printed, only the letter shows: the navigation and the buttons are hidden by the print stylesheet.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Download as a PDF")).to_be_hidden()
    expect(letter).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Download as a PDF").click()
    # Eager Celery: the PDF is made by the time the run's page loads.
    expect(page).to_have_url(re.compile(r"/runs/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("The offer letter for Ava Green is ready.")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename == "Offer letter - Ava Green.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = PdfReader(saved).pages[0].extract_text()
    assert "Dear Ava," in text and f"Welcome to the {cohort['programme'].name}." in text

    page.goto("/traineeships/letters/")
    page.get_by_role("link", name="Retention runs").click()
    expect(page.get_by_role("heading", name="Retention runs", level=1)).to_be_visible()
    runs_table = page.get_by_role("table", name="Runs of the retention rule, newest first")
    expect(runs_table).to_contain_text("manage.py anonymise_applicants")
    assert_accessible(page)
