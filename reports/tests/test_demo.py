"""The demo's measuring-success story: three years of training history worked out from records,
with a baseline, a target, a process change and a special cause signal."""

import datetime

from reports import demo
from reports.figures import figures_for
from reports.models import Baseline, ProcessChange, Target
from workforce.demo import load_all
from workforce.models import TrainingRecord

TODAY = datetime.date(2026, 5, 14)


def test_three_years_of_compliance_with_a_signal_baseline_and_target(db):
    load_all(TODAY)
    figures = figures_for(demo.COMPLIANCE, today=TODAY)
    values = [row.measure.value for row in figures.rows]
    assert len(values) == 36 and None not in values
    # Before the reminders, compliance sat in the low to mid 80s; after, in the 90s.
    assert max(values[:12]) < 90 < min(values[20:30])
    assert any(point.special for point in figures.analysis.points)
    assert len(figures.analysis.segments) == 2  # the reminders, recorded as a process change
    baseline = Baseline.objects.get(indicator_key=demo.COMPLIANCE)
    assert baseline.period_start == datetime.date(2024, 5, 1)
    assert baseline.value == values[12]  # captured by the registry, as the page computes it
    assert Target.objects.get(indicator_key=demo.COMPLIANCE).value == 90
    assert figures.analysis.assurance is not None

    # Loading again writes nothing (the core keeps its own, latest, record of each course).
    records = TrainingRecord.objects.count()
    load_all(TODAY)
    assert TrainingRecord.objects.count() == records
    assert (Baseline.objects.count(), Target.objects.count(), ProcessChange.objects.count()) == (1, 1, 1)
