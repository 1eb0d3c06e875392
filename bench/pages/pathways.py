"""Career pathways: the ladder, nominations, succession and the talent grid."""

from __future__ import annotations

import datetime

from bench.pages import Page


def pathway_candidates(user) -> list:
    """A pathway over the three commonest job roles of the generated staff, and one open
    enrolment (with a judged review) for every 20th holder of its first two roles: at 15,000
    staff that is some hundreds of candidates for the succession page and the talent grid."""
    from django.db.models import Count

    from pathways.models import CareerPathway, Enrolment, PathwayStage, Readiness, Review
    from workforce.models import JobRole, StaffMember

    pathway, created = CareerPathway.objects.get_or_create(name="Bench pathway")
    if created:
        roles = list(JobRole.objects.annotate(n=Count("staff")).filter(n__gt=0).order_by("-n", "title")[:3])
        for position, role in enumerate(roles, 1):
            PathwayStage.objects.create(pathway=pathway, position=position, job_role=role)
    stages = list(pathway.stages.order_by("position"))
    if len(stages) < 2:
        return []
    enrolled = set(Enrolment.objects.filter(pathway=pathway).values_list("staff_member", flat=True))
    readiness = [value for value, _ in Readiness.choices] + [""]
    today = datetime.date.today()
    above = {stage.job_role_id: index + 1 for index, stage in enumerate(stages)}
    new = []
    # Every 20th holder of all of them, less those already enrolled: a kept database run again
    # gains only the candidates its new staff bring, not another twentieth of the rest each time.
    holders = StaffMember.objects.in_post().filter(job_role__in=[stage.job_role for stage in stages[:-1]])
    for n, person in enumerate(holders.order_by("pk")[::20]):
        if person.pk in enrolled:
            continue
        target = stages[above[person.job_role_id]]  # the stage after theirs
        new.append(
            Enrolment(
                staff_member=person,
                pathway=pathway,
                target_stage=target,
                nominated_on=today,
                nomination_reason="Bench",
                status=Enrolment.Status.IN_DEVELOPMENT,
                status_changed_on=today,
                readiness=readiness[n % len(readiness)],
            )
        )
    Enrolment.objects.bulk_create(new)
    Review.objects.bulk_create(
        Review(enrolment=e, held_on=today, performance=1 + n % 3, potential=1 + (n // 3) % 3)
        for n, e in enumerate(new)
    )
    return []


def succession_role(user) -> list:
    """The bench pathway's second rung (the commonest role's next step): its candidates by the
    hundred, a few named on the succession page and every one of a readiness behind "show all"."""
    from pathways.models import PathwayStage

    stages = PathwayStage.objects.filter(pathway__name="Bench pathway", position=2)
    if not stages.exists():
        pathway_candidates(user)  # made once: each call tops the candidates up
    stage = stages.first()
    return [stage.job_role_id] if stage is not None else []


def succession_open_role(user) -> str:
    """The succession page with one role's "ready now" in full, as a browser without JavaScript
    asks for it."""
    return f"open={succession_role(user)[0]}&readiness=ready_now"


BENCH_PATHWAY = "Bench trainer pathway"
BENCH_CANDIDATES = 200


def bench_pathway(user) -> list:
    """Home Trainer -> Link Trainer -> Regional Training Officer, with up to 200 Home Trainers on it:
    half nominated (the L&D manager's queue), half in development with a mentor. Topped up at each
    size (more staff, more Home Trainers), so the pathway pages are timed with more people on them."""
    from pathways.models import CareerPathway, Enrolment, MentorAssignment, PathwayStage
    from workforce.models import JobRole, StaffMember

    today = datetime.date.today()
    pathway, created = CareerPathway.objects.get_or_create(name=BENCH_PATHWAY)
    if created:
        for position, title in enumerate(["Home Trainer", "Link Trainer", "Regional Training Officer"], 1):
            role, _ = JobRole.objects.get_or_create(
                title=title, defaults={"staff_group": "education_and_training"}
            )
            PathwayStage.objects.create(pathway=pathway, position=position, job_role=role)
    target = pathway.stages.get(position=2)
    mentor = StaffMember.objects.in_post().filter(job_role__title="Home Manager").order_by("pk").first()
    have = Enrolment.objects.filter(pathway=pathway).count()
    people = (
        StaffMember.objects.in_post()
        .filter(job_role__title="Home Trainer")
        .exclude(enrolments__pathway=pathway)
        .order_by("pk")[: max(0, BENCH_CANDIDATES - have)]
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            staff_member=person,
            pathway=pathway,
            target_stage=target,
            nominated_on=today - datetime.timedelta(days=90),
            nomination_reason="Bench nomination.",
            status="in_development" if n % 2 else "nominated",
            status_changed_on=today,
        )
        for n, person in enumerate(people, have)
    )
    MentorAssignment.objects.bulk_create(
        MentorAssignment(enrolment=e, mentor=mentor, started_on=today - datetime.timedelta(days=60))
        for e in enrolments
        if e.status == "in_development" and mentor is not None
    )
    return [pathway.pk]


def busy_candidate(user) -> list:
    """The bench pathway's first candidate in development, with a full file: a mentor assessment
    rating every required competency, a plan of 8 objectives with 4 activities each, 6 reviews.
    Made once; the candidate page is timed on it."""
    from pathways.models import (
        Activity,
        DevelopmentPlan,
        Enrolment,
        Objective,
        Review,
        SkillRating,
        SkillsAssessment,
    )
    from pathways.models.pathway import ActivityKind
    from workforce.models import RoleRequirement

    bench_pathway(user)
    enrolment = (
        Enrolment.objects.filter(pathway__name=BENCH_PATHWAY, status="in_development").order_by("pk").first()
    )
    if enrolment is None:
        raise LookupError("no candidate in development")
    mentor = enrolment.current_mentor or enrolment.staff_member
    today = datetime.date.today()
    if not enrolment.assessments.exists():
        assessment = SkillsAssessment.objects.create(
            enrolment=enrolment, assessed_on=today, assessor=mentor, kind="mentor"
        )
        required = RoleRequirement.objects.filter(job_role=enrolment.target_stage.job_role)
        SkillRating.objects.bulk_create(
            SkillRating(assessment=assessment, competency_id=r.competency_id, level=1) for r in required
        )
        plan, _ = DevelopmentPlan.objects.get_or_create(enrolment=enrolment, defaults={"started_on": today})
        kinds = [kind for kind, _ in ActivityKind.choices]
        for n in range(8):
            objective = Objective.objects.create(plan=plan, title=f"Bench objective {n}", position=n + 1)
            Activity.objects.bulk_create(
                Activity(
                    objective=objective,
                    kind=kinds[(n + k) % len(kinds)],
                    title=f"Activity {n}.{k}",
                    happened_on=today - datetime.timedelta(days=k),
                    hours=2,
                )
                for k in range(4)
            )
        Review.objects.bulk_create(
            Review(
                enrolment=enrolment, held_on=today - datetime.timedelta(days=30 * n), notes="Bench review."
            )
            for n in range(6)
        )
    return [enrolment.pk]


def manager_mentors_the_bench_candidates(user) -> list:
    """The bench Home Manager becomes the mentor of every bench candidate in development (about 100
    at each size): My mentees at its longest."""
    from pathways.models import MentorAssignment

    bench_pathway(user)
    me = user.staff_member
    MentorAssignment.objects.filter(enrolment__pathway__name=BENCH_PATHWAY, ended_on=None).update(mentor=me)
    return []


PAGES = [
    # Career pathways: the ladder and the queue with up to 200 candidates (bench_pathway).
    Page("Pathway page, the ladder (L&D manager)", "pathways:pathway", "ld", make_args=bench_pathway),
    Page("Pathway page, the ladder (Home Manager)", "pathways:pathway", "manager", make_args=bench_pathway),
    Page("Career pathways with pipeline figures (L&D manager)", "pathways:index", "ld"),
    Page("Nominations to decide (L&D manager)", "pathways:nominations", "ld"),
    Page("Nominate someone (Home Manager)", "pathways:nominate", "manager"),
    Page(
        "Nominate, search (Home Manager)",
        "pathways:nominee_search",
        "manager",
        "picker_q=smi&target=id_staff_member",
    ),
    # Succession: one query per kind of read, whatever the roles, people and candidates.
    Page("Succession (L&D manager)", "pathways:succession", "ld", make_args=pathway_candidates),
    Page("Succession (Home Manager)", "pathways:succession", "manager", make_args=pathway_candidates),
    # A few candidates per role and readiness are named; "show all" loads the rest of one.
    Page(
        "Succession, a readiness's show all (htmx fragment, L&D manager)",
        "pathways:succession_candidates",
        "ld",
        "readiness=ready_now",
        make_args=succession_role,
    ),
    Page(
        "Succession, a readiness opened without JS (L&D manager)",
        "pathways:succession",
        "ld",
        make_args=pathway_candidates,
        make_query=succession_open_role,
    ),
    Page("Succession Excel export (L&D manager)", "pathways:succession_export", "ld", "format=xlsx"),
    Page("Talent grid (L&D manager)", "pathways:talent_grid", "ld", make_args=pathway_candidates),
    Page("Talent grid (Home Manager)", "pathways:talent_grid", "manager", make_args=pathway_candidates),
    # The development side: one candidate's whole file, and a mentor's mentees.
    Page("Candidate page, a full file (L&D manager)", "pathways:candidate", "ld", make_args=busy_candidate),
    Page("Skills assessment form (L&D manager)", "pathways:assess", "ld", make_args=busy_candidate),
    Page(
        "My mentees, about 100 (Home Manager as mentor)",
        "pathways:my_mentees",
        "manager",
        make_args=manager_mentors_the_bench_candidates,
    ),
    Page("Mentors' load (L&D manager)", "pathways:mentor_load", "ld"),
]
