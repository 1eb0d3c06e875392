"""Forms an action owner uses on their own action: progress updates, milestones and risks.

They are small on purpose: the action page and "My actions" post them in place (htmx), so
each must render on its own in a partial and show its errors next to the field there too.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from actionplans.models import RAG, Milestone, ProgressUpdate, Risk
from actionplans.templatetags.actionplans_tags import RAG_WORDS
from workforce.models import StaffMember
from workforce.versioning import VersionCheckedForm
from workforce.widgets import StaffPicker

# An update says how the action is going; "Complete" is the action's status, which the
# L&D manager sets on the action itself, so an update offers only red, amber and green.
PROGRESS_RAG_CHOICES = [(rag.value, RAG_WORDS[rag]) for rag in (RAG.RED, RAG.AMBER, RAG.GREEN)]

LIKELIHOOD_CHOICES = [
    (1, "1 - Rare"),
    (2, "2 - Unlikely"),
    (3, "3 - Possible"),
    (4, "4 - Likely"),
    (5, "5 - Almost certain"),
]
IMPACT_CHOICES = [
    (1, "1 - Negligible"),
    (2, "2 - Minor"),
    (3, "3 - Moderate"),
    (4, "4 - Major"),
    (5, "5 - Catastrophic"),
]


class ProgressUpdateForm(forms.ModelForm):
    rag = forms.ChoiceField(
        label="RAG status",
        choices=PROGRESS_RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose red, amber or green."},
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "rag", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"note": "Progress to date"}
        error_messages = {"note": {"required": "Say what has happened since the last update."}}

    def __init__(self, *args, **kwargs):
        # The action page holds three forms: ids of their own keep labels pointing at the right field.
        kwargs.setdefault("auto_id", "progress-%s")
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            self.fields["date"].show_hidden_initial = False
            self.fields["date"].required = False  # left empty: today

    def clean_date(self):
        date = self.cleaned_data["date"] or timezone.localdate()
        if date > timezone.localdate():
            raise forms.ValidationError("A progress update cannot be dated in the future.")
        return date


class MilestoneForm(VersionCheckedForm):
    class Meta:
        model = Milestone
        fields = ["description", "due_date"]
        widgets = {
            "description": forms.TextInput(),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"description": "New milestone", "due_date": "Due"}
        error_messages = {"description": {"required": "Describe the milestone."}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "milestone-%s")
        super().__init__(*args, **kwargs)


class RiskForm(VersionCheckedForm):
    # Scored risks only: an unscored one would drop out of the heat map and the top risks.
    likelihood = forms.TypedChoiceField(
        choices=[("", "Choose…"), *LIKELIHOOD_CHOICES],
        coerce=int,
        error_messages={"invalid_choice": "Choose a likelihood from 1 (rare) to 5 (almost certain)."},
    )
    impact = forms.TypedChoiceField(
        choices=[("", "Choose…"), *IMPACT_CHOICES],
        coerce=int,
        error_messages={"invalid_choice": "Choose an impact from 1 (negligible) to 5 (catastrophic)."},
    )

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "owner", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
            "owner": StaffPicker,
        }
        labels = {"owner": "Risk owner"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "risk-%s")
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        # Keep an archived owner choosable on an old risk, or editing it would fail on the owner.
        owner.queryset = StaffMember.objects.filter(
            Q(is_archived=False) | Q(pk=self.instance.owner_id or 0)
        ).only("first_name", "last_name")
        owner.label_from_instance = lambda staff: staff.full_name


class QuickProgressForm(ProgressUpdateForm):
    """The short form on each row of "My actions": RAG and a note, dated today.
    Pass auto_id per row ("mine-<pk>-%s") so the rows' labels and radios stay apart."""

    class Meta(ProgressUpdateForm.Meta):
        fields = ["rag", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 1})}
