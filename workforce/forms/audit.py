"""The audit page's search: who made the change, what kind of record, part of its name, when."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, Value
from django.db.models.functions import Concat

from workforce import audit

# More matches than this and the person is asked to be more precise (the message names a few).
SHOWN_MATCHES = 3


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AuditSearchForm(forms.Form):
    person = forms.CharField(
        label="Changed by",
        required=False,
        max_length=150,
        help_text="A name, username, email address or assignment number.",
    )
    kind = forms.ChoiceField(label="Type of record", required=False)
    text = forms.CharField(label="Record name contains", required=False, max_length=100)
    start = _date_field("From")
    end = _date_field("To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any type")] + [(e.key, e.label) for e in audit.audited_models()]
        self.user = None

    def clean_person(self) -> str:
        typed = self.cleaned_data["person"].strip()
        if not typed:
            return typed
        users = get_user_model().objects.annotate(
            a_name=Concat("first_name", Value(" "), "last_name"),
            a_staff_name=Concat("staff_member__first_name", Value(" "), "staff_member__last_name"),
        )
        matches = list(
            users.filter(
                Q(username__iexact=typed)
                | Q(email__iexact=typed)
                | Q(a_name__iexact=typed)
                | Q(a_staff_name__iexact=typed)
                | Q(staff_member__assignment_number=typed)
            ).order_by("username")[: SHOWN_MATCHES + 1]
        )
        if not matches:
            raise forms.ValidationError(
                f"No one who can sign in matches “{typed}”. Type their full name, username, "
                "email address or assignment number."
            )
        if len(matches) > 1:
            names = ", ".join(user.get_username() for user in matches[:SHOWN_MATCHES])
            more = " and others" if len(matches) > SHOWN_MATCHES else ""
            raise forms.ValidationError(
                f"More than one person matches “{typed}” ({names}{more}): type their username instead."
            )
        self.user = matches[0]
        return typed

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date is before the start date.")
        return cleaned

    def criteria(self) -> audit.Criteria:
        data = self.cleaned_data
        return audit.Criteria(
            user_id=self.user.pk if self.user else None,
            kind=data.get("kind") or "",
            text=(data.get("text") or "").strip(),
            start=data.get("start"),
            end=data.get("end"),
        )
