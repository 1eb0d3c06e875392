"""The form for a training requirement: which course, who must hold it, how often renewed."""

from __future__ import annotations

from django import forms

from workforce.models import Course, JobRole, StaffGroup, TrainingRequirement


class TrainingRequirementForm(forms.ModelForm):
    EVERYONE, GROUP, ROLE = "everyone", "staff_group", "job_role"
    applies_to = forms.ChoiceField(
        label="Who must hold it",
        choices=[(EVERYONE, "Everyone"), (GROUP, "Every member of a staff group"), (ROLE, "A job role")],
        widget=forms.RadioSelect,
        initial=EVERYONE,
    )

    class Meta:
        model = TrainingRequirement
        fields = ["course", "applies_to", "staff_group", "job_role", "renewal_months"]
        labels = {"renewal_months": "Renewal period for these staff (months)"}
        help_texts = {
            "staff_group": "Only when it is for every member of a staff group.",
            "job_role": "Only when it is for a job role.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived courses and roles are not offered, except the one a requirement already names.
        self.fields["course"].queryset = (
            Course.objects.filter(pk=self.instance.course_id) | Course.objects.active()
        )
        self.fields["job_role"].queryset = (
            JobRole.objects.filter(pk=self.instance.job_role_id) | JobRole.objects.active()
        )
        self.fields["staff_group"].choices = [("", "—")] + list(StaffGroup.choices)
        if self.instance.pk:
            self.initial["applies_to"] = (
                self.ROLE
                if self.instance.job_role_id
                else self.GROUP
                if self.instance.staff_group
                else self.EVERYONE
            )

    def clean(self):
        cleaned = super().clean()
        applies_to = cleaned.get("applies_to")
        if applies_to == self.GROUP and not cleaned.get("staff_group"):
            self.add_error("staff_group", "Choose the staff group that must hold it.")
        if applies_to == self.ROLE and not cleaned.get("job_role"):
            self.add_error("job_role", "Choose the job role that must hold it.")
        # Only the choice made counts: a role picked and then "Everyone" chosen is not kept.
        if applies_to != self.GROUP:
            cleaned["staff_group"] = ""
        if applies_to != self.ROLE:
            cleaned["job_role"] = None
        return cleaned
