"""The registry of report kinds: what can be asked for, with which parameters, by whom.

A kind is registered once, from its app's AppConfig.ready (reports registers its own here; a
later app, pathways or traineeships, registers its report from its own ready()):

    kinds.register(ReportKind(
        key="board_progress", title="Trust Board progress report", form_class=BoardProgressForm,
        build=build_board_progress, description="...",
    ))

- `form_class` is a plain Django form: the request page shows it, and its `params()` turns the
  cleaned data into JSON (ids and ISO dates only) stored on the run; `describe(params)` says
  in words what was asked for ("Workforce plan 2026, 1 Oct to 30 Nov 2026").
- `build(params)` runs in the worker: it reads the database and returns a `Report`, whose
  `sections` are each a template and its context. A board pack is the sections of several
  kinds put in one document, so a kind never needs to know about the pack.
- `ability` is who may ask for it and download it (workforce.permissions).

Each kind becomes a background-run job `reports.<key>` (workforce/runs.py), so the runs machinery
(claiming, retries, time limits, progress, crash handling) is the one every other run uses.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms

REQUEST_ABILITY = "reports.request"
JOB_PREFIX = "reports."


class ReportUnavailable(Exception):
    """The report cannot be built as asked (the plan was deleted since): told to the person."""


@dataclass
class Section:
    """One part of a report: its heading (in the contents), its body template and context."""

    key: str  # the anchor the contents links to; unique within a document
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # In a board pack: the part it belongs to ("Trust Board progress report: Plan 2026"), which
    # the contents groups it under, and that part's at-a-glance lines for the pack's cover.
    part: str = ""
    part_lines: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What a builder returns and the PDF renders: a cover, then its sections in order."""

    title: str  # "Trust Board progress report"
    subject: str  # what it is about: "Workforce Development Action Plan 2026"
    period: str  # in words for the cover and the running header: "1 October to 30 November 2026"
    sections: list[Section]
    as_at: datetime.date = field(default_factory=datetime.date.today)
    summary_lines: list[str] = field(default_factory=list)  # the cover's "at a glance"
    details: list[tuple[str, str]] = field(default_factory=list)  # the cover's (label, value) lines


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    description: str  # one sentence on the choice page
    form_class: type[forms.Form]
    build: Callable[[dict], Report]
    ability: str = REQUEST_ABILITY

    @property
    def job_kind(self) -> str:
        return f"{JOB_PREFIX}{self.key}"

    def describe(self, params: dict) -> str:
        return self.form_class.describe(params)

    def filename(self, params: dict, on: datetime.date) -> str:
        """The download's name: the report, what it is about and the day, safe in any OS."""
        words = f"{self.title} - {self.describe(params)} - {on:%Y-%m-%d}"
        safe = "".join(c if c.isalnum() or c in " -_(),." else " " for c in words)
        return " ".join(safe.split())[:180] + ".pdf"


_kinds: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Add a kind and its background job. Registering the same kind again is harmless."""
    from reports import jobs
    from workforce import runs

    known = _kinds.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"Two report kinds are registered as {kind.key!r}")
    _kinds[kind.key] = kind
    runs.job(kind.job_kind, label=kind.title, unit="steps", rerun_after_crash=True)(jobs.render_report)
    return kind


def get(key: str) -> ReportKind:
    return _kinds[key]


def for_job(job_kind: str) -> ReportKind | None:
    return _kinds.get(job_kind.removeprefix(JOB_PREFIX)) if job_kind.startswith(JOB_PREFIX) else None


def all_kinds() -> list[ReportKind]:
    return list(_kinds.values())


def job_kinds() -> list[str]:
    return [kind.job_kind for kind in _kinds.values()]


# --- board pack sections ------------------------------------------------------------------------
#
# The board pack is every part a board wants in one PDF: the pack kind (reports/board_pack.py)
# builds from this registry, so a later app adds its part from its own AppConfig.ready, in
# reports/ or beside it, without touching the pack or the other parts:
#
#     kinds.register_pack_section("pathways", "Pathways and succession", build_pathway_sections, order=40)
#
# `build_sections(params)` gets the pack's parameters ("start", "end" as ISO dates; "plans": action
# plan ids, empty for every active plan; "indicators": indicator keys) and returns its Sections,
# each part of the pack named by `section.part` (the registered title when left blank). Keys
# need only be unique among its own sections: the pack makes them unique in the document. It may
# raise ReportUnavailable: the pack then says so in that part and carries on.


@dataclass(frozen=True)
class PackSection:
    key: str
    title: str
    build_sections: Callable[[dict], list[Section]]
    order: int = 100


_pack_sections: dict[str, PackSection] = {}


def register_pack_section(
    key: str, title: str, build_sections: Callable[[dict], list[Section]], *, order: int = 100
) -> PackSection:
    """Add a part to the board pack (lower `order` first). Registering it again is harmless."""
    section = PackSection(key, title, build_sections, order)
    known = _pack_sections.get(key)
    if known is not None and known != section:
        raise ValueError(f"Two board pack sections are registered as {key!r}")
    _pack_sections[key] = section
    return section


def unregister_pack_section(key: str) -> None:
    """For tests that register a section of their own."""
    _pack_sections.pop(key, None)


def pack_sections() -> list[PackSection]:
    return sorted(_pack_sections.values(), key=lambda section: (section.order, section.key))
