"""The owner choices of the import preview: one row per responsibility name (token).

Per token the user confirms the proposal, picks another person (the staff picker) or leaves the
name as written text. Defaults: a remembered mapping is pre-selected (someone in the organisation
confirmed it before; the row says "remembered" and can be changed); a match by initials or name
is only proposed, so saving without a choice leaves it as text. A confirmation posts the proposed
person's id, so what is saved is the person the user saw even if the proposal changed meanwhile.
Every chosen person is checked, in one query, against the staff the user may pick.
"""

from __future__ import annotations

from django import forms

from actionplans.spreadsheets.owners import REMEMBERED
from actionplans.spreadsheets.preview import Token
from workforce.models import StaffMember
from workforce.widgets import StaffPicker

CONFIRM, PICK, TEXT = "confirm", "pick", "text"
PREFIX = "owners"


class OwnerChoiceForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=255)
    proposed = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(widget=forms.RadioSelect)
    person = forms.IntegerField(required=False, widget=StaffPicker, label="Another person")

    def __init__(self, *args, token: Token, **kwargs):
        super().__init__(*args, **kwargs)
        self.token = token
        choices = [
            (PICK, "Pick another person" if token.proposed else "Pick a person"),
            (TEXT, "Leave as text"),
        ]
        if token.proposed:
            how = "remembered" if token.source == REMEMBERED else f"matched by {token.source}"
            choices.insert(0, (CONFIRM, f"Confirm {token.proposed_name} ({how})"))
        self.fields["choice"].choices = choices
        self.fields["choice"].label = f"Owner for “{token.written}”"
        self.fields["person"].label = f"Another person for “{token.written}”"
        attrs = self.fields["person"].widget.attrs
        attrs["aria-describedby"] = f"{self.prefix}-token"
        # static/js/app.js: choosing someone in the picker ticks "Pick" for this name.
        attrs["data-check-on-change"] = f"id_{self.prefix}-choice_{[c for c, _ in choices].index(PICK)}"

    def clean_key(self):
        key = self.cleaned_data["key"]
        if key != self.token.key:
            raise forms.ValidationError("The file's responsibility names differ from the preview.")
        return key

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("choice")
        if choice == CONFIRM and not cleaned.get("proposed"):
            self.add_error("choice", "There is nobody to confirm: pick a person or leave it as text.")
        if choice == PICK and not cleaned.get("person"):
            self.add_error("person", "Find and choose a person, or leave the name as text.")
        return cleaned

    @property
    def chosen_id(self) -> int | None:
        choice = self.cleaned_data.get("choice")
        return self.cleaned_data.get({CONFIRM: "proposed", PICK: "person"}.get(choice, ""), None)


def initial_choice(token: Token) -> dict:
    remembered = token.source == REMEMBERED
    return {"key": token.key, "proposed": token.proposed_id, "choice": CONFIRM if remembered else TEXT}


class BaseOwnerChoices(forms.BaseFormSet):
    def __init__(self, data=None, *, tokens: list[Token], people, **kwargs):
        self.tokens, self.people = tokens, people
        self.chosen: dict[str, StaffMember] = {}
        super().__init__(data, initial=[initial_choice(token) for token in tokens], prefix=PREFIX, **kwargs)

    def total_form_count(self) -> int:
        return len(self.tokens)  # one row per token of the file, whatever is posted

    def get_form_kwargs(self, index):
        return {"token": self.tokens[index]}

    def clean(self):
        if not any(form.errors for form in self.forms):
            self._check_people()
        if any(form.errors for form in self.forms):
            self.chosen = {}
            raise forms.ValidationError("Some owner choices need another look; see the names marked below.")

    def _check_people(self) -> None:
        """Everyone chosen must be someone the user may pick, in post: one query for all rows."""
        wanted = {form.chosen_id for form in self.forms} - {None}
        people = self.people.in_bulk(wanted) if wanted else {}
        for form in self.forms:
            staff_id = form.chosen_id
            if staff_id is None:
                continue
            person = people.get(staff_id)
            if person is None:
                field = "person" if form.cleaned_data["choice"] == PICK else "choice"
                form.add_error(
                    field, "That person is not in post, or not someone you may choose: choose again."
                )
            else:
                self.chosen[form.token.key] = person


OwnerChoices = forms.formset_factory(OwnerChoiceForm, formset=BaseOwnerChoices, extra=0)


class RememberForm(forms.Form):
    remember = forms.BooleanField(
        required=False,
        initial=True,
        label="Remember these owners for this organisation's next import",
        help_text="Confirmed and picked names are proposed, pre-selected, next time; you can change them "
        "on the remembered names page.",
    )
