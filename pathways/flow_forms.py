"""Forms of the pathways flow: nominating, deciding nominations, the status actions on a candidate,
and the L&D manager's pathway and stage forms. The steps themselves are pathways/transitions.py's;
a form only parses what the page sent.

Status action forms carry the enrolment's version as the page showed it (hidden), so a page left
open while someone else moved the candidate on is refused rather than acting on old news.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse_lazy

from pathways import permissions
from pathways.models import CareerPathway, Enrolment, PathwayStage, Readiness
from workforce.models import JobRole, StaffMember
from workforce.permissions import Role
from workforce.versioning import VersionCheckedForm
from workforce.widgets import StaffPicker, picker_label

OUT_OF_SCOPE = "Choose someone in post among the staff you may nominate (your unit and the units below it)."


def possible_mentors():
    """Staff in post with a login in the Mentor or L&D manager role: few, so a plain select."""
    mentors = get_user_model().objects.filter(groups__name__in=[Role.MENTOR, Role.LD_MANAGER], is_active=True)
    return (
        StaffMember.objects.in_post()
        .filter(user__in=mentors.values("pk"))
        .select_related("job_role")
        .order_by("last_name", "first_name")
    )


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PathwayStage) -> str:
        return f"{obj.pathway.name}: {obj.job_role.title}"


def mentor_label(person: StaffMember) -> str:
    return f"{person.full_name}, {person.job_role}" if person.job_role_id else person.full_name


class MentorChoiceMixin:
    """A mentor chosen from `mentors` (a list read once, shared by every row of the queue: a
    ModelChoiceField would query again for each form it renders)."""

    def set_mentors(self, mentors) -> None:
        self.mentors = {
            person.pk: person for person in (mentors if mentors is not None else possible_mentors())
        }
        self.fields["mentor"].choices = [("", "Choose a mentor")] + [
            (pk, mentor_label(person)) for pk, person in self.mentors.items()
        ]

    def clean_mentor(self):
        value = self.cleaned_data["mentor"]
        return self.mentors[int(value)]


class NominationForm(forms.Form):
    staff_member = forms.ModelChoiceField(
        label="Person",
        queryset=StaffMember.objects.none(),
        widget=StaffPicker(search_url=reverse_lazy("pathways:nominee_search")),
        error_messages={"invalid_choice": OUT_OF_SCOPE, "required": "Choose the person you nominate."},
    )
    stage = StageChoiceField(
        label="Stage they should aim for",
        queryset=PathwayStage.objects.none(),
        empty_label="Choose a stage",
        error_messages={"required": "Choose the stage they should aim for."},
    )
    reason = forms.CharField(
        label="Why you nominate them",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why you nominate them: the L&D manager decides on it."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = permissions.nominable_staff(user)
        self.fields["staff_member"].queryset = people
        self.fields["staff_member"].widget.queryset = people  # only names in scope are ever rendered
        self.fields["stage"].queryset = (
            PathwayStage.objects.filter(pathway__is_active=True)
            .select_related("pathway", "job_role")
            .order_by("pathway__name", "position")
        )
        self.fields["staff_member"].label_from_instance = picker_label


class AcceptForm(MentorChoiceMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.ChoiceField(
        error_messages={
            "required": "Choose a mentor: accepting assigns one.",
            "invalid_choice": "Choose a mentor from the list.",
        },
    )

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_mentors(mentors)


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why it is declined",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why the nomination is declined: the nominating manager reads it."},
    )


class VersionOnlyForm(forms.Form):
    """A status step with nothing to say but "do it" (start development, mark ready, progress)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReadinessForm(VersionOnlyForm):
    readiness = forms.ChoiceField(
        choices=[("", "Choose…"), *Readiness.choices],
        error_messages={"required": "Choose how soon they could step up."},
    )


class WithdrawForm(VersionOnlyForm):
    reason = forms.CharField(
        label="Why they are withdrawn",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why they are withdrawn."},
    )


class BackToDevelopmentForm(VersionOnlyForm):
    reason = forms.CharField(
        label="Why they need more development",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why they go back into development."},
    )


class ChangeMentorForm(MentorChoiceMixin, VersionOnlyForm):
    mentor = forms.ChoiceField(
        label="New mentor",
        error_messages={
            "required": "Choose the new mentor.",
            "invalid_choice": "Choose a mentor from the list.",
        },
    )
    reason = forms.CharField(label="Why (optional)", required=False, max_length=200)

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_mentors(mentors)


def version_initial(enrolment: Enrolment) -> dict:
    return {"version": enrolment.version}


# --- The L&D manager's pathway and stage forms ---------------------------------------------------


class PathwayForm(VersionCheckedForm):
    class Meta:
        model = CareerPathway
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_active": "Inactive pathways take no new nominations; their people stay on them."}


class StageForm(VersionCheckedForm):
    class Meta:
        model = PathwayStage
        fields = ["position", "job_role", "description", "min_months_in_previous"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, pathway: CareerPathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pathway = pathway
        current = self.instance.job_role_id
        self.fields["job_role"].queryset = JobRole.objects.filter(Q(is_archived=False) | Q(pk=current or 0))

    def clean(self):
        # The unique constraints name the pathway, which is not a field here, so Django skips them.
        cleaned = super().clean()
        others = PathwayStage.objects.filter(pathway=self.instance.pathway).exclude(pk=self.instance.pk)
        if cleaned.get("position") and others.filter(position=cleaned["position"]).exists():
            self.add_error("position", "Another stage of this pathway is at this position.")
        if cleaned.get("job_role") and others.filter(job_role=cleaned["job_role"]).exists():
            self.add_error("job_role", "This role is already a stage of this pathway.")
        return cleaned
