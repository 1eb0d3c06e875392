"""What the pathway page draws: the stages as a ladder, and at each stage the people in post in
its role (in the reader's scope), the candidates heading for it, and its entry criteria.

A fixed number of queries whatever the number of people: people in post come in one query,
at most IN_POST_SHOWN per stage (a window function numbers them per role), with one grouped
count; candidates in one query with their mentors prefetched; competencies and training
requirements one query each for every stage at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from pathways.models import CareerPathway, Enrolment, PathwayStage
from workforce.first_of_each import by_name, first_of_each
from workforce.models import RoleRequirement, StaffMember, TrainingRequirement

IN_POST_SHOWN = 20


@dataclass
class Rung:
    stage: PathwayStage
    below: PathwayStage | None = None
    in_post: list[StaffMember] = field(default_factory=list)
    in_post_count: int = 0
    candidates: list[Enrolment] = field(default_factory=list)
    competencies: list[RoleRequirement] = field(default_factory=list)
    courses: list[TrainingRequirement] = field(default_factory=list)

    @property
    def more_in_post(self) -> int:
        return self.in_post_count - len(self.in_post)


def candidates_for(pathway: CareerPathway, user):
    """Open enrolments on the pathway the reader may see, with what a row shows."""
    return (
        Enrolment.objects.visible_to(user)
        .open()
        .filter(pathway=pathway)
        .select_related("staff_member__org_unit", "staff_member__job_role", "target_stage")
        .with_current_mentor()
        .order_by("target_stage__position", "staff_member__last_name", "staff_member__first_name", "pk")
    )


def build_ladder(pathway: CareerPathway, user) -> list[Rung]:
    """The rungs from the top of the ladder down (the way a ladder is read on a page)."""
    # The stages prefetched with their roles by the page's lookup (pathways_for), else read here.
    stages = sorted(pathway.stages.all(), key=lambda stage: stage.position)
    rungs = {stage.pk: Rung(stage) for stage in stages}
    by_role = {stage.job_role_id: rungs[stage.pk] for stage in stages}
    for lower, upper in zip(stages, stages[1:], strict=False):
        rungs[upper.pk].below = lower
    if not stages:
        return []

    in_post = StaffMember.objects.visible_to(user).in_post().filter(job_role_id__in=list(by_role))
    numbered = first_of_each(
        in_post.select_related("org_unit"), ["job_role_id"], by_name(), IN_POST_SHOWN
    ).order_by("job_role_id", "group_rank")
    for person in numbered:
        by_role[person.job_role_id].in_post.append(person)
    for row in in_post.order_by().values("job_role_id").annotate(n=Count("pk")):
        by_role[row["job_role_id"]].in_post_count = row["n"]

    for enrolment in candidates_for(pathway, user):
        rungs[enrolment.target_stage_id].candidates.append(enrolment)

    requirements = RoleRequirement.objects.filter(job_role_id__in=list(by_role)).select_related("competency")
    for requirement in requirements.order_by("competency__category", "competency__name"):
        by_role[requirement.job_role_id].competencies.append(requirement)

    # A role's training: its own, its staff group's, and everyone's (TrainingRequirement.applying_to_role).
    groups = {stage.job_role.staff_group for stage in stages}
    courses = (
        TrainingRequirement.objects.of_active_courses()
        .filter(
            Q(job_role_id__in=list(by_role)) | Q(staff_group__in=groups) | Q(job_role=None, staff_group="")
        )
        .select_related("course")
        .order_by("course__title", "pk")
    )
    for requirement in courses:
        for stage in stages:
            role = stage.job_role
            applies = requirement.job_role_id == role.pk or (
                requirement.job_role_id is None and requirement.staff_group in ("", role.staff_group)
            )
            if applies:
                rungs[stage.pk].courses.append(requirement)
    return [rungs[stage.pk] for stage in reversed(stages)]
