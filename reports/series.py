"""An indicator's figures period by period: months, quarters or years, through the registry.

Quarters and years are the NHS financial ones (April to March): boards report on them. Only
complete periods are shown (a month still running would make a flow such as leavers look low),
so the latest figure is last month's, last quarter's or last year's. Each period costs what one
`indicators.value` costs (one query per tally), so a series costs a number of queries
proportional to its periods, never to the number of staff or records.

Caching: a period's figure for the whole organisation is kept in Django's cache (Redis in
production) for INDICATOR_CACHE_SECONDS (default 10 minutes). Thirty-six months of training
compliance are seventy-odd heavy queries, and the list of every indicator reads them all; the
periods are past, so their figures change only when someone records something late, and the
page shows that within the cache time. Restricted figures (a population, a unit) are not cached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import models

from workforce import indicators
from workforce.indicators import Measure
from workforce.training import add_months


class Granularity(models.TextChoices):
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
    YEAR = "year", "Yearly"


MONTHS_IN = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}
# Three years whichever way it is cut: 36 months make a good XmR chart; 12 quarters or 3 years
# make provisional ones (the page says so).
DEFAULT_COUNT = {Granularity.MONTH: 36, Granularity.QUARTER: 12, Granularity.YEAR: 3}
FINANCIAL_YEAR_STARTS = 4  # April


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    granularity: str

    @property
    def financial_year(self) -> str:
        year = self.start.year if self.start.month >= FINANCIAL_YEAR_STARTS else self.start.year - 1
        return f"{year}/{(year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        if self.granularity == Granularity.MONTH:
            return self.start.strftime("%b %Y")
        if self.granularity == Granularity.QUARTER:
            number = (self.start.month - FINANCIAL_YEAR_STARTS) % 12 // 3 + 1
            return f"Q{number} {self.financial_year} ({self.start:%b}-{self.end:%b})"
        return self.financial_year

    @property
    def word(self) -> str:
        return {"month": "month", "quarter": "quarter", "year": "year"}[self.granularity]


def period_containing(day: datetime.date, granularity: str) -> Period:
    first = day.replace(day=1)
    since_april = (first.month - FINANCIAL_YEAR_STARTS) % 12
    back = {Granularity.MONTH: 0, Granularity.QUARTER: since_april % 3, Granularity.YEAR: since_april}
    start = add_months(first, -back[granularity])
    return Period(start, add_months(start, MONTHS_IN[granularity]) - datetime.timedelta(days=1), granularity)


def periods(granularity: str, count: int | None = None, today: datetime.date | None = None) -> list[Period]:
    """The last `count` complete periods before `today`, oldest first."""
    granularity = Granularity(granularity)
    count = DEFAULT_COUNT[granularity] if count is None else count
    today = today or datetime.date.today()
    current = period_containing(today, granularity)
    found = []
    start = current.start
    for _ in range(count):
        start = add_months(start, -MONTHS_IN[granularity])
        found.append(period_containing(start, granularity))
    return found[::-1]


def series(
    key: str,
    granularity: str = Granularity.MONTH,
    count: int | None = None,
    today: datetime.date | None = None,
    **restrict,
) -> list[tuple[Period, Measure]]:
    """(period, measure) for each complete period, oldest first; `restrict` goes to
    `indicators.value` (population=..., unit=...)."""
    found = periods(granularity, count, today)
    timeout = settings.INDICATOR_CACHE_SECONDS
    names = {period: f"indicator:{key}:{period.start:%Y%m%d}:{period.end:%Y%m%d}" for period in found}
    cached = cache.get_many(list(names.values())) if timeout and not restrict else {}
    measures, fresh = {}, {}
    for period in found:
        if names[period] in cached:
            measures[period] = cached[names[period]]
        else:
            measures[period] = fresh[names[period]] = indicators.value(
                key, period.start, period.end, **restrict
            )
    if fresh and timeout and not restrict:
        cache.set_many(fresh, timeout)
    return [(period, measures[period]) for period in found]
