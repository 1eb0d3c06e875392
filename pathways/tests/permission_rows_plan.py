"""Permission-table rows for the plan part's pages (see test_permissions.py): the candidate page,
assessments, the development plan, evidence, reviews, "My mentees" and mentors' load.

Who: everyone who reads the enrolment reads its page and evidence (L&D, director, Oak House's
manager, its mentor); only the current mentor and the L&D manager write (the director and the
manager, who may read, get 403); everyone else gets 404, so another mentor opening this mentee by
URL, or downloading its evidence, learns nothing. The candidate's own access (a login with no
role, not a canonical actor) is tested in test_candidate_access.py."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.models import Activity, DevelopmentPlan, Evidence, Objective, Review, SkillsAssessment
from workforce.tests.permission_table import (
    DIRECTOR,
    EVERYONE,
    LD,
    MANAGER,
    MENTOR,
    SUPERUSER,
    Row,
)

READERS = {LD, SUPERUSER, DIRECTOR, MANAGER, MENTOR}
DEVELOPERS = {LD, SUPERUSER, MENTOR}
# Who may read the enrolment but not develop it: refused by rule (403), after the lookup.
READ_ONLY = {DIRECTOR: 403, MANAGER: 403}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_world(enrolment, candidate, mentor, ladder) -> dict:
    """The plan's parts the rows point at: a self-assessment, an objective for Delivering training
    with an activity, and a PDF on it (stored under the test's MEDIA_ROOT)."""
    from pathways.planning import attach_evidence, record_assessment

    competencies = ladder["competencies"]
    own = record_assessment(
        enrolment,
        assessor=candidate,
        kind=SkillsAssessment.Kind.SELF,
        assessed_on=datetime.date(2026, 3, 1),
        ratings={competencies["delivery"]: (1, "I run inductions")},
    )
    objective = Objective.objects.create(
        plan=enrolment.plan, title="Deliver a full training day", competency=competencies["delivery"]
    )
    activity = Activity.objects.create(objective=objective, kind="shadowing", title="Shadow a training day")
    evidence = attach_evidence(activity, data=PDF, name="certificate.pdf", kind="pdf", user=mentor)
    return {"self_assessment": own, "objective": objective, "activity": activity, "evidence": evidence}


def _levels(world, level=2) -> dict:
    data = {"assessed_on": "2026-04-01", "notes": "Agreed together"}
    for competency in ("delivery", "assessing", "coaching"):
        pk = world["competencies"][competency].pk
        data[f"level_{pk}"] = str(level)
        data[f"comment_{pk}"] = "Seen in practice"
    return data


def _version(model, pk) -> int:
    return model.objects.values_list("version", flat=True).get(pk=pk)


def _candidate(world):
    return reverse("pathways:candidate", args=[world["enrolment"].pk])


def writes(name, args, post, done, *, reads=True, **extra):
    return Row(
        name,
        args=args,
        readers=DEVELOPERS if reads else None,
        writers=DEVELOPERS,
        others=404,
        status_for=READ_ONLY,
        ability_first=False,
        post=post,
        done=done,
        then=_candidate,
        **extra,
    )


ROWS = [
    Row("pathways:candidate", args=["enrolment"], readers=READERS, others=404),
    writes(
        "pathways:assess",
        ["enrolment"],
        post=_levels,
        done=lambda w: SkillsAssessment.objects.filter(
            enrolment=w["enrolment"], kind="mentor", ratings__level=2
        ).exists(),
    ),
    writes(
        "pathways:assessment_confirm",
        ["self_assessment"],
        post=lambda w: _levels(w, level=1),
        done=lambda w: SkillsAssessment.objects.filter(
            confirms=w["self_assessment"], kind="confirmed"
        ).exists(),
    ),
    writes(
        "pathways:plan_edit",
        ["enrolment"],
        post=lambda w: {
            "started_on": "2026-02-16",
            "version": _version(DevelopmentPlan, w["enrolment"].plan.pk),
        },
        done=lambda w: DevelopmentPlan.objects.filter(
            enrolment=w["enrolment"], started_on=datetime.date(2026, 2, 16)
        ).exists(),
    ),
    writes(
        "pathways:objective_add",
        ["enrolment"],
        reads=False,
        post=lambda w: {"title": "Plan a course", "status": "not_started", "target_date": "2026-12-01"},
        done=lambda w: Objective.objects.filter(title="Plan a course").exists(),
    ),
    writes(
        "pathways:objective_from_gap",
        ["enrolment"],
        reads=False,
        post=lambda w: {"competency": w["competencies"]["coaching"].pk},
        done=lambda w: Objective.objects.filter(competency=w["competencies"]["coaching"]).exists(),
    ),
    writes(
        "pathways:objective_edit",
        ["objective"],
        post=lambda w: {
            "title": "Deliver two training days",
            "status": "in_progress",
            "competency": w["competencies"]["delivery"].pk,
            "version": _version(Objective, w["objective"].pk),
        },
        done=lambda w: Objective.objects.filter(title="Deliver two training days").exists(),
    ),
    writes(
        "pathways:objective_sign_off",
        ["objective"],
        reads=False,
        post=lambda w: {},
        done=lambda w: Objective.objects.filter(pk=w["objective"].pk, status="achieved").exists(),
    ),
    writes(
        "pathways:activity_add",
        ["enrolment"],
        reads=False,
        post=lambda w: {"objective": w["objective"].pk, "kind": "coaching", "title": "Coached a new trainer"},
        done=lambda w: Activity.objects.filter(title="Coached a new trainer").exists(),
    ),
    writes(
        "pathways:activity_edit",
        ["activity"],
        post=lambda w: {
            "kind": "shadowing",
            "title": "Shadowed a full training day",
            "version": _version(Activity, w["activity"].pk),
        },
        done=lambda w: Activity.objects.filter(title="Shadowed a full training day").exists(),
    ),
    writes(
        "pathways:activity_sign_off",
        ["activity"],
        reads=False,
        post=lambda w: {},
        done=lambda w: Activity.objects.filter(pk=w["activity"].pk, signed_off_on__isnull=False).exists(),
    ),
    writes(
        "pathways:evidence_upload",
        ["activity"],
        reads=False,
        post=lambda w: {"file": SimpleUploadedFile("notes.pdf", PDF)},
        done=lambda w: Evidence.objects.filter(original_name="notes.pdf").exists(),
    ),
    Row("pathways:evidence", args=["evidence"], readers=READERS, others=404),
    writes(
        "pathways:review_add",
        ["enrolment"],
        post=lambda w: {"held_on": "2026-05-05", "notes": "Good progress", "next_review_on": "2026-08-05"},
        done=lambda w: Review.objects.filter(enrolment=w["enrolment"], notes="Good progress").exists(),
    ),
    Row("pathways:my_mentees", readers=EVERYONE),
    Row("pathways:mentor_load", readers={LD, SUPERUSER, DIRECTOR}),
]
