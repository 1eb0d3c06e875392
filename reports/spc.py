"""Statistical process control the Making Data Count way: an XmR chart of a series of figures.

`analyse(points, good=..., target=..., changes=...)` takes (period start, value) pairs in time
order and returns an `Analysis`: per segment the mean, the average moving range (MR-bar), the
process limits mean +/- 2.66 x MR-bar and sigma = MR-bar / 1.128; per point whether a special
cause rule picks it out and what it signals; the variation and assurance icons; and a reading in
plain words. Pure Python, no database: charts, pages and the PDF reports all read it.

The special cause rules (NHS England, "Making Data Count"):
- a point outside the process limits;
- a run of 7 or more points on one side of the mean (a point exactly on the mean ends a run);
- a trend of 6 or more points in a row each higher (or each lower) than the one before
  (an equal value ends it);
- 2 of 3 points in a row beyond 2 sigma on the same side of the mean (the "close to a limit" rule).

A special cause is an improvement or a concern by the indicator's good direction ("up": higher is
better, "down": lower is better); with no direction it is neither. The variation icon describes the
latest point; the assurance icon compares the target with the latest segment's limits.

A process change (`changes`: dates) starts a new segment from the first point on or after the
date: its limits are worked out from its own points only, and rules never span two segments, so
the chart shows the limits as a step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

LIMIT_FACTOR = 2.66  # 3 / 1.128: three sigma worked out from the average moving range
SIGMA_DIVISOR = 1.128  # d2 for moving ranges of two points
RUN_LENGTH = 7
TREND_LENGTH = 6
PROVISIONAL_BELOW = 15  # Making Data Count: limits from fewer points than this are provisional
# Figures are compared with the mean and limits within this margin: a flat series' mean, summed
# in floating point, must not come out a hair below its own points and make them all "above".
TOLERANCE = 1e-9

UP, DOWN = "up", "down"
HIGH, LOW = "high", "low"
# What a point signals.
IMPROVEMENT, CONCERN, NEUTRAL = "improvement", "concern", "neutral"
# Rule names, as the reading and the chart's legend say them.
OUTSIDE, RUN, TREND, NEAR_LIMIT = "outside", "run", "trend", "near_limit"
RULE_WORDS = {
    OUTSIDE: "outside the process limits",
    RUN: f"a run of {RUN_LENGTH} or more on one side of the mean",
    TREND: f"{TREND_LENGTH} or more rising or falling in a row",
    NEAR_LIMIT: "2 of 3 beyond 2 sigma",
}
# When rules disagree about a point's side, the strongest evidence decides.
RULE_PRIORITY = (OUTSIDE, NEAR_LIMIT, RUN, TREND)


class Variation:
    COMMON = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"
    LABELS = {
        COMMON: "Common cause variation",
        IMPROVEMENT_HIGH: "Special cause improvement (high)",
        IMPROVEMENT_LOW: "Special cause improvement (low)",
        CONCERN_HIGH: "Special cause concern (high)",
        CONCERN_LOW: "Special cause concern (low)",
        NEITHER_HIGH: "Special cause, neither improvement nor concern (high)",
        NEITHER_LOW: "Special cause, neither improvement nor concern (low)",
    }


class Assurance:
    HIT_AND_MISS = "hit_and_miss"
    PASS = "consistently_pass"
    FAIL = "consistently_fail"
    LABELS = {
        HIT_AND_MISS: "Hit and miss: the target lies within the limits",
        PASS: "Consistently passing the target",
        FAIL: "Consistently failing the target",
    }


@dataclass
class SpcPoint:
    period: datetime.date
    value: float
    segment: int = 0
    rules: set[str] = field(default_factory=set)
    side: str | None = None  # HIGH or LOW for a special cause
    signal: str = NEUTRAL

    @property
    def special(self) -> bool:
        return bool(self.rules)


@dataclass
class Segment:
    """Points from one process change (or the start) to the next, with their own limits."""

    points: list[SpcPoint]
    mean: float
    mean_moving_range: float | None  # None with a single point: no limits can be told

    @property
    def start(self) -> datetime.date:
        return self.points[0].period

    @property
    def sigma(self) -> float | None:
        return None if self.mean_moving_range is None else self.mean_moving_range / SIGMA_DIVISOR

    @property
    def upper_limit(self) -> float | None:
        return None if self.mean_moving_range is None else self.mean + LIMIT_FACTOR * self.mean_moving_range

    @property
    def lower_limit(self) -> float | None:
        return None if self.mean_moving_range is None else self.mean - LIMIT_FACTOR * self.mean_moving_range

    def band(self, sigmas: int) -> tuple[float, float] | None:
        """The mean +/- `sigmas` sigma (1, 2 or 3; 3 is the process limits)."""
        if self.sigma is None:
            return None
        return self.mean - sigmas * self.sigma, self.mean + sigmas * self.sigma

    @property
    def is_provisional(self) -> bool:
        return len(self.points) < PROVISIONAL_BELOW


@dataclass
class Analysis:
    points: list[SpcPoint]
    segments: list[Segment]
    good: str | None
    target: float | None
    variation: str | None  # a Variation value; None with no points
    assurance: str | None  # an Assurance value; None without a target (or limits)
    reading: str
    period_word: str = "month"

    @property
    def latest(self) -> Segment | None:
        return self.segments[-1] if self.segments else None

    @property
    def is_provisional(self) -> bool:
        return self.latest is not None and self.latest.is_provisional

    @property
    def variation_label(self) -> str:
        return Variation.LABELS.get(self.variation, "Not enough data")

    @property
    def assurance_label(self) -> str:
        if self.assurance is None:
            return "No target set" if self.target is None else "Assurance cannot be told"
        return Assurance.LABELS[self.assurance]


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal) else value


def _segments(points: list[SpcPoint], changes: Iterable[datetime.date]) -> list[list[SpcPoint]]:
    starts = sorted(set(changes))
    groups: list[list[SpcPoint]] = []
    for point in points:
        segment = sum(1 for change in starts if point.period >= change)
        if not groups or groups[-1][0].segment != segment:
            groups.append([])
        point.segment = segment
        groups[-1].append(point)
    return groups


def _limits(points: list[SpcPoint]) -> Segment:
    values = [p.value for p in points]
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    return Segment(points, mean, sum(ranges) / len(ranges) if ranges else None)


def _mark(point: SpcPoint, rule: str, side: str) -> None:
    point.rules.add(rule)
    current = [r for r in RULE_PRIORITY if r in point.rules]
    if point.side is None or current[0] == rule:
        point.side = side


def _apply_rules(segment: Segment) -> None:
    points, mean = segment.points, segment.mean
    if segment.mean_moving_range is None:
        return
    upper, lower = segment.upper_limit, segment.lower_limit
    two_low, two_high = segment.band(2)
    for point in points:
        if point.value > upper + TOLERANCE:
            _mark(point, OUTSIDE, HIGH)
        elif point.value < lower - TOLERANCE:
            _mark(point, OUTSIDE, LOW)
    # Runs on one side of the mean.
    run: list[SpcPoint] = []
    for point in [*points, None]:
        side = None if point is None or abs(point.value - mean) <= TOLERANCE else _side_of(point, mean)
        if run and (side is None or side != _side_of(run[0], mean)):
            if len(run) >= RUN_LENGTH:
                for p in run:
                    _mark(p, RUN, _side_of(run[0], mean))
            run = []
        if side is not None:
            run.append(point)
    # Trends: stretches where every step goes the same way; the point where one turns may
    # start the next, the other way.
    index = 0
    while index < len(points) - 1:
        direction = _direction(points[index], points[index + 1])
        last = index + 1
        while (
            direction and last + 1 < len(points) and _direction(points[last], points[last + 1]) == direction
        ):
            last += 1
        if direction and last - index + 1 >= TREND_LENGTH:
            for p in points[index : last + 1]:
                _mark(p, TREND, HIGH if direction == UP else LOW)
        index = last
    # 2 of 3 beyond 2 sigma on the same side.
    for index in range(len(points) - 2):
        window = points[index : index + 3]
        for side, beyond in (
            (HIGH, lambda p: p.value > two_high + TOLERANCE),
            (LOW, lambda p: p.value < two_low - TOLERANCE),
        ):
            flagged = [p for p in window if beyond(p)]
            if len(flagged) >= 2:
                for p in flagged:
                    _mark(p, NEAR_LIMIT, side)


def _side_of(point: SpcPoint, mean: float) -> str:
    return HIGH if point.value > mean else LOW


def _direction(before: SpcPoint, after: SpcPoint) -> str | None:
    if after.value > before.value + TOLERANCE:
        return UP
    if after.value < before.value - TOLERANCE:
        return DOWN
    return None


def signal_for(side: str | None, good: str | None) -> str:
    if side is None or good is None:
        return NEUTRAL
    return IMPROVEMENT if (side == HIGH) == (good == UP) else CONCERN


def variation_icon(point: SpcPoint | None, good: str | None) -> str | None:
    if point is None:
        return None
    if not point.special:
        return Variation.COMMON
    kind = {IMPROVEMENT: "improvement", CONCERN: "concern", NEUTRAL: "neither"}[point.signal]
    return f"{kind}_{point.side}"


def assurance_icon(segment: Segment | None, target: float | None, good: str | None) -> str | None:
    """Where the target sits against the latest limits. Without a direction, only "inside the
    limits" can be told: whether a target beyond them is passed or failed needs one."""
    if target is None or segment is None or segment.mean_moving_range is None:
        return None
    if segment.lower_limit <= target <= segment.upper_limit:
        return Assurance.HIT_AND_MISS
    if good is None:
        return None
    target_below = target < segment.lower_limit
    return Assurance.PASS if target_below == (good == UP) else Assurance.FAIL


def analyse(
    series: Sequence[tuple[datetime.date, object]],
    *,
    good: str | None = None,
    target=None,
    changes: Iterable[datetime.date] = (),
    unit: str = "",
    period_word: str = "month",
) -> Analysis:
    """The XmR analysis of (period start, value) pairs; None values (figures that cannot be told)
    are left out. `unit` ("%" or "") and `period_word` only shape the reading."""
    if good not in (UP, DOWN, None):
        raise ValueError(f"good must be 'up', 'down' or None, not {good!r}")
    points = [SpcPoint(period, _number(value)) for period, value in series if value is not None]
    target = None if target is None else _number(target)
    segments = [_limits(group) for group in _segments(points, changes)]
    for segment in segments:
        _apply_rules(segment)
    for point in points:
        point.signal = signal_for(point.side, good)
    latest_point = points[-1] if points else None
    latest = segments[-1] if segments else None
    analysis = Analysis(
        points,
        segments,
        good,
        target,
        variation_icon(latest_point, good),
        assurance_icon(latest, target, good),
        "",
        period_word,
    )
    analysis.reading = reading(analysis, unit)
    return analysis


# --- the reading in plain words ------------------------------------------------------------


def figure(value: float | None, unit: str = "") -> str:
    """87.25 -> "87.3%"; 90.0 -> "90%"; 4.0 -> "4"."""
    if value is None:
        return "-"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}{unit}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _latest_signal_words(analysis: Analysis) -> str:
    """What picked out the latest point, by the strongest rule."""
    points, word = analysis.points, analysis.period_word
    latest = points[-1]
    above = latest.side == HIGH
    rule = next(r for r in RULE_PRIORITY if r in latest.rules)
    if rule == OUTSIDE:
        return f"the latest {word} is {'above the upper' if above else 'below the lower'} process limit"
    if rule == NEAR_LIMIT:
        where = "above" if above else "below"
        return f"2 of 3 {word}s {where} the mean by more than 2 sigma, close to the limit"
    stretch = 0
    for point in reversed(points):
        if point.segment != latest.segment or rule not in point.rules or point.side != latest.side:
            break
        stretch += 1
    if rule == RUN:
        return f"{_plural(stretch, word)} {'above' if above else 'below'} the mean"
    return f"{_plural(stretch, word)} in a row {'rising' if above else 'falling'}"


def _assurance_words(analysis: Analysis, unit: str) -> str:
    target = figure(analysis.target, unit)
    if analysis.assurance == Assurance.HIT_AND_MISS:
        return f"the target of {target} lies within the limits, so it will be hit and missed at random"
    if analysis.assurance in (Assurance.PASS, Assurance.FAIL):
        where = "below the lower" if analysis.target < analysis.latest.lower_limit else "above the upper"
        outcome = "consistently pass it" if analysis.assurance == Assurance.PASS else "consistently fail it"
        return f"the target of {target} lies {where} limit, so the process will {outcome}"
    return f"the target of {target} lies outside the limits; with no good direction, passing cannot be told"


def reading(analysis: Analysis, unit: str = "") -> str:
    if not analysis.points:
        return "No figures to read yet."
    latest, word = analysis.latest, analysis.period_word
    sentences = []
    if analysis.variation == Variation.COMMON:
        head = "Common cause variation: "
        if analysis.target is not None and analysis.assurance is not None:
            sentences.append(head + _assurance_words(analysis, unit))
            head = ""
        if latest.mean_moving_range is None:
            sentences.append(f"{head}only one {word} so far, at {figure(latest.mean, unit)}")
        else:
            sentences.append(
                f"{head}the figure varies at random between {figure(latest.lower_limit, unit)} and "
                f"{figure(latest.upper_limit, unit)} around a mean of {figure(latest.mean, unit)}"
            )
    else:
        kind = {IMPROVEMENT: "improvement", CONCERN: "concern", NEUTRAL: "variation"}[
            analysis.points[-1].signal
        ]
        sentences.append(f"Special cause {kind}: {_latest_signal_words(analysis)}")
        if analysis.target is not None:
            sentences.append(_assurance_words(analysis, unit))
    if len(analysis.segments) > 1:
        sentences.append(f"limits recalculated from {latest.start:%B %Y} after a process change")
    if latest.is_provisional:
        sentences.append(
            f"with only {_plural(len(latest.points), word)} the limits are provisional "
            f"({PROVISIONAL_BELOW} or more are needed)"
        )
    return " ".join(s[0].upper() + s[1:] + "." for s in sentences)
