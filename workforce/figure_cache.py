"""Figures about today, kept in the cache until a write could change them.

The figure store (workforce/figure_store.py) keeps complete past periods in the database. The
pages' figures "as at today" (the training matrix's counts, the home page's compliance headline,
the people the matrix ranks most overdue) can change with any write, and at 15,000 staff each is a
grouped query over every training record (120 ms or more). Between writes they are the same for
every reader of the same selection, so they are kept in Django's cache (Redis in production,
shared by every web node and worker) under each app's *data version*:

- Every write the figure store hears of (each model's post_save/post_delete, and each bulk path's
  own `figure_store.mark_changed` call) bumps its app's version when its transaction commits.
  A figure is cached under the versions of the apps it reads, so a bumped version is a miss.
- A reader inside a transaction works the figure out and neither reads nor stores the cache:
  its own uncommitted writes are not everyone's yet, and may be rolled back. (Tests run inside a
  transaction, so they always see fresh figures; the cache's own tests commit.)
- A write made while the cache could not be reached bumps nothing, so entries also expire after
  FIGURE_CACHE_SECONDS; 0 (the default without Redis, where each process would have a cache of
  its own that another process's writes could not reach) turns the cache off.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_MISSING = object()


def _version_key(app_label: str) -> str:
    return f"figures:today:version:{app_label}"


def bump(app_label: str) -> None:
    """`app_label`'s data changed: its cached figures are out of date (called on commit)."""
    key = _version_key(app_label)
    try:
        cache.incr(key)
    except ValueError:
        # No version yet (a new cache, or one Redis lost): start from the clock, never from a
        # number an earlier version of the same key could have had, so no old entry is hit.
        cache.add(key, time.time_ns(), timeout=None)


def _versions(app_labels: Iterable[str]) -> list:
    keys = [_version_key(label) for label in app_labels]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def selection_key(queryset) -> str:
    """A queryset's SQL and parameters: what a figure about that selection depends on."""
    sql, params = queryset.query.sql_with_params()
    return f"{sql} {params!r}"


def remembered(name: str, apps: Iterable[str], parts: Iterable, work_out: Callable[[], T]) -> T:
    """The figure `name` for `parts` (all it depends on besides the data of `apps`): from the
    cache if no write to those apps has committed since it was worked out, else worked out now."""
    seconds = settings.FIGURE_CACHE_SECONDS
    if not seconds or transaction.get_connection().in_atomic_block:
        return work_out()
    versions = _versions(apps)
    if None in versions:  # the cache cannot be reached: work it out
        return work_out()
    digest = hashlib.sha256(repr((versions, *parts)).encode()).hexdigest()
    key = f"figures:today:{name}:{digest}"
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    value = work_out()
    cache.set(key, value, timeout=seconds)
    return value
