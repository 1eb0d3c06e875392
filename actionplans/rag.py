"""How an action's RAG status is worked out: one rule table, read by `ActionQuerySet.with_rag()`.

The summary, the plan list and tree, My actions, the owner's home panel and the board report all
read the `rag` and `rag_reason` this module annotates, so they count the same thing the same way.

Green has to be earned: an owner (or the L&D manager) reported it, or the milestones show it
(at least one done and none late). An action nobody has reported on, with no such evidence, is
"No update", never Green. Evidence of trouble needs no report: overdue is Red and a late
milestone, or the due date close with milestones open, is Amber.

The rules, first match wins (a cancelled action has no RAG at all):

1. completed                                           -> complete  "Completed"
2. the latest progress update gave a RAG               -> that RAG  "As last reported"
3. past its due date, status "not started"             -> red       "Overdue, not started"
4. past its due date                                   -> red       "Overdue"
5. an open milestone is past its own due date          -> amber     "A milestone is overdue"
6. due within 30 days with milestones still open       -> amber     "Due within 30 days, milestones open"
7. a milestone done, none late                         -> green     "Milestones on time"
8. no progress update at all                           -> no update "Nobody has reported on it yet"
9. updates, but the latest gave no RAG                 -> no update "The latest update gave no RAG"

An owner's report wins over the derived rules (2 before 3), as it always has: the owner knows
what the dates do not, and their update is dated on the action page for anyone to question.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When

AMBER_WINDOW_DAYS = 30


class RAG(models.TextChoices):
    """What a progress update may report."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


class RAGState(models.TextChoices):
    """What `with_rag()` derives: a reported RAG, or "No update" when nobody said and nothing shows."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NO_UPDATE = "no_update", "No update"
    COMPLETE = "complete", "Complete"


# The order every count of actions by RAG is shown in (summary, plan list, plan tree).
RAG_ORDER = [RAGState.RED, RAGState.AMBER, RAGState.GREEN, RAGState.NO_UPDATE, RAGState.COMPLETE]


class Reason:
    """Why an action has its RAG, in the words the pages print next to the badge."""

    COMPLETED = "Completed"
    REPORTED = "As last reported"
    OVERDUE_NOT_STARTED = "Overdue, not started"
    OVERDUE = "Overdue"
    MILESTONE_LATE = "A milestone is overdue"
    DUE_SOON_OPEN = f"Due within {AMBER_WINDOW_DAYS} days, milestones open"
    MILESTONES_ON_TIME = "Milestones on time"
    NOT_REPORTED = "Nobody has reported on it yet"
    NO_RAG_GIVEN = "The latest update gave no RAG"


def _rules(today: datetime.date) -> list[tuple[Q, object, str]]:
    """(condition, RAG, reason), first match wins; conditions read the annotations of `annotate`."""
    from actionplans.models import Action

    reported = ~Q(latest_progress_rag="") & Q(latest_progress_rag__isnull=False)
    overdue = Q(due_date__lt=today)
    due_soon = Q(due_date__lte=today + datetime.timedelta(days=AMBER_WINDOW_DAYS))
    return [
        (Q(status=Action.Status.COMPLETED), Value(RAGState.COMPLETE), Reason.COMPLETED),
        (reported, models.F("latest_progress_rag"), Reason.REPORTED),
        (overdue & Q(status=Action.Status.NOT_STARTED), Value(RAGState.RED), Reason.OVERDUE_NOT_STARTED),
        (overdue, Value(RAGState.RED), Reason.OVERDUE),
        (Q(has_late_milestone=True), Value(RAGState.AMBER), Reason.MILESTONE_LATE),
        (due_soon & Q(has_open_milestones=True), Value(RAGState.AMBER), Reason.DUE_SOON_OPEN),
        (Q(has_done_milestone=True), Value(RAGState.GREEN), Reason.MILESTONES_ON_TIME),
        (Q(latest_progress_date__isnull=True), Value(RAGState.NO_UPDATE), Reason.NOT_REPORTED),
    ]


def annotate(queryset, today: datetime.date):
    """`queryset` (of actions) with `rag`, `rag_reason`, the latest progress update's RAG, note and
    date, and the milestone facts the rules read; all in the same one query."""
    from actionplans.models import Action, Milestone, ProgressUpdate

    # Progress imported from a plan file is not an owner's update: it sets no RAG and does not
    # count as the latest update.
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), imported_from="").order_by("-date", "-pk")
    milestones = Milestone.objects.filter(action=OuterRef("pk"))
    open_milestones = milestones.filter(completed_on__isnull=True)
    queryset = queryset.annotate(
        latest_progress_rag=Subquery(latest.values("rag")[:1]),
        latest_progress_note=Subquery(latest.values("note")[:1]),
        latest_progress_date=Subquery(latest.values("date")[:1]),
        has_open_milestones=Exists(open_milestones),
        has_late_milestone=Exists(open_milestones.filter(due_date__lt=today)),
        has_done_milestone=Exists(milestones.filter(completed_on__isnull=False)),
    )
    rules = _rules(today)
    cancelled = Q(status=Action.Status.CANCELLED)
    return queryset.annotate(
        rag=Case(
            When(cancelled, then=Value(None)),
            *[When(condition, then=rag) for condition, rag, _ in rules],
            default=Value(RAGState.NO_UPDATE),
            output_field=models.CharField(),
        ),
        rag_reason=Case(
            When(cancelled, then=Value(None)),
            *[When(condition, then=Value(reason)) for condition, _, reason in rules],
            default=Value(Reason.NO_RAG_GIVEN),
            output_field=models.CharField(),
        ),
    )


def with_unit(value, unit: str) -> str:
    """A figure with its unit as people write it: "75%", "250 people trained per annum"."""
    if value is None:
        return ""
    number = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"
