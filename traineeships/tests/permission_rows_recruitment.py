"""Permission rows of the recruitment part (see traineeships/tests/test_permissions.py).

Only the L&D manager (and a superuser) manages recruitment: programmes, intakes, applicants,
their checks and their start. A director reads the programme and intake pages (figures, no
names); everyone else, a placement supervisor and a life coach included, gets 403."""

import datetime

from traineeships.models import Applicant, Intake, PreEmploymentCheck, Programme, Stage, Trainee
from workforce.tests.permission_table import DIRECTOR, LD, SUPERUSER, Row

MANAGERS = {LD, SUPERUSER}
FIGURES = {LD, SUPERUSER, DIRECTOR}


def today() -> str:
    return datetime.date.today().isoformat()


def programme_post(world):
    return {
        "name": "Pre-employment with the Prince's Trust",
        "kind": Programme.Kind.PRE_EMPLOYMENT,
        "new_partners": "The Prince's Trust",
        "version": world["programme"].version,
    }


def intake_post(world, name="Spring intake"):
    return {
        "name": name,
        "recruitment_opens_on": "2026-01-05",
        "recruitment_closes_on": "2026-02-27",
        "starts_on": "2026-03-16",
        "ends_on": "2026-09-11",
        "places": "8",
        "status": Intake.Status.PLANNED,
        "version": world["intake"].version,
    }


def applicant_post(world):
    return {
        "first_name": "Dan",
        "last_name": "Reid",
        "email": "dan@example.org",
        "heard_via": "jobcentre",
        "stage": Stage.APPLIED,
        "stage_changed_on": today(),
        "version": world["applied"].version,
        **{f"equality_{name}": "prefer_not_to_say" for name in ("age_band", "sex", "ethnicity")},
        "equality_disability": "no",
        "equality_lived_experience": "yes",
    }


def move_post(world):
    prefix = f"move-{world['applied'].pk}"
    return {
        f"{prefix}-to_stage": Stage.ASSESSED_VISIT,
        f"{prefix}-on": today(),
        f"{prefix}-note": "Came to Oak House for the morning.",
        f"{prefix}-version": world["applied"].version,
    }


def checks_post(world):
    data = {}
    for kind in PreEmploymentCheck.Kind:
        data[f"{kind}_status"] = PreEmploymentCheck.Status.CLEARED
        data[f"{kind}_on"] = today()
        data[f"{kind}_note"] = ""
    return data


def stage_of(world, key):
    return Applicant.objects.get(pk=world[key].pk).stage


ROWS = [
    Row(
        "traineeships:programme_create",
        readers=MANAGERS,
        writers=MANAGERS,
        post=programme_post,
        done=lambda w: Programme.objects.filter(name="Pre-employment with the Prince's Trust").exists(),
    ),
    Row("traineeships:programme", args=["programme"], readers=FIGURES),
    Row(
        "traineeships:programme_edit",
        args=["programme"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=programme_post,
        done=lambda w: Programme.objects.get(pk=w["programme"].pk).name.startswith("Pre-employment"),
    ),
    Row(
        "traineeships:intake_create",
        args=["programme"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=intake_post,
        done=lambda w: Intake.objects.filter(programme=w["programme"], name="Spring intake").exists(),
    ),
    Row("traineeships:intake", args=["intake"], readers=FIGURES),
    Row(
        "traineeships:intake_edit",
        args=["intake"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: intake_post(w, "October intake (renamed)"),
        done=lambda w: Intake.objects.get(pk=w["intake"].pk).name == "October intake (renamed)",
    ),
    Row("traineeships:board", args=["intake"], readers=MANAGERS),
    Row("traineeships:board_column", args=["intake"], query="?stage=applied", readers=MANAGERS),
    Row(
        "traineeships:applicant_create",
        args=["intake"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=applicant_post,
        done=lambda w: Applicant.objects.filter(intake=w["intake"], last_name="Reid").exists(),
    ),
    Row("traineeships:applicant", args=["applied"], readers=MANAGERS),
    Row(
        "traineeships:applicant_edit",
        args=["applied"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {**applicant_post(w), "first_name": "Ava-Mae"},
        done=lambda w: Applicant.objects.get(pk=w["applied"].pk).first_name == "Ava-Mae",
    ),
    Row(
        "traineeships:applicant_move",
        args=["applied"],
        writers=MANAGERS,
        post=move_post,
        done=lambda w: stage_of(w, "applied") == Stage.ASSESSED_VISIT,
    ),
    Row(
        "traineeships:applicant_checks",
        args=["offered"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=checks_post,
        done=lambda w: w["offered"].checks.filter(status=PreEmploymentCheck.Status.CLEARED).count() == 6,
    ),
    Row(
        "traineeships:applicant_start",
        args=["offered"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {
            "on": today(),
            "override_reason": "References chased; DBS on the update service.",
            "version": w["offered"].version,
        },
        done=lambda w: Trainee.objects.filter(applicant=w["offered"]).exists(),
    ),
]


def world_part(cohort: dict, actors: dict) -> dict:
    """Objects this part's rows point at, beyond the cohort's."""
    return {}
