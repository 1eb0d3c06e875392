"""The traineeships demo, part two (see traineeships/demo.py): the applicants who started become
trainees, placed with supervisors and life coaches, met quarterly (one overdue), one placement
broken down, two confidential plans; finished intakes get outcomes, follow-ups and feedback."""

from __future__ import annotations

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from traineeships.demo_data import (
    BREAKDOWN_REASON,
    BREAKDOWN_SUPPORT,
    FEEDBACK,
    FINISHED_OUTCOMES,
    PLANS,
    SUPERVISOR_FEEDBACK,
)
from traineeships.models import (
    Applicant,
    ConfidentialSupportPlan,
    Feedback,
    Intake,
    Outcome,
    Placement,
    Programme,
    SessionAttendance,
    SupportMeeting,
    Trainee,
    TrainingSession,
)
from workforce.models import StaffMember
from workforce.training import add_months

DAY = datetime.timedelta(days=1)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


# --- trainees, placements, support, outcomes ---------------------------------------------------------


def start(core, intake, started: list[Applicant]) -> list[Trainee]:
    finished = intake.status == Intake.Status.FINISHED
    trainees = [
        Trainee(
            applicant=a,
            started_on=intake.starts_on,
            status=Trainee.Status.COMPLETED if finished else Trainee.Status.ACTIVE,
            ended_on=intake.ends_on if finished else None,
        )
        for a in started
    ]
    if finished and intake.programme.kind == Programme.Kind.SERVICE_USER_TRAINEESHIP:
        # The last of the first intake left after five months (FINISHED_OUTCOMES: not in work).
        trainees[-1].status, trainees[-1].ended_on = (
            Trainee.Status.LEFT_EARLY,
            add_months(intake.starts_on, 5),
        )
    trainees = bulk_create_with_history(trainees, Trainee, default_date=at(intake.starts_on))
    core.count_created(Trainee, len(trainees))
    return trainees


def place(core, intake, plan, trainees, cast) -> None:
    home, others = cast["home"], cast["others"]
    units = [home, home, *others] if plan.key == "placement" else [home, *others]
    finished = intake.status == Intake.Status.FINISHED
    placements, meetings, plans = [], [], []
    for n, trainee in enumerate(trainees):
        unit = units[n % len(units)]
        coach = cast["coach"] if n in (2, 3, 5) else cast["coaches"][n % len(cast["coaches"])]
        supervisor = cast["supervisors"][unit.pk]
        if plan.key in ("placement", "pre_employment") and unit.pk == home.pk:
            supervisor = cast["supervisor"]
        placement = Placement(
            trainee=trainee,
            host_unit=unit,
            starts_on=intake.starts_on,
            ends_on=trainee.ended_on,
            supervisor=supervisor,
            life_coach=None if plan.key == "work_experience" else coach,
            team_manager=cast["managers"][unit.pk],
            status=Placement.Status.COMPLETED if finished else Placement.Status.ACTIVE,
        )
        if plan.key == "placement" and n == 2:  # broke down; a fresh start in the manager's home
            broke = add_months(core.today, -3)
            placement.status, placement.ends_on, placement.broke_down_on = (
                Placement.Status.BROKEN_DOWN,
                broke,
                broke,
            )
            placement.breakdown_reason, placement.support_given = BREAKDOWN_REASON, BREAKDOWN_SUPPORT
            placements.append(placement)
            placement = Placement(
                trainee=trainee,
                host_unit=home,
                starts_on=broke + 14 * DAY,
                supervisor=cast["supervisor"],
                life_coach=coach,
                team_manager=cast["managers"][home.pk],
                status=Placement.Status.ACTIVE,
            )
            meetings.append(
                _meeting(trainee, broke + 2 * DAY, SupportMeeting.Kind.AD_HOC, "Placement broke down.")
            )
        placements.append(placement)
        if plan.key == "work_experience":
            continue
        # Quarterly meetings so far; in the second intake, trainee 3 has had none: overdue.
        if not (plan.key == "placement" and n == 3):
            quarter = 1
            while (held := add_months(intake.starts_on, 3 * quarter)) < min(intake.ends_on, core.today):
                meetings.append(_meeting(trainee, held, SupportMeeting.Kind.QUARTERLY, "Going well."))
                quarter += 1
        if plan.key == "placement" and n in (2, 4):
            title, content = PLANS[0 if n == 2 else 1]
            plans.append(
                ConfidentialSupportPlan(
                    trainee=trainee,
                    title=title,
                    content=content,
                    review_on=add_months(core.today, 1),
                    created_by=cast["ld"],
                )
            )
    for model, rows in (
        (Placement, placements),
        (SupportMeeting, meetings),
        (ConfidentialSupportPlan, plans),
    ):
        bulk_create_with_history(rows, model, default_date=at(intake.starts_on))
        core.count_created(model, len(rows))
    if finished:
        _outcomes(core, intake, trainees, employed_at=home, manager=cast["managers"][home.pk])
    _induction(core, intake, trainees, cast)


def _meeting(trainee, held_on, kind, notes) -> SupportMeeting:
    return SupportMeeting(
        trainee=trainee,
        held_on=held_on,
        kind=kind,
        supervisor_attended=True,
        life_coach_attended=True,
        ld_manager_attended=kind == SupportMeeting.Kind.AD_HOC,
        notes=notes,
    )


def _outcomes(core, intake, trainees, employed_at, manager) -> None:
    """At the end for everyone; six months on for all but one (a follow-up missing, flagged);
    feedback from trainees and supervisors. Work experience students go back to college."""
    outcomes, feedback = [], []
    for n, trainee in enumerate(trainees):
        ended = trainee.ended_on
        six_due = add_months(ended, 6) <= core.today
        if intake.programme.kind == Programme.Kind.WORK_EXPERIENCE:
            kind = Outcome.Kind.EDUCATION
        else:
            kind = FINISHED_OUTCOMES[n % len(FINISHED_OUTCOMES)]
        outcomes.append(Outcome(trainee=trainee, when=0, recorded_on=ended, kind=kind))
        if six_due and n != 1:
            outcomes.append(
                Outcome(
                    trainee=trainee,
                    when=6,
                    recorded_on=add_months(ended, 6),
                    kind=kind,
                    note="Still there." if kind == Outcome.Kind.EMPLOYED_HERE else "",
                )
            )
        rating, words = FEEDBACK[n % len(FEEDBACK)]
        feedback.append(
            Feedback(trainee=trainee, given_on=ended, given_by="trainee", rating=rating, comments=words)
        )
        if n < len(SUPERVISOR_FEEDBACK):
            rating, words = SUPERVISOR_FEEDBACK[n]
            feedback.append(
                Feedback(
                    trainee=trainee, given_on=ended, given_by="supervisor", rating=rating, comments=words
                )
            )
    bulk_create_with_history(outcomes, Outcome, default_date=at(intake.ends_on))
    Feedback.objects.bulk_create(feedback)
    core.count_created(Outcome, len(outcomes))
    # The first trainee employed here now has a staff record of her own.
    first = trainees[0]
    if intake.programme.kind == Programme.Kind.SERVICE_USER_TRAINEESHIP:
        applicant = first.applicant
        person, _ = core.upsert(
            StaffMember,
            {"assignment_number": f"TRN{intake.pk:03d}{first.pk:05d}"},
            {
                "first_name": applicant.first_name,
                "last_name": applicant.last_name,
                "job_role": core.job_roles["Care Assistant"],
                "org_unit": employed_at,
                "line_manager": manager,
                "start_date": intake.ends_on + 14 * DAY,
            },
        )
        Trainee.objects.filter(pk=first.pk).update(staff_member=person)


def _induction(core, intake, trainees, cast) -> None:
    session = TrainingSession.objects.create(
        intake=intake,
        title="Induction day",
        kind=TrainingSession.Kind.INDUCTION,
        held_on=intake.starts_on,
        for_supervisors=True,
        for_life_coaches=True,
        for_team_managers=True,
    )
    staff = {cast["supervisor"].pk, cast["coach"].pk}
    SessionAttendance.objects.bulk_create(
        [SessionAttendance(session=session, trainee=t) for t in trainees]
        + [SessionAttendance(session=session, staff_member_id=pk) for pk in sorted(staff)]
    )
    core.count_created(TrainingSession, 1)
