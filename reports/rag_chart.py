"""The RAG-by-priority bar chart of the board report, as inline SVG.

Drawn here with a few lines of SVG rather than a charting library: it is one stacked bar per
priority, WeasyPrint draws SVG natively (so the PDF keeps it as vectors), and its <title>
becomes the figure's alternative text in the tagged PDF. Each segment carries its count and
the legend names every colour, so the chart reads without colour too.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actionplans.rag import RAG_ORDER, RAGState

# Print colours (NHS identity palette); text colour chosen for contrast on each.
FILL = {
    RAGState.RED: ("#d5281b", "#ffffff"),
    RAGState.AMBER: ("#ffb81c", "#212b32"),
    RAGState.GREEN: ("#007f3b", "#ffffff"),
    RAGState.NO_UPDATE: ("#d8dde0", "#212b32"),
    RAGState.COMPLETE: ("#005eb8", "#ffffff"),
}
WIDTH = 680
LABEL_WIDTH = 110
TOTAL_WIDTH = 40
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LEGEND_HEIGHT = 30
MIN_LABELLED = 18  # narrower segments carry no number (the table beside the chart has them all)
# Text styles as SVG attributes: WeasyPrint's SVG renderer does not read the page's stylesheet.
FONT = 'font-family="Liberation Sans, Arial, sans-serif" fill="#212b32"'
TEXT = f'{FONT} font-size="11"'
LEGEND = f'{FONT} font-size="10.5"'
COUNT = (
    'font-family="Liberation Sans, Arial, sans-serif" font-size="10" font-weight="bold" text-anchor="middle"'
)


def _label(priority, index: int, word: str) -> str:
    return f"{word} {priority.number}" if priority.number else f"{word} {index}"


def rag_bars(rows, priority_word: str = "Priority") -> SafeString:
    """`rows` as `rag_by_priority` returns them: [(priority, [(rag, count)], total, _)]."""
    most = max((total for _, _, total, _ in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - TOTAL_WIDTH
    height = LEGEND_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 4
    parts = []
    x = 0
    for rag in RAG_ORDER:  # the legend: a swatch and the word for each RAG
        fill, _ = FILL[rag]
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{fill}" stroke="#4c6272" stroke-width="0.5"/>'
            f'<text x="{x + 19}" y="15" {LEGEND}>{escape(rag.label)}</text>'
        )
        x += 34 + 6 * len(rag.label)
    spoken = []
    for index, (priority, counts, total, _) in enumerate(rows, start=1):
        y = LEGEND_HEIGHT + (index - 1) * ROW_HEIGHT
        label = _label(priority, index, priority_word)
        parts.append(f'<text x="0" y="{y + 13}" {TEXT}>{escape(label)}</text>')
        left = LABEL_WIDTH
        for rag, count in counts:
            if not count:
                continue
            width = count * bar_space / most
            fill, ink = FILL[rag]
            parts.append(
                f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{fill}"/>'
            )
            if width >= MIN_LABELLED:
                parts.append(
                    f'<text x="{left + width / 2:.1f}" y="{y + 13}" {COUNT} fill="{ink}">{count}</text>'
                )
            left += width
        parts.append(f'<text x="{WIDTH - TOTAL_WIDTH + 6}" y="{y + 13}" {TEXT}>{total}</text>')
        said = ", ".join(f"{count} {rag.label.lower()}" for rag, count in counts if count) or "no actions"
        spoken.append(f"{label}: {said}")
    if not rows:
        parts.append(f'<text x="0" y="{LEGEND_HEIGHT + 13}" {TEXT}>No {priority_word.lower()} yet</text>')
    title = f"Actions by RAG status for each {priority_word.lower()}. " + "; ".join(spoken) + "."
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308  every text in it is escaped above
