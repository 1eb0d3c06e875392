"""An indicator's figures period by period: months, quarters or years, through the registry.

The periods (workforce/periods.py) are complete ones, so the latest figure is last month's, last
quarter's or last year's. Organisation-wide figures come from the figure store
(workforce/figure_store.py), which works out what is missing or stale and keeps it; a figure
restricted to a unit or a population is worked out each time, one query per tally per period,
so a series costs queries in proportion to its periods, never to the number of staff or records.
"""

from __future__ import annotations

import datetime

from workforce import figure_store, indicators
from workforce.indicators import Measure
from workforce.periods import (  # noqa: F401  (reports read the periods from here)
    DEFAULT_COUNT,
    FINANCIAL_YEAR_STARTS,
    MONTHS_IN,
    Granularity,
    Period,
    period_containing,
    periods,
)


class Series(list):
    """[(period, measure)], oldest first. `waiting`: how many of its figures are still being
    worked out in the background; `pending`: the periods among them with no figure yet (their
    measure is blank), the others showing the last one worked out."""

    waiting: int = 0
    pending: frozenset = frozenset()


def series(
    key: str,
    granularity: str = Granularity.MONTH,
    count: int | None = None,
    today: datetime.date | None = None,
    *,
    budget: float | None = None,
    **restrict,
) -> Series:
    """(period, measure) for each complete period, oldest first; `restrict` goes to
    `indicators.value` (population=..., unit=...). `budget`: seconds this may spend working out
    stored figures (a page's), the rest being left to the background; None: no limit."""
    found = periods(granularity, count, today)
    if restrict:
        return Series(
            (period, indicators.value(key, period.start, period.end, **restrict)) for period in found
        )
    stored = figure_store.figures(key, [(period.start, period.end) for period in found], budget=budget)
    result = Series((period, stored[(period.start, period.end)] or Measure(None)) for period in found)
    result.waiting = stored.waiting
    result.pending = frozenset(period for period in found if stored[(period.start, period.end)] is None)
    return result
