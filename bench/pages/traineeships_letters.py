"""Traineeships: letters to applicants and the retention runs."""

from __future__ import annotations

from bench.pages import Page

BENCH_PROGRAMME = "Bench traineeship"
BENCH_APPLICANTS = 40  # an intake's worth (ARCHITECTURE.md: 200 intakes of 40 applicants)
BENCH_RETENTION_RUNS = 365  # a year of nightly runs


def _bench_intake(name: str, closes_days_ago: int):
    import datetime

    from traineeships.models import Intake, Programme

    today = datetime.date.today()
    programme, _ = Programme.objects.get_or_create(
        name=BENCH_PROGRAMME, defaults={"kind": Programme.Kind.SERVICE_USER_TRAINEESHIP}
    )
    closes = today - datetime.timedelta(days=closes_days_ago)
    intake, _ = Intake.objects.get_or_create(
        programme=programme,
        name=name,
        defaults={
            "recruitment_opens_on": closes - datetime.timedelta(days=60),
            "recruitment_closes_on": closes,
            "starts_on": closes + datetime.timedelta(days=14),
            "ends_on": closes + datetime.timedelta(days=200),
            "places": 12,
        },
    )
    return intake


def _bench_applicants(intake) -> list:
    import datetime

    from traineeships.models import Applicant, Stage

    have = intake.applicants.count()
    Applicant.objects.bulk_create(
        Applicant(
            intake=intake,
            first_name=f"Bench{n}",
            last_name="Applicant",
            email=f"bench{n}@example.org",
            address="1 Bench Street\nNorthshire",
            stage=Stage.OFFERED if n % 2 else Stage.WITHDRAWN,
            stage_changed_on=datetime.date.today(),
        )
        for n in range(have, BENCH_APPLICANTS)
    )
    return list(intake.applicants.order_by("pk")[:1])


def bench_letter(user) -> list:
    """An intake of 40 applicants recruiting now; the first one's offer letter."""
    (first,) = _bench_applicants(_bench_intake("Bench intake, recruiting", closes_days_ago=-30))
    return [first.pk, "offer"]


def bench_retention(user) -> list:
    """An intake closed two years ago with 40 applicants due for anonymisation (never run here, so
    they stay due), and a year of nightly retention runs to list."""
    import datetime

    from traineeships.models import RetentionRun

    _bench_applicants(_bench_intake("Bench intake, two years ago", closes_days_ago=730))
    have = RetentionRun.objects.count()
    cutoff = datetime.date.today()
    RetentionRun.objects.bulk_create(
        RetentionRun(cutoff=cutoff, anonymised=n % 3, triggered_by="schedule")
        for n in range(have, BENCH_RETENTION_RUNS)
    )
    return []


PAGES = [
    Page("Letters to applicants (L&D manager)", "traineeships:letter_templates", "ld"),
    Page(
        "Edit the offer letter (L&D manager)",
        "traineeships:letter_template_edit",
        "ld",
        make_args=lambda user: ["offer"],
    ),
    Page("An applicant's offer letter (L&D manager)", "traineeships:letter", "ld", make_args=bench_letter),
    Page("Retention runs (L&D manager)", "traineeships:retention_runs", "ld", make_args=bench_retention),
]
