"""Current values of outputs' measurable targets.

An output either records its current value by hand or names a measuring-success indicator
(workforce.indicators) that supplies it live. Each distinct indicator is computed once per
page, so a page's query count is bounded by the registry, not by the number of outputs.
"""

from __future__ import annotations

import datetime

from workforce import indicators


def measuring_period(plan, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From the plan's start (or a year back) to today: what "so far" means for a live figure."""
    today = today or datetime.date.today()
    start = plan.period_start if plan.period_start and plan.period_start <= today else None
    return start or today - datetime.timedelta(days=365), today


def attach_current_values(outputs, plan, today: datetime.date | None = None) -> None:
    """Set `value_now`, `value_is_live`, `indicator_label` and `measure_now` on each output.

    `measure_now` is the live figure's `indicators.Measure` (with its numerator and
    denominator), None for a value recorded by hand.
    """
    start, end = measuring_period(plan, today)
    computed: dict[str, indicators.Measure] = {}
    for output in outputs:
        output.value_is_live, output.indicator_label, output.measure_now = False, "", None
        output.value_now = output.current_value
        key = output.indicator_key
        if not key:
            continue
        try:
            indicator = indicators.get(key)
        except KeyError:
            continue  # an indicator that no longer exists: fall back to the recorded value
        if key not in computed:
            computed[key] = indicators.value(key, start, end)
        if computed[key].value is not None:
            output.value_now, output.value_is_live = computed[key].value, True
            output.measure_now = computed[key]
            output.indicator_label = indicator.label
