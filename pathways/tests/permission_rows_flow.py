"""Permission-table rows for the flow's pages (see test_permissions.py): pathways and the ladder,
nominating, the nominations queue, the status steps, and the pathway and stage forms.

- Everyone signed in reads the pathways; the people on them are scoped (tested on the pages).
- Nominating: the L&D manager (anyone in post) and managers (their unit and below). Elm Court's
  manager may open the form, but nominating Oak House's carer is refused with the form's error (400).
- The queue, accepting, declining, and every status step but readiness: the L&D manager only,
  refused by ability (403) before the enrolment is looked up.
- Readiness: the L&D manager or the candidate's current mentor. Those who see the enrolment but
  do not develop it (the director, Oak House's manager) get 403; those who may not see it, 404.
"""

from pathways.models import CareerPathway, Enrolment, PathwayStage
from workforce.tests.permission_table import (
    DIRECTOR,
    EVERYONE,
    LD,
    MANAGER,
    MENTOR,
    OTHER_MANAGER,
    SUPERUSER,
    Row,
)

L_AND_D = {LD, SUPERUSER}
NOMINATORS = {LD, SUPERUSER, MANAGER, OTHER_MANAGER}


def status_of(world, key="enrolment") -> str:
    return Enrolment.objects.get(pk=world[key].pk).status


def set_status(status, key="enrolment"):
    def before(client, world):
        Enrolment.objects.filter(pk=world[key].pk).update(status=status)

    return before


def step(name, fields=None, **extra) -> Row:
    """A status step on Priya's enrolment, posted with the version the page showed."""

    def post(world):
        return {
            f"{name}-version": world["enrolment"].version,
            **{f"{name}-{k}": v(world) for k, v in (fields or {}).items()},
        }

    options = {"writers": L_AND_D, **extra}
    return Row(f"pathways:{name}", args=["enrolment"], post=post, **options)


ROWS = [
    Row("pathways:pathway", args=["pathway"], readers=EVERYONE),
    Row(
        "pathways:pathway_create",
        readers=L_AND_D,
        writers=L_AND_D,
        post=lambda w: {"name": "Care Certificate to senior carer", "description": "", "is_active": "on"},
        done=lambda w: CareerPathway.objects.filter(name="Care Certificate to senior carer").exists(),
    ),
    Row(
        "pathways:pathway_edit",
        args=["pathway"],
        readers=L_AND_D,
        writers=L_AND_D,
        post=lambda w: {
            "name": "Trainer pathway (care homes)",
            "description": "",
            "is_active": "on",
            "version": w["pathway"].version,
        },
        done=lambda w: CareerPathway.objects.filter(name="Trainer pathway (care homes)").exists(),
    ),
    Row(
        "pathways:stage_create",
        args=["pathway"],
        readers=L_AND_D,
        writers=L_AND_D,
        post=lambda w: {
            "position": 4,
            "job_role": w["spare_role"].pk,
            "description": "",
            "min_months_in_previous": 6,
        },
        done=lambda w: PathwayStage.objects.filter(job_role=w["spare_role"]).exists(),
    ),
    Row(
        "pathways:stage_edit",
        args=["stage"],
        readers=L_AND_D,
        writers=L_AND_D,
        post=lambda w: {
            "position": w["stage"].position,
            "job_role": w["stage"].job_role_id,
            "description": "Leads a region's training.",
            "min_months_in_previous": 24,
            "version": w["stage"].version,
        },
        done=lambda w: PathwayStage.objects.get(pk=w["stage"].pk).min_months_in_previous == 24,
    ),
    Row(
        "pathways:nominate",
        readers=NOMINATORS,
        writers=L_AND_D | {MANAGER},
        status_for={OTHER_MANAGER: 400},  # Oak House's carer is not theirs to nominate
        post=lambda w: {
            "staff_member": w["oak_carer"].pk,
            "stage": w["stages"][1].pk,
            "reason": "Leads the home's induction days.",
        },
        done=lambda w: Enrolment.objects.filter(staff_member=w["oak_carer"]).exists(),
    ),
    Row("pathways:nominee_search", readers=NOMINATORS, query="?picker_q=ca&target=id_staff_member"),
    Row("pathways:nominations", readers=L_AND_D),
    Row(
        "pathways:accept",
        args=["nomination"],
        writers=L_AND_D,
        post=lambda w: {
            f"n{w['nomination'].pk}-version": w["nomination"].version,
            f"n{w['nomination'].pk}-mentor": w["mentor_staff"].pk,
        },
        done=lambda w: status_of(w, "nomination") == Enrolment.Status.ACCEPTED,
    ),
    Row(
        "pathways:decline",
        args=["nomination"],
        writers=L_AND_D,
        post=lambda w: {
            f"n{w['nomination'].pk}-version": w["nomination"].version,
            f"n{w['nomination'].pk}-reason": "Too new in post.",
        },
        done=lambda w: status_of(w, "nomination") == Enrolment.Status.DECLINED,
    ),
    step(
        "start_development",
        before_post=set_status(Enrolment.Status.ACCEPTED),
        # The world's enrolment is in development already: the step's own history record tells.
        done=lambda w: Enrolment.history.filter(
            id=w["enrolment"].pk, history_change_reason="Development started"
        ).exists(),
    ),
    step(
        "judge_readiness",
        {"readiness": lambda w: "within_1_year"},
        writers=L_AND_D | {MENTOR},
        others=404,
        status_for={DIRECTOR: 403, MANAGER: 403},
        ability_first=False,
        done=lambda w: Enrolment.objects.get(pk=w["enrolment"].pk).readiness == "within_1_year",
    ),
    step("mark_ready", done=lambda w: status_of(w) == Enrolment.Status.READY),
    step(
        "progress",
        before_post=set_status(Enrolment.Status.READY),
        done=lambda w: status_of(w) == Enrolment.Status.PROGRESSED,
    ),
    step(
        "change_mentor",
        {"mentor": lambda w: w["other_mentor_staff"].pk, "reason": lambda w: ""},
        done=lambda w: Enrolment.objects.get(pk=w["enrolment"].pk).current_mentor == w["other_mentor_staff"],
    ),
    step(
        "back_to_development",
        {"reason": lambda w: "Needs another term of assessing on her own."},
        before_post=set_status(Enrolment.Status.READY),
        done=lambda w: Enrolment.history.filter(
            id=w["enrolment"].pk,
            history_change_reason="Back to development: Needs another term of assessing on her own.",
        ).exists(),
    ),
    step(
        "withdraw",
        {"reason": lambda w: "Moving to a nursing degree."},
        done=lambda w: status_of(w) == Enrolment.Status.WITHDRAWN,
    ),
]
