"""The "Record a session" form: one course, one date, many people.

People come two ways, both limited to the staff the user may record training for
(`StaffMember.objects.visible_to(user)`: everyone for an L&D manager, their own unit and below for a
manager): found by search (`people`, the staff picker widget) or ticked in a unit's list of staff in
post (`ticked`). Someone added both ways, or twice over, is refused by name rather than quietly
counted once: the person recording should see that their list was not what they thought.

The form is also shown from a GET (the "Show the list" button without JavaScript): then it is
filled from the query string as initial values, so nothing typed is lost and no error is shown.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.urls import reverse, reverse_lazy

from workforce import permissions
from workforce.completions import Completion
from workforce.forms.staff import DateInput, UnitChoiceField
from workforce.models import OrgUnit, StaffMember, in_post_condition
from workforce.reading import display_date
from workforce.training import Course
from workforce.widgets import StaffMultiplePicker, picker_label

FIELDS_FROM_QUERY = ("course", "completed_on", "note", "unit")
PEOPLE_FIELDS = ("people", "ticked")
OUT_OF_SCOPE = (
    "Someone chosen (record %(value)s) is not among the staff you may record training for, "
    "or is archived. Nothing was saved."
)


def _ids(values) -> list[int]:
    """Staff ids from a form or a query string; anything else (a typo, a probe) is dropped."""
    return [int(v) for v in values if str(v).isdigit()]


class TickedChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})

    def label_from_instance(self, obj: StaffMember) -> str:
        details = ", ".join(str(x) for x in (obj.job_role, obj.org_unit) if x is not None)
        return f"{picker_label(obj)}{', ' + details if details else ''}"


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.none(), empty_label="Choose a course")
    completed_on = forms.DateField(label="Date completed", widget=DateInput())
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        help_text="Saved on every record, e.g. the trainer or the venue.",
    )
    people = forms.ModelMultipleChoiceField(
        label="People found by search",
        error_messages={"invalid_choice": OUT_OF_SCOPE},
        queryset=StaffMember.objects.none(),
        required=False,
        widget=StaffMultiplePicker(search_url=reverse_lazy("training:session_people")),
    )
    unit = UnitChoiceField(
        label="Unit",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Choose a unit",
        help_text="Lists the staff in post in the unit and the units below it.",
    )
    ticked = TickedChoiceField(
        label="Tick who attended",
        queryset=StaffMember.objects.none(),
        required=False,
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )

    def __init__(self, user, data=None, *, query=None):
        """`data`: a POST to validate; `query`: a GET's values to show again, unvalidated."""
        source = data if data is not None else (query or {})
        initial = None
        if data is None and query is not None:
            initial = {name: query.get(name, "") for name in FIELDS_FROM_QUERY}
            initial.update({name: _ids(query.getlist(name)) for name in PEOPLE_FIELDS})
        super().__init__(data, initial=initial)
        self.user = user
        # Everyone this user may record training for. `can_change_training_for(user, person)` asks the
        # same (the training.change ability, checked by the view, and visible_to), for all at once.
        in_scope = StaffMember.objects.visible_to(user).filter(is_archived=False)
        self.fields["course"].queryset = Course.objects.active()
        self.fields["people"].queryset = in_scope
        # The picker renders the names of the people chosen: only those in scope, whatever is posted.
        self.fields["people"].widget.queryset = in_scope
        units = permissions.scope_units(OrgUnit.objects.active(), user)
        self.fields["unit"].queryset = units
        # With htmx, choosing a unit swaps in its list at once, keeping whoever is ticked already.
        self.fields["unit"].widget.attrs.update(
            {
                "hx-get": reverse("training:record_session"),
                "hx-trigger": "change",
                "hx-target": "#unit-staff",
                "hx-include": "[name='ticked']",
            }
        )
        self.chosen_unit = self._chosen_unit(units, source.get("unit"))
        # The list offers the unit's staff in post, and keeps anyone already ticked from another unit.
        listed = Q(pk__in=_ids(source.getlist("ticked")) if hasattr(source, "getlist") else [])
        if self.chosen_unit is not None:
            listed |= Q(org_unit__path__startswith=self.chosen_unit.path) & in_post_condition()
        self.fields["ticked"].queryset = (
            in_scope.filter(listed).select_related("job_role", "org_unit").order_by("last_name", "first_name")
        )

    @staticmethod
    def _chosen_unit(units, value):
        if not value or not str(value).isdigit():
            return None
        return units.filter(pk=value).first()

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > datetime.date.today():
            raise forms.ValidationError("A course cannot be completed in the future.")
        return day

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        found, ticked = list(cleaned.get("people", [])), list(cleaned.get("ticked", []))
        if not found and not ticked:
            raise forms.ValidationError(
                "Add at least one person: find them by name, or tick them in a unit's list."
            )
        # The fields drop repeats silently; a repeat is the user's list being wrong, so say whose.
        posted = _ids(self.data.getlist("people")) + _ids(self.data.getlist("ticked"))
        names = {person.pk: person.full_name for person in found + ticked}
        twice = sorted({names[pk] for pk in posted if posted.count(pk) > 1})
        if twice:
            field = "ticked" if not found else "people"
            self.add_error(
                field, f"Listed twice (found by search and ticked, or added twice): {', '.join(twice)}."
            )
        day = cleaned.get("completed_on")
        gone = sorted(
            f"{person.full_name} (left {display_date(person.leaving_date)})"
            for person in {p.pk: p for p in found + ticked}.values()
            if day and person.leaving_date and person.leaving_date <= day
        )
        if gone:
            self.add_error(None, f"Not in post on {display_date(day)}, so not recorded: {', '.join(gone)}.")
        return cleaned

    def completions(self) -> list[Completion]:
        data = self.cleaned_data
        people = {p.pk: p for p in [*data["people"], *data["ticked"]]}.values()
        return [
            Completion(person, data["course"], data["completed_on"], data["note"])
            for person in sorted(people, key=lambda p: (p.last_name, p.first_name, p.pk))
        ]

    def field_of(self, person) -> str:
        """Which field a person came from, so a refusal naming them is shown next to it."""
        return "people" if person in self.cleaned_data["people"] else "ticked"
