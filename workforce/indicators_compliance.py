"""The core's mandatory training compliance indicator, as boards see it. Registered with the others
by `indicators.register_core_indicators`; kept apart so that module stays readable. The figures
themselves come from workforce/compliance.py, as the matrix and the summary read them."""

from __future__ import annotations

from workforce.indicators import BreakdownRow, Formula, Tally, _restrict, measure, register


def register_compliance_indicator() -> None:
    """Mandatory training compliance as boards see it: of the courses people in post must hold
    (their role's, their staff group's, everyone's), the share held in date on the period's
    last day. It counts courses, not people: 9 of 10 courses in date counts 9 and 10."""
    from workforce import compliance
    from workforce.models import StaffMember

    def required_on(end):
        rules = compliance.Compliance(end)
        if not rules.columns:
            return None, None
        return rules, rules.annotate(StaffMember.objects.in_post(end))

    def by_course(start, end, population=None, unit=None):
        rules = compliance.Compliance(end)
        # The same restriction as value() applies to the tallies.
        counts = rules.counts(_restrict(Tally(StaffMember.objects.in_post(end)), population, unit))
        rows = []
        for column in rules.columns:
            compliant, required = compliance.compliant_and_required(counts[column.key])
            rows.append(BreakdownRow(column.key, column.course.title, measure(compliant, [required])))
        return rows

    @register(
        "workforce.mandatory_compliance",
        "Mandatory training compliance (required courses in date / required courses)",
        "%",
        breakdowns={"course": ("Course", by_course)},
        good="up",
        headline=True,
    )
    def mandatory_compliance(start, end):
        rules, staff = required_on(end)
        if rules is None:
            return None
        return Formula(
            Tally(staff, weight=rules.weight(compliance.COMPLIANT)),
            (Tally(staff, weight=rules.weight(compliance.REQUIRED)),),
        )
