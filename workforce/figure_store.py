"""Indicator figures of past periods, kept in the database: worked out once, read many times.

A three-year series of training compliance for a large trust is 36 heavy queries (about 30 s on
15,000 staff); the measuring-success pages, the board pack and the list of every indicator all
read such series. The figures are of complete, past periods, so they change only when someone
records something dated in the past (a late training record, a leaver entered after the fact)
or changes what every period is counted against (a course's requirements, a job role). This
store keeps each organisation-wide figure (indicator key, period) with its counts, and knows
when it may no longer be right:

- Writes mark figures stale. Every save and delete of a model of an app with indicators (the
  core's, whose staff and training every indicator counts, marks every app's) goes through
  `mark_changed(app, since)`: figures of periods ending on or after `since` are marked stale,
  once per transaction. A model may say how far back one of its rows reaches (a training record:
  its completion date, before and after the change); by default it reaches back to the start.
  A write dated in the current month (today's training record) marks nothing: no stored period
  ends after it. Writes that bypass signals (bulk_create, bulk_update, QuerySet.update) must call
  `mark_changed` themselves; the importers and demo loaders do.
- Readers work out what is missing or stale within a time budget (`figures(..., budget=)`):
  pages pass INDICATOR_INLINE_SECONDS, so a small organisation sees every figure at once and a
  large one never waits beyond the budget; what is left is queued for the background refresh
  (`workforce.refresh_figures`) and shown as "being worked out" (missing) or with its last
  worked-out value (stale). Board packs, in a worker, pass no budget: they read fresh figures.
- Beat refreshes every figure each night (migration 0011), which also fills a month's figures
  as it ends and heals a change no signal saw.

Only organisation-wide figures are stored; one restricted to a unit or a population is always
worked out when asked for (its population is the reader's, and those are many).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Exists
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from workforce import figure_cache, indicators
from workforce.indicators import BreakdownRow, Measure

log = logging.getLogger(__name__)

EVERYTHING = datetime.date.min
CORE = "workforce"


class StoredFigure(models.Model):
    """An indicator's organisation-wide figure for one period, and its counts."""

    key = models.CharField(max_length=100)
    # "" for the figure itself; else the breakdown ("unit", "band", "course"...) it is the rows of.
    by = models.CharField(max_length=40, blank=True, default="")
    start = models.DateField()
    end = models.DateField()
    # [value, numerator, denominator]: an int stays an int and a Decimal keeps its digits ("12.3"),
    # so a stored figure reads back exactly as the registry worked it out. A breakdown: a list of
    # [group, label, value, numerator, denominator].
    measure = models.JSONField()
    is_stale = models.BooleanField(default=False)
    computed_at = models.DateTimeField()  # when its working-out began

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "by", "start", "end"], name="stored_figure_unique")
        ]
        indexes = [models.Index(fields=["end"], name="stored_figure_end_idx")]

    def __str__(self) -> str:
        return f"{self.key}{f' by {self.by}' if self.by else ''} {self.start}..{self.end}"

    def as_measure(self) -> Measure:
        return Measure(*(_decode(part) for part in self.measure))

    def as_breakdown(self) -> list[BreakdownRow]:
        return [
            BreakdownRow(group, label, Measure(*map(_decode, counts)))
            for group, label, *counts in self.measure
        ]


class FigureMark(models.Model):
    """When writes last marked an app's figures stale ("workforce": every app's). A figure whose
    working-out began before that may have read the data from before the write, so it is stored
    as stale (`_save`): this closes the gap the marks on rows cannot, for a figure not yet stored."""

    app_label = models.CharField(max_length=100, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.app_label} marked at {self.at}"


def _encode(number):
    return str(number) if isinstance(number, Decimal) else number


def _decode(number):
    return Decimal(number) if isinstance(number, str) else number


# --- reading ------------------------------------------------------------------------------------

Period = tuple[datetime.date, datetime.date]


class Figures(dict):
    """{(start, end): Measure or None (not worked out yet)}, with how many are not up to date."""

    waiting: int = 0  # missing ones, and stale ones shown with their last value


def figures(key: str, periods: Iterable[Period], *, budget: float | None = None) -> Figures:
    """The organisation-wide figure of `key` for each period, from the store; missing and stale
    ones are worked out, newest first, until `budget` seconds have gone (None: all of them), and
    stored. Those left are queued for the background refresh."""
    periods = list(periods)
    stored = {
        (row.start, row.end): row
        for row in StoredFigure.objects.filter(key=key, by="", end__in={end for _, end in periods})
    }
    found = Figures()
    todo = []
    for period in periods:
        row = stored.get(period)
        found[period] = row.as_measure() if row else None
        if row is None or row.is_stale:
            todo.append(period)
    started = time.monotonic()
    began_at = timezone.now()
    worked_out = {}
    for start, end in sorted(todo, key=lambda period: period[1], reverse=True):
        if budget is not None and time.monotonic() - started >= budget:
            break
        worked_out[(start, end)] = indicators.value(key, start, end)
    if worked_out:
        _save(key, "", {period: _measure_json(m) for period, m in worked_out.items()}, began_at)
        found.update(worked_out)
    found.waiting = len(todo) - len(worked_out)
    if found.waiting:
        queue_refresh()
    return found


def breakdown(key: str, start: datetime.date, end: datetime.date, by: str) -> list[BreakdownRow]:
    """The organisation-wide breakdown of `key` for the period (`indicators.breakdown`), from the
    store, or worked out and stored. One is as costly as a figure (a large trust's compliance by
    unit takes seconds), and stale in the same way."""
    row = StoredFigure.objects.filter(key=key, by=by, start=start, end=end, is_stale=False).first()
    if row is not None:
        return row.as_breakdown()
    began_at = timezone.now()
    rows = indicators.breakdown(key, start, end, by=by)
    _save(key, by, {(start, end): [[r.key, r.label, *_measure_json(r.measure)] for r in rows]}, began_at)
    return rows


def _measure_json(measure: Measure) -> list:
    return [_encode(measure.value), _encode(measure.numerator), _encode(measure.denominator)]


def _save(key: str, by: str, worked_out: dict[Period, list], began_at) -> None:
    rows = [
        StoredFigure(
            key=key, by=by, start=start, end=end, measure=measure, is_stale=False, computed_at=began_at
        )
        for (start, end), measure in worked_out.items()
    ]
    StoredFigure.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["key", "by", "start", "end"],
        update_fields=["measure", "is_stale", "computed_at"],
    )
    # A write marked figures stale while these were being worked out: they may have read the data
    # from before it, so they are stored as stale.
    marked = FigureMark.objects.filter(app_label__in={CORE, key.split(".", 1)[0]}, at__gt=began_at)
    StoredFigure.objects.filter(
        Exists(marked), key=key, by=by, end__in={end for _, end in worked_out}
    ).update(is_stale=True)


def refresh(keys: Iterable[str] | None = None, *, everything: bool = False) -> int:
    """Work out the stored figures of these indicators (default all) for every period the pages
    show, and each breakdown of the latest period; `everything` recomputes those up to date too
    (the nightly run). Returns how many it worked out."""
    from workforce.periods import DEFAULT_COUNT, periods  # the periods pages and reports show

    keys = list(keys) if keys is not None else [indicator.key for indicator in indicators.all_indicators()]
    if everything:
        StoredFigure.objects.filter(key__in=keys).update(is_stale=True)
    worked = 0
    for key in keys:
        for granularity in DEFAULT_COUNT:
            wanted = [(period.start, period.end) for period in periods(granularity)]
            fresh = StoredFigure.objects.filter(key=key, is_stale=False, end__in={e for _, e in wanted})
            up_to_date = {(row.by, row.start, row.end) for row in fresh.only("by", "start", "end")}
            worked += len([p for p in wanted if ("", *p) not in up_to_date])
            figures(key, wanted)
            latest = wanted[-1]
            for by, _ in indicators.get(key).breakdown_choices():
                if (by, *latest) not in up_to_date:
                    breakdown(key, *latest, by)
                    worked += 1
    return worked


REFRESH_QUEUED = "figures:refresh-queued"


def queue_refresh() -> None:
    """Send the background refresh, at most once while one is waiting. Not in eager mode (no
    broker: it would run inside this request, which the budget is there to avoid; the nightly
    refresh and the next reader catch up), and never an error for the reader."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    try:
        if cache.add(REFRESH_QUEUED, True, timeout=settings.INDICATOR_REFRESH_GAP_SECONDS):
            from workforce.tasks import refresh_figures

            refresh_figures.delay()
    except Exception:  # the broker or the cache is down: the figures wait for the next reader
        log.warning("Could not queue the indicator figures' refresh", exc_info=True)


# --- marking stale ------------------------------------------------------------------------------

_asked = threading.local()
# model -> function(instance, created, deleted) -> the earliest date the row's change reaches
_reach: dict[type, Callable] = {}
# Models whose rows no indicator counts (and the store itself).
_ignored: set[type] = set()


def reaches_back(model, func: Callable) -> None:
    """Say how far back a change to one of `model`'s rows can change figures: `func(instance,
    created, deleted)` returns the earliest date (periods ending before it keep their figures)."""
    _reach[model] = func


def ignore(*models_) -> None:
    """Models of an indicator app that no indicator counts: their writes mark nothing."""
    _ignored.update(models_)


def mark_changed(app_label: str, since: datetime.date = EVERYTHING) -> None:
    """Figures of periods ending on or after `since` may have changed: of every indicator if the
    core's data changed, else of `app_label`'s. Marked when the writer's transaction commits (at
    once outside one): the write is then visible to whoever works the figures out again, and no
    lock on the store is held while the writer works. Within a transaction a mark reaching no
    further back than one already asked for adds nothing, so an import of 15,000 rows marks once."""
    connection = transaction.get_connection()
    _changed_today(connection, app_label)
    if since >= datetime.date.today().replace(day=1):
        return  # no stored (complete, past) period ends in the current month
    if not _app_with_indicators(app_label):
        return
    if not connection.in_atomic_block:
        _mark(app_label, since)
        return
    asked = _asked_in(connection)
    if app_label in asked and asked[app_label] <= since:
        return
    asked[app_label] = since
    transaction.on_commit(lambda: _mark(app_label, since))


def _changed_today(connection, app_label: str) -> None:
    """Today's cached figures of `app_label` are out of date once the write commits (once per
    transaction, however many rows it writes): workforce/figure_cache.py."""
    if not connection.in_atomic_block:
        figure_cache.bump(app_label)
        return
    asked = _asked_in(connection)
    if ("today", app_label) not in asked:
        asked[("today", app_label)] = True
        transaction.on_commit(lambda: figure_cache.bump(app_label))


def _asked_in(connection) -> dict:
    """The marks asked for in this transaction, per savepoint: forgotten with a new transaction,
    and asked for again within another savepoint (one rolled back drops what it asked for)."""
    outer = connection.atomic_blocks[0]
    memo = getattr(_asked, "memo", None)
    if memo is None or memo[0] is not outer:  # holding `outer` keeps its id from being reused
        memo = _asked.memo = (outer, {})
    return memo[1].setdefault(tuple(connection.savepoint_ids), {})


def _mark(app_label: str, since: datetime.date) -> None:
    now = timezone.now()
    rows = StoredFigure.objects.filter(end__gte=since)
    if app_label != CORE:
        rows = rows.filter(key__startswith=f"{app_label}.")
    rows.update(is_stale=True)
    FigureMark.objects.bulk_create(
        [FigureMark(app_label=app_label, at=now)],
        update_conflicts=True,
        unique_fields=["app_label"],
        update_fields=["at"],
    )


def _training_record_reach(record, created, deleted) -> datetime.date:
    """A record counts in a period's figures only from its completion date: compliance on a day
    reads completions up to it, completion counts those within the period. A booking (no
    completion) changes no past figure. An edit reaches back to the earlier of its completion
    dates before and after (`TrainingRecord.loaded_completed_on`)."""
    dates = [record.completed_on]
    if not created:
        dates.append(getattr(record, "loaded_completed_on", EVERYTHING))
    dates = [day for day in dates if day is not None]
    return min(dates) if dates else datetime.date.today()


def _staff_member_reach(person, created, deleted) -> datetime.date:
    """A new person counts from their start date (no start date: always in post). Any other
    change (their job role, and so what they must hold, or their dates) may change any period."""
    if created:
        return person.start_date or EVERYTHING
    return EVERYTHING


def _app_with_indicators(app_label: str) -> bool:
    prefix = f"{app_label}."
    return app_label == CORE or any(i.key.startswith(prefix) for i in indicators.all_indicators())


def _on_write(sender, instance, created=False, deleted=False, raw=False, **kwargs) -> None:
    # Fixtures; history rows; a migration's models (the store may not exist yet).
    if raw or sender in _ignored or hasattr(sender, "instance_type") or sender.__module__ == "__fake__":
        return
    reach = _reach.get(sender)
    mark_changed(sender._meta.app_label, reach(instance, created, deleted) if reach else EVERYTHING)


def _on_delete(sender, instance, **kwargs) -> None:
    _on_write(sender, instance, deleted=True)


def watch() -> None:
    """Connect the marking to every model's writes, and say how far the core's busiest models'
    changes reach (AppConfig.ready)."""
    from workforce.models import BackgroundRun, DigestSent, ReminderSettings, StaffMember, StoredFile
    from workforce.training import TrainingRecord

    ignore(StoredFigure, FigureMark, BackgroundRun, StoredFile, DigestSent, ReminderSettings)
    reaches_back(TrainingRecord, _training_record_reach)
    reaches_back(StaffMember, _staff_member_reach)
    post_save.connect(_on_write, dispatch_uid="figure_store.save")
    post_delete.connect(_on_delete, dispatch_uid="figure_store.delete")
