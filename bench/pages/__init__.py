"""The pages bench/run.py times, one module per app: each lists its PAGES and the set-up functions
that make the data a page needs (a plan of 500 actions, 200 candidates...). A new app adds a module
here and a line below; run.py itself never changes for a page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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


def all_pages() -> list[Page]:
    from bench.pages import core, pathways, reports, traineeships

    return [*core.PAGES, *reports.PAGES, *pathways.PAGES, *traineeships.PAGES]
