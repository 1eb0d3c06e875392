"""Traineeships: the figures pages (diversity of applicants, programme evaluation)."""

from __future__ import annotations

import datetime

from bench.pages import Page

# --- figures (diversity, evaluation) --------------------------------------------------------------

BENCH_FIGURES_PROGRAMME = "Bench traineeship (figures)"
BENCH_INTAKES, BENCH_APPLICANTS = 5, 40  # the scale ARCHITECTURE.md names: intakes of 40 applicants


def figures_programme(user) -> list:
    """A programme of five intakes of 40 applicants each, every applicant with equality answers,
    a quarter started with a placement, an outcome and feedback; made once. Returns its pk."""
    from traineeships.models import (
        Applicant,
        EqualityMonitoring,
        Feedback,
        Intake,
        Outcome,
        Placement,
        Programme,
        Stage,
        Trainee,
    )
    from workforce.models import OrgUnit, StaffMember

    programme, created = Programme.objects.get_or_create(
        name=BENCH_FIGURES_PROGRAMME, defaults={"kind": Programme.Kind.SERVICE_USER_TRAINEESHIP}
    )
    if not created:
        return [programme.pk]
    today = datetime.date.today()
    unit = OrgUnit.objects.filter(parent__isnull=False).order_by("pk").first()
    supervisor = StaffMember.objects.order_by("pk").first()
    stages = [Stage.APPLIED, Stage.INTERVIEW, Stage.WITHDRAWN, Stage.STARTED]
    answers = [
        list(EqualityMonitoring._meta.get_field(f).choices) for f in EqualityMonitoring.CHARACTERISTICS
    ]
    for i in range(BENCH_INTAKES):
        starts = today - datetime.timedelta(days=120 * i)
        intake = Intake.objects.create(
            programme=programme,
            name=f"Bench intake {i + 1}",
            recruitment_opens_on=starts - datetime.timedelta(days=90),
            recruitment_closes_on=starts - datetime.timedelta(days=30),
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=300),
            places=10,
            status=Intake.Status.IN_PLACEMENT,
        )
        applicants = Applicant.objects.bulk_create(
            Applicant(
                intake=intake,
                first_name=f"Bench{n}",
                last_name="Applicant",
                stage=stages[n % len(stages)],
                stage_changed_on=starts,
            )
            for n in range(BENCH_APPLICANTS)
        )
        EqualityMonitoring.objects.bulk_create(
            EqualityMonitoring(
                applicant=a,
                **{
                    field: choices[(n * (k + 2)) % len(choices)][0]
                    for k, (field, choices) in enumerate(
                        zip(EqualityMonitoring.CHARACTERISTICS, answers, strict=True)
                    )
                },
            )
            for n, a in enumerate(applicants)
        )
        trainees = Trainee.objects.bulk_create(
            Trainee(applicant=a, started_on=starts) for a in applicants if a.stage == Stage.STARTED
        )
        if unit is not None and supervisor is not None:
            Placement.objects.bulk_create(
                Placement(trainee=t, host_unit=unit, starts_on=starts, supervisor=supervisor, status="active")
                for t in trainees
            )
        Outcome.objects.bulk_create(
            Outcome(trainee=t, recorded_on=today, kind=Outcome.Kind.EMPLOYED_HERE) for t in trainees
        )
        Feedback.objects.bulk_create(
            Feedback(trainee=t, given_on=today, given_by="trainee", rating=4, comments="Bench")
            for t in trainees
        )
    return [programme.pk]


def figures_intake(user) -> list:
    from traineeships.models import Intake

    programme_pk = figures_programme(user)[0]
    return [Intake.objects.filter(programme_id=programme_pk).order_by("name").values_list("pk", flat=True)[0]]


PAGES = [
    Page("Traineeship figures (L&D manager)", "traineeships:figures", "ld"),
    Page(
        "Diversity of an intake's applicants (L&D manager)",
        "traineeships:intake_diversity",
        "ld",
        make_args=figures_intake,
    ),
    Page(
        "Diversity of a programme's applicants (L&D manager)",
        "traineeships:programme_diversity",
        "ld",
        make_args=figures_programme,
    ),
    Page(
        "Diversity Excel export (L&D manager)",
        "traineeships:programme_diversity_export",
        "ld",
        "format=xlsx",
        make_args=figures_programme,
    ),
    Page(
        "Programme evaluation (L&D manager)",
        "traineeships:programme_evaluation",
        "ld",
        make_args=figures_programme,
    ),
    Page("Intake evaluation (L&D manager)", "traineeships:intake_evaluation", "ld", make_args=figures_intake),
]
