"""The quick progress form's lean rendering on "My actions" is crispy's markup for it, word for
word once whitespace is set aside: the same labels, ids, classes and required fields, for less
than half the page's time (crispy's per-field rendering, repeated on every row, was 60% of it)."""

import re

from django.template import engines

from actionplans.views.actions import quick_form

CRISPY = "{% load crispy_forms_tags %}{{ form.rag|as_crispy_field }}{{ form.note|as_crispy_field }}"
LEAN = '{% include "actionplans/partials/_quick_progress_fields.html" %}'


def rendered(source: str, form) -> str:
    html = engines["django"].from_string(source).render({"form": form})
    # Whitespace between tags and inside them is layout, not markup.
    html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html.strip()))
    return re.sub(r"\s+", " ", html).replace(" >", ">").replace("<div >", "<div>")


def test_the_lean_fields_are_crispys_markup():
    form = quick_form(42)
    lean = rendered(LEAN, form)
    assert lean == rendered(CRISPY, form)
    assert 'id="mine-42-rag_0"' in lean and 'for="mine-42-note"' in lean
    assert len(re.findall(r" required[ >]", lean)) == 4
