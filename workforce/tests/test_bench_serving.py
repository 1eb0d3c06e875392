"""The served benchmark's parts that must hold whatever the timings: the bare view is served only
by the bench URLconf (never production's), RESULTS.md marks each target met or missed from the
figures it is given, and gunicorn.conf.py's garbage-collector settings apply in a worker."""

import gc
import importlib
import runpy
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, resolve, reverse

from bench import results
from bench.bare import bare_view

ROOT = Path(__file__).resolve().parents[2]


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_production_urls_never_serve_the_bare_view():
    from workforce import urls

    assert bare_view not in list(_callbacks(urls.urlpatterns))
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")


def test_bench_settings_use_the_bench_urls_only_when_asked(monkeypatch):
    monkeypatch.delenv("BENCH_BARE_VIEW", raising=False)
    assert importlib.reload(importlib.import_module("bench.settings")).ROOT_URLCONF == "workforce.urls"
    monkeypatch.setenv("BENCH_BARE_VIEW", "1")
    assert importlib.reload(importlib.import_module("bench.settings")).ROOT_URLCONF == "bench.urls"


def test_the_bench_urls_serve_the_bare_view_to_a_signed_in_user(client, settings, ld_manager):
    settings.ROOT_URLCONF = "bench.urls"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], ROOT / "bench" / "templates"]}]
    assert client.get("/bench/bare/").status_code == 302  # login required
    client.force_login(ld_manager)
    response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert b"Hello, " in response.content


def _page(**changes) -> dict:
    page = {
        "label": "Plan page",
        "html_bytes": 100 * 1024,
        "seq_median_ms": 40.0,
        "seq_p95_ms": 50.0,
        "bare_seq_median_ms": 10.0,
        "rps": 30.0,
        "bare_rps": 100.0,
        "conc_median_ms": 400.0,
        "conc_p95_ms": 600.0,
        "errors": 0,
        "queries": [(1000, 12), (15000, 12)],
    }
    return {**page, **changes}


def test_a_page_within_every_target_is_marked_met():
    assert results.page_checks(_page()) == {
        "time": True,
        "rps": True,
        "p95": True,
        "html": True,
        "queries": True,
        "errors": True,
    }


def test_each_page_target_missed_is_marked_missed():
    checks = results.page_checks(
        _page(
            html_bytes=884 * 1024,
            seq_median_ms=490.0,
            seq_p95_ms=800.0,
            rps=4.0,
            queries=[(1000, 12), (15000, 13)],
            errors=2,
        )
    )
    assert checks == dict.fromkeys(checks, False)
    assert results.page_checks(_page(queries=None))["queries"] is None


def _figures(**changes) -> dict:
    figures = {
        "pages": [_page(), _page(label="Directory", seq_median_ms=60.0, seq_p95_ms=65.0)],
        "board_pack": {"worker_s": 12.0, "floor_s": 8.0, "wall_s": 12.5, "pages": 40, "html_kb": 900},
        "plan_import": {"rows": 1000, "read_s": 0.3, "total_s": 1.2},
        "staff_import": {"rows": 15000, "preview_s": 9.0, "worker_s": 11.0, "wall_s": 12.0},
        "rss": {"web_mb": 140.0, "worker_pack_mb": 520.0, "worker_end_mb": 530.0},
    }
    return {**figures, **changes}


def test_the_targets_are_judged_from_the_figures_given():
    judged = {target: (figure, met) for target, figure, met in results.targets(_figures())}
    time_target = next(t for t in judged if "sequential median" in t)
    assert judged[time_target] == ("1 of 2 pages miss: Directory", False)
    assert judged["board pack <= 10 s in the worker"] == ("12.0 s", False)
    assert judged["board pack <= 1.3x the WeasyPrint floor"][1] is False
    assert judged["1,000-row plan import <= 1.5 s"] == ("1.20 s", True)
    assert judged["web worker peak RSS <= 150 MB"] == ("140 MB", True)
    assert judged["Celery worker peak RSS <= 500 MB during the board pack"] == ("520 MB", False)
    staff = next(t for t in judged if t.startswith("staff import"))
    assert judged[staff] == ("11.0 s in the worker", False)


def test_a_target_not_measured_says_so_rather_than_met():
    judged = {target: met for target, _, met in results.targets(_figures(board_pack=None, rss={}))}
    assert judged["board pack"] is None
    assert judged["web worker peak RSS <= 150 MB"] is None


def test_results_md_says_missed_for_a_missed_target():
    figures = _figures(
        command="python bench/serve.py",
        date="2026-11-27 06:00 UTC",
        mode="quick",
        machine={"cpu": "Test CPU", "nproc": 2, "memory_gb": 24.0},
        load_before="1.00, 1.00, 1.00",
        load_after="2.00, 1.50, 1.00",
        server="2 sync workers",
        generation_s=100.0,
        data={"staff": 15000},
        sequential_requests=20,
        clients=16,
        concurrent_seconds=4.0,
        bare={
            "seq_median_ms": 10.0,
            "seq_p95_ms": 12.0,
            "rps": 100.0,
            "conc_median_ms": 150.0,
            "conc_p95_ms": 200.0,
            "html_bytes": 300,
        },
    )
    text = results.render(figures)
    assert "| board pack <= 10 s in the worker | 12.0 s | missed |" in text
    assert "| 1,000-row plan import <= 1.5 s | 1.20 s | met |" in text
    assert "Test CPU (2 cores online)" in text


def test_gunicorn_conf_freezes_and_raises_the_thresholds_in_a_worker(monkeypatch):
    monkeypatch.delenv("GUNICORN_GC_TUNING", raising=False)
    before = gc.get_threshold()
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_threshold() == conf["GC_THRESHOLDS"]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert conf["workers"] == 2 and conf["worker_class"] == "sync"


def test_a_new_served_run_keeps_the_scripted_runs_sections(tmp_path, monkeypatch):
    """bench/faults.py and bench/multinode.py print sections pasted into RESULTS.md by hand; the
    next `make bench` rewrites its own figures above them and keeps them."""
    from bench import results

    path = tmp_path / "RESULTS.md"
    path.write_text(
        "# old\n\n## Pages\nold figures\n\n## Faults (then)\nkept\n\n## Several machines\nkept too\n"
    )
    monkeypatch.setattr(results, "render", lambda figures: "# new\n\n## Pages\nnew figures\n")
    results.write({}, path)
    text = path.read_text()
    assert "new figures" in text and "old figures" not in text
    assert (
        text.index("## Pages")
        < text.index("## Faults (then)\nkept")
        < text.index("## Several machines\nkept too")
    )
