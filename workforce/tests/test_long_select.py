"""LongSelect writes the select Django's Select would (less whitespace), in Python."""

import re

from django import forms

from workforce.widgets import LongSelect

CHOICES = [("", "Whole organisation"), (1, "North <Region> & co"), ("Homes", [(2, "\u2003Oak House")])]


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_same_html_as_djangos_select():
    for value in ("", "2", None):
        attrs = {"id": "id_unit", "class": "form-select", "required": True}
        expected = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
        assert squeeze(LongSelect(choices=CHOICES).render("unit", value, attrs=attrs)) == squeeze(expected)


def test_labels_are_escaped_and_the_chosen_one_selected():
    html = LongSelect(choices=CHOICES).render("unit", 2)
    assert "North &lt;Region&gt; &amp; co" in html
    assert '<option value="2" selected>\u2003Oak House</option>' in html
    assert '<option value="" selected>' not in html
