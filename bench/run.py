"""Benchmark: how the main pages' time grows with the organisation's size.

    python bench/run.py                      # SQLite file in a temporary directory
    DATABASE_URL=postgres://... python bench/run.py   # a throwaway "<name>_bench" database beside it
    python bench/run.py --sizes 500 5000 --runs 9

Builds a throwaway database, generates staff at each size (bench/generate.py), then times each
page in PAGES through Django's test Client: two warm-up requests, then --runs timed requests;
the median is reported with the page's query count, and the ratio between the largest and the
smallest size. Pages whose time grows with the data, or whose query count changes, need a look.
Seconds depend on the machine; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    user: str  # a key of bench.generate.bench_users(): "ld", "manager" or "owner"
    query: str = ""  # e.g. "q=smith", appended after "?"
    # For a page about one object: a function of the page's user returning the URL's args.
    make_args: Callable[[object], list] | None = None
    # For a page whose query names an object: a function of the page's user returning the query.
    make_query: Callable[[object], str] | None = None


def finished_import_run(user) -> list:
    """A staff import run that failed listing 500 rows: the run page at its heaviest."""
    from workforce.runs import BackgroundRun

    rows = [[n, "Sam Smith", "Email", "'x' is not a valid email address.", "x"] for n in range(2, 502)]
    run = BackgroundRun.objects.create(
        kind="workforce.staff_import",
        requested_by=user,
        status=BackgroundRun.Status.FAILED,
        error="Checked again before saving, the file now has problems. Nothing was saved.",
        result={"problems": {"caption": "Problems in the file", "columns": ["Row"] * 5, "rows": rows}},
        input={"filename": "staff.csv"},
    )
    return [run.pk]


BENCH_PLAN = "Bench action plan"


def owner_with_actions(user) -> list:
    """A plan of 500 actions, 60 of them the owner's, due from 60 days ago to 60 days ahead: the
    home page's "My actions" panel at its heaviest (it lists at most 10). Made once."""
    from actionplans.models import Action, ActionPlan, Priority
    from workforce.permissions import own_staff_record

    me = own_staff_record(user)
    if me is None or ActionPlan.objects.filter(title=BENCH_PLAN).exists():
        return []
    today = datetime.date.today()
    plan = ActionPlan.objects.create(title=BENCH_PLAN)
    priority = Priority.objects.create(plan=plan, number="1", title="Bench priority")
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            priority=priority,
            number=f"1.{n}",
            description=f"Bench action {n}",
            due_date=today + datetime.timedelta(days=n % 121 - 60),
            position=n,
        )
        for n in range(500)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action_id=action.pk, staffmember_id=me.pk) for action in actions[::8]
    )
    return []


def remembered_names(user) -> list:
    """One remembered responsibility name per 50 staff in post (300 at 15,000): the list page's
    data grows with the organisation. Returns no URL args (the page is a list)."""
    from actionplans.models import ResponsibilityMapping
    from workforce.models import StaffMember

    people = StaffMember.objects.in_post().exclude(responsibility_mappings__isnull=False).order_by("pk")
    wanted = StaffMember.objects.in_post().count() // 50 - ResponsibilityMapping.objects.count()
    ResponsibilityMapping.objects.bulk_create(
        ResponsibilityMapping(token=f"T{p.pk}", written=f"T{p.pk}", staff_member=p, confirmed_by=user)
        for p in people[: max(wanted, 0)]
    )
    return []


def training_requirements(user) -> list:
    """Every statutory/mandatory course required of everyone, unless the generated data already
    requires some: the compliance pages then have a column per course. Returns no URL args."""
    from workforce.models import Course, TrainingRequirement

    if not TrainingRequirement.objects.exists():
        TrainingRequirement.objects.bulk_create(
            TrainingRequirement(course=course)
            for course in Course.objects.filter(kind=Course.Kind.STATUTORY_MANDATORY, is_archived=False)
        )
    return []


def report_runs(user) -> list:
    """300 finished report runs by several people (the list shows a page of them); the URL args
    of one of them, for its run page. Made once."""
    from workforce.runs import BackgroundRun

    runs = BackgroundRun.objects.filter(kind="reports.training_compliance")
    if not runs.exists():
        params = {"as_at": datetime.date.today().isoformat(), "unit": None}
        BackgroundRun.objects.bulk_create(
            BackgroundRun(
                kind="reports.training_compliance",
                requested_by=user,
                status=BackgroundRun.Status.DONE,
                result={"message": "The report is ready: 5 pages."},
                input={"params": params, "description": "The whole organisation"},
                output_name=f"runs/bench-{n}/output.pdf",
                output_filename="Training compliance report.pdf",
                output_content_type="application/pdf",
                output_size=50_000,
                output_pages=5,
            )
            for n in range(300)
        )
    return [runs.order_by("pk").first().pk]


def time_reports() -> list[tuple[str, float, int | str]]:
    """(report, seconds, pages or why not): each report built and rendered as a worker does."""
    from django.core.cache import cache

    from actionplans.models import ActionPlan
    from reports import board_pack, board_progress, kinds, pdf, training_compliance, workforce_indicators

    today = datetime.date.today()
    asked = [
        ("Training compliance report", training_compliance.build, {"as_at": today.isoformat(), "unit": None})
    ]
    plan = ActionPlan.objects.filter(title=BENCH_PLAN).first()
    if plan is not None:
        period = {
            "plan": plan.pk,
            "start": (today - datetime.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        }
        asked.append(("Trust Board progress report (500 actions)", board_progress.build, period))
    # The headline indicators, 36 months each (the indicator cache is cleared first: a cold render).
    headline = {"indicators": workforce_indicators.default_indicators(), "end": today.isoformat()}
    asked.append(("Workforce indicators report (headline indicators)", workforce_indicators.build, headline))
    pack = {
        "start": (today - datetime.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
        "plans": [plan.pk] if plan is not None else [],
        "indicators": headline["indicators"],
    }
    asked.append(("Board pack (every part)", board_pack.build, pack))
    timed = []
    for label, build, params in asked:
        cache.clear()
        started = time.perf_counter()
        try:
            pages = pdf.render(build(params)).pages
        except kinds.ReportUnavailable as exc:  # the generated data has no training requirements
            pages = str(exc)
        timed.append((label, time.perf_counter() - started, pages))
    return timed


def report_schedules(user) -> list:
    """30 report schedules, each for two people (the list shows every one). Made once."""
    from reports.schedule_models import ReportSchedule

    if not ReportSchedule.objects.exists():
        for n in range(30):
            schedule = ReportSchedule.objects.create(
                title=f"Bench schedule {n}",
                kind_key="training_compliance",
                report_data={"unit": None},
                period=ReportSchedule.Period.PREVIOUS_MONTH,
                frequency=ReportSchedule.Frequency.WEEKLY,
                weekday=n % 7,
                owner=user,
            )
            schedule.recipients.add(user)
    return []


def time_digests() -> list[tuple[str, float, int]]:
    """(whose, seconds, items): a weekly digest composed as beat's task does, not sent."""
    from django.contrib.auth import get_user_model

    from workforce import digests

    timed = []
    for username in ("bench-manager", "bench-ld", "bench-owner"):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            continue
        started = time.perf_counter()
        sections = digests.compose(user, digests.DigestWeek(datetime.date.today()))
        items = sum(len(shown.items) for shown in sections)
        timed.append((username, time.perf_counter() - started, items))
    return timed


def pathway_candidates(user) -> list:
    """A pathway over the three commonest job roles of the generated staff, and one open
    enrolment (with a judged review) for every 20th holder of its first two roles: at 15,000
    staff that is some hundreds of candidates for the succession page and the talent grid."""
    from django.db.models import Count

    from pathways.models import CareerPathway, Enrolment, PathwayStage, Readiness, Review
    from workforce.models import JobRole, StaffMember

    pathway, created = CareerPathway.objects.get_or_create(name="Bench pathway")
    if created:
        roles = list(JobRole.objects.annotate(n=Count("staff")).filter(n__gt=0).order_by("-n", "title")[:3])
        for position, role in enumerate(roles, 1):
            PathwayStage.objects.create(pathway=pathway, position=position, job_role=role)
    stages = list(pathway.stages.order_by("position"))
    if len(stages) < 2:
        return []
    enrolled = Enrolment.objects.filter(pathway=pathway).values("staff_member")
    readiness = [value for value, _ in Readiness.choices] + [""]
    today = datetime.date.today()
    above = {stage.job_role_id: index + 1 for index, stage in enumerate(stages)}
    new = []
    for n, person in enumerate(
        StaffMember.objects.in_post()
        .filter(job_role__in=[stage.job_role for stage in stages[:-1]])
        .exclude(pk__in=enrolled)
        .order_by("pk")[::20]
    ):
        target = stages[above[person.job_role_id]]  # the stage after theirs
        new.append(
            Enrolment(
                staff_member=person,
                pathway=pathway,
                target_stage=target,
                nominated_on=today,
                nomination_reason="Bench",
                status=Enrolment.Status.IN_DEVELOPMENT,
                status_changed_on=today,
                readiness=readiness[n % len(readiness)],
            )
        )
    Enrolment.objects.bulk_create(new)
    Review.objects.bulk_create(
        Review(enrolment=e, held_on=today, performance=1 + n % 3, potential=1 + (n // 3) % 3)
        for n, e in enumerate(new)
    )
    return []


def bench_managers_home(user) -> str:
    """The query listing the bench Home Manager's home on the session page (its staff to tick)."""
    from workforce.models import StaffMember

    home = StaffMember.objects.filter(user__username="bench-manager").values_list("org_unit_id", flat=True)
    return f"unit={home.first()}"


BENCH_PATHWAY = "Bench trainer pathway"
BENCH_CANDIDATES = 200


def bench_pathway(user) -> list:
    """Home Trainer -> Link Trainer -> Regional Training Officer, with up to 200 Home Trainers on it:
    half nominated (the L&D manager's queue), half in development with a mentor. Topped up at each
    size (more staff, more Home Trainers), so the pathway pages are timed with more people on them."""
    from pathways.models import CareerPathway, Enrolment, MentorAssignment, PathwayStage
    from workforce.models import JobRole, StaffMember

    today = datetime.date.today()
    pathway, created = CareerPathway.objects.get_or_create(name=BENCH_PATHWAY)
    if created:
        for position, title in enumerate(["Home Trainer", "Link Trainer", "Regional Training Officer"], 1):
            role, _ = JobRole.objects.get_or_create(
                title=title, defaults={"staff_group": "education_and_training"}
            )
            PathwayStage.objects.create(pathway=pathway, position=position, job_role=role)
    target = pathway.stages.get(position=2)
    mentor = StaffMember.objects.in_post().filter(job_role__title="Home Manager").order_by("pk").first()
    have = Enrolment.objects.filter(pathway=pathway).count()
    people = (
        StaffMember.objects.in_post()
        .filter(job_role__title="Home Trainer")
        .exclude(enrolments__pathway=pathway)
        .order_by("pk")[: max(0, BENCH_CANDIDATES - have)]
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            staff_member=person,
            pathway=pathway,
            target_stage=target,
            nominated_on=today - datetime.timedelta(days=90),
            nomination_reason="Bench nomination.",
            status="in_development" if n % 2 else "nominated",
            status_changed_on=today,
        )
        for n, person in enumerate(people, have)
    )
    MentorAssignment.objects.bulk_create(
        MentorAssignment(enrolment=e, mentor=mentor, started_on=today - datetime.timedelta(days=60))
        for e in enrolments
        if e.status == "in_development" and mentor is not None
    )
    return [pathway.pk]


# Add pages here. A URL name that does not exist (yet) is reported, not fatal.
PAGES = [
    # The first page sets up the training requirements (if the data has none) for all that follow.
    Page("My work (L&D manager)", "home", "ld", make_args=training_requirements),
    Page("My work (Home Manager)", "home", "manager"),
    Page("My work (action owner, 60 actions owned)", "home", "owner", make_args=owner_with_actions),
    Page("Staff directory (L&D manager)", "staff:list", "ld"),
    Page("Staff directory, search (L&D manager)", "staff:list", "ld", "q=smith"),
    Page("Staff directory, last page (L&D manager)", "staff:list", "ld", "page=last"),
    Page("Staff directory (Home Manager)", "staff:list", "manager"),
    Page("Staff directory, expired training (L&D manager)", "staff:list", "ld", "training=expired"),
    Page("New staff member form (L&D manager)", "staff:create", "ld"),
    Page("Staff picker search (L&D manager)", "staff:picker", "ld", "picker_q=smi&target=id_line_manager"),
    # names only, within the owner's scope and home: a subquery, not a second query
    Page("Staff picker search (action owner)", "staff:picker", "owner", "picker_q=smi&target=risk-owner"),
    Page("Background run, failed import (L&D manager)", "runs:detail", "ld", make_args=finished_import_run),
    Page("Your background work (L&D manager)", "runs:list", "ld"),
    Page("Training requirements (L&D manager)", "catalogue:requirement_list", "ld"),
    # The matrix counts the whole selection (every person, every required course) on each request.
    Page("Training matrix (L&D manager)", "training:matrix", "ld"),
    Page("Training matrix, most overdue first (L&D manager)", "training:matrix", "ld", "o=overdue"),
    Page("Training matrix, expired only (L&D manager)", "training:matrix", "ld", "status=expired"),
    Page("Training matrix (Home Manager)", "training:matrix", "manager"),
    Page("Training matrix Excel export (Home Manager)", "training:matrix_export", "manager", "format=xlsx"),
    Page("Compliance summary (L&D manager)", "training:summary", "ld", make_args=training_requirements),
    Page("Compliance summary, by staff group (L&D manager)", "training:summary", "ld", "by=staff_group"),
    Page("Compliance summary (Home Manager)", "training:summary", "manager", make_args=training_requirements),
    Page(
        "Remembered responsibility names (L&D manager)",
        "actionplans:mapping_list",
        "ld",
        make_args=remembered_names,
    ),
    Page("Board report run (L&D manager)", "reports:run", "ld", make_args=report_runs),
    Page("Board reports, 300 asked for (L&D manager)", "reports:index", "ld"),
    Page(
        "Ask for the Trust Board progress report (L&D manager)",
        "reports:request",
        "ld",
        make_args=lambda u: ["board_progress"],
    ),
    Page(
        "Ask for the training compliance report (L&D manager)",
        "reports:request",
        "ld",
        make_args=lambda u: ["training_compliance"],
    ),
    Page(
        "Ask for the workforce indicators report (L&D manager)",
        "reports:request",
        "ld",
        make_args=lambda u: ["workforce_indicators"],
    ),
    Page("Ask for the board pack (L&D manager)", "reports:request", "ld", make_args=lambda u: ["board_pack"]),
    # The warm-up requests fill the indicator cache (reports/series.py): these time a warm page;
    # a cold one costs one query per tally per month of every series.
    Page("Measuring success, every indicator (L&D manager)", "reports:indicator_list", "ld"),
    Page(
        "Indicator: training compliance, monthly SPC (L&D manager)",
        "reports:indicator_detail",
        "ld",
        make_args=lambda user: ["workforce.mandatory_compliance"],
    ),
    Page(
        "Indicator: turnover, quarterly, by band (L&D manager)",
        "reports:indicator_detail",
        "ld",
        "period=quarter&by=band",
        make_args=lambda user: ["workforce.turnover"],
    ),
    # The home's staff in post to tick: one query however many there are.
    Page(
        "Record a session, a home's list (L&D manager)",
        "training:record_session",
        "ld",
        make_query=bench_managers_home,
    ),
    Page(
        "Record a session, a home's list (Home Manager)",
        "training:record_session",
        "manager",
        make_query=bench_managers_home,
    ),
    Page(
        "Record a session, search (Home Manager)",
        "training:session_people",
        "manager",
        "picker_q=smi&target=id_people",
    ),
    Page("Import completions (L&D manager)", "training:import", "ld"),
    Page("Report schedules, 30 (L&D manager)", "reports:schedule_list", "ld", make_args=report_schedules),
    Page(
        "Schedule the training compliance report (L&D manager)",
        "reports:schedule_create",
        "ld",
        make_args=lambda user: ["training_compliance"],
    ),
    Page("Email reminders setting (Home Manager)", "email_reminders", "manager"),
    # Career pathways: the ladder and the queue with up to 200 candidates (bench_pathway).
    Page("Pathway page, the ladder (L&D manager)", "pathways:pathway", "ld", make_args=bench_pathway),
    Page("Pathway page, the ladder (Home Manager)", "pathways:pathway", "manager", make_args=bench_pathway),
    Page("Career pathways with pipeline figures (L&D manager)", "pathways:index", "ld"),
    Page("Nominations to decide (L&D manager)", "pathways:nominations", "ld"),
    Page("Nominate someone (Home Manager)", "pathways:nominate", "manager"),
    Page(
        "Nominate, search (Home Manager)",
        "pathways:nominee_search",
        "manager",
        "picker_q=smi&target=id_staff_member",
    ),
    # Succession: one query per kind of read, whatever the roles, people and candidates.
    Page("Succession (L&D manager)", "pathways:succession", "ld", make_args=pathway_candidates),
    Page("Succession (Home Manager)", "pathways:succession", "manager", make_args=pathway_candidates),
    Page("Succession Excel export (L&D manager)", "pathways:succession_export", "ld", "format=xlsx"),
    Page("Talent grid (L&D manager)", "pathways:talent_grid", "ld", make_args=pathway_candidates),
    Page("Talent grid (Home Manager)", "pathways:talent_grid", "manager", make_args=pathway_candidates),
]


@dataclass
class Measurement:
    median_ms: float | None = None
    queries: int | None = None
    problem: str = ""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 15_000], help="staff counts, ascending"
    )
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page and size")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and print where it is")
    return parser.parse_args(argv)


def setup_database(tmpdir: Path):
    """Point Django at a throwaway database and migrate it. Returns a clean-up function."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
    # WhiteNoise warns when STATIC_ROOT does not exist; an empty one keeps the output clean.
    (tmpdir / "static").mkdir()
    os.environ["STATIC_ROOT"] = str(tmpdir / "static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Timed without DEBUG's query log. Settings were read with DEBUG on, so static files and
    # HTTPS redirects stay as on a laptop.
    settings.DEBUG = False
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
        return lambda: None
    # Never the configured database itself: a sibling created and dropped here.
    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def measure(client, page: Page, runs: int, user=None) -> Measurement:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(page.url_name, args=page.make_args(user) if page.make_args else None)
    except NoReverseMatch:
        return Measurement(problem=f"no URL named {page.url_name!r}")
    query = page.make_query(user) if page.make_query else page.query
    if query:
        url = f"{url}?{query}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # also the first warm-up
    queries = len(captured)  # now: the next request clears the connection's query log
    if response.status_code != 200:
        return Measurement(problem=f"HTTP {response.status_code}")
    client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return Measurement(statistics.median(timings), queries)


def print_table(sizes: list[int], results: dict[int, dict[str, Measurement]]) -> None:
    label_width = max(len(page.label) for page in PAGES)
    header = f"{'page':<{label_width}}" + "".join(f"  {f'{size:,} staff':>20}" for size in sizes)
    header += f"  {'ratio':>7}"
    print(header)
    print(f"{'':<{label_width}}" + "".join(f"  {'median ms':>12} {'queries':>7}" for _ in sizes))
    for page in PAGES:
        row = f"{page.label:<{label_width}}"
        cells = [results[size][page.label] for size in sizes]
        for cell in cells:
            if cell.problem:
                row += f"  {cell.problem[:20]:>20}"
            else:
                row += f"  {cell.median_ms:>12.1f} {cell.queries:>7}"
        first, last = cells[0], cells[-1]
        if first.median_ms and last.median_ms:
            flag = "" if first.queries == last.queries else "  (query count changes with size)"
            row += f"  {last.median_ms / first.median_ms:>6.2f}x{flag}"
        print(row)


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = sorted(args.sizes)
    tmpdir = Path(tempfile.mkdtemp(prefix="talent-ladder-bench-"))
    cleanup = setup_database(tmpdir)
    try:
        from django.db import connection
        from django.test import Client

        from bench.generate import bench_users, generate

        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        results: dict[int, dict[str, Measurement]] = {}
        generated = 0
        users = None
        for size in sizes:
            started = time.perf_counter()
            created = generate(size - generated)
            generated = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics, as a live database would have them
            print(
                f"Generated up to {size:,} staff ({created['training records']:,} new training records) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            users = users or bench_users()
            clients = {}
            for key, user in users.items():
                clients[key] = Client()
                clients[key].force_login(user)
            results[size] = {
                page.label: measure(clients[page.user], page, args.runs, users[page.user]) for page in PAGES
            }
            for label, seconds, pages in time_reports():
                outcome = (
                    f"{pages} pages in {seconds:.1f} s" if isinstance(pages, int) else f"not made: {pages}"
                )
                print(f"  Rendered the {label}: {outcome}")
            for username, seconds, items in time_digests():
                print(f"  Composed {username}'s weekly digest: {items} items in {seconds:.2f} s")
        print()
        print_table(sizes, results)
    finally:
        cleanup()
        if args.keep and (tmpdir / "bench.sqlite3").exists():
            print(f"\nKept {tmpdir / 'bench.sqlite3'}")
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
