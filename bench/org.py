"""The whole organisation at a large NHS trust's size, for the served benchmark (bench/serve.py).

    build_organisation(15_000)   # seeded: the same rows on every run

Staff and training records come from bench/generate.py (about 7 records a person: ~100,000 at
15,000 staff); then every page's own set-up in bench/pages/*.py runs as bench/run.py runs it (the
500-action plan, the pathway's candidates, the 300-applicant intake...), so the served pages are
timed on the same data as the in-process ones; then the rest of the trust around them: 49 more
action plans of 500 actions (50 in all), 200 intakes of 40 applicants. Everything goes in with
bulk_create. Only ever against a throwaway database (serve.py makes "<name>_bench").
"""

from __future__ import annotations

import datetime
import random
import time

PLANS, ACTIONS_PER_PLAN, PRIORITIES_PER_PLAN = 50, 500, 5
INTAKES, APPLICANTS_PER_INTAKE = 200, 40
TRUST_PROGRAMME = "Bench trust traineeships"
PASSWORD = "bench-password-not-secret"  # throwaway database, loopback only


def _more_plans(count: int, seed: int) -> int:
    from actionplans.models import Action, ActionPlan, Priority

    rng = random.Random(f"{seed}:plans")
    today = datetime.date.today()
    made = 0
    for n in range(count):
        plan = ActionPlan.objects.create(title=f"Bench trust plan {n + 2:02d}")
        priorities = Priority.objects.bulk_create(
            Priority(plan=plan, number=str(p + 1), title=f"Priority {p + 1}", position=p)
            for p in range(PRIORITIES_PER_PLAN)
        )
        per = ACTIONS_PER_PLAN // PRIORITIES_PER_PLAN
        Action.objects.bulk_create(
            Action(
                plan=plan,
                priority=priorities[a // per],
                number=f"{a // per + 1}.{a % per + 1}",
                description=f"Action {a + 1} of plan {n + 2}",
                due_date=today + datetime.timedelta(days=rng.randint(-120, 365)),
                position=a,
            )
            for a in range(ACTIONS_PER_PLAN)
        )
        made += ACTIONS_PER_PLAN
    return made


def _intakes(count: int, per: int, seed: int) -> int:
    from traineeships.models import Applicant, Intake, Programme, Stage

    rng = random.Random(f"{seed}:intakes")
    today = datetime.date.today()
    programme, _ = Programme.objects.get_or_create(
        name=TRUST_PROGRAMME, defaults={"kind": Programme.Kind.SERVICE_USER_TRAINEESHIP}
    )
    intakes = []
    for n in range(count):
        starts = today - datetime.timedelta(days=30 * (n % 40) - 120)
        intakes.append(
            Intake(
                programme=programme,
                name=f"Trust intake {n + 1:03d}",
                recruitment_opens_on=starts - datetime.timedelta(days=90),
                recruitment_closes_on=starts - datetime.timedelta(days=30),
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=300),
                places=12,
            )
        )
    intakes = Intake.objects.bulk_create(intakes)
    stages = Stage.values
    Applicant.objects.bulk_create(
        (
            Applicant(
                intake=intake,
                first_name=f"Applicant{a}",
                last_name=f"Intake{i}",
                stage=rng.choice(stages),
                stage_changed_on=intake.starts_on,
            )
            for i, intake in enumerate(intakes)
            for a in range(per)
        ),
        batch_size=2000,
    )
    return count * per


def build_organisation(staff: int, *, seed: int = 1, log=print) -> dict:
    """Generate everything into the (empty, migrated) current database; returns what it made."""
    from django.db import connection, transaction

    from bench.generate import bench_users, generate
    from bench.pages import all_pages

    started = time.perf_counter()
    made = generate(staff, seed=seed)
    log(f"  {made['staff']:,} staff, {made['training records']:,} training records")
    users = bench_users()
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    # Each page's set-up, as bench/run.py calls it (in order: some build on earlier ones), each in a
    # transaction of its own so one that fails leaves nothing half-made and the others still run.
    for page in all_pages():
        for make in (page.make_args, page.make_query):
            if make is None:
                continue
            try:
                with transaction.atomic():
                    make(users[page.user])
            except Exception as exc:  # noqa: BLE001 - reported; that page is measured without it
                log(f"  (no data for {page.label}: {exc!r})")
    with transaction.atomic():
        made["actions in other plans"] = _more_plans(PLANS - 1, seed)
        made["applicants in trust intakes"] = _intakes(INTAKES, APPLICANTS_PER_INTAKE, seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    made["seconds"] = round(time.perf_counter() - started, 1)
    return made


def counts() -> dict[str, int]:
    """What the database holds, as RESULTS.md reports it."""
    from actionplans.models import Action, ActionPlan
    from pathways.models import Enrolment
    from traineeships.models import Applicant, Intake
    from workforce.models import StaffMember, TrainingRecord

    return {
        "staff": StaffMember.objects.count(),
        "training records": TrainingRecord.objects.count(),
        "action plans": ActionPlan.objects.count(),
        "actions": Action.objects.count(),
        "intakes": Intake.objects.count(),
        "applicants": Applicant.objects.count(),
        "pathway candidates": Enrolment.objects.count(),
    }
