"""bench/RESULTS.md from the served benchmark's figures: every figure, and each of issue 12's
targets marked met or missed from those figures (never a figure typed in here).

`targets(figures)` returns (target, figure, met) rows, `met` None when the run did not measure it;
`write(figures, path)` writes the whole report. The figures are a plain dict (serve.py builds it)."""

from __future__ import annotations

from pathlib import Path

# Issue 12's targets; ratios are to the bare view measured in the same run.
PAGE_TIME_RATIO = 5.0  # sequential median within 5x the bare view's
PAGE_RPS_SHARE = 0.20  # at least 20% of the bare view's requests/s at 16 clients
P95_OVER_MEDIAN = 1.5  # sequential p95 within 1.5x the page's own median
MAX_HTML_KB = 200
BOARD_PACK_S, BOARD_PACK_FLOOR_RATIO = 10.0, 1.3
PLAN_IMPORT_S, STAFF_IMPORT_S = 1.5, 10.0
WEB_RSS_MB, WORKER_RSS_MB = 150, 500


def _word(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "missed")


def page_checks(page: dict) -> dict[str, bool | None]:
    """One page's targets: True met, False missed, None not measured."""
    counts = [n for _, n in page.get("queries") or [] if n is not None]
    return {
        "time": page["seq_median_ms"] <= PAGE_TIME_RATIO * page["bare_seq_median_ms"],
        "rps": page["rps"] >= PAGE_RPS_SHARE * page["bare_rps"] if page.get("bare_rps") else None,
        "p95": page["seq_p95_ms"] <= P95_OVER_MEDIAN * page["seq_median_ms"],
        "html": page["html_bytes"] / 1024 <= MAX_HTML_KB,
        "queries": len(set(counts)) == 1 if len(counts) >= 2 else None,
        "errors": page.get("errors", 0) == 0,
    }


def targets(figures: dict) -> list[tuple[str, str, bool | None]]:
    rows = []
    pages = figures.get("pages", [])
    for key, words in [
        ("time", f"every key page's sequential median within {PAGE_TIME_RATIO:g}x the bare view's"),
        ("rps", f"every key page at least {PAGE_RPS_SHARE:.0%} of the bare view's requests/s at 16 clients"),
        ("p95", f"every key page's sequential p95 within {P95_OVER_MEDIAN:g}x its own median"),
        ("html", f"no key page over {MAX_HTML_KB} KB of HTML"),
        ("queries", "query counts constant between the two sizes (bench/run.py)"),
        ("errors", "no server error or refused request during the load"),
    ]:
        checks = [(page["label"], page_checks(page)[key]) for page in pages]
        measured = [(label, met) for label, met in checks if met is not None]
        missed = [label for label, met in measured if not met]
        if not measured:
            rows.append((words, "not measured in this run", None))
        elif missed:
            rows.append((words, f"{len(missed)} of {len(measured)} pages miss: " + "; ".join(missed), False))
        else:
            rows.append((words, f"all {len(measured)} pages", True))
    pack = figures.get("board_pack")
    if pack:
        ratio = pack["worker_s"] / pack["floor_s"]
        rows.append(
            (
                f"board pack <= {BOARD_PACK_S:g} s in the worker",
                f"{pack['worker_s']:.1f} s",
                pack["worker_s"] <= BOARD_PACK_S,
            )
        )
        rows.append(
            (
                f"board pack <= {BOARD_PACK_FLOOR_RATIO:g}x the WeasyPrint floor",
                f"{ratio:.2f}x ({pack['floor_s']:.1f} s floor)",
                ratio <= BOARD_PACK_FLOOR_RATIO,
            )
        )
    else:
        rows.append(("board pack", "not measured in this run", None))
    plan = figures.get("plan_import")
    rows.append(
        (
            f"1,000-row plan import <= {PLAN_IMPORT_S:g} s",
            f"{plan['total_s']:.2f} s" if plan else "not measured",
            plan["total_s"] <= PLAN_IMPORT_S if plan else None,
        )
    )
    staff = figures.get("staff_import")
    rows.append(
        (
            f"staff import of {staff['rows']:,} rows <= {STAFF_IMPORT_S:g} s through the background run"
            if staff
            else "staff import",
            f"{staff['worker_s']:.1f} s in the worker" if staff else "not measured",
            staff["worker_s"] <= STAFF_IMPORT_S if staff else None,
        )
    )
    rss = figures.get("rss", {})
    web, worker = rss.get("web_mb"), rss.get("worker_pack_mb")
    rows.append(
        (
            f"web worker peak RSS <= {WEB_RSS_MB} MB",
            f"{web:.0f} MB" if web else "not measured",
            web <= WEB_RSS_MB if web else None,
        )
    )
    rows.append(
        (
            f"Celery worker peak RSS <= {WORKER_RSS_MB} MB during the board pack",
            f"{worker:.0f} MB" if worker else "not measured",
            worker <= WORKER_RSS_MB if worker else None,
        )
    )
    return rows


def _ms(value) -> str:
    return f"{value:.1f}" if value is not None else "-"


def _page_table(figures: dict) -> list[str]:
    lines = [
        "| Page | HTML KB | queries (sizes) | seq median ms | seq p95 ms (n) | p95/median | x bare (time) "
        "| req/s @16 | share of bare req/s | median / p95 ms @16 | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for page in figures.get("pages", []):
        checks = page_checks(page)
        queries = ", ".join(
            f"{n if n is not None else '?'} @{size:,}" for size, n in page.get("queries") or []
        )
        share = page["rps"] / page["bare_rps"] if page.get("bare_rps") else None
        lines.append(
            f"| {page['label']} | {page['html_bytes'] / 1024:.0f} ({_word(checks['html'])}) "
            f"| {queries or 'not measured'} ({_word(checks['queries'])}) "
            f"| {_ms(page['seq_median_ms'])} | {_ms(page['seq_p95_ms'])} ({page.get('seq_count', '?')}) "
            f"| {page['seq_p95_ms'] / page['seq_median_ms']:.2f} ({_word(checks['p95'])}) "
            f"| {page['seq_median_ms'] / page['bare_seq_median_ms']:.1f}x ({_word(checks['time'])}) "
            f"| {page['rps']:.1f} | {f'{share:.0%}' if share is not None else '-'} ({_word(checks['rps'])}) "
            f"| {_ms(page['conc_median_ms'])} / {_ms(page['conc_p95_ms'])} | {page.get('errors', 0)} |"
        )
    return lines


def render(figures: dict) -> str:
    machine = figures["machine"]
    bare = figures["bare"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{figures['command']}` on {figures['date']} ({figures['mode']} run); every figure below "
        "is from that one run. Seconds depend on the machine and its load; the ratios to the bare view, "
        "measured in the same run, are what to compare between runs.",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu']} ({machine['nproc']} cores online); memory {machine['memory_gb']:.1f} GB",
        f"- Load average (1, 5, 15 min): before {figures['load_before']}, after {figures['load_after']}",
        f"- Served by gunicorn ({figures['server']}), PostgreSQL {figures.get('postgres', '?')}, Redis, "
        "a Celery worker (solo pool); DEBUG=0, production settings, "
        "`X-Forwarded-Proto: https` on every request",
        "",
        "## Data",
        "",
        (
            f"Generated in {figures['generation_s']:.0f} s (seeded; bench/org.py):"
            if figures.get("generation_s") is not None
            else "Generated (seeded; bench/org.py) by an earlier run and kept (--keep-db):"
        ),
        "",
        *[f"- {what}: {count:,}" for what, count in figures["data"].items()],
        "",
        "## Targets (issue 12)",
        "",
        "| Target | Figure | Met? |",
        "|---|---|---|",
        *[f"| {target} | {figure} | {_word(met)} |" for target, figure, met in targets(figures)],
        "",
        "## Pages",
        "",
        f"Sequential: up to {figures['sequential_requests']} requests per page after 3 warm-ups "
        f"(n: how many; fewer when a page's took over {figures.get('sequential_seconds', '?')} s, "
        "at least 10), alternating with the bare view (A B A B). "
        f"Concurrent: {figures['clients']} clients in a closed loop for "
        f"{figures['concurrent_seconds']:g} s per page, each its own signed-in session; the bare view's "
        "concurrent figures are the mean of its runs just before and after the page's. "
        "Query counts are bench/run.py's (in-process, warm request) at its two sizes.",
        "",
        "Bare view (login required, small template, 3 queries): "
        f"sequential median {bare['seq_median_ms']:.1f} ms, "
        f"p95 {bare['seq_p95_ms']:.1f} ms; {bare['rps']:.1f} req/s at {figures['clients']} clients "
        f"(median {bare['conc_median_ms']:.1f} ms, p95 {bare['conc_p95_ms']:.1f} ms); "
        f"{bare['html_bytes']} bytes.",
        "",
        *_page_table(figures),
        "",
    ]
    if figures.get("gc"):
        lines += [
            "## Garbage-collector settings (gunicorn.conf.py)",
            "",
            "The same pages served twice, with the settings (gc.freeze() after the app is loaded, "
            "thresholds raised) and without them (GUNICORN_GC_TUNING=0), sequential:",
            "",
            "| Page | with: median / p95 ms | p95/median | without: median / p95 ms | p95/median |",
            "|---|---:|---:|---:|---:|",
        ]
        for row in figures["gc"]:
            on, off = row["with"], row["without"]
            lines.append(
                f"| {row['label']} | {on['median']:.1f} / {on['p95']:.1f} | {on['p95'] / on['median']:.2f} "
                f"| {off['median']:.1f} / {off['p95']:.1f} | {off['p95'] / off['median']:.2f} |"
            )
        lines.append("")
    lines += ["## Background work and memory", ""]
    refreshed = figures.get("figures_refresh")
    if refreshed:
        lines.append(
            f"- Indicator figures' nightly refresh, before the pages were measured "
            f"(workforce/figure_store.py; every indicator's 36 months, 12 quarters and 3 years, "
            f"{refreshed['figures']:,} figures): {refreshed['seconds']:.1f} s. Pages and the board pack "
            f"read the stored figures."
        )
    pack = figures.get("board_pack")
    if pack:
        lines.append(
            f"- Board pack, 500-action plan and the headline indicators ({pack['pages']} pages, "
            f"{pack['html_kb']:.0f} KB of HTML): {pack['worker_s']:.1f} s in the worker "
            f"({pack['wall_s']:.1f} s from asking to done); WeasyPrint alone on the same HTML "
            f"{pack['floor_s']:.1f} s: {pack['worker_s'] / pack['floor_s']:.2f}x the floor. In CPU seconds "
            f"(the machine was shared): worker {pack.get('worker_cpu_s', 0):.1f} s, "
            f"floor {pack.get('floor_cpu_s', 0):.1f} s"
        )
    plan = figures.get("plan_import")
    if plan:
        lines.append(
            f"- Plan import, {plan['rows']:,} rows (CSV, Layout A): {plan['total_s']:.2f} s "
            f"(reading {plan['read_s']:.2f} s, saving the rest)"
        )
    staff = figures.get("staff_import")
    if staff:
        lines.append(
            f"- Staff import, {staff['rows']:,} rows: preview {staff['preview_s']:.1f} s (web request), "
            f"confirmed import {staff['worker_s']:.1f} s in the worker ({staff['wall_s']:.1f} s wall)"
        )
    rss = figures.get("rss", {})
    for key, words in [
        ("web_mb", "Web worker peak RSS (the larger of the two, after every load run)"),
        ("worker_pack_mb", "Celery worker peak RSS after the board pack"),
        ("worker_end_mb", "Celery worker peak RSS after the staff import too"),
    ]:
        if rss.get(key):
            lines.append(f"- {words}: {rss[key]:.0f} MB")
    for note in figures.get("notes", []):
        lines += ["", note]
    lines.append("")
    return "\n".join(lines)


# Sections the scripted runs add by hand (bench/faults.py, bench/multinode.py print them): a new
# served run rewrites everything above them and keeps them.
KEPT_SECTIONS = ("\n## Faults", "\n## Several machines")


def write(figures: dict, path: Path) -> None:
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        starts = [old.index(heading) for heading in KEPT_SECTIONS if heading in old]
        kept = old[min(starts) :] if starts else ""
    path.write_text(render(figures).rstrip("\n") + "\n" + kept, encoding="utf-8")
