"""Forms of the plan part: the skills assessment grid, objectives, activities, evidence, reviews.

Edits of objectives, activities and the plan are version-checked (workforce/versioning.py): two
people editing the same one are stopped by the core's conflict page, not silently overwritten.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from pathways.models import Activity, DevelopmentPlan, Objective, Review
from pathways.models.development import RATING_LEVELS
from workforce.models import Course
from workforce.uploads import UnreadableFile, check_size, evidence_kind
from workforce.versioning import VersionCheckedForm


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_in_future(day: datetime.date | None, what: str) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")


# --- The skills assessment grid -------------------------------------------------------------

LEVEL_ZERO_WORDS = "Not yet at level 1."


class AssessmentGridForm(forms.Form):
    """One row per competency the target role requires: a level 0-4 (radios, with the level
    descriptors as their descriptions) and a comment. `rows` keeps (requirement, level field,
    comment field) for the template, which lays each row out as a fieldset (arrow keys move
    between one row's levels, Tab to the next row)."""

    assessed_on = forms.DateField(label="Date of the assessment", widget=date_input())
    notes = forms.CharField(
        label="Notes on the whole assessment", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, requirements, initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.requirements = list(requirements)
        initial_ratings = initial_ratings or {}
        for requirement in self.requirements:
            competency = requirement.competency
            level_name, comment_name = f"level_{competency.pk}", f"comment_{competency.pk}"
            start = initial_ratings.get(competency.pk)
            self.fields[level_name] = forms.TypedChoiceField(
                label=competency.name,
                choices=RATING_LEVELS,
                coerce=int,
                widget=forms.RadioSelect,
                initial=start.level if start else None,
                error_messages={"required": f"Choose a level for {competency.name}."},
            )
            self.fields[comment_name] = forms.CharField(
                label=f"Comment on {competency.name}",
                required=False,
                initial=start.comment if start else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        not_in_future(day, "The assessment date")
        return day

    @property
    def rows(self):
        for requirement in self.requirements:
            competency = requirement.competency
            level = self[f"level_{competency.pk}"]
            descriptors = {0: LEVEL_ZERO_WORDS, **{n: competency.descriptor(n) for n in range(1, 5)}}
            options = [
                {"value": value, "label": label, "descriptor": descriptors.get(value, "")}
                for value, label in RATING_LEVELS
            ]
            yield {
                "requirement": requirement,
                "competency": competency,
                "level": level,
                "comment": self[f"comment_{competency.pk}"],
                "options": options,
                "chosen": str(level.value()) if level.value() not in (None, "") else "",
            }

    def ratings(self) -> dict:
        return {
            r.competency: (
                self.cleaned_data[f"level_{r.competency.pk}"],
                self.cleaned_data[f"comment_{r.competency.pk}"],
            )
            for r in self.requirements
        }


# --- The plan, objectives, activities ---------------------------------------------------------


class PlanForm(VersionCheckedForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["started_on"]
        widgets = {"started_on": date_input()}


class ObjectiveForm(VersionCheckedForm):
    class Meta:
        model = Objective
        fields = ["title", "competency", "target_date", "status"]
        widgets = {"target_date": date_input()}

    def __init__(self, *args, competencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The gaps an objective can close are the target role's competencies.
        if competencies is not None:
            self.fields["competency"].queryset = competencies


class ActivityForm(VersionCheckedForm):
    class Meta:
        model = Activity
        fields = [
            "objective",
            "kind",
            "title",
            "happened_on",
            "hours",
            "where",
            "with_whom",
            "course",
            "reflection",
        ]
        widgets = {"happened_on": date_input(), "reflection": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "course": "For a qualification or course: once signed off, it is recorded as completed training."
        }

    def __init__(self, *args, objectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.active()
        if self.instance.pk:
            del self.fields["objective"]  # an activity stays under its objective
        else:
            self.fields["objective"].queryset = objectives
            self.fields["objective"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("course") and cleaned.get("kind") != "course":
            self.add_error("course", "Only a qualification or course activity names a course.")
        return cleaned


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Evidence file",
        help_text="A PDF, an image, a Word document or an Excel workbook.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.EVIDENCE_MAX_BYTES
        try:
            # By its size first: a huge upload is refused before it is read into memory.
            check_size(upload.size, upload.name, max_bytes=limit)
            data = upload.read()
            self.kind = evidence_kind(data, upload.name, max_bytes=limit)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from error
        self.data_bytes = data
        return upload


# --- Reviews ---------------------------------------------------------------------------------


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["held_on", "notes", "next_steps", "next_review_on", "performance", "potential"]
        widgets = {
            "held_on": date_input(),
            "next_review_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "performance": "How they perform in their role now (the talent grid's first axis).",
            "potential": "How far they could go (the talent grid's second axis).",
        }

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        not_in_future(day, "The review date")
        return day

    def clean(self):
        cleaned = super().clean()
        held, following = cleaned.get("held_on"), cleaned.get("next_review_on")
        if held and following and following <= held:
            self.add_error("next_review_on", "The next review comes after this one.")
        return cleaned
