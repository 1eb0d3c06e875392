"""The XmR chart and the icons as SVG: what is drawn, its alternative text, and no inline styles."""

import re
import xml.etree.ElementTree as ET

import pytest

from reports import charts, spc
from reports.tests.test_spc import months

SVG = "{http://www.w3.org/2000/svg}"
RUN_SERIES = months([10, 12] * 4 + [12, 13, 12, 13, 12, 13, 12])


def periods_of(series):
    return [(start, f"{start:%b %y}") for start, _ in series]


def parse(svg: str):
    return ET.fromstring(svg)


def test_nice_ticks():
    # (17 - 5) / 5 = 2.4 a step: rounded up to 5
    assert charts.nice_ticks(5.0, 17.0) == [5, 10, 15, 20]
    # (94.6 - 80.2) / 5 = 2.88: 5 again, from the multiple of 5 below 80.2
    assert charts.nice_ticks(80.2, 94.6) == [80, 85, 90, 95]
    # (0.9 - 0.1) / 5 = 0.16: 0.2
    assert charts.nice_ticks(0.1, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_the_chart_draws_each_point_with_its_shape_and_words():
    analysis = spc.analyse(RUN_SERIES, good="up", target=14)
    svg = str(charts.xmr_chart(analysis, periods_of(RUN_SERIES), title="Training compliance", chart_id="c1"))
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Training compliance"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Jan 23 to Mar 24: 15 points, mean 11.7")
    assert "Special cause improvement: 8 months above the mean." in desc
    point_titles = [t.text for t in root.iter(f"{SVG}title") if re.match(r"\w{3} \d\d: ", t.text or "")]
    assert len(point_titles) == 15
    assert point_titles[0] == "Jan 23: 10, common cause"
    assert (
        point_titles[-1]
        == "Mar 24: 12, special cause: improvement (a run of 7 or more on one side of the mean)"
    )
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    # The legend names every kind of point shown, and the lines.
    assert "Common cause" in text and "Special cause: improvement" in text and "Target 14" in text
    assert "Mean" in text and "Process limits" in text
    # The target's label sits just above its line (it once had y="", at the chart's top).
    line = next(n for n in root.iter(f"{SVG}line") if (n.findtext(f"{SVG}title") or "") == "Target 14")
    label = next(n for n in root.iter(f"{SVG}text") if n.text == "Target 14" and n.get("font-weight"))
    assert float(label.get("y")) == pytest.approx(float(line.get("y1")) - 4)
    # Colour and shape: the improvement points are squares (a path with h/v steps), blue.
    improvement = [p for p in root.iter(f"{SVG}path") if p.get("fill") == charts.COLOURS[spc.IMPROVEMENT]]
    assert len(improvement) == 8 + 1  # 8 points and the legend's marker
    assert all(" h" in p.get("d") for p in improvement)
    assert "style=" not in svg


def test_a_process_change_is_drawn_as_a_step():
    series = months([10, 12] * 5 + [20, 22] * 5)
    analysis = spc.analyse(series, changes=[series[10][0]])
    root = parse(str(charts.xmr_chart(analysis, periods_of(series), title="Starters")))
    means = [
        line for line in root.iter(f"{SVG}line") if (line.findtext(f"{SVG}title") or "").startswith("Mean")
    ]
    assert [m.findtext(f"{SVG}title") for m in means] == ["Mean 11", "Mean 21"]
    # The second mean starts where the first ends, higher up the page (a smaller y).
    assert means[0].get("x2") == means[1].get("x1")
    assert float(means[1].get("y1")) < float(means[0].get("y1"))
    assert "Process change Nov 2023" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_period_without_a_figure_leaves_a_gap_on_the_axis():
    series = [*RUN_SERIES[:3], (RUN_SERIES[3][0], None), *RUN_SERIES[4:]]
    analysis = spc.analyse(series)
    root = parse(str(charts.xmr_chart(analysis, periods_of(series), title="x")))
    xs = [float(p.split(",")[0]) for p in root.find(f"{SVG}polyline").get("points").split()]
    steps = [round(b - a, 1) for a, b in zip(xs, xs[1:], strict=False)]
    assert len(xs) == 14 and steps[2] == 2 * steps[0]


def test_icons_carry_their_words():
    analysis = spc.analyse(RUN_SERIES, good="up", target=14)
    html = str(charts.icons(analysis))
    assert "Special cause improvement (high)" in html
    assert "Hit and miss: the target lies within the limits" in html
    assert ">H</text>" in html and ">?</text>" in html
    assert 'aria-hidden="true"' in html and "style=" not in html
    no_target = str(charts.icons(spc.analyse(months([10, 12, 11, 13, 9]))))
    assert "Common cause variation" in no_target and "target" not in no_target.lower()


def test_a_flat_series_gets_room_on_the_axis():
    analysis = spc.analyse(months([85.7] * 20))
    root = parse(str(charts.xmr_chart(analysis, periods_of(months([85.7] * 20)), title="x", unit="%")))
    labels = [t.text for t in root.iter(f"{SVG}text") if (t.text or "").endswith("%")]
    assert "85%" in labels and "86%" in labels
