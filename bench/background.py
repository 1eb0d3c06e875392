"""The served benchmark's background work, timed against the real worker: the board pack for the
500-action plan (and WeasyPrint alone on the same HTML, the floor), the 1,000-row plan import,
and a 15,000-row staff import through its background run. Runs in serve.py's process, which
uses the same database, Redis and storage as the servers, so a run it starts is the worker's."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import statistics
import time
from pathlib import Path


def wait_for_run(pk: int, seconds: float):
    from workforce.runs import BackgroundRun

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = BackgroundRun.objects.get(pk=pk)
        if run.is_finished:
            return run
        time.sleep(0.05)
    raise RuntimeError(f"Background run {pk} did not finish within {seconds:.0f} s")


def _worker_seconds(run) -> float:
    return (run.finished_at - run.started_at).total_seconds()


def pack_params() -> dict:
    from actionplans.models import ActionPlan
    from bench.pages.core import BENCH_PLAN
    from reports import workforce_indicators

    today = datetime.date.today()
    return {
        "start": (today - datetime.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
        "plans": [ActionPlan.objects.get(title=BENCH_PLAN).pk],
        "indicators": workforce_indicators.default_indicators(),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def refresh_figures() -> dict:
    """Beat's nightly refresh of the stored indicator figures (workforce/figure_store.py) on the
    generated trust: every indicator's 36 months, 12 quarters and 3 years, worked out here."""
    from workforce import figure_store

    started = time.perf_counter()
    count = figure_store.refresh(everything=True)
    return {"figures": count, "seconds": time.perf_counter() - started}


def board_pack(user, repeats: int, worker_pid: int) -> dict:
    """The pack rendered by the worker `repeats` times (median of its start-to-finish time, and the
    wall time from asking to done), then the floor: WeasyPrint alone on the pack's HTML, here."""
    import weasyprint

    from reports import board_pack as pack
    from reports import kinds, pdf
    from reports.jobs import request_report

    params = pack_params()
    # The indicator figures are read from the store, filled before the pages were measured
    # (`refresh_figures`), as beat's nightly run fills it in a deployment.
    worker, wall, cpu, pages = [], [], [], None
    for _ in range(repeats):
        started, cpu_before = time.perf_counter(), cpu_seconds(worker_pid)
        run = request_report(kinds.get("board_pack"), user, params)
        run = wait_for_run(run.pk, 900)
        wall.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(worker_pid) - cpu_before)
        if run.status != run.Status.DONE:
            raise RuntimeError(f"The board pack failed: {run.error}")
        worker.append(_worker_seconds(run))
        pages = run.output_pages
    html = pdf.render_html(pack.build(params))
    css = weasyprint.CSS(string=pdf._stylesheet_text())
    floor, floor_cpu = [], []
    for _ in range(repeats):
        started, cpu_before = time.perf_counter(), time.process_time()
        document = weasyprint.HTML(string=html).render(stylesheets=[css], pdf_variant=pdf.PDF_VARIANT)
        document.write_pdf(pdf_variant=pdf.PDF_VARIANT)
        floor.append(time.perf_counter() - started)
        floor_cpu.append(time.process_time() - cpu_before)
    return {
        "pages": pages,
        "html_kb": len(html.encode()) / 1024,
        "worker_s": statistics.median(worker),
        "wall_s": statistics.median(wall),
        "floor_s": statistics.median(floor),
        # CPU seconds: what the render itself cost, whatever else the machine was doing
        "worker_cpu_s": statistics.median(cpu),
        "floor_cpu_s": statistics.median(floor_cpu),
    }


def plan_csv(rows: int) -> bytes:
    """A Layout A plan file of `rows` actions (one output each) in 10 priorities."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Bench imported plan"])
    per = rows // 10
    header = [
        "Area of Focus",
        "Action",
        "Output",
        "Responsibility",
        "Timeframe",
        "Milestones",
        "Resources / Cost",
        "Risk",
        "Progress to date",
    ]
    for p in range(1, 11):
        writer.writerow([])
        writer.writerow([f"Priority {p}. Bench priority {p}"])
        writer.writerow(header)
        for a in range(1, per + 1):
            area = f"{p}.{(a - 1) // 20 + 1} Area {p}.{(a - 1) // 20 + 1}" if (a - 1) % 20 == 0 else ""
            writer.writerow(
                [
                    area,
                    f"{p}.{(a - 1) // 20 + 1}.{a} Bench action {p}.{a}",
                    f"a. Output of action {p}.{a}",
                    "",
                    "March 2027",
                    "First step\nSecond step",
                    "L&D team",
                    "Too few trainers",
                    "Started",
                ]
            )
    return out.getvalue().encode("utf-8")


def plan_import(user, rows: int = 1000) -> dict:
    from actionplans.models import Action
    from actionplans.spreadsheets.save import import_plan, read_plan

    content = plan_csv(rows)
    started = time.perf_counter()
    parsed = read_plan(content, "bench-plan.csv")
    read_s = time.perf_counter() - started
    if not parsed.ok:
        raise RuntimeError(f"The bench plan file was refused: {parsed.errors[:3]}")
    plan = import_plan(parsed, user=user, title=f"Bench imported plan {time.time():.0f}")
    total = time.perf_counter() - started
    return {"rows": Action.objects.filter(plan=plan).count(), "read_s": read_s, "total_s": total}


def staff_csv(change_every: int = 10) -> tuple[bytes, int]:
    """Every bench staff member as the HR export would list them, every tenth with a new email
    (so the import writes): the trust's monthly re-import."""
    from workforce.models import StaffMember

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Assignment Number",
            "First Name",
            "Last Name",
            "Email",
            "Job Title",
            "Organisation Unit",
            "Line Manager Assignment Number",
            "Start Date",
            "Leaving Date",
            "Leaving Reason",
        ]
    )
    people = StaffMember.objects.filter(assignment_number__startswith="B").select_related(
        "job_role", "org_unit", "line_manager"
    )
    rows = 0
    for n, person in enumerate(people.order_by("assignment_number").iterator(chunk_size=2000)):
        renamed = f"renamed.{person.assignment_number}@bench.example".lower()
        email = person.email if n % change_every else renamed
        writer.writerow(
            [
                person.assignment_number,
                person.first_name,
                person.last_name,
                email,
                person.job_role.title if person.job_role else "",
                person.org_unit.name if person.org_unit else "",
                person.line_manager.assignment_number if person.line_manager else "",
                person.start_date.isoformat() if person.start_date else "",
                person.leaving_date.isoformat() if person.leaving_date else "",
                person.leaving_reason,
            ]
        )
        rows += 1
    return out.getvalue().encode("utf-8"), rows


def staff_import(user) -> dict:
    """The preview here (as the upload page makes it, untimed but reported), then the confirmed
    import as a background run in the worker: its start-to-finish time, and the wall time."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    from workforce import importing, runs
    from workforce.jobs import STAFF_IMPORT

    content, rows = staff_csv()
    started = time.perf_counter()
    result = importing.plan_import(importing.read_table(content, "staff.csv"))
    preview_s = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"The bench staff file was refused: {result.errors[:3]}")
    name = default_storage.save("bench/staff.upload", ContentFile(content))
    started = time.perf_counter()
    with transaction.atomic():
        run = runs.start(
            STAFF_IMPORT,
            user,
            name=name,
            filename="staff.csv",
            sha256=hashlib.sha256(content).hexdigest(),
            fingerprint=result.fingerprint(),
        )
    run = wait_for_run(run.pk, 600)
    wall = time.perf_counter() - started
    if run.status != run.Status.DONE:
        raise RuntimeError(f"The staff import failed: {run.error}")
    return {"rows": rows, "preview_s": preview_s, "worker_s": _worker_seconds(run), "wall_s": wall}
