"""Board reports: the run pages, the request forms, indicators, schedules; and each report's render time."""

from __future__ import annotations

import datetime
import time

from bench.pages import Page
from bench.pages.core import BENCH_PLAN


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
    # A programme of five intakes of 40 applicants (the figures pages' bench data, made there).
    from bench.pages.traineeships_figures import BENCH_FIGURES_PROGRAMME
    from reports import traineeships_report
    from traineeships.models import Programme

    programme = Programme.objects.filter(name=BENCH_FIGURES_PROGRAMME).first()
    if programme is not None:
        asked.append(
            ("Traineeship report (5 intakes of 40)", traineeships_report.build, {"programme": programme.pk})
        )
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


PAGES = [
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
    Page("Report schedules, 30 (L&D manager)", "reports:schedule_list", "ld", make_args=report_schedules),
    Page(
        "Schedule the training compliance report (L&D manager)",
        "reports:schedule_create",
        "ld",
        make_args=lambda user: ["training_compliance"],
    ),
]
