"""Choosing a person from thousands: a select that renders only who is chosen, plus a search.

A large trust has 15,000 staff; a <select> listing them all made the staff form 900 KB and
nearly 3 s to render. The picker keeps the field's contract (it posts staff ids, validated by
the field's queryset as before) but renders only the chosen people; a search box asks
`staff:picker` (htmx) for matches and a click adds one (static/js/app.js).
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe


def picker_label(person) -> str:
    # Names repeat in a large organisation; the assignment number tells two people apart.
    return f"{person.full_name} ({person.assignment_number})"


class _StaffPickerMixin:
    template_name = "workforce/widgets/staff_picker.html"
    # Whom the chosen ids are looked up among; a form whose field is scoped to the user (the
    # training session form) sets its field's queryset here, so no name outside it is shown.
    queryset = None

    def __init__(self, *args, search_url="", **kwargs):
        """`search_url`: the search the box asks (default `staff:picker`); a page whose choices
        follow other rules (a manager recording training for their staff) gives its own."""
        super().__init__(*args, **kwargs)
        self.search_url = search_url

    def optgroups(self, name, value, attrs=None):
        from workforce.models import StaffMember

        # Only ids: a re-rendered form may carry whatever was posted.
        chosen = [v for v in value if str(v).isdigit()]
        people = self.queryset if self.queryset is not None else StaffMember.objects.all()
        people = people.filter(pk__in=chosen).order_by("last_name", "first_name") if chosen else []
        empty = [] if self.allow_multiple_selected else [("", "Nobody chosen")]
        self.choices = empty + [(person.pk, picker_label(person)) for person in people]
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = str(self.search_url or reverse("staff:picker"))
        return context


class StaffPicker(_StaffPickerMixin, forms.Select):
    pass


class StaffMultiplePicker(_StaffPickerMixin, forms.SelectMultiple):
    pass


class UnitPicker(forms.Select):
    """A unit filter that renders only "All units" and the chosen unit, not every unit (756 options
    in a large trust, 29 ms a page). Another unit is found by name through `staff:unit_picker`
    (htmx, beside it) or, without JavaScript, by typing its name in the field beside it."""

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdigit()]
        units = self.choices.queryset.filter(pk__in=chosen) if chosen else []
        self.choices = [("", "All units")] + [(unit.pk, unit.name) for unit in units]
        return super().optgroups(name, value, attrs)


class UnitSelect(forms.Select):
    """A plain <select> of units, its options written in Python rather than by an included
    template each: a large trust's ~800 units took ~0.2 s to render that way on the training
    matrix's filter, a fifth of the page. The HTML is Django's own select.html and
    select_option.html's, byte for byte (a unit select has no option groups or option attrs
    but `selected`)."""

    template_name = "workforce/widgets/unit_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [option for _group, choices, _index in context["widget"]["optgroups"] for option in choices]
        context["widget"]["options_html"] = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (str(option["value"]), mark_safe(" selected" if option["selected"] else ""), option["label"])
                for option in options
            ),
        )
        return context
