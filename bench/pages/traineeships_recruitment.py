"""Traineeships: programmes, intakes, the applicant board and applicants."""

from __future__ import annotations

import datetime
import itertools

from bench.pages import Page

# --- Recruitment ----------------------------------------------------------------------------------

BENCH_PROGRAMME = "Bench traineeship"
BENCH_APPLICANTS = 300


def bench_intake(user) -> list:
    """A programme with one intake of 300 applicants at every stage in turn, each with a stage
    history; those at checks with their gating checks requested, those started a trainee. At the
    issue's scale (200 intakes of 40) one intake of 300 is the heaviest board. Made once."""
    from traineeships.models import (
        Applicant,
        Intake,
        PreEmploymentCheck,
        Programme,
        Stage,
        StageChange,
        Trainee,
    )

    programme, _ = Programme.objects.get_or_create(
        name=BENCH_PROGRAMME, defaults={"kind": Programme.Kind.SERVICE_USER_TRAINEESHIP}
    )
    today = datetime.date.today()
    intake, created = Intake.objects.get_or_create(
        programme=programme,
        name="Bench intake",
        defaults={
            "recruitment_opens_on": today - datetime.timedelta(days=90),
            "recruitment_closes_on": today - datetime.timedelta(days=30),
            "starts_on": today - datetime.timedelta(days=14),
            "ends_on": today + datetime.timedelta(days=300),
            "places": 40,
            "status": Intake.Status.RECRUITING,
        },
    )
    if created:
        applicants = Applicant.objects.bulk_create(
            Applicant(
                intake=intake,
                first_name=f"Bench{n}",
                last_name="Applicant",
                stage=stage,
                stage_changed_on=today,
                closing_reason="Bench" if stage in (Stage.WITHDRAWN, Stage.UNSUCCESSFUL) else "",
            )
            for n, stage in zip(range(BENCH_APPLICANTS), itertools.cycle(Stage.values), strict=False)
        )
        StageChange.objects.bulk_create(StageChange(applicant=a, stage=a.stage, on=today) for a in applicants)
        PreEmploymentCheck.objects.bulk_create(
            PreEmploymentCheck(
                applicant=a, kind=kind, status=PreEmploymentCheck.Status.REQUESTED, status_on=today
            )
            for a in applicants
            if a.stage == Stage.CHECKS
            for kind in PreEmploymentCheck.GATING
        )
        Trainee.objects.bulk_create(
            Trainee(applicant=a, started_on=intake.starts_on) for a in applicants if a.stage == Stage.STARTED
        )
    return [intake.pk]


def bench_programme(user) -> list:
    from traineeships.models import Intake

    return [Intake.objects.get(pk=bench_intake(user)[0]).programme_id]


def bench_applicant(user) -> list:
    """An applicant at pre-employment checks in the bench intake."""
    from traineeships.models import Applicant, Stage

    intake = bench_intake(user)[0]
    return [
        Applicant.objects.filter(intake=intake, stage=Stage.CHECKS)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    ]


PAGES = [
    Page("Traineeships index (L&D manager)", "traineeships:index", "ld"),
    Page("Traineeships index (Home Manager)", "traineeships:index", "manager"),
    Page(
        "Programme page, 300 applicants (L&D manager)",
        "traineeships:programme",
        "ld",
        make_args=bench_programme,
    ),
    Page("Intake page, 300 applicants (L&D manager)", "traineeships:intake", "ld", make_args=bench_intake),
    Page("Applicant board, 300 applicants (L&D manager)", "traineeships:board", "ld", make_args=bench_intake),
    Page(
        "Applicant board, one stage of 300 (L&D manager)",
        "traineeships:board",
        "ld",
        "stage=applied",
        make_args=bench_intake,
    ),
    Page(
        "Applicant board, one column shown in full (htmx fragment, L&D manager)",
        "traineeships:board_column",
        "ld",
        "stage=applied",
        make_args=bench_intake,
    ),
    Page("Applicant page (L&D manager)", "traineeships:applicant", "ld", make_args=bench_applicant),
    Page("Add an applicant (L&D manager)", "traineeships:applicant_create", "ld", make_args=bench_intake),
    Page(
        "Pre-employment checks (L&D manager)",
        "traineeships:applicant_checks",
        "ld",
        make_args=bench_applicant,
    ),
]
