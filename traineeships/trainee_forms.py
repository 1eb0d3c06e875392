"""Forms of the trainees part: the trainee's record, placements (placing, editing, ending, a
breakdown), support meetings, feedback, outcomes, training sessions and confidential plans.
Records two people may edit (trainee, placement, plan) are version-checked."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from traineeships.models import (
    ConfidentialSupportPlan,
    Feedback,
    Outcome,
    Placement,
    SupportMeeting,
    Trainee,
    TrainingSession,
)
from workforce.models import OrgUnit, StaffMember
from workforce.versioning import VersionCheckedForm
from workforce.views.staff_picker import pickable_people
from workforce.widgets import StaffPicker, picker_label


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(forms.ModelChoiceField):
    """A member of staff chosen with the core's staff picker (a search, not a list of thousands)."""

    widget = StaffPicker

    def label_from_instance(self, obj):
        return picker_label(obj)


def people_for(user, *chosen_ids):
    """Whom the user may pick (current staff), plus whoever is already chosen (a leaver stays on an
    old placement)."""
    ids = [pk for pk in chosen_ids if pk]
    return StaffMember.objects.filter(Q(pk__in=pickable_people(user).values("pk")) | Q(pk__in=ids))


class PlacementForm(VersionCheckedForm):
    supervisor = PersonField(queryset=StaffMember.objects.none(), label="Placement supervisor")
    life_coach = PersonField(queryset=StaffMember.objects.none(), required=False, label="Life coach")
    team_manager = PersonField(queryset=StaffMember.objects.none(), required=False, label="Team manager")

    class Meta:
        model = Placement
        fields = ["host_unit", "starts_on", "ends_on", "supervisor", "life_coach", "team_manager", "status"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}
        labels = {"host_unit": "Host unit", "starts_on": "Starts", "ends_on": "Ends (if known)"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.instance
        people = people_for(user, p.supervisor_id, p.life_coach_id, p.team_manager_id)
        for name in ("supervisor", "life_coach", "team_manager"):
            self.fields[name].queryset = people
        units = Q(is_archived=False) | Q(pk=p.host_unit_id)
        self.fields["host_unit"].queryset = OrgUnit.objects.filter(units)
        # Ending and breaking down have their own forms, which ask for the date and the reason.
        self.fields["status"].choices = [
            (value, label)
            for value, label in Placement.Status.choices
            if value in (Placement.Status.PLANNED, Placement.Status.ACTIVE) or value == p.status
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "A placement cannot end before it starts.")
        return cleaned


class EndPlacementForm(VersionCheckedForm):
    class Meta:
        model = Placement
        fields = ["ends_on"]
        widgets = {"ends_on": date_input()}
        labels = {"ends_on": "Ended on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].required = True

    def clean_ends_on(self):
        ends = self.cleaned_data["ends_on"]
        if ends < self.instance.starts_on:
            raise forms.ValidationError(
                f"The placement started on {self.instance.starts_on:%-d %b %Y}; it cannot end before that."
            )
        return ends


class BreakdownForm(VersionCheckedForm):
    class Meta:
        model = Placement
        fields = ["broke_down_on", "breakdown_reason", "support_given"]
        widgets = {"broke_down_on": date_input()}
        labels = {"broke_down_on": "Date it broke down", "breakdown_reason": "Reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True

    def clean_broke_down_on(self):
        on = self.cleaned_data["broke_down_on"]
        if on < self.instance.starts_on:
            raise forms.ValidationError(
                f"The placement started on {self.instance.starts_on:%-d %b %Y}; "
                "it cannot break down before that."
            )
        return on


class TraineeForm(VersionCheckedForm):
    staff_member = PersonField(
        queryset=StaffMember.objects.none(),
        required=False,
        label="Staff record (when employed here)",
        help_text="Link the trainee to their staff record once they hold a post here.",
    )

    class Meta:
        model = Trainee
        fields = ["status", "ended_on", "staff_member", "vacancies_to_discuss"]
        widgets = {"ended_on": date_input(), "vacancies_to_discuss": forms.Textarea(attrs={"rows": 3})}
        labels = {"ended_on": "Ended on (if not the intake's end)"}
        help_texts = {"vacancies_to_discuss": "Entry-level job roles and units with open posts, one a line."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = people_for(user, self.instance.staff_member_id)

    def clean_staff_member(self):
        person = self.cleaned_data.get("staff_member")
        if person is not None:
            taken = Trainee.objects.filter(staff_member=person).exclude(pk=self.instance.pk).first()
            if taken is not None:
                raise forms.ValidationError(f"{person.full_name} is already linked to trainee {taken}.")
        return person


class SupportMeetingForm(forms.ModelForm):
    class Meta:
        model = SupportMeeting
        fields = [
            "held_on",
            "kind",
            "trainee_attended",
            "supervisor_attended",
            "life_coach_attended",
            "ld_manager_attended",
            "notes",
            "actions",
        ]
        widgets = {
            "held_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 3}),
        }


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["given_on", "given_by", "rating", "comments"]
        widgets = {"given_on": date_input(), "comments": forms.Textarea(attrs={"rows": 4})}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["when", "recorded_on", "kind", "note"]
        widgets = {"recorded_on": date_input(), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"when": "Follow-up", "kind": "Outcome"}

    def __init__(self, *args, trainee, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainee = trainee

    def clean_when(self):
        # The form leaves out `trainee`, so Django would not check the one-per-follow-up rule.
        when = self.cleaned_data["when"]
        taken = Outcome.objects.filter(trainee=self.trainee, when=when).exclude(pk=self.instance.pk)
        if taken.exists():
            label = dict(Outcome.When.choices)[when].lower()
            raise forms.ValidationError(f"The outcome {label} is already recorded; edit that one instead.")
        return when


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "title",
            "kind",
            "held_on",
            "for_trainees",
            "for_supervisors",
            "for_life_coaches",
            "for_team_managers",
        ]
        widgets = {"held_on": date_input()}
        labels = {
            "for_trainees": "For trainees",
            "for_supervisors": "For placement supervisors",
            "for_life_coaches": "For life coaches",
            "for_team_managers": "For team managers",
        }

    def clean(self):
        cleaned = super().clean()
        audience = ("for_trainees", "for_supervisors", "for_life_coaches", "for_team_managers")
        if not any(cleaned.get(name) for name in audience):
            self.add_error("for_trainees", "Say who the session is for: tick at least one audience.")
        return cleaned


class ConfidentialPlanForm(VersionCheckedForm):
    class Meta:
        model = ConfidentialSupportPlan
        fields = ["title", "content", "review_on"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10}), "review_on": date_input()}
        labels = {"review_on": "Review date"}
