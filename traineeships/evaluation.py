"""The programme's figures, for a programme or one of its intakes: the recruitment funnel, placements
and breakdowns, outcomes at the end and at the 6- and 12-month follow-ups, feedback, and retention
of those employed here. Shared by the evaluation page and the board's traineeship report, so both
count the same thing the same way; each read is a fixed number of queries, whatever the size.

Retention at 6 (12) months: of the trainees employed here at the end of the programme whose
6-month (12-month) follow-up is due, those whose follow-up says they are still employed here. A
follow-up not yet recorded is counted apart, never as retained nor as lost.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q

from traineeships.models import (
    CLOSED,
    FUNNEL,
    Applicant,
    Feedback,
    Intake,
    Outcome,
    Placement,
    Programme,
    Stage,
    StageChange,
    Trainee,
)
from traineeships.models.trainee import FOLLOW_UP_MONTHS, latest_due_by

RECENT_COMMENTS = 10


@dataclass(frozen=True)
class Scope:
    """A programme, or one intake of it: what the figures are about."""

    programme: Programme
    intake: Intake | None = None

    @classmethod
    def of(cls, intake: Intake) -> Scope:
        return cls(intake.programme, intake)

    @property
    def label(self) -> str:
        return str(self.intake) if self.intake else str(self.programme)

    @property
    def kind(self) -> str:
        return "intake" if self.intake else "programme"

    def _by_intake(self, path: str) -> Q:
        if self.intake is not None:
            return Q(**{path: self.intake.pk})
        return Q(**{f"{path}__programme": self.programme.pk})

    def applicants(self):
        return Applicant.objects.filter(self._by_intake("intake"))

    def trainees(self):
        return Trainee.objects.filter(self._by_intake("applicant__intake"))

    def placements(self):
        return Placement.objects.filter(self._by_intake("trainee__applicant__intake"))

    def outcomes(self):
        return Outcome.objects.filter(self._by_intake("trainee__applicant__intake"))

    def feedback(self):
        return Feedback.objects.filter(self._by_intake("trainee__applicant__intake"))


# --- the recruitment funnel ----------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    label: str
    reached: int
    conversion: int | None  # % of the step before that reached this one


@dataclass
class Funnel:
    steps: list[FunnelStep]
    closed: dict[str, int]  # withdrawn, unsuccessful -> how many
    applicants: int


def funnel(scope: Scope) -> Funnel:
    """How many applicants reached each stage of the way (by their current stage and their dated
    history, so someone who withdrew after interview counts as having reached interview), and
    how many withdrew or were unsuccessful. Two queries."""
    order = {stage: n for n, stage in enumerate(FUNNEL)}
    furthest: dict[int, int] = {}
    current = dict(scope.applicants().values_list("pk", "stage"))
    history = StageChange.objects.filter(applicant__in=scope.applicants().values("pk"))
    for applicant_id, stage in history.values_list("applicant_id", "stage").distinct():
        if stage in order:
            furthest[applicant_id] = max(furthest.get(applicant_id, 0), order[stage])
    for applicant_id, stage in current.items():
        if stage in order:
            furthest[applicant_id] = max(furthest.get(applicant_id, 0), order[stage])
        else:
            furthest.setdefault(applicant_id, 0)  # closed with no history: they enquired
    steps, before = [], None
    for n, stage in enumerate(FUNNEL):
        reached = sum(1 for step in furthest.values() if step >= n)
        conversion = round(reached * 100 / before) if before else None
        steps.append(FunnelStep(stage, Stage(stage).label, reached, conversion))
        before = reached
    closed = {Stage(stage).label: sum(1 for s in current.values() if s == stage) for stage in CLOSED}
    return Funnel(steps, closed, len(current))


# --- placements and breakdowns -------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdowns:
    by_status: dict[str, int]
    placements: int  # placements that began (planned ones excluded)
    broken_down: int

    @property
    def rate(self) -> int | None:
        return round(self.broken_down * 100 / self.placements) if self.placements else None


def placements(scope: Scope) -> Breakdowns:
    counts = dict(scope.placements().order_by().values_list("status").annotate(n=Count("pk")))
    by_status = {label: counts.get(value, 0) for value, label in Placement.Status.choices}
    began = sum(n for status, n in counts.items() if status != Placement.Status.PLANNED)
    return Breakdowns(by_status, began, counts.get(Placement.Status.BROKEN_DOWN, 0))


def breakdown_reasons(scope: Scope) -> list[Placement]:
    """Broken-down placements with their date, host unit, reason and support: no trainee names."""
    return list(
        scope.placements()
        .filter(status=Placement.Status.BROKEN_DOWN)
        .select_related("host_unit")
        .only("broke_down_on", "breakdown_reason", "support_given", "host_unit__name")
        .order_by("-broke_down_on", "pk")
    )


# --- outcomes ------------------------------------------------------------------------------------

WHENS = list(Outcome.When)


@dataclass
class Outcomes:
    rows: list[tuple[str, list[int]]]  # (kind label, count at the end, 6 months, 12 months)
    recorded: list[int]  # per follow-up
    due: list[int]  # trainees whose follow-up is due (their end, 6 or 12 months on, has passed)
    jobs_at_end: int = 0  # outcomes at the end that count as a job (Outcome.JOBS)

    @property
    def missing(self) -> list[int]:
        return [max(0, due - recorded) for due, recorded in zip(self.due, self.recorded, strict=True)]

    @property
    def columns(self) -> list[str]:
        return [when.label for when in WHENS]


def outcomes(scope: Scope, today: datetime.date) -> Outcomes:
    """Outcomes by kind at each follow-up, and how many are due: two queries."""
    counts = {
        (when, kind): n
        for when, kind, n in scope.outcomes().order_by().values_list("when", "kind").annotate(n=Count("pk"))
    }
    rows = [
        (label, [counts.get((when.value, kind), 0) for when in WHENS]) for kind, label in Outcome.Kind.choices
    ]
    recorded = [sum(n for (w, _), n in counts.items() if w == when.value) for when in WHENS]
    due_counts = (
        scope.trainees()
        .with_end()
        .aggregate(
            **{
                f"due{when.value}": Count("pk", filter=Q(end_on__lte=latest_due_by(today, when.value)))
                for when in WHENS
            }
        )
    )
    jobs = sum(counts.get((Outcome.When.AT_END, kind), 0) for kind in Outcome.JOBS)
    return Outcomes(rows, recorded, [due_counts[f"due{when.value}"] for when in WHENS], jobs)


@dataclass(frozen=True)
class Retention:
    months: int
    due: int  # employed here at the end, follow-up due
    retained: int
    not_recorded: int

    @property
    def rate(self) -> int | None:
        recorded = self.due - self.not_recorded
        return round(self.retained * 100 / recorded) if recorded else None


def retention(scope: Scope, today: datetime.date) -> list[Retention]:
    """Retention at 6 and 12 months of those employed here at the end: one query."""

    def outcome(when, **kind):
        return Exists(Outcome.objects.filter(trainee=OuterRef("pk"), when=when, **kind))

    employed = (
        scope.trainees().with_end().filter(outcome(Outcome.When.AT_END, kind=Outcome.Kind.EMPLOYED_HERE))
    )
    annotations = {}
    for months in FOLLOW_UP_MONTHS:
        due = Q(end_on__lte=latest_due_by(today, months))
        annotations[f"due{months}"] = Count("pk", filter=due)
        annotations[f"kept{months}"] = Count("pk", filter=due & Q(**{f"kept_{months}": True}), distinct=True)
        annotations[f"missing{months}"] = Count("pk", filter=due & Q(**{f"seen_{months}": False}))
    marks = {}
    for months in FOLLOW_UP_MONTHS:
        marks[f"kept_{months}"] = outcome(months, kind=Outcome.Kind.EMPLOYED_HERE)
        marks[f"seen_{months}"] = outcome(months)
    counts = employed.annotate(**marks).aggregate(**annotations)
    return [
        Retention(months, counts[f"due{months}"], counts[f"kept{months}"], counts[f"missing{months}"])
        for months in FOLLOW_UP_MONTHS
    ]


# --- feedback ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackSource:
    label: str
    count: int
    average: float | None


@dataclass
class FeedbackSummary:
    sources: list[FeedbackSource]
    recent: list[Feedback] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(source.count for source in self.sources)

    @property
    def average(self) -> float | None:
        """The average rating over every response, whoever gave it."""
        if not self.count:
            return None
        return sum(source.average * source.count for source in self.sources) / self.count


def feedback(scope: Scope) -> FeedbackSummary:
    """Average rating and count by who gave it, and the latest comments: two queries. The
    comments carry their trainee (for the L&D manager's page); others' pages leave names out."""
    summary = {
        given_by: (n, average)
        for given_by, n, average in scope.feedback()
        .order_by()
        .values_list("given_by")
        .annotate(n=Count("pk"), average=Avg("rating"))
    }
    sources = [
        FeedbackSource(label, *summary.get(value, (0, None)))
        for value, label in Feedback.From.choices
        if value in summary
    ]
    recent = list(
        scope.feedback()
        .exclude(comments="")
        .select_related("trainee__applicant")
        .order_by("-given_on", "-pk")[:RECENT_COMMENTS]
    )
    return FeedbackSummary(sources, recent)


@dataclass
class Evaluation:
    scope: Scope
    funnel: Funnel
    placements: Breakdowns
    outcomes: Outcomes
    retention: list[Retention]
    feedback: FeedbackSummary


def evaluate(scope: Scope, today: datetime.date) -> Evaluation:
    return Evaluation(
        scope,
        funnel(scope),
        placements(scope),
        outcomes(scope, today),
        retention(scope, today),
        feedback(scope),
    )
