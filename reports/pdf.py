"""A `Report` as an accessible A4 PDF, with WeasyPrint.

The document is one template (`reports/pdf/document.html`: cover, contents, then each section's
own template) and one small print stylesheet (`reports/static/reports/print.css`), not
Bootstrap: page boxes, running headers and "Page X of Y" are CSS paged media, which screen
frameworks know nothing about.

It is written as PDF/UA-1 (`pdf_variant="pdf/ua-1"`): WeasyPrint tags the structure (headings,
tables with their header cells, lists, figures with their alternative text from an SVG's
<title>), sets the title from <title> and the language from <html lang>. Boards publish their
papers, and public-sector accessibility rules cover PDFs.

Nothing is fetched while rendering: the stylesheet is read from disk here and charts are
inline SVG, so a report never reaches the network and user text cannot make it try.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from reports.kinds import Report

# WeasyPrint logs every layout step at INFO: a line per page per pass in a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "reports/print.css"
LANGUAGE = "en-GB"


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    pages: int


def organisation_name() -> str:
    """The running header's organisation: the top of the organisation tree when there is one."""
    from workforce.models import OrgUnit

    roots = list(OrgUnit.objects.filter(parent=None, is_archived=False).values_list("name", flat=True)[:2])
    return roots[0] if len(roots) == 1 else "Talent Ladder"


@cache
def _stylesheet_text() -> str:
    path = finders.find(STYLESHEET)
    if path is None:
        raise RuntimeError(f"The print stylesheet {STYLESHEET} is missing")
    return Path(path).read_text(encoding="utf-8")


@dataclass
class Part:
    """A board pack's part: consecutive sections with the same `Section.part`."""

    number: int
    title: str
    lines: list[str]
    sections: list

    @property
    def key(self) -> str:
        return f"part-{self.sections[0].key}"


def parts_of(report: Report) -> list[Part]:
    """The report's parts, in order; none when its sections have no part (a single report)."""
    parts: list[Part] = []
    for section in report.sections:
        if not section.part:
            return []
        if not parts or parts[-1].title != section.part:
            parts.append(Part(len(parts) + 1, section.part, list(section.part_lines), []))
        parts[-1].sections.append(section)
    return parts


def render_html(report: Report, *, organisation: str | None = None) -> str:
    generated = timezone.localtime()
    return render_to_string(
        "reports/pdf/document.html",
        {
            "report": report,
            "parts": parts_of(report),
            "organisation": organisation or organisation_name(),
            "generated_at": generated,
            "language": LANGUAGE,
        },
    )


def render(report: Report, *, stage: Callable[[str], None] | None = None) -> RenderedPDF:
    """The report's PDF bytes and page count; `stage(words)` is told as each step starts."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    stage = stage or (lambda words: None)
    html = render_html(report)
    # Only data: URIs, and none are used today: a report never fetches anything.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=_stylesheet_text(), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
    )
    pages = len(document.pages)
    stage(f"Writing {pages} page{'s' if pages != 1 else ''}")
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPDF(content, pages)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_words(start: datetime.date, end: datetime.date) -> str:
    """ "1 October to 30 November 2026", "15 December 2025 to 31 January 2026", or one day."""
    if start == end:
        return long_date(start)
    if start.year == end.year:
        first = f"{start.day} {start:%B}" if start.month != end.month else str(start.day)
        return f"{first} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"
