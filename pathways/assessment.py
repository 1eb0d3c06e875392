"""Where a candidate stands against the stage they aim for: the assessment that counts, and the gaps.

Which assessment counts (the "standing" one): the latest MENTOR's judgement, that is the newest
mentor assessment or confirmation. A later self-assessment does not displace it: the candidate's
own view counts only once the mentor confirms (or changes) it, which makes a new CONFIRMED
assessment pointing at it. While no mentor has assessed at all, the newest self-assessment
counts, shown as unconfirmed. Every assessment stays on the candidate page; this only decides
which one the gaps, the gap chart and the entry criteria are worked out from.

Gaps: for each competency the target stage's job role requires (the core's RoleRequirements),
the required level minus the current one. Biggest first; competencies nobody has assessed come
next, shown as "not assessed" (their gap is not known, not zero); those met come last.

The functions read what they are given (prefetched lists), so a page listing them costs a fixed
number of queries: see `assessment_prefetches`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from pathways.models import SkillRating, SkillsAssessment
from workforce.models import RoleRequirement


@dataclass(frozen=True)
class Gap:
    competency: object
    required: int
    current: int | None  # None: not assessed in the assessment that counts
    comment: str = ""

    @property
    def assessed(self) -> bool:
        return self.current is not None

    @property
    def size(self) -> int | None:
        """Levels still to climb (0 when met or beyond); None when not assessed."""
        return None if self.current is None else max(self.required - self.current, 0)

    @property
    def is_met(self) -> bool:
        return self.current is not None and self.current >= self.required

    @property
    def words(self) -> str:
        if self.current is None:
            return f"Not assessed; level {self.required} required"
        if self.is_met:
            return f"Met: level {self.current}, {self.required} required"
        levels = "level" if self.size == 1 else "levels"
        return f"Gap of {self.size} {levels}: level {self.current}, {self.required} required"


def assessment_prefetches(prefix: str = "") -> list:
    """Prefetch an enrolment's assessments (newest first) with their ratings and assessors."""
    return [
        Prefetch(
            f"{prefix}assessments",
            queryset=SkillsAssessment.objects.select_related("assessor", "confirms").prefetch_related(
                Prefetch("ratings", queryset=SkillRating.objects.select_related("competency"))
            ),
        )
    ]


def requirements_prefetch(prefix: str = "target_stage__job_role__") -> Prefetch:
    return Prefetch(f"{prefix}requirements", queryset=RoleRequirement.objects.select_related("competency"))


def standing_assessment(assessments: Iterable[SkillsAssessment]) -> SkillsAssessment | None:
    """The assessment that counts (see the module's docstring), from any iterable of them."""
    newest_first = sorted(assessments, key=lambda a: (a.assessed_on, a.pk), reverse=True)
    for assessment in newest_first:
        if assessment.kind != SkillsAssessment.Kind.SELF:
            return assessment
    return newest_first[0] if newest_first else None


def latest_assessment(enrolment) -> SkillsAssessment | None:
    """The enrolment's standing assessment (uses `assessment_prefetches` when there is one)."""
    return standing_assessment(enrolment.assessments.all())


def gaps(requirements: Iterable[RoleRequirement], assessment: SkillsAssessment | None) -> list[Gap]:
    """Required vs current per required competency: biggest gap first, then not assessed, then met;
    ties by competency name."""
    ratings = {r.competency_id: r for r in assessment.ratings.all()} if assessment else {}
    found = []
    for requirement in requirements:
        rating = ratings.get(requirement.competency_id)
        found.append(
            Gap(
                requirement.competency,
                requirement.required_level,
                rating.level if rating else None,
                rating.comment if rating else "",
            )
        )

    def order(gap: Gap):
        if gap.size is None:
            group, size = 1, 0
        else:
            group, size = (0 if gap.size > 0 else 2), gap.size
        return (group, -size, gap.competency.name)

    return sorted(found, key=order)


def enrolment_gaps(enrolment, assessment: SkillsAssessment | None = None) -> list[Gap]:
    """The gaps of an enrolment against its target stage's role, from its standing assessment."""
    if assessment is None:
        assessment = latest_assessment(enrolment)
    return gaps(enrolment.target_stage.job_role.requirements.all(), assessment)


def open_gaps(found: Iterable[Gap]) -> list[Gap]:
    """Gaps still to close (or not yet known): what objectives can be made from."""
    return [gap for gap in found if not gap.is_met]
