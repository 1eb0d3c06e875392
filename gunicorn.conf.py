"""gunicorn's settings for Talent Ladder (read from the working directory: `gunicorn workforce.wsgi`).

Production runs `gunicorn workforce.wsgi` from the repository root with DEBUG=0 and the
environment settings.py reads; bench/serve.py serves the benchmark with this same file.

Garbage collection: CPython's full collection walks every object the process holds. A Django
worker holds a few hundred thousand long-lived ones (modules, models, URL patterns, templates),
so with the default thresholds (700, 10, 10) a full collection every few requests cost 60-90 ms:
the p95 spikes bench/RESULTS.md showed. After the app is loaded (and its URLconf imported) each
worker moves what exists into the permanent generation (gc.freeze(): never scanned again), and
raises the thresholds so the young generation is collected every 50,000 allocations rather than
700 and a full collection comes rarely. Cycles are still collected; memory per request is
short-lived. GUNICORN_GC_TUNING=0 turns this off (the benchmark measures both).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # gunicorn's default (README)
# Behind a proxy that sets X-Forwarded-Proto (settings.BEHIND_PROXY); loopback by default.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None

GC_TUNING = os.environ.get("GUNICORN_GC_TUNING", "1") != "0"
GC_THRESHOLDS = (50_000, 20, 100)


def post_worker_init(worker):
    if not GC_TUNING:
        return
    # Import every view now (the URLconf is otherwise loaded by the first request), so it is frozen too.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
