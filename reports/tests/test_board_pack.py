"""The workforce indicators report and the board pack, read back with pypdf: pages, "Page X of
Y", each section's title on the page the contents gives, the tagged structure with /Lang, every
figure's alternative text; the pack built from its section registry, so a later app's part
appears without touching the others."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports import board_pack, kinds, pdf, workforce_indicators
from reports.kinds import ReportUnavailable, Section
from reports.models import Baseline, Target
from reports.tests.conftest import PRIORITY_TITLES
from reports.tests.test_report_pdfs import assert_accessible_pdf, structure_tags
from workforce import indicators

COMPLIANCE, TURNOVER = "workforce.mandatory_compliance", "workforce.turnover"


def read(rendered: pdf.RenderedPDF) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(rendered.content))
    assert len(reader.pages) == rendered.pages
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def figure_alts(reader: PdfReader) -> list[str | None]:
    """The /Alt of every Figure in the structure tree (None where one has none)."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(str(node["/Alt"]) if "/Alt" in node else None)
            if node.get("/K") is not None:
                stack.append(node["/K"])
    return found


def page_of(contents: str, title: str) -> int:
    match = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
    assert match, (title, contents)
    return int(match.group(1))


def assert_cover_lines_apart(cover, first_part: str) -> None:
    """The cover holds every part at a glance, then the details, then its footer, top to bottom,
    none printed over another (a footer pinned to the page's foot once covered the details)."""
    heights: dict[str, list[float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():  # the text's height on the page, up from its foot (PDF user space)
            heights.setdefault(text.strip(), []).append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    cover.extract_text(visitor_text=visit)
    lines = sorted({round(y, 1) for ys in heights.values() for y in ys}, reverse=True)
    produced = min(y for text, ys in heights.items() if text.startswith("Produced") for y in ys)
    footer = min(y for text, ys in heights.items() if "Board pack ·" in text for y in ys)
    assert footer < produced - 5  # below the last detail, by more than a line's overlap
    assert all(a - b > 3 for a, b in zip(lines, lines[1:], strict=False)), "two lines printed over each other"
    assert any(first_part in text for text in heights)


def assert_pages_numbered(pages: list[str]) -> None:
    for number, page in enumerate(pages[1:], start=2):  # the cover has no running footer
        assert f"Page {number} of {len(pages)}" in page


def indicator_params(keys, end=None) -> dict:
    end = end or timezone.localdate()
    return {"indicators": keys, "granularity": "month", "end": end.isoformat()}


@pytest.fixture
def compliance_target(training):
    today = timezone.localdate()
    Target.objects.create(indicator_key=COMPLIANCE, value=95, by_date=today + datetime.timedelta(days=200))
    last = today.replace(day=1) - datetime.timedelta(days=1)
    Baseline.objects.create(
        indicator_key=COMPLIANCE, period_start=last.replace(day=1), period_end=last, value=60, numerator=6
    )


# --- the workforce indicators report ------------------------------------------------------------


def test_each_chosen_indicator_is_a_page_with_its_chart_icons_reading_baseline_and_target(
    compliance_target, org
):
    report = workforce_indicators.build(indicator_params([COMPLIANCE, TURNOVER]))
    reader, pages = read(pdf.render(report))
    text = " ".join(pages)

    assert_accessible_pdf(reader, "Workforce indicators report")
    assert {"H1", "H2", "Table", "TH", "TD", "Figure"} <= structure_tags(reader)
    assert_pages_numbered(pages)
    # cover, contents, at a glance, one page per indicator, how to read them
    assert len(pages) >= 6
    titles = [section.title for section in report.sections]
    assert titles == [
        "Indicators at a glance",
        indicators.get(COMPLIANCE).label,
        indicators.get(TURNOVER).label,
        "How to read the SPC charts",
    ]
    for title in titles:
        assert title in pages[page_of(pages[1], title) - 1]
    compliance = report.sections[1].context["figures"]
    # The figures the indicator page shows: its latest value, baseline, change and target.
    latest = compliance.latest.measure
    assert f"{latest.numerator} of {latest.denominator}" in text
    assert "target by" in text and "95%" in text and "60%" in text
    assert f"{report.sections[1].context['change']}" in text
    assert compliance.analysis.reading in text
    assert compliance.analysis.variation_label in text
    # Every figure has its alternative text: each chart says what it is, each icon its meaning.
    alts = figure_alts(reader)
    assert None not in alts
    assert f"{indicators.get(COMPLIANCE).label}: monthly XmR chart" in " ".join(alts)
    assert compliance.analysis.variation_label in alts


def test_the_table_lists_the_latest_periods_newest_first(training, org):
    report = workforce_indicators.build(indicator_params([COMPLIANCE]))
    recent = report.sections[1].context["recent"]
    assert len(recent) == workforce_indicators.RECENT["month"]
    assert recent[0].period.start > recent[-1].period.start


def test_the_figures_end_with_the_last_complete_month_on_or_before_the_day_chosen(training, org):
    end = datetime.date(2026, 3, 31)
    figures = workforce_indicators.build(indicator_params([TURNOVER], end)).sections[1].context["figures"]
    assert figures.latest.period.start == datetime.date(2026, 3, 1)
    figures = workforce_indicators.build(indicator_params([TURNOVER], end - datetime.timedelta(days=1)))
    assert figures.sections[1].context["figures"].latest.period.start == datetime.date(2026, 2, 1)


@pytest.fixture
def later_indicator():
    """An indicator registered after reports was loaded, as pathways or traineeships would."""

    @indicators.register("test.placements", "Placements started in the period", good="up", headline=True)
    def placements(start, end):
        from workforce.models import StaffMember

        return indicators.Formula(
            indicators.Tally(StaffMember.objects.filter(start_date__range=(start, end)))
        )

    yield "test.placements"
    indicators._registry.pop("test.placements")


def test_an_indicator_registered_later_is_offered_and_shown_by_default(later_indicator, org):
    form = workforce_indicators.WorkforceIndicatorsForm()
    assert later_indicator in dict(form.fields["indicators"].choices)
    assert later_indicator in form.fields["indicators"].initial
    assert COMPLIANCE in form.fields["indicators"].initial
    assert "workforce.headcount" not in form.fields["indicators"].initial  # context, not a headline
    report = workforce_indicators.build(indicator_params([later_indicator]))
    assert report.sections[1].title == "Placements started in the period"


def test_the_form_refuses_no_indicator_and_a_day_ahead(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = workforce_indicators.WorkforceIndicatorsForm(
        {"indicators": [], "granularity": "month", "period_end": tomorrow.isoformat()}
    )
    assert not form.is_valid()
    assert form.errors["indicators"] == ["Choose at least one indicator."]
    assert form.errors["period_end"] == ["The figures can only run up to today."]


def test_an_indicator_no_longer_registered_is_left_out_and_none_is_told(db):
    with pytest.raises(ReportUnavailable):
        workforce_indicators.build(indicator_params(["gone.indicator"]))


# --- the board pack -------------------------------------------------------------------------


def pack_params(plans=(), keys=(COMPLIANCE, TURNOVER)) -> dict:
    today = timezone.localdate()
    return {
        "start": (today - datetime.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
        "plans": [plan.pk for plan in plans],
        "indicators": list(keys),
    }


@pytest.fixture
def later_section():
    """A part a later app (traineeships) registers, in reports/ or beside it."""

    def build_sections(params):
        return [
            Section(
                "summary",  # the same key as other parts' summaries: the pack keeps anchors unique
                "Traineeship starts",
                "reports/pdf/pack/text.html",
                {"paragraphs": [f"Seven trainees started between {params['start']} and {params['end']}."]},
            )
        ]

    kinds.register_pack_section("test_traineeships", "Traineeships", build_sections, order=99)
    yield
    kinds.unregister_pack_section("test_traineeships")


def test_the_board_pack_holds_every_registered_part_under_one_cover_and_contents(
    board_plan, compliance_target, org, later_section
):
    params = pack_params([board_plan])
    report = board_pack.build(params)
    html = pdf.render_html(report)
    reader, pages = read(pdf.render(report))
    text = " ".join(pages)

    assert_accessible_pdf(reader, "Board pack")
    assert {"H1", "H2", "H3", "Table", "TH", "TD", "Figure", "L"} <= structure_tags(reader)
    assert_pages_numbered(pages)
    assert None not in figure_alts(reader)
    # One cover, one contents, then every registered part in order, each opening its page.
    assert text.count("Prepared for") == 1 and text.count("Contents") == 1
    registered = [section.key for section in kinds.pack_sections()]
    # The reports app's own parts first, then whatever later apps register, in their order.
    assert registered[:3] == ["board_progress", "workforce_indicators", "training_compliance"]
    assert registered[-1] == "test_traineeships"
    parts = pdf.parts_of(report)
    assert len(parts) == len(registered)
    titles = [part.title for part in parts]
    assert titles[:2] == [f"Progress report: {board_plan.title}", "Workforce indicators"]
    assert titles[2].startswith("Training compliance: ")
    assert titles[-1] == "Traineeships"
    assert_cover_lines_apart(reader.pages[0], board_plan.title)
    contents = pages[1]
    for part in parts:
        start = page_of(contents, f"{part.number}. {part.title}")
        assert f"part {part.number} of {len(parts)}" in pages[start - 1].lower()  # set in capitals
        for section in part.sections:
            assert section.title in pages[page_of(contents[contents.index(part.title) :], section.title) - 1]
    # Each part's own figures: the plan's priorities and RAG counts, the charts, compliance.
    for title in PRIORITY_TITLES:
        assert title in text
    assert "6 actions with a RAG status; 2 red, 1 amber, 1 with no update" in pages[0]
    assert "Mandatory training compliance:" in pages[0]
    assert "Indicators at a glance" in text and "How compliance is worked out" in text
    assert "Seven trainees started" in text
    # Every anchor once in the combined document, and every link leads to one.
    ids = re.findall(r'id="([^"]+)"', html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(ids)


def test_every_active_plan_when_none_is_chosen(board_plan, org):
    from actionplans.models import ActionPlan
    from actionplans.tests.factories import ActionPlanFactory

    board_plan.status = ActionPlan.Status.ACTIVE
    board_plan.save()
    other = ActionPlanFactory(title="Apprenticeship Growth Plan", status=ActionPlan.Status.ACTIVE)
    ActionPlanFactory(title="A draft", status=ActionPlan.Status.DRAFT)
    assert board_pack.plans_for({"plans": []}) == [other, board_plan]  # by title
    assert board_pack.plans_for({"plans": [board_plan.pk, other.pk]}) == [board_plan, other]  # as chosen
    sections = board_pack.progress_sections(pack_params())
    assert len({section.part for section in sections}) == 2
    assert len({section.key for section in sections}) == len(sections)


def test_a_part_that_cannot_be_made_says_so_and_the_rest_of_the_pack_goes(board_plan, org):
    """Nothing is required of anyone yet: the compliance part says so in words."""
    report = board_pack.build(pack_params([board_plan], keys=[TURNOVER]))
    _, pages = read(pdf.render(report))
    text = " ".join(pages)
    assert "This part is not included in this pack: No training is required of anyone yet" in text
    assert "Not included: No training is required" in pages[0]
    assert PRIORITY_TITLES[0] in text


def test_two_parts_with_the_same_section_keys_get_unique_anchors():
    sections = [Section("summary", "A", "t"), Section("summary", "B", "t"), Section("summary-2", "C", "t")]
    board_pack.unique_keys(sections)
    assert [section.key for section in sections] == ["summary", "summary-2", "summary-2-2"]


def test_a_pack_section_registered_twice_differently_is_refused(later_section):
    known = {section.key: section for section in kinds.pack_sections()}["test_traineeships"]
    kinds.register_pack_section(known.key, known.title, known.build_sections, order=known.order)  # harmless
    with pytest.raises(ValueError):
        kinds.register_pack_section("test_traineeships", "Something else", lambda params: [])


def test_the_pack_form_by_default_and_in_words(board_plan, org):
    form = board_pack.BoardPackForm()
    assert form.fields["indicators"].initial == indicators.headline_keys()
    today = timezone.localdate()
    data = {
        "period_start": today.replace(day=1).isoformat(),
        "period_end": today.isoformat(),
        "indicators": [COMPLIANCE],
    }
    form = board_pack.BoardPackForm(data)
    assert form.is_valid(), form.errors
    assert form.params()["plans"] == []
    assert board_pack.BoardPackForm.describe(form.params()).endswith("every active plan")
    form = board_pack.BoardPackForm({**data, "plans": [board_plan.pk]})
    assert form.is_valid(), form.errors
    assert board_pack.BoardPackForm.describe(form.params()).endswith(", 1 plan")


def test_a_full_cover_keeps_its_lines_apart_and_on_one_page(
    board_plan, compliance_target, org, later_section
):
    """Three plans and every later part: the cover is full, and still one page, nothing overprinted."""
    from actionplans.models import ActionPlan
    from actionplans.tests.factories import ActionPlanFactory

    plans = [board_plan] + [
        ActionPlanFactory(
            title=f"{region} Region Workforce Development and Apprenticeship Growth Plan 2025-2028",
            status=ActionPlan.Status.ACTIVE,
        )
        for region in ("North", "South")
    ]
    reader, pages = read(pdf.render(board_pack.build(pack_params(plans))))
    assert pages[1].lstrip().startswith("Contents") or "Contents" in pages[1][:200]
    assert "Contents" not in pages[0]
    assert_cover_lines_apart(reader.pages[0], board_plan.title)


def test_the_pack_names_at_most_listed_actions_of_each_plan(board_plan, org, monkeypatch):
    """A 500-action plan's pack names the most pressing red and amber actions, not every one;
    its own progress report still names them all."""
    assert board_pack.LISTED >= 10
    monkeypatch.setattr(board_pack, "LISTED", 2)
    sections = {
        section.key.split("-", 2)[2]: section for section in board_pack.progress_sections(pack_params())
    }
    assert len(sections["concerns"].context["actions"]) == 2 and sections["concerns"].context["more"] == 1
    assert sections["concerns"].context["total"] == 3
