"""Choosing a person from thousands: a select that renders only who is chosen, plus a search.

A large trust has 15,000 staff; a <select> listing them all made the staff form 900 KB and
nearly 3 s to render. The picker keeps the field's contract (it posts staff ids, validated by
the field's queryset as before) but renders only the chosen people; a search box asks
`staff:picker` (htmx) for matches and a click adds one (static/js/app.js).

`LongSelect` is for the lists that stay a plain select however long (the unit pickers).
"""

from collections.abc import Iterable
from html import escape as escape_html

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


def _escaped(value) -> str:
    """conditional_escape() (a safe string kept as it is) without its cost per call."""
    return value.__html__() if hasattr(value, "__html__") else escape_html(str(value))


def option_tags(options: Iterable[tuple[object, object, bool]], separator: str = "\n") -> SafeString:
    """(value, label, selected) as <option>s, escaped as Django escapes them: joined as plain
    strings and marked safe once, since format_html per option was still 8 ms of the succession
    page's 755 units. LongSelect writes its options with it, and so does the applicant board's
    move select (each stage's written once for all its cards)."""
    return mark_safe(
        separator.join(
            f'<option value="{_escaped(value)}"{" selected" if selected else ""}>{_escaped(label)}</option>'
            for value, label, selected in options
        )
    )


class LongSelect(forms.Select):
    """A select for hundreds of options (the unit pickers: 750 homes at 15,000 staff), written in
    Python. Django's renders a template per option: 215 ms for 755 options, most of the
    succession page's render time; even one template looping over them took 94 ms. The HTML is
    the same but for the whitespace between options (crispy gives it the "select" class every
    select has: CRISPY_CLASS_CONVERTERS)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            html = option_tags((o["value"], o["label"], o["selected"]) for o in options)
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html
            )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            widget["name"],
            # As Django's attrs.html writes them: in order, a true boolean by its name alone.
            mark_safe(
                "".join(
                    format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
                    for name, value in widget["attrs"].items()
                    if value is not False and value is not None
                )
            ),
            mark_safe("\n".join(groups)),
        )
