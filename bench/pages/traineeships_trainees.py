"""Traineeships: trainees, My trainees, sessions and the confidential plans' access log."""

from __future__ import annotations

import datetime

from bench.pages import Page

# --- Trainees: placements, support, confidential plans ------------------------------------------

# Not the recruitment pages' "Bench traineeship": made first, it would leave this set-up with no
# trainees (it makes them only with a new programme) and the confidential plan page with no plan.
BENCH_TRAINEE_PROGRAMME = "Bench traineeship (trainees)"
BENCH_TRAINEES = 200


def bench_trainees(user) -> list:
    """An intake of 200 trainees, placed in the bench Home Manager's unit (so the manager's pages see
    them all), each with four support meetings, an induction attended and a confidential plan, and
    an access log of 600 entries. Made once; the URL args of the first trainee."""
    from traineeships.models import (
        AccessLogEntry,
        Applicant,
        ConfidentialSupportPlan,
        Intake,
        Placement,
        Programme,
        SessionAttendance,
        Stage,
        SupportMeeting,
        Trainee,
        TrainingSession,
    )
    from workforce.models import StaffMember

    today = datetime.date.today()
    programme, created = Programme.objects.get_or_create(
        name=BENCH_TRAINEE_PROGRAMME, defaults={"kind": Programme.Kind.SERVICE_USER_TRAINEESHIP}
    )
    if created:
        manager = (
            StaffMember.objects.in_post()
            .filter(user__username="bench-manager")
            .select_related("org_unit")
            .first()
        )
        staff = list(StaffMember.objects.in_post().filter(org_unit=manager.org_unit).order_by("pk")[:20])
        intake = Intake.objects.create(
            programme=programme,
            name="Bench intake",
            recruitment_opens_on=today - datetime.timedelta(days=300),
            recruitment_closes_on=today - datetime.timedelta(days=250),
            starts_on=today - datetime.timedelta(days=200),
            ends_on=today + datetime.timedelta(days=165),
            places=BENCH_TRAINEES,
        )
        applicants = Applicant.objects.bulk_create(
            Applicant(
                intake=intake,
                first_name=f"Bench{n}",
                last_name="Trainee",
                stage=Stage.STARTED,
                stage_changed_on=intake.starts_on,
            )
            for n in range(BENCH_TRAINEES)
        )
        trainees = Trainee.objects.bulk_create(
            Trainee(applicant=a, started_on=intake.starts_on) for a in applicants
        )
        Placement.objects.bulk_create(
            Placement(
                trainee=t,
                host_unit=manager.org_unit,
                starts_on=intake.starts_on,
                supervisor=staff[n % len(staff)],
                life_coach=staff[(n + 1) % len(staff)],
                team_manager=manager,
                status=Placement.Status.ACTIVE,
            )
            for n, t in enumerate(trainees)
        )
        SupportMeeting.objects.bulk_create(
            SupportMeeting(trainee=t, held_on=intake.starts_on + datetime.timedelta(days=45 * k + n % 40))
            for n, t in enumerate(trainees)
            for k in range(4)
        )
        session = TrainingSession.objects.create(intake=intake, title="Induction", held_on=intake.starts_on)
        SessionAttendance.objects.bulk_create(SessionAttendance(session=session, trainee=t) for t in trainees)
        plans = ConfidentialSupportPlan.objects.bulk_create(
            ConfidentialSupportPlan(trainee=t, content="Bench plan.") for t in trainees
        )
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(plan=p, trainee_id=p.trainee_id, user=user, action=AccessLogEntry.Action.OPENED)
            for p in plans * 3
        )
    first = Trainee.objects.filter(applicant__intake__programme=programme).order_by("pk").first()
    return [first.pk]


def bench_plan(user) -> list:
    from traineeships.models import ConfidentialSupportPlan

    bench_trainees(user)
    plans = ConfidentialSupportPlan.objects.filter(
        trainee__applicant__intake__programme__name=BENCH_TRAINEE_PROGRAMME
    )
    return [plans.order_by("pk").first().pk]


PAGES = [
    Page("Trainee page (L&D manager)", "traineeships:trainee", "ld", make_args=bench_trainees),
    Page("Trainee page (Home Manager)", "traineeships:trainee", "manager", make_args=bench_trainees),
    Page("My trainees, 200 (Home Manager)", "traineeships:my_trainees", "manager"),
    Page("My trainees, all (L&D manager)", "traineeships:my_trainees", "ld"),
    Page("Confidential plan, logged (L&D manager)", "traineeships:plan", "ld", make_args=bench_plan),
    Page("Confidential plans' access log (L&D manager)", "traineeships:access_log", "ld"),
]
