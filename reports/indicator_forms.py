"""The L&D manager's forms on an indicator: capture a baseline, set a target, record a process
change. Each is bound to one indicator (its key is in the URL, never in the form)."""

from __future__ import annotations

import datetime

from django import forms

from reports.models import Baseline, ProcessChange, Target
from workforce import indicators

DATE = forms.DateInput(attrs={"type": "date"})


class BaselineForm(forms.ModelForm):
    class Meta:
        model = Baseline
        fields = ["period_start", "period_end", "note"]
        labels = {"period_start": "Period from", "period_end": "Period to (the same day for a single date)"}
        widgets = {"period_start": DATE, "period_end": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, indicator, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.user = indicator, user

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period is before its start.")
        elif end and end >= datetime.date.today():
            self.add_error(
                "period_end", "A baseline is captured for a period that has ended: choose a past date."
            )
        elif start and end:
            self.measure = indicators.value(self.indicator.key, start, end)
            if self.measure.value is None:
                self.add_error(
                    None, "No figure can be worked out for that period, so there is nothing to capture."
                )
        return cleaned

    def save(self, commit=True):
        baseline = super().save(commit=False)
        baseline.indicator_key = self.indicator.key
        baseline.value, baseline.numerator, baseline.denominator = (
            self.measure.value,
            self.measure.numerator,
            self.measure.denominator,
        )
        baseline.captured_by = self.user
        if commit:
            baseline.save()
        return baseline


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["value", "by_date", "note"]
        labels = {"value": "Target value", "by_date": "To reach by"}
        widgets = {"by_date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, indicator, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.user = indicator, user
        if indicator.unit == "%":
            self.fields["value"].help_text = "A percentage, from 0 to 100."

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("A target cannot be below zero.")
        if self.indicator.unit == "%" and value > 100:
            raise forms.ValidationError("A percentage target cannot be above 100.")
        return value

    def clean_by_date(self):
        by_date = self.cleaned_data["by_date"]
        if Target.objects.for_indicator(self.indicator.key).filter(by_date=by_date).exists():
            raise forms.ValidationError("This indicator already has a target for that date.")
        return by_date

    def save(self, commit=True):
        target = super().save(commit=False)
        target.indicator_key, target.set_by = self.indicator.key, self.user
        if commit:
            target.save()
        return target


class ProcessChangeForm(forms.ModelForm):
    class Meta:
        model = ProcessChange
        fields = ["from_date", "reason"]
        labels = {"from_date": "Changed from", "reason": "What changed"}
        help_texts = {
            "from_date": "The limits are worked out afresh from the first period starting on or after it."
        }
        widgets = {"from_date": DATE}

    def __init__(self, *args, indicator, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.user = indicator, user

    def clean_from_date(self):
        from_date = self.cleaned_data["from_date"]
        if ProcessChange.objects.for_indicator(self.indicator.key).filter(from_date=from_date).exists():
            raise forms.ValidationError("A process change is already recorded from that date.")
        if from_date > datetime.date.today():
            raise forms.ValidationError("Record a process change once it has happened.")
        return from_date

    def save(self, commit=True):
        change = super().save(commit=False)
        change.indicator_key, change.recorded_by = self.indicator.key, self.user
        if commit:
            change.save()
        return change
