"""Test helpers for edit pages: what a browser would post back, and the two-tab story that every
version-checked edit page must tell (workforce.versioning)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict


def form_data(form: forms.BaseForm) -> dict:
    """What the rendered form posts back unchanged: every field's current value by its html name."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def formset_data(formset) -> dict:
    data = {f"{formset.prefix}-{k}": str(v) for k, v in formset.management_form.initial.items()}
    for form in formset.initial_forms:
        data.update(form_data(form))
    return data


def page_data(response) -> dict:
    """The whole page's form (and inline formsets) as the browser would post it back."""
    context = response.context
    data = form_data(context["form"])
    formsets = [context.get("formset")] + [item["formset"] for item in context.get("formsets") or []]
    for formset in formsets:
        if formset is not None:
            data.update(formset_data(formset))
    return data


def as_posted(data: QueryDict) -> dict:
    """A re-rendered form's data (a QueryDict), multi-valued fields kept, ready to post again."""
    return {key: data.getlist(key) for key in data}


def two_tabs(client, url: str, *, first: dict, second: dict, label: str, yours: str, theirs: str):
    """Open the edit page twice; save `first` changes from tab 1, then `second` from tab 2. The
    second save is refused (409) naming `label` with both values and keeping tab 2's input; saving
    again from the refusal page goes through. Returns (refusal response, final response)."""
    tab1 = page_data(client.get(url))
    tab2 = page_data(client.get(url))
    saved = client.post(url, {**tab1, **first})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors

    refused = client.post(url, {**tab2, **second})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Not saved: someone else saved this" in html
    fields = {c.label: (c.yours, c.theirs) for c in refused.context["conflict"].fields}
    assert fields.get(label) == (yours, theirs), fields
    assert f'<th scope="row">{label}</th><td>{yours}</td><td>{theirs}</td>' in html
    for value in second.values():  # the user's input is still in the form
        assert str(value) in html

    again = client.post(url, as_posted(refused.context["form"].data))
    assert again.status_code == 302
    return refused, again


def admin_data(response) -> dict:
    """The admin change page's form and inline formsets as the browser would post them back."""
    form = response.context["adminform"].form
    data = form_data(form)
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": str(v) for k, v in fs.management_form.initial.items()})
        for inline_form in fs.initial_forms:
            data.update(form_data(inline_form))
    return data
