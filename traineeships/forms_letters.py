"""The letter template form: subject and body, version-checked, placeholders checked at save."""

from __future__ import annotations

from django import forms

from traineeships.letters import PLACEHOLDERS, placeholder_problems
from traineeships.models import LetterTemplate
from workforce.versioning import VersionCheckedForm


class LetterTemplateForm(VersionCheckedForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "subject": "The email's subject line. Placeholders work here too.",
            "body": "Leave a blank line between paragraphs. Placeholders: "
            + ", ".join(f"{{{name}}} ({words})" for name, words in PLACEHOLDERS.items())
            + ".",
        }

    def _checked(self, name: str) -> str:
        text = self.cleaned_data[name]
        problems = placeholder_problems(text)
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean_subject(self):
        return self._checked("subject")

    def clean_body(self):
        return self._checked("body")
