"""Permission rows of the trainees part (see traineeships/tests/test_permissions.py).

Who: the L&D manager (and a superuser, who holds `traineeships.manage`) does everything but the
confidential plans, which only the L&D manager opens (a superuser is refused like anyone else). The
cohort's supervisor and life coach read Cara's page and record her support meetings and feedback;
the Oak House manager reads it (her placement is hosted there) and records nothing (403); everyone
else does not see her (404). Refusals at a plan's URL are the same 404 as a missing plan, and are
logged (traineeships/tests/test_confidential.py checks the log; `snapshot_but_refusals` lets the
table's "a refused write changes nothing" check ignore exactly those log entries).
"""

import datetime

from traineeships.models import (
    AccessLogEntry,
    ConfidentialSupportPlan,
    Feedback,
    Outcome,
    Placement,
    SessionAttendance,
    SupportMeeting,
    Trainee,
    TrainingSession,
)
from traineeships.tests.factories import OutcomeFactory, SupportMeetingFactory
from workforce.tests import permission_table
from workforce.tests.permission_table import (
    EVERYONE,
    LD,
    LIFE_COACH,
    MANAGER,
    SUPERUSER,
    SUPERVISOR,
    Row,
)

MANAGERS = {LD, SUPERUSER}
SEE_CARA = MANAGERS | {MANAGER, SUPERVISOR, LIFE_COACH}
SUPPORT_CARA = MANAGERS | {SUPERVISOR, LIFE_COACH}
PLAN_HOLDERS = {LD}
TODAY = datetime.date.today()


def iso(day: datetime.date) -> str:
    return day.isoformat()


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def placement_post(w, **extra):
    return {
        "host_unit": w["placement"].host_unit_id,
        "starts_on": iso(w["placement"].starts_on),
        "ends_on": "",
        "supervisor": w["placement"].supervisor_id,
        "life_coach": w["placement"].life_coach_id or "",
        "team_manager": "",
        "status": "active",
        "version": fresh(w["placement"]).version,
        **extra,
    }


ROWS = [
    Row("traineeships:my_trainees", readers=EVERYONE | {SUPERVISOR, LIFE_COACH}),
    Row("traineeships:trainee", args=["trainee"], readers=SEE_CARA, others=404),
    Row(
        "traineeships:trainee_edit",
        args=["trainee"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {
            "status": "active",
            "ended_on": "",
            "staff_member": "",
            "vacancies_to_discuss": "Support worker, Oak House",
            "version": fresh(w["trainee"]).version,
        },
        done=lambda w: fresh(w["trainee"]).vacancies_to_discuss == "Support worker, Oak House",
    ),
    Row(
        "traineeships:placement_add",
        args=["trainee"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {**placement_post(w), "status": "planned", "starts_on": iso(TODAY)},
        done=lambda w: Placement.objects.filter(trainee=w["trainee"]).count() == 2,
    ),
    Row(
        "traineeships:placement_edit",
        args=["placement"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: placement_post(w, ends_on=iso(TODAY + datetime.timedelta(days=90))),
        done=lambda w: fresh(w["placement"]).ends_on == TODAY + datetime.timedelta(days=90),
    ),
    Row(
        "traineeships:placement_end",
        args=["placement"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {"ends_on": iso(TODAY), "version": fresh(w["placement"]).version},
        done=lambda w: fresh(w["placement"]).status == Placement.Status.COMPLETED,
    ),
    Row(
        "traineeships:placement_breakdown",
        args=["placement"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {
            "broke_down_on": iso(TODAY),
            "breakdown_reason": "Conflict with a colleague.",
            "support_given": "Extra sessions with the life coach.",
            "version": fresh(w["placement"]).version,
        },
        done=lambda w: fresh(w["placement"]).status == Placement.Status.BROKEN_DOWN,
    ),
    # Seeing Cara is not enough to record: the Oak House manager gets 403, whoever cannot see her 404.
    Row(
        "traineeships:meeting_add",
        args=["trainee"],
        readers=SUPPORT_CARA,
        writers=SUPPORT_CARA,
        others=404,
        status_for={MANAGER: 403},
        ability_first=False,
        post=lambda w: {
            "held_on": iso(TODAY),
            "kind": "ad_hoc",
            "trainee_attended": "on",
            "notes": "Row test",
        },
        done=lambda w: SupportMeeting.objects.filter(trainee=w["trainee"], notes="Row test").exists(),
    ),
    Row(
        "traineeships:meeting_edit",
        args=["meeting"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {"held_on": iso(TODAY), "kind": "quarterly", "notes": "Edited"},
        done=lambda w: fresh(w["meeting"]).notes == "Edited",
    ),
    Row(
        "traineeships:feedback_add",
        args=["trainee"],
        readers=SUPPORT_CARA,
        writers=SUPPORT_CARA,
        others=404,
        status_for={MANAGER: 403},
        ability_first=False,
        post=lambda w: {"given_on": iso(TODAY), "given_by": "trainee", "rating": "5", "comments": "Row test"},
        done=lambda w: Feedback.objects.filter(trainee=w["trainee"], comments="Row test").exists(),
    ),
    Row(
        "traineeships:feedback_edit",
        args=["feedback"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {
            "given_on": iso(TODAY),
            "given_by": "supervisor",
            "rating": "3",
            "comments": "Edited",
        },
        done=lambda w: fresh(w["feedback"]).comments == "Edited",
    ),
    Row(
        "traineeships:outcome_add",
        args=["trainee"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {"when": "6", "recorded_on": iso(TODAY), "kind": "volunteering"},
        done=lambda w: Outcome.objects.filter(trainee=w["trainee"], when=6).exists(),
    ),
    Row(
        "traineeships:outcome_edit",
        args=["outcome"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {"when": "0", "recorded_on": iso(TODAY), "kind": "employed_elsewhere"},
        done=lambda w: fresh(w["outcome"]).kind == Outcome.Kind.EMPLOYED_ELSEWHERE,
    ),
    Row(
        "traineeships:intake_sessions",
        args=["intake"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {
            "title": "Row test day",
            "kind": "training_day",
            "held_on": iso(TODAY),
            "for_trainees": "on",
        },
        done=lambda w: TrainingSession.objects.filter(title="Row test day").exists(),
    ),
    Row(
        "traineeships:session",
        args=["session"],
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda w: {"trainee": [str(w["trainee"].pk)]},
        done=lambda w: SessionAttendance.objects.filter(session=w["session"], trainee=w["trainee"]).exists(),
    ),
    # Confidential plans: the L&D manager only; everyone else (a superuser too) gets the 404 a
    # missing plan gets, and the attempt is logged.
    Row("traineeships:plan", args=["plan"], readers=PLAN_HOLDERS, others=404),
    Row(
        "traineeships:plan_add",
        args=["trainee"],
        readers=PLAN_HOLDERS,
        writers=PLAN_HOLDERS,
        others=404,
        post=lambda w: {"title": "Wellbeing plan", "content": "Row test", "review_on": ""},
        done=lambda w: ConfidentialSupportPlan.objects.filter(title="Wellbeing plan").exists(),
    ),
    Row(
        "traineeships:plan_edit",
        args=["plan"],
        readers=PLAN_HOLDERS,
        writers=PLAN_HOLDERS,
        others=404,
        post=lambda w: {
            "title": "Stress management plan",
            "content": "Edited in the row test",
            "review_on": "",
            "version": fresh(w["plan"]).version,
        },
        done=lambda w: fresh(w["plan"]).content == "Edited in the row test",
    ),
    Row("traineeships:access_log", readers=PLAN_HOLDERS),
]


def world_part(cohort: dict, actors: dict) -> dict:
    """Objects this part's rows point at, beyond the cohort's."""
    trainee: Trainee = cohort["trainee"]
    return {
        "meeting": SupportMeetingFactory(trainee=trainee, held_on=TODAY - datetime.timedelta(days=30)),
        "feedback": Feedback.objects.create(trainee=trainee, given_on=TODAY, given_by="trainee", rating=4),
        "outcome": OutcomeFactory(trainee=trainee, when=0),
        "session": TrainingSession.objects.create(
            intake=cohort["intake"], title="Induction", kind="induction", held_on=cohort["intake"].starts_on
        ),
    }


def snapshot_but_refusals(app_labels):
    """The table's snapshot without the access log's "refused" entries: a refused attempt at a plan
    writes one by design; anything else it changed still fails the table's check."""
    taken = _snapshot(app_labels)
    label = AccessLogEntry._meta.label
    if label in taken:
        taken[label] = [row for row in taken[label] if row["action"] != AccessLogEntry.Action.REFUSED]
    return taken


_snapshot = permission_table.snapshot
