"""The gap chart: required vs current level per competency, as inline SVG drawn on the server.

Readable without colour: the required level is an outlined, dashed bar and the current level a
solid one, each bar ends with its number and word ("required 2", "current 1", "not assessed"),
the legend says which is which, and <title>/<desc> give the whole chart in words for screen
readers (the table of gaps beside it says the same again). Geometry only; the template draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LEVEL = 4
WIDTH = 640
LABEL_WIDTH = 210
BAR_SPACE = 300
ROW_HEIGHT = 46
BAR_HEIGHT = 14
TOP = 34  # room for the legend


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    required_width: float
    current_width: float | None
    required_text: str
    current_text: str

    @property
    def required_text_x(self) -> float:
        return LABEL_WIDTH + self.required_width + 6

    @property
    def current_text_x(self) -> float:
        return LABEL_WIDTH + (self.current_width or 0) + 6


def level_width(level: int) -> float:
    return round(level * BAR_SPACE / MAX_LEVEL, 1)


def gap_chart(found_gaps, chart_id: str = "gap-chart") -> dict:
    rows = []
    spoken = []
    for index, gap in enumerate(found_gaps):
        current = None if gap.current is None else level_width(gap.current)
        current_text = "not assessed" if gap.current is None else f"current {gap.current}"
        rows.append(
            ChartRow(
                label=gap.competency.name,
                y=TOP + index * ROW_HEIGHT,
                required_width=level_width(gap.required),
                current_width=current,
                required_text=f"required {gap.required}",
                current_text=current_text,
            )
        )
        spoken.append(f"{gap.competency.name}: {gap.words.lower()}")
    ticks = [{"x": LABEL_WIDTH + level_width(level), "text": str(level)} for level in range(MAX_LEVEL + 1)]
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 18
    return {
        "id": chart_id,
        "width": WIDTH,
        "height": height,
        "left": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "axis_y": height - 6,
        "rows": rows,
        "ticks": ticks,
        "title": "Skills gap chart: required level against current level, per competency (levels 0 to 4)",
        "desc": "; ".join(spoken) or "No competencies are required for this stage.",
    }
