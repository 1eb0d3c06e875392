"""Demo career pathway: Home Trainer -> Link Trainer -> Regional Training Officer (DOMAIN.md), with
nominations from several homes in every region, mentors, skills assessments with gaps, plans of
mixed activities with evidence files, reviews judging performance and potential, one person who
progressed, and one region (the West) with no one ready within a year for any role.

`load(core)` is the `workforce.demo` extension point (`load_demo` finds it). The demo `mentor`
login (Daniel Price, Regional Training Officer, North Region) mentors three people: one with an
activity awaiting his sign-off, one whose review is overdue, one judged ready now.

Rows are written directly with their dates (`_history_date`, so history reads as it happened),
not through pathways/transitions.py, which the flow part adds: the demo tells a story that took
months, which the transitions (dated today) cannot. Idempotent: the pathway and its stages are
upserted; each person's story is written once, when they have no enrolment on the pathway yet, so
a second run writes nothing. Dates count from `core.today` (the first of this month).
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from pathways.demo_data import LADDER, PATHWAY, STORIES, TEMPLATES, K, R, S, Story
from pathways.demo_files import pdf_bytes, png_bytes
from pathways.models import (
    Activity,
    CareerPathway,
    DevelopmentPlan,
    Enrolment,
    Evidence,
    MentorAssignment,
    Objective,
    PathwayStage,
    Review,
    SkillRating,
    SkillsAssessment,
    TemplateActivity,
    TemplateObjective,
)
from workforce.models import RoleRequirement, StaffMember


def load(core) -> None:
    pathway = _pathway(core)
    stages = {stage.job_role.title: stage for stage in pathway.stages.select_related("job_role")}
    _templates(core, stages)
    for story in STORIES:
        _tell(core, pathway, stages, story)
    _progressed(core, pathway, stages)


# --- the ladder ---------------------------------------------------------------------------------


def _pathway(core) -> CareerPathway:
    pathway, _ = core.upsert(
        CareerPathway,
        {"name": PATHWAY},
        {
            "description": "From training one home to training a region: Home Trainer, then Link Trainer "
            "(supporting Regional Training Officers, especially in homes without a trainer), then "
            "Regional Training Officer.",
            "is_active": True,
        },
    )
    for position, (title, months) in enumerate(LADDER, 1):
        core.upsert(
            PathwayStage,
            {"pathway": pathway, "position": position},
            {"job_role": core.job_roles[title], "min_months_in_previous": months},
        )
    return pathway


def _templates(core, stages) -> None:
    for title, objectives in TEMPLATES.items():
        for position, (objective, competency, months, activities) in enumerate(objectives, 1):
            template, _ = core.upsert(
                TemplateObjective,
                {"stage": stages[title], "title": objective},
                {
                    "competency": core.competencies[competency],
                    "months_to_complete": months,
                    "position": position,
                },
            )
            for kind, words in activities:
                core.upsert(TemplateActivity, {"objective": template, "title": words}, {"kind": kind})


# --- people's stories -----------------------------------------------------------------------------


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _make(core, model, day: datetime.date, **fields):
    """Create a row dated `day` in its history."""
    obj = model(**fields)
    obj._history_date = _at(day)
    obj.save()
    obj.__dict__.pop("_history_date", None)
    core.count_created(model, 1)
    return obj


def _person(core, title: str, unit_name: str) -> StaffMember | None:
    role = core.job_roles[title]
    return (
        StaffMember.objects.in_post(core.today)
        .filter(job_role=role, org_unit__name=unit_name)
        .order_by("assignment_number")
        .first()
    )


def _manager_of(core, person: StaffMember) -> StaffMember | None:
    unit = person.org_unit
    title = "Home Manager" if unit.kind == unit.Kind.HOME else "Regional Operations Manager"
    return _person(core, title, unit.name)


def _tell(core, pathway, stages, story: Story) -> None:
    person = _person(core, *story.who)
    if person is None or Enrolment.objects.filter(staff_member=person, pathway=pathway).exists():
        return
    rng = core.random(f"pathways:{person.assignment_number}")
    nominated = core.today - datetime.timedelta(days=30 * story.nominated_months_ago + rng.randint(3, 20))
    accepted = nominated + datetime.timedelta(days=rng.randint(10, 20))
    mentor = _person(core, "Regional Training Officer", story.mentor) if story.mentor else None
    if story.mentor == "North Region":
        mentor = core.people["mentor"]
    judged = core.today - datetime.timedelta(days=rng.randint(10, 40)) if story.readiness else None
    enrolment = _make(
        core,
        Enrolment,
        nominated,
        staff_member=person,
        pathway=pathway,
        target_stage=stages[story.aims_for],
        nominated_by=_manager_of(core, person),
        nominated_on=nominated,
        nomination_reason=story.reason,
        status=story.status,
        status_changed_on=nominated if story.status == S.NOMINATED else accepted,
        closing_reason=story.closing_reason,
        readiness=story.readiness,
        readiness_judged_by=mentor if judged else None,
        readiness_judged_on=judged,
    )
    if mentor is None:
        return
    _make(core, MentorAssignment, accepted, enrolment=enrolment, mentor=mentor, started_on=accepted)
    if story.gaps:
        _assessments(core, enrolment, person, mentor, accepted, story.gaps)
    if story.plan:
        _plan(core, enrolment, person, mentor, accepted, story)
    if story.review:
        held_ago, next_in, performance, potential = story.review
        held = core.today - datetime.timedelta(days=held_ago)
        _make(
            core,
            Review,
            held,
            enrolment=enrolment,
            held_on=held,
            mentor=mentor,
            notes="Good progress on the plan; evidence is well kept.",
            next_steps="Book the next co-delivery; finish the assessing unit.",
            next_review_on=core.today + datetime.timedelta(days=next_in),
            performance=performance,
            potential=potential,
        )


def _assessments(core, enrolment, person, mentor, accepted, gaps) -> None:
    """The candidate's self-assessment, then the mentor's confirmation: both kept. The
    candidate rates themself a level higher than the mentor on one competency."""
    required = RoleRequirement.objects.filter(job_role=enrolment.target_stage.job_role).select_related(
        "competency"
    )
    self_day, mentor_day = accepted + datetime.timedelta(days=7), accepted + datetime.timedelta(days=14)
    own = _make(
        core,
        SkillsAssessment,
        self_day,
        enrolment=enrolment,
        assessed_on=self_day,
        assessor=person,
        kind="self",
    )
    confirmed = _make(
        core,
        SkillsAssessment,
        mentor_day,
        enrolment=enrolment,
        assessed_on=mentor_day,
        assessor=mentor,
        kind="confirmed",
        confirms=own,
        notes="Agreed with the self-assessment except where noted.",
    )
    generous = next(iter(gaps))
    for requirement in required:
        name = requirement.competency.name
        level = max(0, requirement.required_level - gaps.get(name, 0))
        own_level = min(4, level + 1) if name == generous else level
        _make(core, SkillRating, self_day, assessment=own, competency=requirement.competency, level=own_level)
        comment = "Observed twice; not yet at the level she rated." if name == generous else ""
        _make(
            core,
            SkillRating,
            mentor_day,
            assessment=confirmed,
            competency=requirement.competency,
            level=level,
            comment=comment,
        )


def _plan(core, enrolment, person, mentor, accepted, story: Story) -> None:
    plan = _make(core, DevelopmentPlan, accepted, enrolment=enrolment, started_on=accepted)
    today = core.today
    # Objectives from the biggest gaps, each with activities of different kinds.
    for position, (name, _gap) in enumerate(sorted(story.gaps.items(), key=lambda item: -item[1]), 1):
        competency = core.competencies[name]
        objective = _make(
            core,
            Objective,
            accepted,
            plan=plan,
            title=f"Reach the next level in {name.lower()}",
            competency=competency,
            target_date=today + datetime.timedelta(days=60 * position + 30),
            status=Objective.Status.IN_PROGRESS if position == 1 else Objective.Status.NOT_STARTED,
            position=position,
        )
        if position > 2:
            continue
        done = today - datetime.timedelta(days=45 + 20 * position)
        first = _make(
            core,
            Activity,
            done,
            objective=objective,
            kind=K.SHADOWING if position == 1 else K.E_LEARNING,
            title="Shadowed the Regional Training Officer's session"
            if position == 1
            else f"E-learning: {name}",
            happened_on=done,
            hours=3 if position == 1 else 2,
            where=person.org_unit.name,
            with_whom=mentor.full_name if position == 1 else "",
            reflection="Saw how to handle a group that did not want to be there.",
            added_by=person,
            signed_off_by=mentor,
            signed_off_on=done + datetime.timedelta(days=5),
        )
        _evidence(core, first, person, pdf=position == 1)
        if position == 1:
            kind = K.COACHING if story.awaiting_sign_off else K.EXTERNAL_TRAINING
            happened = today - datetime.timedelta(days=10)
            second = _make(
                core,
                Activity,
                happened,
                objective=objective,
                kind=kind,
                title="Coaching session on feedback after observations"
                if story.awaiting_sign_off
                else "External training day: assessing in care settings",
                happened_on=happened,
                hours=1.5 if story.awaiting_sign_off else 6,
                with_whom=mentor.full_name,
                reflection="Practised giving feedback that names the behaviour.",
                added_by=person,
                # Signed off, except the Oak House story's: the mentor's one awaiting sign-off.
                signed_off_by=None if story.awaiting_sign_off else mentor,
                signed_off_on=None if story.awaiting_sign_off else happened + datetime.timedelta(days=3),
            )
            if story.awaiting_sign_off:
                _evidence(core, second, person, pdf=True)


# --- evidence files: small real PDFs and PNGs, stored through Django's storage -----------------


def _evidence(core, activity: Activity, person: StaffMember, *, pdf: bool) -> None:
    if pdf:
        name, kind = "observation-notes.pdf", Evidence.Kind.PDF
        content = pdf_bytes(f"Observation notes: {activity.title[:60]} - {person.full_name}")
    else:
        name, kind = "certificate.png", Evidence.Kind.IMAGE
        content = png_bytes()
    uploaded = _at(activity.happened_on or core.today)
    evidence = Evidence(
        activity=activity,
        original_name=name,
        kind=kind,
        size=len(content),
        uploaded_by=person.user,
        uploaded_at=uploaded,
    )
    evidence.file.save(name, ContentFile(content), save=False)
    evidence._history_date = uploaded
    evidence.save()
    core.count_created(Evidence, 1)


# --- the one who progressed ---------------------------------------------------------------------


def _progressed(core, pathway, stages) -> None:
    """The East Region's Link Trainer was a Home Trainer (the core's staff history says when she
    was promoted): her enrolment closed as progressed on that day."""
    person = _person(core, "Link Trainer", "East Region")
    if person is None or Enrolment.objects.filter(staff_member=person, pathway=pathway).exists():
        return
    link_trainer, home_trainer = core.job_roles["Link Trainer"], core.job_roles["Home Trainer"]
    changes = person.history.order_by("history_date", "history_id")
    promoted = next(
        (row.history_date.date() for row in changes if row.job_role_id == link_trainer.pk),
        core.today - datetime.timedelta(days=90),
    )
    nominated = promoted - datetime.timedelta(days=420)
    mentor = _person(core, "Regional Training Officer", "East Region")
    enrolment = _make(
        core,
        Enrolment,
        nominated,
        staff_member=person,
        pathway=pathway,
        target_stage=stages["Link Trainer"],
        nominated_by=_manager_of(core, person),
        nominated_on=nominated,
        nomination_reason="Covered three homes' inductions during the winter.",
        status=S.PROGRESSED,
        status_changed_on=promoted,
        readiness=R.READY_NOW,
        readiness_judged_by=mentor,
        readiness_judged_on=promoted - datetime.timedelta(days=30),
        progressed_on=promoted,
        role_before=home_trainer,
    )
    if mentor is not None:
        _make(
            core,
            MentorAssignment,
            nominated,
            enrolment=enrolment,
            mentor=mentor,
            started_on=nominated + datetime.timedelta(days=14),
            ended_on=promoted,
        )
