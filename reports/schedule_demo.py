"""Demo data for report schedules: the monthly board pack (or, before the board pack kind
exists, the training compliance report), set up by the L&D manager for the director and
themselves, on the first working day of each month. Called from reports/demo.py; idempotent."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from reports import kinds, schedules
from reports.schedule_forms import _words
from reports.schedule_models import ReportSchedule

PREFERRED = ("board_pack", "training_compliance")


def _choices(kind: kinds.ReportKind) -> dict:
    """The kind's own choices for the demo: the first row of each list (the demo's plan)."""
    data = {}
    dates = schedules.date_fields(kind.form_class)
    for name, field in kind.form_class().fields.items():
        if name in dates:
            continue
        if isinstance(field, forms.ModelChoiceField) and field.required:
            first = field.queryset.first()
            data[name] = first.pk if first else None
        else:
            data[name] = field.initial
    return data


def _in_words(kind: kinds.ReportKind, data: dict) -> str:
    fields = kind.form_class().fields
    words = []
    for name, value in data.items():
        field = fields[name]
        if isinstance(field, forms.ModelChoiceField) and value is not None:
            value = field.queryset.filter(pk=value).first()
        words.append(f"{field.label}: {_words(field, value)}")
    return "; ".join(words)[:500]  # as the schedule form keeps it


def load_schedule(core) -> None:
    ld, director = core.people["ld"].user, core.people["director"].user
    period = ReportSchedule.Period.PREVIOUS_MONTH
    for key in PREFERRED:
        try:
            kind = kinds.get(key)
        except KeyError:
            continue
        data = _choices(kind)
        if schedules.kind_form(kind, data, period, timezone.localdate()).is_valid():
            break
    else:
        return
    schedule, created = core.upsert(
        ReportSchedule,
        {"title": f"Monthly {kind.title[0].lower()}{kind.title[1:]}"},
        {
            "kind_key": kind.key,
            "report_data": data,
            "report_choices": _in_words(kind, data),
            "period": period,
            "frequency": ReportSchedule.Frequency.FIRST_WORKING_DAY,
            "owner": ld,
        },
    )
    if created:
        # The demo should not send a report the moment beat starts: from next month's.
        schedules.start_from_next_period(schedule, timezone.now())
        schedule.save(update_fields=["last_fired_period"])
        schedule.recipients.set([director, ld])
