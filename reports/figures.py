"""An indicator as the pages and reports show it: its series, the SPC analysis, the baseline and
the change against it, the target, and the process changes. `figures_for` serves one indicator;
`figures_for_all` every registered one, reading baselines, targets and process changes for all of
them in three queries. The SPC chart is drawn from `IndicatorFigures.chart()`.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from reports import charts, spc
from reports.models import Baseline, ProcessChange, Target
from reports.series import Granularity, Period, series
from workforce import indicators
from workforce.indicators import Indicator, Measure

_UNSET = object()


@dataclass
class PeriodRow:
    period: Period
    measure: Measure
    change: object | None  # against the baseline; None when either is unknown
    signal: str = ""  # "", or the SPC point's kind in words
    pending: bool = False  # not worked out yet: being worked out in the background


@dataclass
class IndicatorFigures:
    indicator: Indicator
    granularity: str
    rows: list[PeriodRow]
    analysis: spc.Analysis
    baseline: Baseline | None
    target: Target | None
    changes: list[ProcessChange] = field(default_factory=list)
    # How many of its figures are still being worked out in the background (reports/series.py).
    waiting: int = 0

    @property
    def latest(self) -> PeriodRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def unit(self) -> str:
        return self.indicator.unit

    def chart(self, chart_id: str = "xmr") -> SafeString:
        periods = [(row.period.start, short_label(row.period)) for row in self.rows]
        return charts.xmr_chart(self.analysis, periods, title=self.title, unit=self.unit, chart_id=chart_id)

    def icons(self) -> SafeString:
        return charts.icons(self.analysis)

    @property
    def title(self) -> str:
        span = f"{self.rows[0].period.label} to {self.rows[-1].period.label}" if self.rows else ""
        return f"{self.indicator.label}: {Granularity(self.granularity).label.lower()} XmR chart, {span}"


def short_label(period: Period) -> str:
    if period.granularity == Granularity.MONTH:
        return f"{period.start:%b %y}"
    if period.granularity == Granularity.QUARTER:
        return period.label.split(" (")[0]
    return period.label


def figures_for(
    key: str,
    granularity: str = Granularity.MONTH,
    *,
    today: datetime.date | None = None,
    baseline=_UNSET,
    target=_UNSET,
    changes=None,
    budget: float | None = None,
) -> IndicatorFigures:
    """Everything about one indicator. Pass baseline/target/changes when already loaded (the
    list of every indicator does); otherwise they are read (three queries). `budget`: seconds
    to spend working out figures not yet stored (a page's), None for no limit (a report's)."""
    indicator = indicators.get(key)
    if baseline is _UNSET:
        baseline = Baseline.objects.current(key)
    if target is _UNSET:
        target = Target.objects.current(key, today)
    if changes is None:
        changes = list(ProcessChange.objects.for_indicator(key).order_by("from_date"))
    found = series(key, granularity, today=today, budget=budget)
    analysis = spc.analyse(
        [(period.start, measure.value) for period, measure in found],
        good=indicator.good,
        target=target.value if target else None,
        changes=[change.from_date for change in changes],
        unit=indicator.unit,
        period_word=Granularity(granularity).value,
    )
    kinds = {point.period: charts.LEGEND[charts.kind_of(point)] for point in analysis.points}
    rows = [
        PeriodRow(
            period,
            measure,
            baseline.change_to(measure.value) if baseline else None,
            kinds.get(period.start, ""),
            period in found.pending,
        )
        for period, measure in found
    ]
    return IndicatorFigures(indicator, granularity, rows, analysis, baseline, target, changes, found.waiting)


def figures_for_all(
    granularity: str = Granularity.MONTH, today: datetime.date | None = None, budget: float | None = None
):
    """Every indicator's figures; `budget` is for them all together."""
    baselines = Baseline.objects.current_by_key()
    targets = Target.objects.current_by_key(today)
    changes: dict[str, list[ProcessChange]] = {}
    for change in ProcessChange.objects.order_by("from_date"):
        changes.setdefault(change.indicator_key, []).append(change)
    deadline = None if budget is None else time.monotonic() + budget
    return [
        figures_for(
            indicator.key,
            granularity,
            today=today,
            baseline=baselines.get(indicator.key),
            target=targets.get(indicator.key),
            changes=changes.get(indicator.key, []),
            budget=None if deadline is None else max(0.0, deadline - time.monotonic()),
        )
        for indicator in indicators.all_indicators()
    ]
