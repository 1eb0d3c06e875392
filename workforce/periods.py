"""Periods an indicator is reported by: months, and the NHS financial quarters and years (April
to March), which boards report on. Only complete periods are reported (a month still running would
make a flow such as leavers look low). Here in the core because the figure store
(workforce/figure_store.py) keeps and refreshes the figures of exactly these periods; reports/series.py
reads series over them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

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
