"""The recruitment figures of an intake or a programme, and the headline figures of the index:
the funnel (how many reached each stage, conversion to the next, withdrawn and unsuccessful
counted apart with their reasons), checks outstanding, active placements, support meetings due or
overdue, breakdowns, outcomes so far.

Every read is a fixed number of queries, whatever the number of applicants (grouped counts, or
one list with its parts prefetched). Anonymised applicants count in the funnel (their stage
history stays) but are never listed. Names go only to those who manage recruitment: the
templates are given `show_names`, the figures are the same for everyone.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from traineeships.models import (
    CLOSED,
    FUNNEL,
    Applicant,
    HeardVia,
    Outcome,
    Placement,
    PreEmploymentCheck,
    Stage,
    StageChange,
    Trainee,
    next_quarterly_due,
)

# A quarterly meeting due within this many days is shown as "due soon".
DUE_SOON_DAYS = 30


def _position_of(field_name: str) -> Case:
    """A stage's place in FUNNEL, in SQL; -1 for withdrawn and unsuccessful."""
    whens = [When(**{field_name: stage}, then=Value(i)) for i, stage in enumerate(FUNNEL)]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def with_furthest(applicants):
    """Annotate `furthest`: the furthest FUNNEL position the applicant reached, from their stage
    history and their stage now (a closed applicant counts at the stage they got to)."""
    reached = (
        StageChange.objects.filter(applicant=OuterRef("pk"))
        .annotate(at=_position_of("stage"))
        .values("applicant")
        .annotate(furthest=Max("at"))
        .values("furthest")
    )
    return applicants.annotate(
        furthest=Greatest(_position_of("stage"), Coalesce(Subquery(reached), Value(-1)))
    )


@dataclass
class FunnelStage:
    stage: str
    label: str
    reached: int
    now_at: int
    # Percent of those who reached this stage who reached the next one; None at the last or at 0.
    conversion: int | None = None


@dataclass
class Closed:
    stage: str
    label: str
    count: int
    left_at: list[tuple[str, int]] = field(default_factory=list)  # (stage label, how many)
    reasons: list[tuple[str, int]] = field(default_factory=list)  # (reason, how many)


@dataclass
class Funnel:
    total: int
    stages: list[FunnelStage]
    closed: list[Closed]


def funnel(applicants) -> Funnel:
    """The funnel of `applicants` (a queryset): two queries."""
    rows = with_furthest(applicants).order_by().values("stage", "furthest").annotate(n=Count("pk"))
    now_at: Counter = Counter()
    furthest: Counter = Counter()
    left_at: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        now_at[row["stage"]] += row["n"]
        furthest[row["furthest"]] += row["n"]
        if row["stage"] in CLOSED and row["furthest"] >= 0:
            left_at[row["stage"]][row["furthest"]] += row["n"]
    stages = []
    for i, stage in enumerate(FUNNEL):
        reached = sum(n for at, n in furthest.items() if at >= i)
        stages.append(FunnelStage(stage, Stage(stage).label, reached, now_at[stage]))
    for this, after in zip(stages, stages[1:], strict=False):
        this.conversion = round(100 * after.reached / this.reached) if this.reached else None
    reasons: dict[str, list] = defaultdict(list)
    for row in (
        applicants.filter(stage__in=CLOSED)
        .order_by()
        .values("stage", "closing_reason")
        .annotate(n=Count("pk"))
        .order_by("stage", "-n", "closing_reason")
    ):
        reasons[row["stage"]].append((row["closing_reason"] or "No reason recorded", row["n"]))
    closed = [
        Closed(
            stage,
            Stage(stage).label,
            now_at[stage],
            [(Stage(FUNNEL[at]).label, n) for at, n in sorted(left_at[stage].items())],
            reasons[stage],
        )
        for stage in CLOSED
    ]
    return Funnel(sum(now_at.values()), stages, closed)


def headline_by_intake(intake_ids: list[int]) -> dict[int, dict[str, int]]:
    """{intake id: {"applicants", "started", "active_placements"}}: three grouped queries."""
    figures = {pk: {"applicants": 0, "started": 0, "active_placements": 0} for pk in intake_ids}
    for row in Applicant.objects.filter(intake__in=intake_ids).values("intake").annotate(n=Count("pk")):
        figures[row["intake"]]["applicants"] = row["n"]
    trainees = Trainee.objects.filter(applicant__intake__in=intake_ids)
    for row in trainees.values("applicant__intake").annotate(n=Count("pk")):
        figures[row["applicant__intake"]]["started"] = row["n"]
    placed = Placement.objects.filter(
        status=Placement.Status.ACTIVE, trainee__applicant__intake__in=intake_ids
    )
    for row in placed.values("trainee__applicant__intake").annotate(n=Count("trainee", distinct=True)):
        figures[row["trainee__applicant__intake"]]["active_placements"] = row["n"]
    return figures


@dataclass
class ChecksOutstanding:
    applicant: Applicant
    outstanding: list[str]  # labels of the checks not cleared, with their status


@dataclass
class SupportDue:
    trainee: Trainee
    due_on: datetime.date
    overdue: bool


@dataclass
class Overview:
    funnel: Funnel
    checks: list[ChecksOutstanding]
    checks_by_kind: list[tuple[str, int]]
    placements: list[Placement]
    support: list[SupportDue]
    overdue_count: int
    breakdowns: list[Placement]
    outcomes: list[tuple[str, str, int]]  # (when, kind, how many)
    heard_via: list[tuple[str, int]]


def checks_outstanding(applicants) -> tuple[list[ChecksOutstanding], list[tuple[str, int]]]:
    """Applicants at pre-employment checks with a check not cleared (a check not laid out yet
    counts as not started): the list, and how many are outstanding of each kind. Two queries."""
    Check = PreEmploymentCheck
    at_checks = applicants.not_anonymised().filter(stage=Stage.CHECKS).prefetch_related("checks")
    found, by_kind = [], Counter()
    for applicant in at_checks:
        status = {check.kind: check for check in applicant.checks.all()}
        outstanding = []
        for kind in Check.Kind:
            check = status.get(kind)
            if check is None or check.status != Check.Status.CLEARED:
                words = check.get_status_display() if check else Check.Status.NOT_STARTED.label
                outstanding.append(f"{kind.label} ({words.lower()})")
                by_kind[kind.label] += 1
        if outstanding:
            found.append(ChecksOutstanding(applicant, outstanding))
    return found, [(kind.label, by_kind[kind.label]) for kind in Check.Kind if by_kind[kind.label]]


def overview(applicants, today: datetime.date) -> Overview:
    """Everything the programme and intake pages show, for `applicants` (those of one intake or
    of a programme's intakes)."""
    trainees = Trainee.objects.filter(applicant__in=applicants.values("pk"))
    checks, checks_by_kind = checks_outstanding(applicants)
    placements = Placement.objects.filter(trainee__in=trainees.values("pk")).select_related(
        "trainee__applicant", "host_unit", "supervisor", "life_coach"
    )
    overdue = set(trainees.support_overdue(today).values_list("pk", flat=True))
    support = []
    for trainee in trainees.active().with_support().select_related("applicant"):
        due_on = next_quarterly_due(trainee.started_on, trainee.last_quarterly_on)
        is_overdue = trainee.pk in overdue
        if is_overdue or due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            support.append(SupportDue(trainee, due_on, is_overdue))
    support.sort(key=lambda due: (not due.overdue, due.due_on))
    outcomes = [
        (Outcome.When(row["when"]).label, Outcome.Kind(row["kind"]).label, row["n"])
        for row in Outcome.objects.filter(trainee__in=trainees.values("pk"))
        .values("when", "kind")
        .annotate(n=Count("pk"))
        .order_by("when", "-n", "kind")
    ]
    heard = dict(HeardVia.choices)
    heard_via = [
        (heard.get(row["heard_via"], "Not recorded"), row["n"])
        for row in applicants.order_by()
        .values("heard_via")
        .annotate(n=Count("pk"))
        .order_by("-n", "heard_via")
    ]
    all_placements = list(placements.order_by("-starts_on", "pk"))
    return Overview(
        funnel=funnel(applicants),
        checks=checks,
        checks_by_kind=checks_by_kind,
        placements=[p for p in all_placements if p.status == Placement.Status.ACTIVE],
        support=support,
        overdue_count=len(overdue),
        breakdowns=[p for p in all_placements if p.status == Placement.Status.BROKEN_DOWN],
        outcomes=outcomes,
        heard_via=heard_via,
    )
