"""The one chart module: an indicator's XmR chart and its two icons as inline SVG, for the web
pages and the PDF reports alike.

How: Python works out the geometry (scales, ticks, each line and point, with every coordinate
already a string), and small Django templates (reports/charts/) write the markup. Python keeps
the arithmetic testable and the templates keep the SVG readable, with text autoescaped. No
charting library and no JavaScript: the SVG is in the page, so it prints, passes a 'self'-only
Content-Security-Policy, and WeasyPrint renders it as it is. Colours are SVG presentation
attributes (fill=, stroke=), which the CSP allows and WeasyPrint reads without a stylesheet.

Colour is never the only signal: each kind of point has its own shape (circle: common cause;
square: improvement; triangle: concern; diamond: special cause with no good direction), named in
the legend, and each point's <title> says its value and what it signals. The chart's <title> and
<desc> carry the summary and the reading for screen readers and the tagged PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reports import spc
from reports.spc import Analysis, Assurance, Variation, figure

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 20, 78
# Making Data Count's palette: grey common cause, blue improvement, orange concern, purple neither.
COLOURS = {"common": "#5f6368", spc.IMPROVEMENT: "#005eb8", spc.CONCERN: "#c25100", "neither": "#6a1b9a"}
SHAPES = {"common": "circle", spc.IMPROVEMENT: "square", spc.CONCERN: "triangle", "neither": "diamond"}
LEGEND = {
    "common": "Common cause",
    spc.IMPROVEMENT: "Special cause: improvement",
    spc.CONCERN: "Special cause: concern",
    "neither": "Special cause: neither",
}
TARGET_COLOUR = "#007f3b"
MARKER = 5  # half a marker's width


def _n(value: float) -> str:
    return f"{value:.1f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high:  # the last tick at or above the highest value
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def kind_of(point: spc.SpcPoint) -> str:
    if not point.special:
        return "common"
    return "neither" if point.signal == spc.NEUTRAL else point.signal


def marker_path(shape: str, x: float, y: float, size: float = MARKER) -> str:
    """An SVG path for a marker centred on x, y (a path for every shape keeps the template simple)."""
    if shape == "circle":
        return (
            f"M{_n(x - size)},{_n(y)} a{size},{size} 0 1,0 {2 * size},0 a{size},{size} 0 1,0 {-2 * size},0 Z"
        )
    if shape == "square":
        return f"M{_n(x - size)},{_n(y - size)} h{2 * size} v{2 * size} h{-2 * size} Z"
    big = size + 1  # a triangle and a diamond look smaller than a square of the same width
    if shape == "triangle":
        corners = [(x, y - big), (x + big, y + size), (x - big, y + size)]
    else:
        corners = [(x, y - big), (x + big, y), (x, y + big), (x - big, y)]
    return "M" + " L".join(f"{_n(cx)},{_n(cy)}" for cx, cy in corners) + " Z"


@dataclass
class Scale:
    low: float
    high: float
    count: int

    def x(self, index: int) -> float:
        step = (WIDTH - LEFT - RIGHT) / max(self.count, 1)
        return LEFT + step * (index + 0.5)

    @property
    def half_step(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.count, 1) / 2

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / span


def _scale(analysis: Analysis, count: int) -> tuple[Scale, list[float]]:
    values = [p.value for p in analysis.points]
    for segment in analysis.segments:
        if segment.mean_moving_range is not None:
            values += [segment.upper_limit, segment.lower_limit]
    if analysis.target is not None:
        values.append(analysis.target)
    low, high = (min(values), max(values)) if values else (0, 1)
    if high - low < 1e-6:  # a flat series: give it room either side rather than a zero span
        low, high = low - 1, high + 1
    ticks = nice_ticks(low, high)
    return Scale(min(ticks[0], low), max(ticks[-1], high), count), ticks


def xmr_chart(
    analysis: Analysis,
    periods: list[tuple[object, str]],
    *,
    title: str,
    unit: str = "",
    chart_id: str = "xmr",
) -> SafeString:
    """The chart as inline SVG. `periods`: (period start, short label) for every period on the
    x axis, including those without a figure (a gap in the line)."""
    index_of = {start: n for n, (start, _) in enumerate(periods)}
    scale, ticks = _scale(analysis, len(periods))
    every = max(1, math.ceil(len(periods) / 12))
    x_labels = [
        {"x": _n(scale.x(n)), "text": label}
        for n, (_, label) in enumerate(periods)
        if (len(periods) - 1 - n) % every == 0
    ]
    y_ticks = [{"y": _n(scale.y(t)), "text": figure(t, unit)} for t in ticks]

    segments = []
    for number, segment in enumerate(analysis.segments):
        left = scale.x(index_of[segment.points[0].period]) - scale.half_step
        right = scale.x(index_of[segment.points[-1].period]) + scale.half_step
        lines = [("mean", segment.mean, f"Mean {figure(segment.mean, unit)}")]
        if segment.mean_moving_range is not None:
            lines += [
                ("limit", segment.upper_limit, f"Upper process limit {figure(segment.upper_limit, unit)}"),
                ("limit", segment.lower_limit, f"Lower process limit {figure(segment.lower_limit, unit)}"),
            ]
        segments.append(
            {
                "lines": [
                    {"kind": kind, "x1": _n(left), "x2": _n(right), "y": _n(scale.y(value)), "title": words}
                    for kind, value, words in lines
                ],
                "step_x": _n(left) if number else None,
                "step_label": f"Process change {segment.start:%b %Y}" if number else "",
            }
        )

    points = []
    for point in analysis.points:
        x, y = scale.x(index_of[point.period]), scale.y(point.value)
        kind = kind_of(point)
        rules = ", ".join(spc.RULE_WORDS[r] for r in spc.RULE_PRIORITY if r in point.rules)
        points.append(
            {
                "x": _n(x),
                "y": _n(y),
                "path": marker_path(SHAPES[kind], x, y),
                "colour": COLOURS[kind],
                "title": f"{dict(periods)[point.period]}: {figure(point.value, unit)}, {LEGEND[kind].lower()}"
                + (f" ({rules})" if rules else ""),
            }
        )
    line = " ".join(f"{p['x']},{p['y']}" for p in points)
    kinds = sorted({kind_of(p) for p in analysis.points}, key=list(SHAPES).index)
    # Two legend rows: the lines, then the kinds of point on this chart.
    legend = [
        {
            "path": marker_path(SHAPES[k], LEFT + 6 + 170 * n, HEIGHT - 12),
            "colour": COLOURS[k],
            "x": _n(LEFT + 16 + 170 * n),
            "text": LEGEND[k],
        }
        for n, k in enumerate(kinds)
    ]
    target = None
    if analysis.target is not None:
        y = scale.y(analysis.target)
        # The label sits just above the line (worked out here: the template's |add filter
        # cannot add to "182.3", and left the label at y="" on top of the chart).
        target = {"y": _n(y), "label_y": _n(y - 4), "text": f"Target {figure(analysis.target, unit)}"}
    return render_to_string(
        "reports/charts/_xmr_chart.html",
        {
            "id": chart_id,
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "bottom": HEIGHT - BOTTOM,
            "title": title,
            "desc": describe(analysis, periods, unit),
            "x_labels": x_labels,
            "x_label_y": HEIGHT - BOTTOM + 18,
            "y_ticks": y_ticks,
            "segments": segments,
            "points": points,
            "line": line,
            "legend": legend,
            "legend_y": HEIGHT - 8,
            "lines_legend_y": HEIGHT - 32,
            "target": target,
            "colours": {"target": TARGET_COLOUR, "line": "#9aa0a6", "mean": "#202124", "limit": "#5f6368"},
        },
    )


def describe(analysis: Analysis, periods, unit: str) -> str:
    """The chart in words, for its <desc>: span, mean and limits, then the reading."""
    if not periods:
        return analysis.reading
    span = f"{periods[0][1]} to {periods[-1][1]}"
    latest = analysis.latest
    if latest is None:
        return f"{span}. {analysis.reading}"
    limits = ""
    if latest.mean_moving_range is not None:
        limits = f", process limits {figure(latest.lower_limit, unit)} to {figure(latest.upper_limit, unit)}"
    return (
        f"{span}: {len(analysis.points)} points, mean {figure(latest.mean, unit)}{limits}. {analysis.reading}"
    )


# --- the icons ----------------------------------------------------------------------------------

VARIATION_ICONS = {
    Variation.COMMON: ("common", ""),
    Variation.IMPROVEMENT_HIGH: (spc.IMPROVEMENT, "H"),
    Variation.IMPROVEMENT_LOW: (spc.IMPROVEMENT, "L"),
    Variation.CONCERN_HIGH: (spc.CONCERN, "H"),
    Variation.CONCERN_LOW: (spc.CONCERN, "L"),
    Variation.NEITHER_HIGH: ("neither", "H"),
    Variation.NEITHER_LOW: ("neither", "L"),
}
ASSURANCE_ICONS = {
    Assurance.PASS: (spc.IMPROVEMENT, "P"),
    Assurance.FAIL: (spc.CONCERN, "F"),
    Assurance.HIT_AND_MISS: ("common", "?"),
}


def icons(analysis: Analysis) -> SafeString:
    """Both icons, each a small SVG with its label in words beside it."""
    found = []
    if analysis.variation is not None:
        kind, letter = VARIATION_ICONS[analysis.variation]
        found.append(
            {"colour": COLOURS[kind], "letter": letter, "label": analysis.variation_label, "wave": not letter}
        )
    if analysis.assurance is not None:
        kind, letter = ASSURANCE_ICONS[analysis.assurance]
        found.append(
            {"colour": COLOURS[kind], "letter": letter, "label": analysis.assurance_label, "wave": False}
        )
    return render_to_string("reports/charts/_icons.html", {"icons": found, "analysis": analysis})
