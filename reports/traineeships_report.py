"""The traineeship report, for a programme or one of its intakes: the recruitment funnel,
placements and breakdowns (with their reasons, never a trainee's name), outcomes at the end and
the 6- and 12-month follow-ups with the retention of those employed here, feedback, and the
diversity of applicants with small numbers suppressed as NHS statistics do.

Every figure comes from traineeships/evaluation.py and traineeships/diversity.py, the functions
the evaluation and diversity pages use, so the board reads what the L&D manager sees. Figures
are as at the day the report is made; the traineeship indicators for a period are in the
workforce indicators report and the board pack.

`pack_sections(params)` is the board pack's traineeships part: every programme with a current or
recent intake in one table (no names), and the traineeship indicators for the pack's period.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from reports.kinds import Report, ReportKind, ReportUnavailable, Section
from reports.pdf import long_date, period_words
from traineeships import diversity, evaluation
from traineeships.evaluation import Scope
from traineeships.models import Intake, Programme
from workforce import indicators

TEMPLATES = "reports/pdf/traineeships"
# The pack part's title (the test-only part of test_board_pack.py is called "Traineeships").
PACK_PART = "Traineeships and work experience"
PACK_INDICATORS = [
    "traineeships.starts",
    "traineeships.completions",
    "traineeships.breakdowns",
    "traineeships.job_outcomes",
    "traineeships.work_experience",
    "traineeships.pre_employment",
]


class TraineeshipReportForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"), label="Programme", empty_label="Choose a programme"
    )
    intake = forms.ModelChoiceField(
        queryset=Intake.objects.select_related("programme").order_by("programme__name", "-starts_on"),
        label="Intake",
        required=False,
        empty_label="Every intake of the programme",
        help_text="Leave as every intake for the whole programme.",
    )

    def clean(self):
        data = super().clean()
        programme, intake = data.get("programme"), data.get("intake")
        if programme and intake and intake.programme_id != programme.pk:
            self.add_error("intake", f"{intake.name} is an intake of {intake.programme}, not of {programme}.")
        return data

    def params(self) -> dict:
        intake = self.cleaned_data["intake"]
        return {"programme": self.cleaned_data["programme"].pk, "intake": intake.pk if intake else None}

    @staticmethod
    def describe(params: dict) -> str:
        try:
            return scope_for(params).label
        except ReportUnavailable:
            return "A programme since deleted"


def scope_for(params: dict) -> Scope:
    if params.get("intake"):
        intake = Intake.objects.select_related("programme").filter(pk=params["intake"]).first()
        if intake is None:
            raise ReportUnavailable("The intake has been deleted since the report was asked for.")
        return Scope.of(intake)
    programme = Programme.objects.filter(pk=params["programme"]).first()
    if programme is None:
        raise ReportUnavailable("The programme has been deleted since the report was asked for.")
    return Scope(programme)


def sections(scope: Scope, today: datetime.date) -> list[Section]:
    figures = evaluation.evaluate(scope, today)
    tables = diversity.diversity(scope.applicants())
    return [
        Section("funnel", "Recruitment", f"{TEMPLATES}/funnel.html", {"funnel": figures.funnel}),
        Section(
            "placements",
            "Placements and breakdowns",
            f"{TEMPLATES}/placements.html",
            {"placements": figures.placements, "reasons": evaluation.breakdown_reasons(scope)},
        ),
        Section(
            "outcomes",
            "Outcomes and retention",
            f"{TEMPLATES}/outcomes.html",
            {"outcomes": figures.outcomes, "retention": figures.retention},
        ),
        Section("feedback", "Feedback", f"{TEMPLATES}/feedback.html", {"feedback": figures.feedback}),
        Section(
            "diversity",
            "Diversity of applicants",
            f"{TEMPLATES}/diversity.html",
            {
                "tables": tables,
                "columns": [label for label, _ in diversity.COLUMNS],
                "threshold": diversity.suppress_below(),
            },
        ),
    ]


def build(params: dict) -> Report:
    scope = scope_for(params)
    today = timezone.localdate()
    body = sections(scope, today)
    funnel = body[0].context["funnel"]
    placements = body[1].context["placements"]
    outcomes = body[2].context["outcomes"]
    started = funnel.steps[-1].reached
    lines = [f"{funnel.applicants} applicants; {started} started"]
    if placements.rate is not None:
        lines.append(
            f"{placements.broken_down} of {placements.placements} placements broke down ({placements.rate}%)"
        )
    lines.append(
        f"{outcomes.recorded[0]} outcomes at the end recorded; {sum(outcomes.missing)} follow-ups missing"
    )
    return Report(
        title="Traineeship report",
        subject=scope.label,
        period=f"As at {long_date(today)}",
        sections=body,
        as_at=today,
        summary_lines=lines,
        details=[
            ("Programme", scope.programme.name),
            ("Intake", scope.intake.name if scope.intake else "Every intake"),
        ],
    )


KIND = ReportKind(
    key="traineeships",
    title="Traineeship report",
    description="A programme's or intake's recruitment funnel, placements and breakdowns, outcomes "
    "and retention, feedback, and the diversity of applicants with small numbers hidden.",
    form_class=TraineeshipReportForm,
    build=build,
)


# --- the board pack's part ------------------------------------------------------------------------


def programmes_for(start: datetime.date, end: datetime.date) -> list[Programme]:
    """Programmes with an intake recruiting or in placement, or one that ran during the period."""
    current = Q(intakes__status__in=[Intake.Status.RECRUITING, Intake.Status.IN_PLACEMENT]) | Q(
        intakes__starts_on__lte=end, intakes__ends_on__gte=start
    )
    return list(Programme.objects.filter(current).distinct().order_by("name"))


def pack_sections(params: dict) -> list[Section]:
    """Every current programme's key figures in one table, and the traineeship indicators for the
    pack's period (through the registry, so they match the measuring-success pages)."""
    from reports.board_pack import part

    start, end = datetime.date.fromisoformat(params["start"]), datetime.date.fromisoformat(params["end"])
    today = timezone.localdate()
    rows = []
    for programme in programmes_for(start, end):
        figures = evaluation.evaluate(Scope(programme), today)
        rows.append({"programme": programme, "figures": figures})
    measures = []
    for key in PACK_INDICATORS:
        try:
            measures.append((indicators.get(key), indicators.value(key, start, end)))
        except KeyError:
            continue  # not registered (yet): left out
    report = Report(
        title="Traineeships",
        subject="Traineeships",
        period=period_words(start, end),
        sections=[
            Section(
                "traineeships-programmes",
                "Traineeship programmes",
                f"{TEMPLATES}/pack.html",
                {"rows": rows, "measures": measures, "period": period_words(start, end)},
            )
        ],
        summary_lines=[f"{len(rows)} traineeship programme{'s' if len(rows) != 1 else ''} running or recent"],
    )
    return part(report, PACK_PART)
