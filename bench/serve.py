"""The served benchmark: the key pages through gunicorn, against the bare view, with a worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/serve.py [--quick]
        [--inprocess FILE]   # bench/run.py --json FILE: its query counts at two sizes go in too

Makes a throwaway "<NAME>_bench" database, fills it with a large trust (bench/org.py, seeded),
starts a Celery worker and gunicorn (gunicorn.conf.py: 2 sync workers) with production settings
(DEBUG=0, behind an HTTPS proxy) plus the bench-only bare view (bench/settings.py), each with
Redis db --redis-url of its own, then measures each key page: HTML size, sequential median and
p95 alternating with the bare view, and a closed loop of 16 signed-in clients; then the board
pack, the imports, peak memory, and p95 without gunicorn.conf.py's garbage-collector settings.
Writes bench/RESULTS.md (bench/results.py) and drops the database (unless --keep-db).
Everything runs on loopback and ends within its bounds; `make bench` runs run.py then this.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import procs  # noqa: E402
from bench.load import Session, closed_loop, sequential_ab  # noqa: E402

# The key pages, by URL name, user and query as bench/pages/*.py lists them (their label,
# URL arguments and set-up come from there).
KEY_PAGES = [
    ("home", "ld", ""),
    ("home", "manager", ""),
    ("home", "owner", ""),
    ("staff:list", "ld", ""),
    ("staff:list", "ld", "q=smith"),
    ("training:matrix", "ld", ""),
    ("actionplans:plan_detail", "ld", ""),
    ("actionplans:plan_summary", "ld", ""),
    ("actionplans:my_actions", "owner", ""),
    ("actionplans:action_detail", "ld", ""),
    ("pathways:pathway", "ld", ""),
    ("pathways:candidate", "ld", ""),
    ("pathways:succession", "ld", ""),
    ("pathways:my_mentees", "manager", ""),
    ("traineeships:intake", "ld", ""),
    ("traineeships:board", "ld", ""),
    ("reports:indicator_detail", "ld", ""),
    ("reports:index", "ld", ""),
]
# The pages served again without the garbage-collector settings (the heaviest and the commonest).
GC_PAGES = [("actionplans:plan_detail", "ld", ""), ("staff:list", "ld", ""), ("home", "ld", "")]
GC_PAGES += [("training:matrix", "ld", ""), ("traineeships:board", "ld", "")]
BARE_EVERY = 4  # the bare view's concurrent run is repeated after every this many pages


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer requests, shorter loops")
    parser.add_argument("--staff", type=int, default=15_000)
    parser.add_argument("--requests", type=int, help="sequential requests per page (default 100, quick 20)")
    parser.add_argument("--seconds", type=float, help="concurrent loop per page (default 15, quick 4)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"))
    parser.add_argument("--inprocess", type=Path, help="bench/run.py --json output (query counts)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--only", default="", help="only the key pages whose label contains this")
    parser.add_argument("--no-background", action="store_true", help="pages only: no board pack, imports")
    parser.add_argument("--keep-db", action="store_true", help="keep the database (and reuse a kept one)")
    args = parser.parse_args(argv)
    args.requests = args.requests or (20 if args.quick else 100)
    args.seconds = args.seconds or (4.0 if args.quick else 15.0)
    # The sequential requests stop early past this (at least 10 are timed): a page of seconds.
    args.seq_seconds = 10.0 if args.quick else 40.0
    return args


def machine() -> dict:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"cpu": model, "nproc": len(os.sched_getaffinity(0)), "memory_gb": kb / 1024 / 1024}


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def setup_database(args, env: dict, log) -> tuple[str, float | None]:
    """Point this process at "<name>_bench" (made afresh, or kept from a --keep-db run) and fill it.
    Returns the database's URL for the servers and the seconds generation took (None: kept)."""
    os.environ.update({k: v for k, v in env.items() if k != "DATABASE_URL"})
    import django

    django.setup()
    from django.db import connection

    from actionplans.models import ActionPlan
    from bench.org import PLANS
    from workforce.models import StaffMember

    original = connection.settings_dict["NAME"]
    name = f"{original}_bench"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep_db)
    if args.keep_db and ActionPlan.objects.count() < PLANS and StaffMember.objects.exists():
        # kept part-way (a run stopped while generating): start again from empty
        connection.close()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if ActionPlan.objects.count() >= PLANS:  # a kept database that was filled to the end
        log(f"Reusing the kept database {name}")
        return with_database_name(env["DATABASE_URL"], name), None
    from bench.org import build_organisation

    log(f"Generating a trust of {args.staff:,} staff into {name}...")
    made = build_organisation(args.staff, log=log)
    return with_database_name(env["DATABASE_URL"], name), made["seconds"]


def key_pages(only: str):
    from bench.pages import all_pages

    by_key = {}
    for page in all_pages():
        by_key.setdefault((page.url_name, page.user, page.query), page)
    pages = [by_key[key] for key in KEY_PAGES if key in by_key]
    return [page for page in pages if only.lower() in page.label.lower()]


def page_path(page, user) -> str:
    from django.urls import reverse

    path = reverse(page.url_name, args=page.make_args(user) if page.make_args else None)
    query = page.make_query(user) if page.make_query else page.query
    return f"{path}?{query}" if query else path


def in_process_queries(path: Path | None) -> dict:
    """(url_name, user, query) -> [(size, queries)] from bench/run.py's JSON, if given."""
    if path is None or not path.exists():
        return {}
    data = json.loads(path.read_text())
    return {
        (p["url_name"], p["user"], p["query"]): [(int(s), f["queries"]) for s, f in p["sizes"].items()]
        for p in data["pages"]
    }


def signed_in(port: int, username: str, count: int) -> list[Session]:
    from bench.org import PASSWORD

    sessions = []
    for _ in range(count):
        session = Session("127.0.0.1", port)
        session.sign_in(username, PASSWORD)
        sessions.append(session)
    return sessions


def measure_pages(args, port: int, pages: list, users: dict, log) -> tuple[dict, list[dict]]:
    """Every key page, sequential (A B with the bare view) and concurrent; returns (bare, pages)."""
    roles = sorted({page.user for page in pages} | {"ld"})
    crowd = {role: signed_in(port, f"bench-{role}", args.clients) for role in roles}
    single = {role: signed_in(port, f"bench-{role}", 1)[0] for role in roles}
    bare_single = signed_in(port, "bench-ld", 1)[0]
    bare_path = "/bench/bare/"
    bare_runs = [closed_loop(crowd["ld"], bare_path, args.seconds)]
    bare_seq, results = [], []
    for n, page in enumerate(pages):
        path = page_path(page, users[page.user])
        seq, bare = sequential_ab(
            single[page.user], path, bare_single, bare_path, args.requests, args.seq_seconds
        )
        bare_seq.append(bare)
        loop = closed_loop(crowd[page.user], path, args.seconds)
        results.append(
            {
                "label": page.label,
                "key": (page.url_name, page.user, page.query),
                "path": path,
                "html_bytes": seq.html_bytes,
                "seq_median_ms": seq.median_ms,
                "seq_p95_ms": seq.p95_ms,
                "seq_count": len(seq.timings_ms),
                "bare_seq_median_ms": bare.median_ms,
                "rps": loop.requests_per_second,
                "conc_median_ms": loop.median_ms,
                "conc_p95_ms": loop.p95_ms,
                "errors": seq.errors + loop.errors,
                "bare_run": len(bare_runs) - 1,
            }
        )
        log(
            f"  {page.label}: {seq.html_bytes / 1024:.0f} KB, {seq.median_ms:.1f}/{seq.p95_ms:.1f} ms "
            f"(bare {bare.median_ms:.1f}), {loop.requests_per_second:.1f} req/s"
        )
        if (n + 1) % BARE_EVERY == 0 or n == len(pages) - 1:
            bare_runs.append(closed_loop(crowd["ld"], bare_path, args.seconds))
    for result in results:
        before, after = bare_runs[result["bare_run"]], bare_runs[result.pop("bare_run") + 1]
        result["bare_rps"] = (before.requests_per_second + after.requests_per_second) / 2
    all_bare = [ms for run in bare_seq for ms in run.timings_ms]
    from bench.load import percentile

    bare = {
        "seq_median_ms": sorted(all_bare)[len(all_bare) // 2],
        "seq_p95_ms": percentile(all_bare, 0.95),
        "rps": sum(run.requests_per_second for run in bare_runs) / len(bare_runs),
        "conc_median_ms": sum(run.median_ms for run in bare_runs) / len(bare_runs),
        "conc_p95_ms": sum(run.p95_ms for run in bare_runs) / len(bare_runs),
        "html_bytes": bare_seq[0].html_bytes if bare_seq else 0,
        "errors": sum(run.errors for run in bare_runs) + sum(run.errors for run in bare_seq),
    }
    return bare, results


def sequential_only(args, port: int, pages: list, users: dict) -> dict:
    bare_single = signed_in(port, "bench-ld", 1)[0]
    figures = {}
    for page in pages:
        session = signed_in(port, f"bench-{page.user}", 1)[0]
        seq, _ = sequential_ab(
            session,
            page_path(page, users[page.user]),
            bare_single,
            "/bench/bare/",
            args.requests,
            args.seq_seconds,
        )
        figures[page.label] = {"median": seq.median_ms, "p95": seq.p95_ms}
    return figures


def attempt(figures: dict, key: str, measure) -> None:
    """figures[key] = measure(); a part that fails is reported in the notes, not the whole run lost."""
    try:
        figures[key] = measure()
    except Exception as exc:  # noqa: BLE001 - reported in RESULTS.md
        figures["notes"].append(f"{key.replace('_', ' ').capitalize()} not measured: {exc!r}")


def web_peak_rss(server) -> float | None:
    peaks = [procs.peak_rss_mb(pid) for pid in procs.children(server.pid)]
    return max((p for p in peaks if p), default=None)


def background_work(args, figures: dict, users: dict, worker, log) -> None:
    from bench import background

    log("Board pack...")
    attempt(
        figures,
        "board_pack",
        lambda: background.board_pack(users["ld"], 1 if args.quick else 2, worker.pid),
    )
    figures["rss"]["worker_pack_mb"] = procs.peak_rss_mb(worker.pid)
    log("Plan import, staff import...")
    attempt(figures, "plan_import", lambda: background.plan_import(users["ld"]))
    attempt(figures, "staff_import", lambda: background.staff_import(users["ld"]))
    figures["rss"]["worker_end_mb"] = procs.peak_rss_mb(worker.pid)
    log(f"  {figures.get('board_pack')} {figures.get('plan_import')} {figures.get('staff_import')}")


def run(args, log=print) -> dict:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (its sibling <name>_bench is used).")
    workdir = Path(tempfile.mkdtemp(prefix="talent-ladder-serve-"))
    (workdir / "media").mkdir()
    env = procs.server_environment(os.environ["DATABASE_URL"], args.redis_url, workdir)
    figures = {
        "command": "python bench/serve.py " + shlex.join(sys.argv[1:]),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "load_before": load_average(),
        "server": "2 sync workers, gunicorn.conf.py",
        "sequential_requests": args.requests,
        "sequential_seconds": args.seq_seconds,
        "clients": args.clients,
        "concurrent_seconds": args.seconds,
        "notes": [],
    }
    database_url, figures["generation_s"] = setup_database(args, env, log)
    env["DATABASE_URL"] = database_url
    import redis
    from django.db import connection

    from bench.generate import bench_users
    from bench.org import counts

    figures["data"] = counts()
    figures["postgres"] = ".".join(str(connection.pg_version // 10000**i % 10000) for i in (1, 0))
    users = bench_users()
    pages = key_pages(args.only)
    broker = redis.Redis.from_url(args.redis_url)
    broker.flushdb()
    procs.collectstatic(env)
    from bench import background

    log("Working out the stored indicator figures, as beat does each night...")
    attempt(figures, "figures_refresh", background.refresh_figures)
    worker = server = None
    try:
        log("Starting the Celery worker and gunicorn...")
        worker = procs.start_worker(env, workdir / "worker.log")
        port = procs.free_port()
        server = procs.start_gunicorn(env, port, workdir / "gunicorn.log")
        log(f"Measuring {len(pages)} pages (load average {load_average()})...")
        figures["bare"], figures["pages"] = measure_pages(args, port, pages, users, log)
        figures["rss"] = {"web_mb": web_peak_rss(server)}
        if args.no_background:
            figures["notes"].append("Background work not measured in this run (--no-background).")
        else:
            background_work(args, figures, users, worker, log)
        gc_pages = [page for page in pages if (page.url_name, page.user, page.query) in GC_PAGES]
        if gc_pages:
            log("The same pages without the garbage-collector settings...")
            with_gc = sequential_only(args, port, gc_pages, users)
            server.stop()
            server = procs.start_gunicorn(env, port, workdir / "gunicorn-nogc.log", gc_tuning=False)
            without = sequential_only(args, port, gc_pages, users)
            figures["gc"] = [
                {"label": label, "with": with_gc[label], "without": without[label]} for label in with_gc
            ]
    finally:
        for process in (server, worker):
            if process is not None:
                process.stop()
        broker.flushdb()
        connection.close()
        if not args.keep_db:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    queries = in_process_queries(args.inprocess)
    for page in figures["pages"]:
        page["queries"] = queries.get(page.pop("key"))
    if not queries:
        figures["notes"].append("Query counts: bench/run.py's figures were not given (--inprocess).")
    figures["load_after"] = load_average()
    figures["notes"].append(f"Python {platform.python_version()}; logs of the servers were in {workdir}.")
    return figures


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    figures = run(args)
    from bench import results

    results.write(figures, args.out)
    print(f"Wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
