"""Forms of the recruitment part: programme and intake (version-checked), applicant (with the
equality monitoring questions, saved apart), a stage move, the start, the pre-employment checks.
A form only parses what the page sent; the steps' rules are traineeships/recruitment.py's."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from traineeships.models import Applicant as ApplicantModel
from traineeships.models import (
    EqualityMonitoring,
    Intake,
    PartnerOrganisation,
    PreEmploymentCheck,
    Programme,
    Stage,
)
from workforce.models import StaffMember
from workforce.versioning import VersionCheckedForm
from workforce.widgets import StaffPicker

Check = PreEmploymentCheck
# Where an applicant added by hand may be: they come in before the assessed visit.
FIRST_STAGES = [Stage.ENQUIRY, Stage.INFORMATION_SESSION, Stage.APPLIED]


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(VersionCheckedForm):
    new_partners = forms.CharField(
        label="Add partner organisations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line; those already known are ticked above instead.",
    )

    class Meta:
        model = Programme
        fields = ["name", "kind", "description", "partners", "coordinator", "typical_length_weeks", "active"]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "coordinator": StaffPicker,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"partners": "Partner organisations"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = StaffMember.objects.all()
        self.fields["partners"].required = False

    def clean_new_partners(self):
        names = [line.strip() for line in self.cleaned_data["new_partners"].splitlines()]
        too_long = [name for name in names if len(name) > 200]
        if too_long:
            raise forms.ValidationError("A partner's name can be at most 200 characters.")
        return [name for name in dict.fromkeys(names) if name]

    def _save_m2m(self):
        super()._save_m2m()
        for name in self.cleaned_data.get("new_partners", []):
            partner, _ = PartnerOrganisation.objects.get_or_create(name=name)
            self.instance.partners.add(partner)


class IntakeForm(VersionCheckedForm):
    class Meta:
        model = Intake
        fields = [
            "name",
            "recruitment_opens_on",
            "recruitment_closes_on",
            "starts_on",
            "ends_on",
            "places",
            "status",
        ]
        widgets = {
            name: date_widget()
            for name in ("recruitment_opens_on", "recruitment_closes_on", "starts_on", "ends_on")
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.instance.programme = programme

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Intake.objects.filter(programme=self.programme, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"{self.programme} already has an intake called “{name}”.")
        return name

    def clean(self):
        cleaned = super().clean()
        pairs = [
            ("recruitment_opens_on", "recruitment_closes_on", "Recruitment cannot close before it opens."),
            ("starts_on", "ends_on", "The intake cannot end before it starts."),
        ]
        for first, then, message in pairs:
            if cleaned.get(first) and cleaned.get(then) and cleaned[then] < cleaned[first]:
                self.add_error(then, message)
        return cleaned


class ApplicantForm(VersionCheckedForm):
    class Meta:
        model = ApplicantModel
        fields = ["first_name", "last_name", "email", "phone", "address", "heard_via", "referred_by"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class NewApplicantForm(ApplicantForm):
    """Adding an applicant: where they are in the funnel and since when, and the equality
    monitoring questions, asked once, saved to EqualityMonitoring and never read back into a form
    or a page about the person."""

    stage = forms.ChoiceField(
        label="Stage they are at", choices=[(s.value, s.label) for s in FIRST_STAGES], initial=Stage.APPLIED
    )
    stage_changed_on = forms.DateField(label="Since", widget=date_widget(), initial=timezone.localdate)

    class Meta(ApplicantForm.Meta):
        fields = [*ApplicantForm.Meta.fields, "stage", "stage_changed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EqualityMonitoring.CHARACTERISTICS:
            model_field = EqualityMonitoring._meta.get_field(name)
            self.fields[f"equality_{name}"] = forms.ChoiceField(
                label=str(model_field.verbose_name).capitalize(),
                choices=model_field.choices,
                initial=model_field.default,
            )

    def clean_stage_changed_on(self):
        on = self.cleaned_data["stage_changed_on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return on

    def equality_answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"equality_{name}"] for name in EqualityMonitoring.CHARACTERISTICS}


class MoveForm(forms.Form):
    """One applicant moved on (or closed, or reopened): where to, when, and a note (the reason,
    for withdrawn or unsuccessful)."""

    to_stage = forms.ChoiceField(label="Move to")
    on = forms.DateField(label="Date", widget=date_widget())
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For withdrawn or unsuccessful, the reason (required).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, applicant, stages, **kwargs):
        kwargs.setdefault("prefix", f"move-{applicant.pk}")
        kwargs.setdefault("initial", {"on": timezone.localdate(), "version": applicant.version})
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]


class StartForm(forms.Form):
    on = forms.DateField(label="Start date", widget=date_widget())
    override_reason = forms.CharField(
        label="Reason to start before the checks are cleared",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when the DBS check or a reference is not cleared yet. It is recorded with your name.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChecksForm(forms.Form):
    """The six pre-employment checks of one applicant: status, date, note each."""

    def __init__(self, *args, checks: dict[str, PreEmploymentCheck], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(Check.Kind)
        for kind in self.kinds:
            check = checks.get(kind)
            self.fields[f"{kind}_status"] = forms.ChoiceField(
                label=f"{kind.label}: status",
                choices=Check.Status.choices,
                initial=check.status if check else Check.Status.NOT_STARTED,
            )
            self.fields[f"{kind}_on"] = forms.DateField(
                label=f"{kind.label}: date",
                required=False,
                widget=date_widget(),
                initial=check and check.status_on,
            )
            self.fields[f"{kind}_note"] = forms.CharField(
                label=f"{kind.label}: note",
                required=False,
                max_length=300,
                initial=check.note if check else "",
            )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for kind in self.kinds:
            status, on = cleaned.get(f"{kind}_status"), cleaned.get(f"{kind}_on")
            if status and status != Check.Status.NOT_STARTED and on is None:
                self.add_error(
                    f"{kind}_on", f"Give the date the {kind.label.lower()} was {status_words(status)}."
                )
            if isinstance(on, datetime.date) and on > today:
                self.add_error(f"{kind}_on", "The date cannot be in the future.")
        return cleaned

    def rows(self):
        """(kind label, [status, date, note fields]) for the table the page lays out."""
        return [
            (kind.label, [self[f"{kind}_status"], self[f"{kind}_on"], self[f"{kind}_note"]])
            for kind in self.kinds
        ]


def status_words(status: str) -> str:
    return {
        Check.Status.REQUESTED: "requested",
        Check.Status.CLEARED: "cleared",
        Check.Status.CONCERN: "found to raise a concern",
    }.get(status, "recorded")
