"""A plan at a glance: RAG by priority, what is overdue or due soon, top risks and the risk matrix.

Every figure comes from a grouped query (RAG through `Action.objects.with_rag()`, the same
derivation the board report uses), so the page costs the same number of queries however
large the plan grows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans.models import Action, ActionPlan, Risk
from actionplans.rag import AMBER_WINDOW_DAYS, RAG_ORDER, Reason
from workforce.permissions import requires

TOP_RISKS = 10
SUMMARY_LISTED = 20  # overdue and due-soon actions named; the plan page lists the rest
SCALE = range(1, 6)
RAG_COLUMNS = RAG_ORDER

# The NHS 5x5 risk matrix bands (likelihood x impact): the word is printed in each cell so
# the heat map reads without its colours.
SCORE_BANDS = [
    (3, "Low", "bg-success-subtle text-body"),
    (6, "Moderate", "bg-warning-subtle text-body"),
    (12, "High", "text-bg-warning"),
    (25, "Extreme", "text-bg-danger"),
]


def score_band(score: int) -> tuple[str, str]:
    """(word, CSS classes) for a likelihood x impact score from 1 to 25."""
    for ceiling, word, css in SCORE_BANDS:
        if score <= ceiling:
            return word, css
    raise ValueError(f"A risk score is 1 to 25, not {score}")


@dataclass
class MatrixCell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return score_band(self.score)[0]

    @property
    def css(self) -> str:
        return score_band(self.score)[1]


@dataclass
class RagCounts:
    """One row of the RAG table: actions per RAG, and how many of the red are overdue and not
    started (the summary says so beside the red count)."""

    by_rag: dict[str, int]
    not_started: int = 0

    def cells(self) -> list[tuple[str, int]]:
        return [(rag, self.by_rag.get(rag, 0)) for rag in RAG_COLUMNS]

    @property
    def total(self) -> int:
        return sum(self.by_rag.values())


def rag_by_priority(plan: ActionPlan, today):
    """[(priority, [(rag, count)], total, overdue-not-started)] and the plan's own RagCounts,
    from one grouped query; cancelled actions have no RAG and are not counted."""
    counts = (
        Action.objects.filter(plan=plan)
        .with_rag(today=today)
        .exclude(rag__isnull=True)
        .order_by()
        .values("priority_id", "rag", "rag_reason")
        .annotate(n=Count("pk"))
    )
    by_priority: dict[int, RagCounts] = {}
    plan_counts = RagCounts({})
    for row in counts:
        for tally in (by_priority.setdefault(row["priority_id"], RagCounts({})), plan_counts):
            tally.by_rag[row["rag"]] = tally.by_rag.get(row["rag"], 0) + row["n"]
            if row["rag_reason"] == Reason.OVERDUE_NOT_STARTED:
                tally.not_started += row["n"]
    rows = []
    for priority in plan.priorities.all():
        tally = by_priority.get(priority.pk, RagCounts({}))
        rows.append((priority, tally.cells(), tally.total, tally.not_started))
    return rows, plan_counts


def risk_matrix(plan: ActionPlan):
    """5x5 grid of open-risk counts, likelihood 5 at the top; plus open risks not yet scored."""
    counts = (
        Risk.objects.filter(action__plan=plan, status=Risk.Status.OPEN)
        .order_by()
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
    )
    grid, unscored = {}, 0
    for row in counts:
        if row["likelihood"] and row["impact"]:
            grid[row["likelihood"], row["impact"]] = row["n"]
        else:
            unscored += row["n"]
    rows = [
        (likelihood, [MatrixCell(likelihood, impact, grid.get((likelihood, impact), 0)) for impact in SCALE])
        for likelihood in reversed(SCALE)
    ]
    return rows, unscored


@dataclass
class FirstOf:
    """The first few of a list the summary names, how many there are and where the rest are."""

    listed: list
    count: int
    all_url: str


def first_of(actions, all_url: str) -> FirstOf:
    """A large plan's overdue list ran to hundreds of actions (124 KB at 500): the summary names
    the first SUMMARY_LISTED and links to the plan page filtered to all of them."""
    return FirstOf(list(actions[:SUMMARY_LISTED]), actions.count(), all_url)


@requires()
@require_safe
def plan_summary(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    today = timezone.localdate()
    actions = Action.objects.visible_to(request.user).filter(plan=plan)
    listed = actions.with_rag(today=today).select_related("priority").prefetch_related("owners")
    rag_rows, plan_counts = rag_by_priority(plan, today)
    matrix_rows, unscored = risk_matrix(plan)
    plan_url = reverse("actionplans:plan_detail", args=[plan.pk])
    return render(
        request,
        "actionplans/plan_summary.html",
        {
            "plan": plan,
            "today": today,
            "rag_columns": [(rag, rag.label) for rag in RAG_COLUMNS],
            "rag_rows": rag_rows,
            "rag_totals": [count for _, count in plan_counts.cells()],
            "total": plan_counts.total,
            "not_started": plan_counts.not_started,
            "overdue": first_of(
                listed.overdue(today=today).order_by("due_date", "number", "pk"),
                f"{plan_url}?overdue=on",
            ),
            "due_soon": first_of(
                listed.due_within(AMBER_WINDOW_DAYS, today=today).order_by("due_date", "number", "pk"),
                f"{plan_url}?{urlencode({'due_before': today + datetime.timedelta(days=AMBER_WINDOW_DAYS)})}",
            ),
            "due_soon_days": AMBER_WINDOW_DAYS,
            "top_risks": Risk.objects.filter(action__plan=plan, status=Risk.Status.OPEN, score__isnull=False)
            .select_related("action", "owner")
            .order_by("-score", "-impact", "action__number", "pk")[:TOP_RISKS],
            "top_risks_limit": TOP_RISKS,
            "matrix_rows": matrix_rows,
            "impacts": list(SCALE),
            "unscored": unscored,
        },
    )
