"""Several machines on one: two web nodes and a Celery worker, each in its own network namespace,
sharing one PostgreSQL and one Redis of this run's own over a private network, as in production.

    sudo .venv/bin/python bench/multinode.py            # as root: it makes namespaces and links

Network 10.77.0.0/24 on a bridge of the run's own: the host end 10.77.0.1 carries a scratch
PostgreSQL cluster (initdb, port 55432) and a redis-server (port 56379), never the shared 5432/6379;
web-a (10.77.0.11) and web-b (10.77.0.12) run gunicorn with production settings (DEBUG=0, HTTPS
behind a proxy, FILE_STORAGE=database), each with a MEDIA_ROOT of its own that must stay empty;
worker (10.77.0.13) runs the Celery worker. Only these addresses are ever contacted.

The journey, as a load balancer would spread it: an L&D manager signs in on web-a; web-b knows
them (sessions in the database); a plan added on web-a flashes its message on web-b (messages are
signed with the shared SECRET_KEY); a value cached on web-a is read on web-b (Redis); a board pack
asked for on web-a is rendered by the worker, followed on web-b and downloaded from web-b (a real
PDF, read by pypdf; its bytes in the database's file storage, no node's disk); signing out on web-b
ends the session on web-a.

Bounded: everything stops after --timeout seconds (default 420). Everything the run made (processes,
namespaces, links, the bridge, its folders) is removed at the end, on failure and on Ctrl-C too;
a run killed outright is cleaned up by the next one (its state file). Prints a markdown summary
for bench/RESULTS.md; exits 1 if any check failed. The steps live in bench/multinode_steps.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import multinode_infra as infra  # noqa: E402
from bench import multinode_steps as steps  # noqa: E402
from bench.multinode_report import Report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=int, default=420, help="seconds before the whole run stops")
    parser.add_argument("--keep-logs", help="copy the processes' logs to this folder at the end")
    args = parser.parse_args(argv)

    problem = infra.preflight()
    if problem:
        print(f"multinode: cannot run here: {problem}", file=sys.stderr)
        return 2
    started = time.monotonic()
    run = infra.Run(timeout=args.timeout)
    report = Report()
    try:
        with run:
            steps.journey(run, report)
    except Exception as exc:  # noqa: BLE001 -- any failure is reported as one, after cleanup
        report.fail("run", f"{type(exc).__name__}: {exc}")
        report.logs = run.tail_logs()
    finally:
        if args.keep_logs:
            run.copy_logs(Path(args.keep_logs))
    report.timings["cleanup"] = run.cleanup_seconds
    report.seconds = time.monotonic() - started
    report.leftovers = infra.leftovers()
    if report.leftovers:
        report.fail("cleanup", "left behind: " + ", ".join(report.leftovers))
    print(report.markdown())
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
