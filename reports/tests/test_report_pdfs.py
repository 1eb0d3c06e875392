"""Each report kind's PDF, read back with pypdf: pages, words, figures, and its accessibility tags."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports import board_progress, kinds, pdf, training_compliance
from reports.tests.conftest import PRIORITY_TITLES
from workforce import indicators
from workforce.compliance import compliant_and_required


def period(days_back=30):
    today = timezone.localdate()
    return {"start": (today - timezone.timedelta(days=days_back)).isoformat(), "end": today.isoformat()}


def read(rendered: pdf.RenderedPDF) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(rendered.content))
    assert len(reader.pages) == rendered.pages
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def assert_accessible_pdf(reader: PdfReader, title: str) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "not a tagged PDF"
    assert root["/Lang"] == "en-GB"
    assert str(root["/MarkInfo"]["/Marked"]).lower() == "true"
    assert reader.metadata.title.startswith(title)
    # PDF/UA identification in the XMP metadata
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def structure_tags(reader: PdfReader) -> set[str]:
    """Every structure type in the tag tree (H2, Table, TH, Figure...)."""
    found: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            found.add(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            stack.extend(kids if isinstance(kids, list) else [kids])
    return found


def test_the_board_progress_report_names_every_priority_and_counts_each_rag(board_plan):
    report = board_progress.build({"plan": board_plan.pk, **period()})
    reader, pages = read(pdf.render(report))
    text = " ".join(pages)

    assert len(pages) >= 4  # cover, contents, then the sections
    assert_accessible_pdf(reader, "Trust Board progress report: Workforce Development Action Plan 2026")
    for title in PRIORITY_TITLES:
        assert title in text
    # The cover's at-a-glance line and the RAG table's totals row: red 2, amber 1, green 1,
    # no update 1 (counted apart), complete 1; the cancelled action is not counted.
    assert "6 actions with a RAG status; 2 red, 1 amber, 1 with no update" in pages[0]
    assert re.search(r"All 2 1 1 1 1 6", text), text
    assert "1 not started" in text  # the overdue, not started action beside its priority's red
    # Overdue or at risk, and why (the rule and the latest update)
    assert "Map every home's trainer cover" in text and "South region returns still missing" in text
    assert "Overdue, not started" in text
    # Completed in the period, top risks and targets
    assert "Close the gaps in fire safety" in text
    assert "Staff not released to attend" in text and "Extreme" in text
    assert "12 Link Trainers in post" in text and "Live: People in post" in text
    # Running header and footer on every page after the cover
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in page
        assert "Trust Board progress report" in page and "Northshire Care Group" in page
    tags = structure_tags(reader)
    assert {"H1", "H2", "Table", "TH", "TD", "Figure", "L"} <= tags


def test_the_contents_gives_each_section_its_page(board_plan):
    report = board_progress.build({"plan": board_plan.pk, **period()})
    _, pages = read(pdf.render(report))
    contents = pages[1]
    for section in report.sections:
        match = re.search(re.escape(section.title) + r"[ .]*(\d+)", contents)
        assert match, (section.title, contents)
        assert section.title in pages[int(match.group(1)) - 1]


def test_the_figure_has_alternative_text_saying_the_counts(board_plan):
    report = board_progress.build({"plan": board_plan.pk, **period()})
    chart = report.sections[0].context["chart"]
    assert "<title>Actions by RAG status for each priority. Priority 1: 1 red, 1 amber, 1 no update;" in chart


def test_a_long_table_breaks_across_pages_and_repeats_its_header(board_plan):
    from actionplans.models import ProgressUpdate
    from actionplans.tests.factories import ActionFactory

    priority = board_plan.priorities.first()
    for n in range(60):
        action = ActionFactory(
            focus_area=None,
            priority=priority,
            plan=board_plan,
            number=f"9.{n}",
            description=f"Long action {n}",
        )
        ProgressUpdate.objects.create(action=action, rag="red", note=f"Blocked {n}")
    reader, pages = read(pdf.render(board_progress.build({"plan": board_plan.pk, **period()})))
    header = "Action RAG Due Owner Why, and the latest update"
    carrying = [page for page in pages if "Long action" in page]
    assert len(carrying) >= 2
    assert all(header in page for page in carrying)


def test_the_training_compliance_report_matches_the_indicator(training, org):
    today = timezone.localdate()
    report = training_compliance.build({"as_at": today.isoformat(), "unit": None})
    reader, pages = read(pdf.render(report))
    text = " ".join(pages)

    overall = indicators.value("workforce.mandatory_compliance", today, today)
    summary = report.sections[0].context
    assert summary["overall"] == overall
    assert (summary["totals"].compliant, summary["totals"].required) == (
        overall.numerator,
        overall.denominator,
    )
    assert f"Mandatory training compliance: {overall.value}%" in pages[0]
    # The course rows, summed from the by-unit query, are the indicator's breakdown by course.
    by_course = indicators.breakdown("workforce.mandatory_compliance", today, today, by="course")
    courses = report.sections[1].context["rows"]
    assert [(row.label, row.measure) for row in courses] == [(row.label, row.measure) for row in by_course]
    units = report.sections[2].context["rows"]
    # every person's courses counted once across the units (suppressed rows still hold counts)
    assert sum(compliant_and_required(row.statuses)[1] for row in units) == overall.denominator
    assert "Fire safety" in text and "Moving and handling" in text
    assert "North Region" in text and "South Region" in text
    assert_accessible_pdf(reader, "Training compliance report")
    assert f"Page 2 of {len(pages)}" in pages[1]


def test_a_unit_report_counts_that_unit_only_and_hides_small_numbers(training, org):
    today = timezone.localdate()
    report = training_compliance.build({"as_at": today.isoformat(), "unit": org["south"].pk})
    overall = indicators.value("workforce.mandatory_compliance", today, today, unit=org["south"])
    assert report.sections[0].context["overall"] == overall
    units = {row.label: row for row in report.sections[2].context["rows"]}
    # Elm Court's three people hold 5 required courses in date of 6: not small, shown.
    assert units["Elm Court"].measure.value is not None
    assert units["South Region (itself)"].measure.value is None  # nobody works there directly


def test_a_deleted_plan_is_told_in_words(db):
    with pytest.raises(kinds.ReportUnavailable, match="has been deleted"):
        board_progress.build({"plan": 987654, **period()})


def test_the_download_name_says_what_and_when(board_plan):
    kind = kinds.get("board_progress")
    name = kind.filename(
        {"plan": board_plan.pk, "start": "2026-10-01", "end": "2026-11-30"}, timezone.localdate()
    )
    assert name.startswith(
        "Trust Board progress report - Workforce Development Action Plan 2026, 1 October to 30 November 2026"
    )
    assert name.endswith(".pdf") and "/" not in name


def test_red_and_amber_actions_are_counted_by_why(board_plan):
    report = board_progress.build({"plan": board_plan.pk, **period()})
    concerns = report.sections[2].context
    assert concerns["total"] == 3 and concerns["more"] == 0 and len(concerns["actions"]) == 3
    assert concerns["reasons"] == [("As last reported", 1, 1, 0), ("Overdue, not started", 1, 0, 1)]
    _, pages = read(pdf.render(report))
    text = " ".join(pages)
    assert "3 actions red or amber, 1 of them past their due date" in text
    assert "As last reported 1 1 0" in text and "Overdue, not started 1 0 1" in text
    assert "most pressing" not in text  # the plan's own report names every one


def test_a_capped_list_names_the_most_pressing_and_counts_the_rest(board_plan):
    """The board pack's lists (board_pack.LISTED): red first, the longest overdue first, then
    how many more the plan's own report names; the counts by why still cover every one."""
    report = board_progress.build({"plan": board_plan.pk, **period()}, listed=2)
    concerns = report.sections[2].context
    assert [action.number for action in concerns["actions"]] == ["3.1", "1.1"]
    assert concerns["total"] == 3 and concerns["more"] == 1
    assert concerns["reasons"] == [("As last reported", 1, 1, 0), ("Overdue, not started", 1, 0, 1)]
    completed = report.sections[3].context
    assert len(completed["actions"]) == 1 and completed["more"] == 0
    _, pages = read(pdf.render(report))
    text = " ".join(pages)
    assert "The 2 most pressing, red first, then the longest overdue. The other 1 is named" in text
    assert "Baseline the care certificate completions" in text and "Map every home's trainer cover" in text
    assert "Create the Link Trainer role" not in text.split("most pressing", 1)[1]
    assert "And 1 more red or amber action, counted above." in text
    assert "Close the gaps in fire safety" in text  # completed: within the cap
    capped = board_progress.build({"plan": board_plan.pk, **period()}, listed=0).sections[3].context
    assert capped["actions"] == [] and capped["more"] == 1
