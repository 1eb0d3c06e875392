"""The report schedule form: the report kind's own form (less its dates), when, and to whom.

The kind's fields are shown under names prefixed `report_` (a kind may well have a field called
"period" or "title" of its own); its date fields are left out, since a schedule's dates are
relative ("the previous month"). On save the kind's form is run with the chosen values and the
dates a firing today would give, so what it refuses (a plan that is required) is refused here,
next to the field, rather than failing on the 1st of next month.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reports import kinds, schedules
from reports.schedule_models import ReportSchedule
from workforce.access import users_with_access
from workforce.permissions import ABILITIES, NOT_FOR_SUPERUSERS

PREFIX = "report_"
Frequency = ReportSchedule.Frequency


def eligible_recipients(kind: kinds.ReportKind):
    """People with a login who may download this kind of report (and can be emailed)."""
    may = Q(groups__name__in=ABILITIES[kind.ability])
    if kind.ability not in NOT_FOR_SUPERUSERS:
        may |= Q(is_superuser=True)
    return users_with_access().filter(may).distinct().order_by("first_name", "last_name", "username")


class RecipientsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user) -> str:
        return f"{user.get_full_name() or user.username} ({user.email})"


def _json_value(value):
    """A cleaned value as the kind's form takes it back as data: ids for rows, ISO for dates."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, (datetime.date, Decimal)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _words(field: forms.Field, value) -> str:
    """A chosen value as the form showed it: the row's name, the choice's label, "yes"/"no"."""
    if value is None or value == "" or (isinstance(value, (models.QuerySet, list, tuple)) and not value):
        # `empty_words`: what choosing nothing means ("Every active plan"), when not "none".
        return getattr(field, "empty_words", None) or getattr(field, "empty_label", None) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (models.QuerySet, list, tuple)):
        return ", ".join(_words(field, item) for item in value)
    if isinstance(value, models.Model):
        return str(value)
    labels = {
        str(key): label for key, label in getattr(field, "choices", ()) if not isinstance(label, list | tuple)
    }
    return str(labels.get(str(value), value))


class ScheduleForm(forms.ModelForm):
    recipients = RecipientsField(
        queryset=None,
        help_text="Each gets an email with the link when the report is ready. Only people who may "
        "download board reports are listed.",
    )

    class Meta:
        model = ReportSchedule
        fields = ["title", "period", "frequency", "weekday", "day_of_month", "send_at", "recipients"]
        labels = {"weekday": "Day of the week", "day_of_month": "Day of the month"}
        help_texts = {
            "period": "Worked out afresh each time it is sent.",
            "frequency": "The first working day is the 1st, or the Monday after it when the 1st is a "
            "Saturday or Sunday (bank holidays are not skipped).",
            "weekday": "For weekly schedules.",
            "day_of_month": "For monthly schedules: 1 to 31. In a month without that day it is sent on "
            "the month's last day.",
            "send_at": "Sent within a quarter of an hour of this time (UK time).",
        }
        widgets = {
            "send_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_of_month": forms.NumberInput(attrs={"min": 1, "max": 31}),
        }

    def __init__(self, *args, kind: kinds.ReportKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.dates = schedules.date_fields(kind.form_class)
        saved = self.instance.report_data if self.instance.pk else {}
        report_fields = {}
        for name, field in kind.form_class().fields.items():
            if name in self.dates:
                continue
            if name in saved:
                field.initial = saved[name]
            report_fields[PREFIX + name] = field
        ordered = {"title": self.fields["title"], **report_fields}
        if self.dates:
            ordered["period"] = self.fields["period"]
        for name in ("frequency", "weekday", "day_of_month", "send_at", "recipients"):
            ordered[name] = self.fields[name]
        self.fields = ordered
        self.fields["recipients"].queryset = eligible_recipients(kind)
        self.fields["weekday"].required = self.fields["day_of_month"].required = False
        if not self.instance.pk:
            self.fields["title"].initial = kind.title

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        day = data.get("day_of_month")
        if frequency == Frequency.WEEKLY and data.get("weekday") is None:
            self.add_error("weekday", "Choose the day of the week it is sent on.")
        if frequency == Frequency.MONTHLY and not day:
            self.add_error("day_of_month", "Choose the day of the month it is sent on (1 to 31).")
        elif day is not None and not 1 <= day <= 31:
            self.add_error("day_of_month", "A day of the month is from 1 to 31.")
        # Only the day its frequency uses is kept, so the list never shows a stale one.
        if frequency != Frequency.WEEKLY:
            data["weekday"] = None
        if frequency != Frequency.MONTHLY:
            data["day_of_month"] = None
        self._check_report(data)
        return data

    def _check_report(self, data) -> None:
        """Run the kind's own form on these choices, with the dates a firing today would give."""
        names = [name for name in self.fields if name.startswith(PREFIX)]
        if any(name in self.errors for name in names) or ("period" in self.fields and not data.get("period")):
            return
        self.report_data = {name.removeprefix(PREFIX): _json_value(data.get(name)) for name in names}
        period = data.get("period") or ReportSchedule.Period.PREVIOUS_MONTH
        report = schedules.kind_form(self.kind, self.report_data, period, timezone.localdate())
        if report.is_valid():
            self.report_choices = "; ".join(
                f"{self.fields[name].label}: {_words(self.fields[name], data.get(name))}" for name in names
            )[:500]
            return
        for name, errors in report.errors.items():
            if PREFIX + name in self.fields:
                self.add_error(PREFIX + name, errors)
            elif name in self.dates:
                self.add_error("period", [f"With this period, the report says: {error}" for error in errors])
            else:
                self.add_error(None, errors)

    def save(self, commit: bool = True) -> ReportSchedule:
        schedule = super().save(commit=False)
        schedule.kind_key = self.kind.key
        schedule.report_data = self.report_data
        schedule.report_choices = self.report_choices
        if not self.dates:
            schedule.period = ReportSchedule.Period.SENT_ON
        timing = {"frequency", "weekday", "day_of_month", "send_at"}
        if not self.instance.pk or timing & set(self.changed_data):
            schedules.start_from_next_period(schedule, timezone.now())
        if commit:
            schedule.save()
            self.save_m2m()
        return schedule
