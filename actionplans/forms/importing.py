"""The forms of the action plan import (a file, not a model: there is no row to edit yet)."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.utils.text import Truncator

from actionplans.spreadsheets.read import ACCEPTED, ACCEPTED_TEXT, MAX_UPLOAD_BYTES


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text=(
            f"{ACCEPTED_TEXT[0].upper()}{ACCEPTED_TEXT[1:]}, up to {MAX_UPLOAD_BYTES // 2**20} MB. "
            "You will see what will be created before anything is saved."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(f"“{upload.name}” is not a file we can read. Upload {ACCEPTED_TEXT}.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // 2**20} MB. An action plan is much smaller: "
                "check that this is the right file."
            )
        if upload.size == 0:
            raise forms.ValidationError(f"“{upload.name}” is empty.")
        return upload


class CloseCompletedForm(forms.Form):
    """Which of the actions whose progress says "Completed" to save as Completed (all, unless
    unticked). The choices are the parsed plan's proposals, so a posted place that is not one
    is refused next to the field."""

    close = forms.TypedMultipleChoiceField(
        label="Mark these actions Completed",
        help_text="Their progress in the file says “Completed”. Untick any that are not finished.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, parsed, **kwargs):
        super().__init__(*args, **kwargs)
        proposals = parsed.completion_proposals()
        self.fields["close"].choices = [(i, _proposal_label(action)) for i, action in proposals]
        self.fields["close"].initial = [i for i, _ in proposals]


def _proposal_label(action) -> str:
    # Whole words only: a long progress note is shortened with an ellipsis, never mid-word.
    said = "; ".join(f"{row.where}: “{Truncator(row.progress).words(8)}”" for row in action.completed_by)
    return f"{action.label} ({said})"
