"""The talent grid (nine-box): each open enrolment placed by the performance and potential its
mentor judged at the latest review that judged both. Potential runs down the rows (high first),
performance across the columns (low first), as the nine-box is usually drawn.

`build(enrolments, with_names=...)` counts per box in one grouped query and, when names may be
shown (pathways.permissions.can_see_talent_names), lists them in one more: the cost does not
grow with the number of candidates. Enrolments never reviewed with both judgements are counted
apart ("not yet placed"), so the grid and that count add up to everyone in the selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from pathways.models import Enrolment, Review

Rating = Review.Rating
# Rows: potential, high first; columns: performance, low first.
POTENTIAL_ROWS = sorted(Rating, reverse=True)
PERFORMANCE_COLUMNS = sorted(Rating)


def with_latest_judgement(enrolments):
    """Annotate `performance` and `potential` from the latest review that judged both."""
    latest = Review.objects.filter(
        enrolment=OuterRef("pk"), performance__isnull=False, potential__isnull=False
    ).order_by("-held_on", "-pk")
    return enrolments.annotate(
        judged_performance=Subquery(latest.values("performance")[:1]),
        judged_potential=Subquery(latest.values("potential")[:1]),
    )


@dataclass
class Box:
    potential: Rating
    performance: Rating
    count: int = 0
    people: list[Enrolment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.potential.label} potential, {self.performance.label.lower()} performance"


@dataclass
class TalentGrid:
    rows: list[tuple[Rating, list[Box]]]
    not_placed: int
    with_names: bool

    @property
    def placed(self) -> int:
        return sum(box.count for _, boxes in self.rows for box in boxes)

    @property
    def total(self) -> int:
        return self.placed + self.not_placed

    def box(self, potential: int, performance: int) -> Box:
        return next(
            b for p, boxes in self.rows if p == potential for b in boxes if b.performance == performance
        )


def build(enrolments, *, with_names: bool) -> TalentGrid:
    """The grid of these enrolments (already scoped and filtered; open ones are expected)."""
    judged = with_latest_judgement(enrolments)
    rows = [
        (potential, [Box(potential, performance) for performance in PERFORMANCE_COLUMNS])
        for potential in POTENTIAL_ROWS
    ]
    boxes = {(box.potential, box.performance): box for _, row in rows for box in row}
    not_placed = 0
    counts = judged.order_by().values("judged_potential", "judged_performance").annotate(n=Count("pk"))
    for row in counts:
        box = boxes.get((row["judged_potential"], row["judged_performance"]))
        if box is None:
            not_placed += row["n"]
        else:
            box.count += row["n"]
    if with_names:
        placed = (
            judged.filter(judged_potential__isnull=False, judged_performance__isnull=False)
            .select_related("staff_member__org_unit", "target_stage__job_role")
            .order_by("staff_member__last_name", "staff_member__first_name", "pk")
        )
        for enrolment in placed:
            boxes[enrolment.judged_potential, enrolment.judged_performance].people.append(enrolment)
    return TalentGrid(rows, not_placed, with_names)
