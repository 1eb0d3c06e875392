"""The upload form of the action plan import (a file, not a model: there is no row to edit yet)."""

from __future__ import annotations

from pathlib import PurePath

from django import forms

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
