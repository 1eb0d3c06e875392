"""The pathways and succession report: the pipeline of each active career pathway, progressions
and promotions in the period, the roles without a ready successor (and where), and the talent
grid's counts (never names: a board paper is not the place for who was rated low).

Figures are read where the rest of the app reads them: progressions and promotions through the
indicator registry (`pathways.progressions` once the pathways app registers it, the core's
`workforce.promotions`), roles at risk through `pathways.succession.build` (the succession page's
own calculation, for the whole organisation), the grid through `pathways.talent.build`. The
pipeline counts are the enrolments' current statuses, as at the day the report is made.

`sections(params)` is the report's body, so a board pack can include it as its pathways part.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q

from pathways import succession, talent
from pathways.models import CareerPathway, Enrolment
from reports.board_progress import PeriodForm
from reports.kinds import Report, ReportKind, Section
from reports.pdf import period_words
from workforce import indicators

PROGRESSIONS = "pathways.progressions"
PROMOTIONS = "workforce.promotions"
Status = Enrolment.Status


class PathwaysSuccessionForm(PeriodForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].help_text = (
            "Progressions and promotions from this day to the end of the period are counted; the "
            "pipeline, successors and talent grid are as on the day the report is made."
        )

    def params(self) -> dict:
        return self.period_params()

    @staticmethod
    def describe(params: dict) -> str:
        start, end = _period(params)
        return f"All career pathways, {period_words(start, end)}"


def _period(params: dict) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(params["start"]), datetime.date.fromisoformat(params["end"])


@dataclass
class PipelineRow:
    pathway: str
    nominated: int
    accepted: int
    in_development: int
    ready: int
    progressed: int  # in the period
    median_days: float | None  # nomination to progression, of those progressed in the period

    @property
    def cells(self) -> list[int]:
        return [self.nominated, self.accepted, self.in_development, self.ready, self.progressed]


PIPELINE_HEADERS = ["Nominated", "Accepted", "In development", "Ready", "Progressed in the period"]


def pipeline(start: datetime.date, end: datetime.date) -> list[PipelineRow]:
    """Each active pathway's people by status now, and its progressions in the period: one
    grouped query for the counts, one for the durations."""
    in_period = Q(status=Status.PROGRESSED, progressed_on__gte=start, progressed_on__lte=end)
    counts = {
        row["pk"]: row
        for row in CareerPathway.objects.active()
        .order_by()
        .values("pk")
        .annotate(
            nominated=Count("enrolments", filter=Q(enrolments__status=Status.NOMINATED)),
            accepted=Count("enrolments", filter=Q(enrolments__status=Status.ACCEPTED)),
            in_development=Count("enrolments", filter=Q(enrolments__status=Status.IN_DEVELOPMENT)),
            ready=Count("enrolments", filter=Q(enrolments__status=Status.READY)),
            progressed=Count(
                "enrolments",
                filter=Q(
                    enrolments__status=Status.PROGRESSED,
                    enrolments__progressed_on__gte=start,
                    enrolments__progressed_on__lte=end,
                ),
            ),
        )
    }
    durations: dict[int, list[int]] = {}
    for pathway_id, nominated, progressed in Enrolment.objects.filter(in_period).values_list(
        "pathway_id", "nominated_on", "progressed_on"
    ):
        durations.setdefault(pathway_id, []).append((progressed - nominated).days)
    rows = []
    for pathway in CareerPathway.objects.active().order_by("name"):
        row = counts.get(pathway.pk, {})
        days = durations.get(pathway.pk)
        rows.append(
            PipelineRow(
                pathway.name,
                row.get("nominated", 0),
                row.get("accepted", 0),
                row.get("in_development", 0),
                row.get("ready", 0),
                row.get("progressed", 0),
                statistics.median(days) if days else None,
            )
        )
    return rows


def registered_value(key: str, start: datetime.date, end: datetime.date) -> indicators.Measure | None:
    """The indicator's value, or None when no app has registered it (yet)."""
    try:
        indicators.get(key)
    except KeyError:
        return None
    return indicators.value(key, start, end)


def sections(params: dict) -> list[Section]:
    start, end = _period(params)
    rows = pipeline(start, end)
    progressions = registered_value(PROGRESSIONS, start, end)
    progressed = sum(row.progressed for row in rows)
    promotions = registered_value(PROMOTIONS, start, end)
    # Counts only: the report names no candidate (their names are the succession page's), and
    # reading every one (10,000 at 15,000 staff) was most of this part's time in a board pack.
    plan = succession.build(None, candidates_shown=0)
    grid = talent.build(Enrolment.objects.open(), with_names=False)
    figures = {
        "period": period_words(start, end),
        "rows": rows,
        "headers": PIPELINE_HEADERS,
        "open": sum(row.nominated + row.accepted + row.in_development + row.ready for row in rows),
        "progressed": progressed,
        "progressions": progressions,
        "promotions": promotions,
        "at_risk": plan.at_risk,
        "roles": len(plan.roles),
    }
    return [
        Section("pipeline", "Pipeline and progressions", "reports/pdf/pathways/pipeline.html", figures),
        Section(
            "successors",
            "Roles without a ready successor",
            "reports/pdf/pathways/successors.html",
            {"plan": plan, "on": plan.on},
        ),
        Section(
            "talent",
            "Talent grid",
            "reports/pdf/pathways/talent.html",
            {"grid": grid, "columns": talent.PERFORMANCE_COLUMNS},
        ),
    ]


def build(params: dict) -> Report:
    start, end = _period(params)
    body = sections(params)
    figures = body[0].context
    at_risk = figures["at_risk"]
    lines = [
        f"{figures['open']} people on career pathways now; {figures['progressed']} progressed in the period",
        f"{len(at_risk)} of {figures['roles']} pathway roles without a successor ready within a year "
        "somewhere",
    ]
    if figures["promotions"] is not None and figures["promotions"].value is not None:
        lines.append(f"{figures['promotions'].value} people promoted to a higher pay band in the period")
    return Report(
        title="Pathways and succession report",
        subject="Career pathways and succession",
        period=period_words(start, end),
        sections=body,
        summary_lines=lines,
    )


KIND = ReportKind(
    key="pathways_succession",
    title="Pathways and succession report",
    description="Each career pathway's pipeline, progressions and promotions in a period, the roles "
    "without a ready successor, and the talent grid's counts.",
    form_class=PathwaysSuccessionForm,
    build=build,
)


def pack_sections(params: dict) -> list[Section]:
    """The board pack's pathways part: this report's sections for the pack's period."""
    from reports.board_pack import part

    report = build({"start": params["start"], "end": params["end"]})
    for section in report.sections:
        section.key = f"pathways-{section.key}"
    return part(report, "Pathways and succession")
