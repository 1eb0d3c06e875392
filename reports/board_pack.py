"""The board pack: every part a Trust Board wants for a period, in one PDF with one cover and one
contents. It knows none of its parts: it builds from the pack section registry
(`kinds.register_pack_section`), where reports registers the progress report for each chosen
plan, the workforce indicators and training compliance (below, from reports/apps.py), and a
later app adds its own.

A plan's progress report in the pack names at most `LISTED` red or amber actions (the most
pressing) and completed ones, counting the rest; its own report names every one.

Each part's sections keep their own templates; the pack gives every section a key unique in the
combined document (the part's key, then the section's, with a number added should two still
clash), so the contents and any link inside a section (the indicators' summary links to each
chart's page through its Section) lead to the right page.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Case, IntegerField, Value, When

from actionplans.models import ActionPlan
from reports import board_progress, kinds, training_compliance, workforce_indicators
from reports.board_progress import PeriodForm
from reports.kinds import Report, ReportKind, ReportUnavailable, Section
from reports.pdf import period_words
from reports.series import Granularity

# How many actions each plan's lists name in the pack: the most pressing red and amber ones (and
# the first completed). The Board reads the exceptions and the counts, every red and amber action
# counted by priority and by why; a 500-action plan's 250 overdue ones, named one by one, were 13
# of the pack's 33 pages and half its rendering. The plan's own Trust Board progress report, and
# its export, still name every one.
LISTED = 20


class PlansField(forms.ModelMultipleChoiceField):
    empty_words = "Every active plan"  # what ticking none means, in a schedule's summary


class BoardPackForm(PeriodForm):
    plans = PlansField(
        queryset=ActionPlan.objects.exclude(status=ActionPlan.Status.DRAFT).order_by("title"),
        required=False,
        label="Action plans",
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked for every active plan on the day the pack is made.",
    )
    indicators = workforce_indicators.indicators_field()
    field_order = ["period_start", "period_end", "plans", "indicators"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].initial = workforce_indicators.default_indicators()
        self.fields[
            "period_end"
        ].help_text = (
            "Compliance is as at this day; the indicators run to the last complete month on or before it."
        )

    def params(self) -> dict:
        return {
            **self.period_params(),
            "plans": [plan.pk for plan in self.cleaned_data["plans"]],
            "indicators": list(self.cleaned_data["indicators"]),
        }

    @staticmethod
    def describe(params: dict) -> str:
        start, end = _period(params)
        count = len(params.get("plans") or [])
        plans = f"{count} plan{'s' if count != 1 else ''}" if count else "every active plan"
        return f"{period_words(start, end)}, {plans}"


def _period(params: dict) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(params["start"]), datetime.date.fromisoformat(params["end"])


def part(report: Report, title: str | None = None) -> list[Section]:
    """A report's sections as one part of the pack, carrying its cover's at-a-glance lines."""
    for section in report.sections:
        section.part = title or report.subject
    if report.sections:
        report.sections[0].part_lines = list(report.summary_lines)
    return report.sections


# --- the parts reports registers --------------------------------------------------------------


def plans_for(params: dict) -> list[ActionPlan]:
    """The chosen plans in the order chosen, or every active plan; deleted ones are left out."""
    chosen = [int(pk) for pk in params.get("plans") or []]
    if not chosen:
        return list(ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE).order_by("title"))
    position = Case(*[When(pk=pk, then=Value(n)) for n, pk in enumerate(chosen)], output_field=IntegerField())
    return list(ActionPlan.objects.filter(pk__in=chosen).order_by(position))


def progress_sections(params: dict) -> list[Section]:
    plans = plans_for(params)
    if not plans:
        raise ReportUnavailable("No action plan is active, or the plans chosen have been deleted.")
    sections = []
    for plan in plans:
        report = board_progress.build(
            {"plan": plan.pk, "start": params["start"], "end": params["end"]}, listed=LISTED
        )
        for section in report.sections:
            section.key = f"plan-{plan.pk}-{section.key}"
        sections += part(report, f"Progress report: {plan.title}")
    return sections


def indicator_sections(params: dict) -> list[Section]:
    report_params = {
        "indicators": params.get("indicators") or workforce_indicators.default_indicators(),
        "granularity": Granularity.MONTH,
        "end": params["end"],
    }
    return part(workforce_indicators.build(report_params), "Workforce indicators")


def compliance_sections(params: dict) -> list[Section]:
    report = training_compliance.build({"as_at": params["end"], "unit": None})
    return part(report, f"Training compliance: {report.period[0].lower()}{report.period[1:]}")


def register_own_sections() -> None:
    kinds.register_pack_section("board_progress", "Trust Board progress report", progress_sections, order=10)
    kinds.register_pack_section("workforce_indicators", "Workforce indicators", indicator_sections, order=20)
    kinds.register_pack_section("training_compliance", "Training compliance", compliance_sections, order=30)


# --- the pack ----------------------------------------------------------------------------------


def _unavailable(pack_section: kinds.PackSection, message: str) -> list[Section]:
    return [
        Section(
            "unavailable",
            pack_section.title,
            "reports/pdf/pack/unavailable.html",
            {"message": message},
            part=pack_section.title,
            part_lines=[f"Not included: {message}"],
        )
    ]


def unique_keys(sections: list[Section]) -> None:
    """Make every key unique in the document, in place (links to a Section follow it)."""
    seen: set[str] = set()
    for section in sections:
        key, number = section.key, 2
        while key in seen:
            key, number = f"{section.key}-{number}", number + 1
        section.key = key
        seen.add(key)


def build(params: dict) -> Report:
    start, end = _period(params)
    sections: list[Section] = []
    for pack_section in kinds.pack_sections():
        try:
            built = pack_section.build_sections(params)
        except ReportUnavailable as exc:
            built = _unavailable(pack_section, str(exc))
        for section in built:
            section.key = f"{pack_section.key}-{section.key}"
            section.part = section.part or pack_section.title
        sections += built
    unique_keys(sections)
    plans = plans_for(params)
    return Report(
        title="Board pack",
        subject=", ".join(pack_section.title for pack_section in kinds.pack_sections()),
        period=period_words(start, end),
        sections=sections,
        as_at=end,
        details=[("Action plans", "; ".join(plan.title for plan in plans) or "None active")],
    )


KIND = ReportKind(
    key="board_pack",
    title="Board pack",
    description=(
        "Everything for the Board in one PDF: each plan's progress report, the workforce indicators "
        "as SPC charts and training compliance, with one cover and one contents."
    ),
    form_class=BoardPackForm,
    build=build,
)
