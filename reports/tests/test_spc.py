"""XmR charts on hand-computed series: the limits, each special cause rule, each icon, the reading.

Every expected number is worked out by hand in the comment beside it; the series are built so
that exactly one rule fires (alternating values never make a run or a trend)."""

import datetime

import pytest

from reports import spc
from reports.spc import HIGH, LOW, NEAR_LIMIT, OUTSIDE, RUN, TREND, Assurance, Variation


def months(values, first=datetime.date(2023, 1, 1)):
    """(first day of the month, value) pairs, a month apart."""
    series = []
    for n, value in enumerate(values):
        year, month = divmod(first.month - 1 + n, 12)
        series.append((datetime.date(first.year + year, month + 1, 1), value))
    return series


def flagged(analysis):
    return {n: (sorted(p.rules), p.side) for n, p in enumerate(analysis.points) if p.special}


def test_mean_moving_range_limits_and_sigma_bands():
    analysis = spc.analyse(months([10, 12, 11, 13, 9]))
    (segment,) = analysis.segments
    # mean = (10 + 12 + 11 + 13 + 9) / 5 = 55 / 5 = 11
    assert segment.mean == 11
    # moving ranges |12-10|=2, |11-12|=1, |13-11|=2, |9-13|=4: (2 + 1 + 2 + 4) / 4 = 2.25
    assert segment.mean_moving_range == 2.25
    # limits 11 +/- 2.66 x 2.25 = 11 +/- 5.985
    assert segment.upper_limit == pytest.approx(16.985)
    assert segment.lower_limit == pytest.approx(5.015)
    # sigma = 2.25 / 1.128 = 1.99468; 1 sigma band 9.0053..12.9947, 2 sigma 7.0106..14.9894
    assert segment.sigma == pytest.approx(1.99468, abs=1e-5)
    assert segment.band(1) == pytest.approx((9.00532, 12.99468), abs=1e-5)
    assert segment.band(2) == pytest.approx((7.01064, 14.98936), abs=1e-5)
    # 3 sigma is the process limits (2.66 = 3 / 1.128, to rounding)
    assert segment.band(3) == pytest.approx((segment.lower_limit, segment.upper_limit), abs=0.01)
    assert flagged(analysis) == {}
    assert analysis.variation == Variation.COMMON


def test_a_point_outside_the_limits():
    analysis = spc.analyse(months([10, 20] * 8 + [60]), good="up")
    (segment,) = analysis.segments
    # mean = (8 x 30 + 60) / 17 = 300 / 17 = 17.647
    assert segment.mean == pytest.approx(17.647, abs=1e-3)
    # moving ranges: 15 of 10, then |60-20| = 40: 190 / 16 = 11.875
    assert segment.mean_moving_range == 11.875
    # upper limit 17.647 + 2.66 x 11.875 = 17.647 + 31.5875 = 49.235 < 60
    assert segment.upper_limit == pytest.approx(49.235, abs=1e-3)
    # 2 sigma above = 17.647 + 2 x 10.527 = 38.70: only the 60 is beyond it, so no "2 of 3"
    assert flagged(analysis) == {16: ([OUTSIDE], HIGH)}
    assert analysis.points[16].signal == spc.IMPROVEMENT
    assert analysis.variation == Variation.IMPROVEMENT_HIGH
    assert analysis.reading.startswith(
        "Special cause improvement: the latest month is above the upper process limit."
    )


def test_a_point_below_the_lower_limit_is_a_concern_when_higher_is_better():
    analysis = spc.analyse(months([-v for v in [10, 20] * 8 + [60]]), good="up")
    assert flagged(analysis) == {16: ([OUTSIDE], LOW)}
    assert analysis.variation == Variation.CONCERN_LOW


def test_a_run_of_seven_or_more_on_one_side_of_the_mean():
    values = [10, 12] * 4 + [12, 13, 12, 13, 12, 13, 12]
    analysis = spc.analyse(months(values), good="up")
    (segment,) = analysis.segments
    # mean = (4 x 22 + 87) / 15 = 175 / 15 = 11.667: the last base 12 and the 7 after it are above
    assert segment.mean == pytest.approx(11.667, abs=1e-3)
    # moving ranges: 7 of 2, 0 (12 -> 12), 6 of 1: 20 / 14 = 1.4286; 2 sigma above =
    # 11.667 + 2 x 1.2665 = 14.2, the upper limit 15.47: nothing beyond either
    assert segment.mean_moving_range == pytest.approx(20 / 14)
    assert flagged(analysis) == {n: ([RUN], HIGH) for n in range(7, 15)}
    assert analysis.variation == Variation.IMPROVEMENT_HIGH
    assert analysis.reading.startswith("Special cause improvement: 8 months above the mean.")


def test_six_points_on_one_side_are_not_a_run():
    values = [10, 12] * 4 + [13, 12, 13, 12, 13]  # the last base 12 and 5 more: 6 above
    assert flagged(spc.analyse(months(values))) == {}


def test_a_point_on_the_mean_ends_a_run():
    values = [10, 10, 10, 14, 14, 14, 12, 14, 14, 14, 14, 10, 10, 10, 10]
    # mean = (7 x 10 + 7 x 14 + 12) / 15 = 180 / 15 = 12: the 12 sits on the mean, splitting the
    # 14s into 3 and 4 above it, never 7
    analysis = spc.analyse(months(values))
    assert analysis.segments[0].mean == 12
    assert all(RUN not in p.rules for p in analysis.points)
    # With 13 instead: mean (181 / 15 = 12.07) below it, so 3 + 1 + 4 = 8 above in a row
    values[6] = 13
    assert [n for n, p in enumerate(spc.analyse(months(values)).points) if RUN in p.rules] == list(
        range(3, 11)
    )


def test_six_points_rising_is_a_trend():
    values = [10, 14] * 4 + [9, 10, 11, 12, 13, 14]
    analysis = spc.analyse(months(values), good="up")
    (segment,) = analysis.segments
    # mean = (4 x 24 + 69) / 14 = 165 / 14 = 11.786
    assert segment.mean == pytest.approx(11.786, abs=1e-3)
    # moving ranges: 7 of 4, |9-14| = 5, 5 of 1: 38 / 13 = 2.923; limits 11.786 +/- 7.775
    # (4.01..19.56) and 2 sigma 11.786 +/- 5.18: nothing beyond; runs at most 3 long
    assert segment.mean_moving_range == pytest.approx(38 / 13)
    assert flagged(analysis) == {n: ([TREND], HIGH) for n in range(8, 14)}
    assert analysis.reading.startswith("Special cause improvement: 6 months in a row rising.")


def test_six_points_falling_is_a_concern_when_higher_is_better():
    values = [14, 10] * 4 + [15, 14, 13, 12, 11, 10]
    analysis = spc.analyse(months(values), good="up")
    assert {n for n, (rules, side) in flagged(analysis).items() if TREND in rules and side == LOW} == set(
        range(8, 14)
    )
    assert analysis.variation == Variation.CONCERN_LOW


def test_five_points_rising_are_not_a_trend():
    values = [10, 14] * 4 + [10, 11, 12, 13, 14]
    assert all(TREND not in p.rules for p in spc.analyse(months(values)).points)


def test_two_of_three_beyond_two_sigma():
    values = [10, 12] * 10 + [16, 11, 16]
    analysis = spc.analyse(months(values), good="down")
    (segment,) = analysis.segments
    # mean = (10 x 22 + 43) / 23 = 263 / 23 = 11.4348
    assert segment.mean == pytest.approx(11.4348, abs=1e-4)
    # moving ranges: 19 of 2, |16-12| = 4, |11-16| = 5, |16-11| = 5: 52 / 22 = 2.3636
    assert segment.mean_moving_range == pytest.approx(52 / 22)
    # sigma = 2.3636 / 1.128 = 2.0954; 2 sigma above = 15.6256 < 16 < upper limit 17.722
    assert segment.band(2)[1] == pytest.approx(15.6256, abs=1e-4)
    assert segment.upper_limit == pytest.approx(17.722, abs=1e-3)
    assert flagged(analysis) == {20: ([NEAR_LIMIT], HIGH), 22: ([NEAR_LIMIT], HIGH)}
    # Lower is better: high is a concern.
    assert analysis.variation == Variation.CONCERN_HIGH
    assert analysis.reading.startswith("Special cause concern: 2 of 3 months above the mean")


def test_one_of_three_beyond_two_sigma_is_not_a_signal():
    values = [10, 12] * 10 + [16, 11, 12]
    assert all(NEAR_LIMIT not in p.rules for p in spc.analyse(months(values)).points)


def test_a_run_below_the_mean_is_an_improvement_when_lower_is_better():
    values = [-v for v in [10, 12] * 4 + [12, 13, 12, 13, 12, 13, 12]]
    analysis = spc.analyse(months(values), good="down")
    assert analysis.variation == Variation.IMPROVEMENT_LOW
    assert analysis.points[-1].signal == spc.IMPROVEMENT


def test_without_a_direction_a_special_cause_is_neither():
    values = [10, 12] * 4 + [12, 13, 12, 13, 12, 13, 12]  # the run above
    analysis = spc.analyse(months(values), good=None)
    assert analysis.variation == Variation.NEITHER_HIGH
    assert analysis.points[-1].signal == spc.NEUTRAL
    assert analysis.reading.startswith("Special cause variation:")
    mirrored = spc.analyse(months([-v for v in values]), good=None)
    assert mirrored.variation == Variation.NEITHER_LOW


# --- assurance: where the target sits against the limits 5.015..16.985 of 10, 12, 11, 13, 9 ----

LIMITS_SERIES = months([10, 12, 11, 13, 9])


@pytest.mark.parametrize(
    ("good", "target", "icon"),
    [
        ("up", 12, Assurance.HIT_AND_MISS),  # 5.015 <= 12 <= 16.985
        ("down", 12, Assurance.HIT_AND_MISS),
        ("up", 4, Assurance.PASS),  # every point will be above 4
        ("up", 20, Assurance.FAIL),  # no point will reach 20
        ("down", 4, Assurance.FAIL),  # lower is better: no point will get down to 4
        ("down", 20, Assurance.PASS),
        (None, 12, Assurance.HIT_AND_MISS),
        (None, 20, None),  # beyond the limits, but passing needs a direction
        ("up", None, None),  # no target, no assurance
    ],
)
def test_assurance_icon(good, target, icon):
    analysis = spc.analyse(LIMITS_SERIES, good=good, target=target)
    assert analysis.assurance == icon


def test_the_reading_of_common_cause_with_a_target_inside_the_limits():
    analysis = spc.analyse(LIMITS_SERIES, good="up", target=12, unit="%")
    assert analysis.reading.startswith(
        "Common cause variation: the target of 12% lies within the limits, "
        "so it will be hit and missed at random. The figure varies at random between 5% and 17% "
        "around a mean of 11%."
    )


def test_the_reading_of_a_target_above_the_limits():
    analysis = spc.analyse(LIMITS_SERIES, good="up", target=20, unit="%")
    assert "the target of 20% lies above the upper limit, so the process will consistently fail it" in (
        analysis.reading
    )


def test_fewer_than_fifteen_points_make_the_limits_provisional():
    assert spc.analyse(LIMITS_SERIES).is_provisional
    assert "with only 5 months the limits are provisional" in spc.analyse(LIMITS_SERIES).reading.lower()
    assert not spc.analyse(months([10, 12] * 8)).is_provisional


def test_a_process_change_recalculates_the_limits_from_its_date():
    series = months([10, 12] * 5 + [20, 22] * 5)
    change = series[10][0]
    # Without the change, the last 10 points all sit above the mean of 16: a run.
    assert any(RUN in p.rules for p in spc.analyse(series).points)
    analysis = spc.analyse(series, changes=[change])
    first, second = analysis.segments
    # Each segment's mean: (10 + 12) / 2 = 11 and (20 + 22) / 2 = 21; moving ranges 9 of 2 in each
    # (the jump 12 -> 20 belongs to neither): limits 11 +/- 5.32 and 21 +/- 5.32
    assert (first.mean, first.mean_moving_range) == (11, 2)
    assert (second.mean, second.mean_moving_range) == (21, 2)
    assert second.start == change
    assert flagged(analysis) == {}
    assert "Limits recalculated from November 2023" in analysis.reading


def test_figures_that_cannot_be_told_are_left_out():
    series = [*LIMITS_SERIES[:2], (datetime.date(2023, 3, 1), None), *LIMITS_SERIES[3:]]
    analysis = spc.analyse(series)
    assert [p.value for p in analysis.points] == [10, 12, 13, 9]


def test_no_points_no_icons():
    analysis = spc.analyse([], target=90)
    assert (analysis.variation, analysis.assurance) == (None, None)
    assert analysis.reading == "No figures to read yet."


def test_a_wrong_direction_is_refused():
    with pytest.raises(ValueError):
        spc.analyse(LIMITS_SERIES, good="sideways")


def test_a_flat_series_is_common_cause():
    # 85.7 summed 20 times in floating point is not exactly 20 x 85.7: no point may read as above it.
    analysis = spc.analyse(months([85.7] * 20), good="up", target=90)
    assert flagged(analysis) == {}
    assert analysis.variation == Variation.COMMON
    assert analysis.segments[0].mean_moving_range == 0
    assert analysis.assurance == Assurance.FAIL  # limits 85.7..85.7, target above
