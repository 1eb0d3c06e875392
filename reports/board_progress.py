"""The Trust Board progress report for an action plan.

Every RAG comes from `Action.objects.with_rag()` (actionplans/rag.py) and the RAG-by-priority
table and risk matrix from the plan summary's own functions, so the board sees the figures the
plan's summary page shows. Sections: summary; RAG by priority ("No update" counted apart: it
is not Green); what is overdue or at risk and why, with the latest progress update; what was
completed in the period; top risks and the 5x5 heat map; targets, live from their indicator
where an output names one.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Output, ProgressUpdate, Risk
from actionplans.rag import RAG_ORDER, RAGState, Reason, with_unit
from actionplans.targets import attach_current_values
from actionplans.views.summary import SCALE, TOP_RISKS, rag_by_priority, risk_matrix, score_band
from reports import rag_chart
from reports.kinds import Report, ReportKind, ReportUnavailable, Section
from reports.pdf import long_date, period_words
from workforce.forms.staff import DateInput

HIGH_RISK_SCORE = 15  # "scored 15 or more": what the L&D manager's digest also calls high
# The reasons a RAG can have, in the order the rules try them (actionplans/rag.py).
REASON_ORDER = [value for name, value in vars(Reason).items() if name.isupper()]


class PeriodForm(forms.Form):
    """A reporting period: from the day after the last report to today, by default."""

    period_start = forms.DateField(label="Period from", widget=DateInput())
    period_end = forms.DateField(label="Period to", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        self.fields["period_start"].initial = last_month
        self.fields["period_end"].initial = today

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if end and end > timezone.localdate():
            self.add_error("period_end", "The period cannot end after today.")
        elif start and end and start > end:
            self.add_error("period_start", "The period must start on or before the day it ends.")
        return data

    def period_params(self) -> dict:
        return {
            "start": self.cleaned_data["period_start"].isoformat(),
            "end": self.cleaned_data["period_end"].isoformat(),
        }


class BoardProgressForm(PeriodForm):
    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.exclude(status=ActionPlan.Status.DRAFT).order_by("title"),
        label="Action plan",
        empty_label="Choose a plan",
    )
    field_order = ["plan", "period_start", "period_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].help_text = (
            "Actions completed from this day to the end of the period are listed as completed "
            "since the last report."
        )

    def params(self) -> dict:
        return {"plan": self.cleaned_data["plan"].pk, **self.period_params()}

    @staticmethod
    def describe(params: dict) -> str:
        plan = ActionPlan.objects.filter(pk=params.get("plan")).values_list("title", flat=True).first()
        period = period_words(*_period(params))
        return f"{plan or 'a deleted plan'}, {period}"


def _period(params: dict) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(params["start"]), datetime.date.fromisoformat(params["end"])


# --- the figures ------------------------------------------------------------------------------


def _concerns(actions):
    """Red, then amber, actions: overdue first, each with its latest update (from with_rag)."""
    red_first = Case(When(rag=RAGState.RED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(
        actions.filter(rag__in=[RAGState.RED, RAGState.AMBER])
        .select_related("priority")
        .prefetch_related("owners")
        .order_by(red_first, "due_date", "priority__position", "position", "pk")
    )


def reasons(concerns, today: datetime.date) -> list[tuple[str, int, int, int]]:
    """Red and amber actions counted by why: (reason, red, amber, past their due date)."""
    counts: dict[str, list[int]] = {}
    for action in concerns:
        row = counts.setdefault(action.rag_reason, [0, 0, 0])
        row[0 if action.rag == RAGState.RED else 1] += 1
        row[2] += bool(action.due_date and action.due_date < today)
    ranked = sorted(counts, key=lambda r: REASON_ORDER.index(r) if r in REASON_ORDER else len(REASON_ORDER))
    return [(reason, *counts[reason]) for reason in ranked]


def completed_between(plan: ActionPlan, start: datetime.date, end: datetime.date) -> list[Action]:
    """Actions completed in the period: the day their record last turned "completed" (history),
    so an action reopened and closed again counts when it was closed again."""
    completed = list(
        Action.objects.filter(plan=plan, status=Action.Status.COMPLETED)
        .select_related("priority")
        .prefetch_related("owners")
    )
    closed_on: dict[int, datetime.date] = {}
    history = (
        Action.history.filter(id__in=[action.pk for action in completed])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "history_date")
    )
    previous: dict[int, str] = {}
    for pk, status, when in history:
        if status == Action.Status.COMPLETED and previous.get(pk) != status:
            closed_on[pk] = timezone.localdate(when)
        previous[pk] = status
    listed = []
    for action in completed:
        action.completed_on = closed_on.get(action.pk)
        if action.completed_on and start <= action.completed_on <= end:
            listed.append(action)
    return sorted(listed, key=lambda a: (a.completed_on, a.priority.position, a.position, a.pk))


def _targets(plan: ActionPlan, today: datetime.date) -> list[dict]:
    outputs = list(
        Output.objects.filter(action__plan=plan)
        .filter(Q(targets__isnull=False) | ~Q(indicator_key=""))
        .distinct()
        .select_related("action")
        .prefetch_related("targets")
        .order_by("action__priority__position", "action__position", "position", "pk")
    )
    attach_current_values(outputs, plan, today)
    rows = []
    for output in outputs:
        targets = list(output.targets.all())
        upcoming = [t for t in targets if t.by_date is None or t.by_date >= today]
        judged = upcoming[0] if upcoming else (targets[-1] if targets else None)
        met = judged.is_met(output.value_now) if judged else None
        if judged is None:
            verdict = "No target set"
        elif met is None:
            verdict = "No current figure"
        elif met:
            verdict = "Met"
        elif judged.by_date and judged.by_date < today:
            verdict = "Missed"
        else:
            verdict = "Not yet met"
        unit = judged.unit if judged else output.target_unit
        now = with_unit(output.value_now, unit) if output.value_now is not None else ""
        rows.append({"output": output, "targets": targets, "judged": judged, "verdict": verdict, "now": now})
    return rows


def build(params: dict, *, listed: int | None = None) -> Report:
    """The report; `listed` caps the actions each list names (the board pack's), the counts and
    the reasons still cover every one, and the lists say how many more the full report names."""
    plan = ActionPlan.objects.select_related("lead").filter(pk=params.get("plan")).first()
    if plan is None:
        raise ReportUnavailable("The action plan this report was asked for has been deleted.")
    start, end = _period(params)
    today = timezone.localdate()
    rag_rows, totals = rag_by_priority(plan, today)
    actions = Action.objects.filter(plan=plan).with_rag(today=today)
    concerns = _concerns(actions)
    overdue = sum(1 for action in concerns if action.due_date and action.due_date < today)
    completed = completed_between(plan, start, end)
    updates = ProgressUpdate.objects.filter(action__plan=plan, imported_from="", date__range=(start, end))
    open_risks = Risk.objects.filter(action__plan=plan, status=Risk.Status.OPEN)
    top_risks = list(
        open_risks.filter(score__isnull=False)
        .select_related("action", "owner")
        .order_by("-score", "-impact", "action__number", "pk")[:TOP_RISKS]
    )
    for risk in top_risks:
        risk.band = score_band(risk.score)[0]
    matrix_rows, unscored = risk_matrix(plan)
    counts = dict(totals.cells())
    label = plan.priority_label
    rag_labels = [(rag, rag.label) for rag in RAG_ORDER]
    summary = {
        "plan": plan,
        "total": totals.total,
        "counts": [(rag, rag.label, counts[rag]) for rag in RAG_ORDER],
        "no_update": counts[RAGState.NO_UPDATE],
        "not_started": totals.not_started,
        "overdue": overdue,
        "completed": len(completed),
        "updates": updates.count(),
        "open_risks": open_risks.count(),
        "high_risks": open_risks.filter(score__gte=HIGH_RISK_SCORE).count(),
        "high_risk_score": HIGH_RISK_SCORE,
        "chart": rag_chart.rag_bars(rag_rows, label),
        "period": period_words(start, end),
        "today": today,
    }
    sections = [
        Section("summary", "Summary", "reports/pdf/board/summary.html", summary),
        Section(
            "rag",
            f"RAG by {label.lower()}",
            "reports/pdf/board/rag_by_priority.html",
            {"rows": rag_rows, "rag_labels": rag_labels, "totals": totals, "label": label},
        ),
        Section(
            "concerns",
            "Overdue or at risk, and why",
            "reports/pdf/board/concerns.html",
            {
                "actions": concerns[:listed],
                "more": len(concerns[listed:]) if listed is not None else 0,
                "total": len(concerns),
                "overdue": overdue,
                "reasons": reasons(concerns, today),
                "today": today,
            },
        ),
        Section(
            "completed",
            "Completed since the last report",
            "reports/pdf/board/completed.html",
            {
                "actions": completed[:listed],
                "more": len(completed[listed:]) if listed is not None else 0,
                "period": period_words(start, end),
            },
        ),
        Section(
            "risks",
            "Top risks",
            "reports/pdf/board/risks.html",
            {
                "risks": top_risks,
                "limit": TOP_RISKS,
                "matrix_rows": matrix_rows,
                "impacts": list(SCALE),
                "unscored": unscored,
            },
        ),
        Section(
            "targets",
            "Targets and indicators",
            "reports/pdf/board/targets.html",
            {"rows": _targets(plan, today)},
        ),
    ]
    red = counts[RAGState.RED]
    return Report(
        title="Trust Board progress report",
        subject=plan.title,
        period=period_words(start, end),
        sections=sections,
        as_at=today,
        summary_lines=[
            f"{totals.total} actions with a RAG status; {red} red, {counts[RAGState.AMBER]} amber, "
            f"{counts[RAGState.NO_UPDATE]} with no update",
            f"{len(completed)} completed in the period; {summary['high_risks']} open risks scored "
            f"{HIGH_RISK_SCORE} or more",
            f"RAG as at {long_date(today)}",
        ],
        details=[
            (label, value)
            for label, value in [
                ("Plan lead", plan.lead.full_name if plan.lead else ""),
                (
                    "Plan period",
                    period_words(plan.period_start, plan.period_end)
                    if plan.period_start and plan.period_end
                    else "",
                ),
                ("Reports to", plan.governance),
            ]
            if value
        ],
    )


KIND = ReportKind(
    key="board_progress",
    title="Trust Board progress report",
    description=(
        "An action plan's progress for the Board: RAG by priority, what is overdue or at risk and "
        "why, what was completed in the period, top risks and targets."
    ),
    form_class=BoardProgressForm,
    build=build,
)
