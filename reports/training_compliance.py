"""The training compliance report: required training in date, by course and by unit.

Every figure comes from `workforce.compliance.Compliance` (the one status calculation) through
`Compliance.counts` (one grouped query for both tables) and `compliant_and_required`, and the
headline equals the registry's own `workforce.mandatory_compliance` indicator (the tests hold
them equal), the figure the indicator pages and a plan target linked to it show; it is the
course rows' total rather than worked out again.

Board papers are published: a unit's row resting on 1 to 4 people or courses shows "*"
instead of its figures (`indicators.Measure.suppressed`), as the indicator pages do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.db.models.functions import Substr
from django.utils import timezone

from reports.kinds import Report, ReportKind, ReportUnavailable, Section
from reports.pdf import long_date
from workforce import compliance, indicators
from workforce.compliance import Status
from workforce.forms.staff import DateInput
from workforce.models import OrgUnit, StaffMember

INDICATOR = "workforce.mandatory_compliance"
# The status columns the tables show, worst first; "due" (new starters) is not yet required.
SHOWN = (Status.EXPIRED, Status.MISSING, Status.BOOKED, Status.EXPIRING, Status.VALID, Status.DUE)


class TrainingComplianceForm(forms.Form):
    as_at = forms.DateField(label="As at", widget=DateInput(), help_text="Compliance on this day.")
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.filter(is_archived=False).order_by("path"),
        required=False,
        label="Organisation unit",
        empty_label="The whole organisation",
        help_text="This unit and every unit below it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_at"].initial = timezone.localdate()

    def clean_as_at(self):
        day = self.cleaned_data["as_at"]
        if day > timezone.localdate():
            raise forms.ValidationError("Compliance can only be reported up to today.")
        return day

    def params(self) -> dict:
        unit = self.cleaned_data.get("unit")
        return {"as_at": self.cleaned_data["as_at"].isoformat(), "unit": unit.pk if unit else None}

    @staticmethod
    def describe(params: dict) -> str:
        import datetime

        where = "The whole organisation"
        if params.get("unit"):
            where = (
                OrgUnit.objects.filter(pk=params["unit"]).values_list("name", flat=True).first()
                or "A deleted unit"
            )
        return f"{where}, as at {long_date(datetime.date.fromisoformat(params['as_at']))}"


@dataclass
class Row:
    """One line of a table: a course or a unit, its status counts and its compliance."""

    label: str
    statuses: Counter
    measure: indicators.Measure

    @property
    def cells(self) -> list[int]:
        return [self.statuses[status] for status in SHOWN]

    @property
    def compliant(self):
        return self.measure.numerator

    @property
    def required(self):
        return self.measure.denominator


def _row(label: str, statuses: Counter, *, suppress: bool = False) -> Row:
    compliant, required = compliance.compliant_and_required(statuses)
    measure = indicators.measure(compliant, [required])
    return Row(label, statuses, measure.suppressed() if suppress else measure)


def build(params: dict) -> Report:
    import datetime

    on = datetime.date.fromisoformat(params["as_at"])
    unit = None
    if params.get("unit"):
        unit = OrgUnit.objects.filter(pk=params["unit"]).first()
        if unit is None:
            raise ReportUnavailable("The organisation unit this report was asked for has been deleted.")
    rules = compliance.Compliance(on)
    if not rules.columns:
        raise ReportUnavailable(
            "No training is required of anyone yet (Organisation > Training requirements), so there "
            "is no compliance to report."
        )
    staff = StaffMember.objects.in_post(on)
    if unit is not None:
        staff = staff.filter(org_unit__path__startswith=unit.path)
    # One grouped query gives both tables: each unit's counts, summed here for each course's.
    # (A large trust's statuses take a second or more to work out; three queries took three.)
    labels, width = indicators.unit_groups(unit)
    per_unit = rules.counts(staff, group=Substr("org_unit__path", 1, width))
    per_course = {column.key: Counter() for column in rules.columns}
    for columns in per_unit.values():
        for key, statuses in columns.items():
            per_course[key].update(statuses)
    courses = [_row(column.course.title, per_course[column.key]) for column in rules.columns]

    units = []
    unlabelled = Counter()
    for path, columns in per_unit.items():
        if path not in labels:
            unlabelled.update(sum(columns.values(), Counter()))
    for path, label in labels.items():
        statuses = sum(per_unit.get(path, {}).values(), Counter())
        units.append(_row(label, statuses, suppress=True))
    if unlabelled:
        units.append(_row(indicators.NOT_RECORDED, unlabelled, suppress=True))
    totals = _row("All", sum((row.statuses for row in courses), Counter()))
    # The indicator's own figure is these same counts (its formula weighs each person's statuses
    # as `compliant_and_required` does; a test holds them equal): not worked out a second time.
    overall = totals.measure
    people = staff.count()
    where = unit.name if unit else "the whole organisation"
    status_labels = [Status(status).label for status in SHOWN]
    summary = {
        "overall": overall,
        "totals": totals,
        "people": people,
        "courses": len(courses),
        "where": where,
        "on": on,
        "worst": sorted(
            (row for row in courses if row.measure.value is not None), key=lambda row: row.measure.value
        )[:3],
    }
    common = {"status_labels": status_labels, "totals": totals}
    sections = [
        Section("summary", "Summary", "reports/pdf/compliance/summary.html", summary),
        Section(
            "courses",
            "Compliance by course",
            "reports/pdf/compliance/table.html",
            {**common, "rows": courses, "first_header": "Course", "show_total": True},
        ),
        Section(
            "units",
            "Compliance by unit",
            "reports/pdf/compliance/table.html",
            {**common, "rows": units, "first_header": "Unit", "show_total": True, "suppressible": True},
        ),
        Section("method", "How compliance is worked out", "reports/pdf/compliance/method.html", {}),
    ]
    value = f"{overall.value}%" if overall.value is not None else "not known"
    return Report(
        title="Training compliance report",
        subject=where[0].upper() + where[1:],
        period=f"As at {long_date(on)}",
        sections=sections,
        as_at=on,
        summary_lines=[
            f"Mandatory training compliance: {value}",
            f"{totals.compliant:,} of {totals.required:,} required courses in date; "
            f"{people:,} people in post",
        ],
    )


KIND = ReportKind(
    key="training_compliance",
    title="Training compliance report",
    description="Required training in date, by course and by unit, on a day you choose.",
    form_class=TrainingComplianceForm,
    build=build,
)
