"""`manage.py board_report`: the same reports, rendered synchronously to a file."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports.tests.conftest import PRIORITY_TITLES


def test_the_board_report_of_a_plan_is_written_to_the_file(board_plan, tmp_path):
    out = tmp_path / "board.pdf"
    stdout = io.StringIO()
    call_command("board_report", "--plan", str(board_plan.pk), "--out", str(out), stdout=stdout)
    reader = PdfReader(out)
    assert f"Wrote {out} ({len(reader.pages)} pages" in stdout.getvalue()
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(title in text for title in PRIORITY_TITLES)


def test_the_training_compliance_report_by_option(training, org, tmp_path):
    out = tmp_path / "compliance.pdf"
    call_command(
        "board_report",
        "--kind",
        "training_compliance",
        "--unit",
        str(org["north"].pk),
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    first = PdfReader(out).pages[0].extract_text()
    assert "Training compliance report" in first and "North Region" in first


def test_the_board_pack_by_option_with_a_plan_and_indicators(board_plan, training, org, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command(
        "board_report",
        "--kind",
        "board_pack",
        "--plan",
        str(board_plan.pk),
        "--indicator",
        "workforce.turnover",
        "--indicator",
        "workforce.starters",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Board pack" in text and all(title in text for title in PRIORITY_TITLES)
    assert "People who started in the period" in text and "Compliance by course" in text
    assert "Stability" not in text  # not asked for


def test_bad_options_are_told_in_the_forms_words(board_plan, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="plan: Select a valid choice"):
        call_command("board_report", "--plan", "987654", "--out", str(out))
    with pytest.raises(CommandError, match="period_end: The period cannot end after today"):
        call_command("board_report", "--plan", str(board_plan.pk), "--to", "2999-01-01", "--out", str(out))
    with pytest.raises(CommandError, match="No report kind 'nope'; choose from board_progress"):
        call_command("board_report", "--kind", "nope", "--out", str(out))
    assert not out.exists()
