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
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.pages import Page, all_pages  # noqa: E402
from bench.pages.reports import time_reports  # noqa: E402

PAGES: list[Page] = all_pages()


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
    parser.add_argument(
        "--only", default="", help="time only the pages whose label contains this (case-insensitive)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and print where it is")
    parser.add_argument(
        "--json", type=Path, help="also write the figures here (bench/serve.py reads the query counts)"
    )
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
    # The first warm-up works out every stored indicator figure a page needs (as beat's nightly
    # run would have), however long: a page's time budget would leave some to a second request.
    settings.INDICATOR_INLINE_SECONDS = 3600
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
    except LookupError as exc:  # the generated data lacks what the page needs at this size
        return Measurement(problem=str(exc))
    query = page.make_query(user) if page.make_query else page.query
    if query:
        url = f"{url}?{query}"
    response = client.get(url)  # the first warm-up: fills the caches a page keeps (indicators)
    if response.status_code != 200:
        return Measurement(problem=f"HTTP {response.status_code}")
    # Queries of a warm request, the steady state: a cold one depends on what earlier pages cached.
    with CaptureQueriesContext(connection) as captured:
        client.get(url)  # the second warm-up
    queries = len(captured)
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


def write_json(path: Path, sizes: list[int], results: dict[int, dict[str, Measurement]]) -> None:
    """Each page's figures at each size, keyed as serve.py finds its pages: URL name, user, query."""
    pages = [
        {
            "label": page.label,
            "url_name": page.url_name,
            "user": page.user,
            "query": page.query,
            "sizes": {
                str(size): {
                    "median_ms": results[size][page.label].median_ms,
                    "queries": results[size][page.label].queries,
                    "problem": results[size][page.label].problem,
                }
                for size in sizes
            },
        }
        for page in PAGES
    ]
    path.write_text(json.dumps({"sizes": sizes, "pages": pages}, indent=1), encoding="utf-8")


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = sorted(args.sizes)
    if args.only:
        PAGES[:] = [page for page in PAGES if args.only.lower() in page.label.lower()]
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
        if args.json:
            write_json(args.json, sizes, results)
    finally:
        cleanup()
        if args.keep and (tmpdir / "bench.sqlite3").exists():
            print(f"\nKept {tmpdir / 'bench.sqlite3'}")
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
