"""No lost update: the one version check for every record two people may edit.

A versioned row carries a `version`. A form (or admin page) carries the version it was read at;
saving moves it on with one statement, `UPDATE ... SET version = version + 1 WHERE pk = %s AND
version = <read>`. If no row matches, someone saved the record in the meantime: `StaleEdit` is
raised before anything of this save is written, and the page says what they changed, field by
field, with the user's input kept. On PostgreSQL a concurrent save of the same row waits on the
row lock the UPDATE takes, then finds the version moved on and matches nothing, so exactly one of
two racing saves wins.

Writers that do not come from a form (renumbering, the staff import, one-field htmx writes) call
`move_on`, so a form opened before them cannot silently write old values back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import Http404, HttpResponse

# The hidden fields a version-checked form carries; never shown or compared as data.
VERSION_FIELDS = ("version", "seen_history")


class Versioned(models.Model):
    """A record two people may edit at once. Declare its history with
    `HistoricalRecords(excluded_fields=["version"])`: the version is bookkeeping, not a change."""

    version = models.PositiveIntegerField(
        default=1, help_text="Moved on by every save; see workforce.versioning."
    )

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Someone saved the record after this edit read it; nothing of this edit was written.
    `current` is the row as saved now (None if it has been deleted since)."""

    def __init__(self, current: models.Model | None):
        super().__init__("The record was saved by someone else since it was read.")
        self.current = current


def claim_version(instance: Versioned, read: int) -> None:
    """Compare-and-bump: move `instance`'s row from version `read` to `read + 1`, or raise
    StaleEdit. Call inside the transaction that then saves the instance."""
    model = type(instance)
    if not model._base_manager.filter(pk=instance.pk, version=read).update(version=F("version") + 1):
        raise StaleEdit(model._base_manager.filter(pk=instance.pk).first())
    instance.version = read + 1


def move_on(instance: Versioned) -> None:
    """Move the version on without checking it: for writes that are not edits of what a form
    showed (a renumber, a tick), so that forms opened before them are refused."""
    model = type(instance)
    model._base_manager.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.version = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def latest_history(obj):
    """The newest history record of `obj` (with its user), or None."""
    return obj.history.select_related("history_user").order_by("-history_date", "-history_id").first()


class VersionCheckedForm(forms.ModelForm):
    """Base for the edit form of a Versioned model. Carries the version read (and the history
    record that was the latest then, to tell later what someone else changed), and saves with
    the compare-and-bump inside the save's transaction. On a new record both are left blank and
    ignored (kept rather than dropped: the admin lays out an inline's blank rows by field name)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_history = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            self.fields["version"].initial = instance.version
            latest = latest_history(instance)
            self.fields["seen_history"].initial = latest.history_id if latest else None
        else:
            self.fields["version"].required = False

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            for name in VERSION_FIELDS:  # a new record starts at the model's default version
                cleaned.pop(name, None)
        return cleaned

    def claim(self) -> None:
        """Raise StaleEdit if the record was saved since this form was read; else move its version on."""
        if self.instance.pk and "version" in self.cleaned_data:
            claim_version(self.instance, self.cleaned_data["version"])

    def save(self, commit=True):
        # Bump first: a refused save must leave nothing written. Inside the caller's
        # transaction when there is one (e.g. with inline formsets), its own otherwise.
        with transaction.atomic():
            self.claim()
            return super().save(commit)

    def rearm(self, current: Versioned) -> None:
        """Point the bound form at the current version, keeping the user's input, so that saving
        it again (having seen what changed) is deliberate and goes through."""
        data = self.data.copy()
        latest = latest_history(current)
        data[self.add_prefix("version")] = str(current.version)
        data[self.add_prefix("seen_history")] = str(latest.history_id) if latest else ""
        self.data = data


@dataclass
class FieldConflict:
    label: str
    yours: str
    theirs: str


@dataclass
class Refusal:
    """What the refusal partial (templates/partials/_conflict.html) shows."""

    noun: str
    fields: list[FieldConflict] = field(default_factory=list)
    changed_by: object = None
    changed_at: datetime.datetime | None = None


def conflicts(form: forms.BaseForm, current: models.Model) -> list[FieldConflict]:
    """The fields of `form` someone else changed since it was read: label, the user's value, the
    saved value, as people read them. Measured by diffing the latest history record against the one
    the form was read at; with no usable record (rows written in bulk), every field where the user's
    value and the saved one differ. Many-to-many fields are compared directly."""
    cleaned = getattr(form, "cleaned_data", {})
    seen_id = cleaned.get("seen_history")
    seen = current.history.filter(history_id=seen_id).first() if seen_id else None
    latest = latest_history(current)
    changed = None
    if seen is not None and latest is not None:
        changed = {change.field for change in latest.diff_against(seen).changes}
    found = []
    for name, form_field in form.fields.items():
        if name in VERSION_FIELDS or name not in cleaned or not hasattr(current, name):
            continue
        yours = cleaned[name]
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            theirs = list(getattr(current, name).all())
            if {o.pk for o in theirs} == {o.pk for o in yours or []}:
                continue
        else:
            theirs = getattr(current, name)
            if changed is not None and name not in changed:
                continue
            if changed is None and _same(yours, theirs):
                continue
        found.append(
            FieldConflict(str(form[name].label), shown(form_field, yours), shown(form_field, theirs))
        )
    return found


def refusal(form: VersionCheckedForm, stale: StaleEdit) -> Refusal:
    """Turn a StaleEdit into what the page shows, and re-arm the form for a deliberate second save."""
    current = stale.current
    if current is None:
        raise Http404("This record has been deleted since you opened it.")
    noun = str(current._meta.verbose_name)
    latest = latest_history(current)
    shown_refusal = Refusal(
        noun=noun,
        fields=conflicts(form, current),
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )
    form.rearm(current)
    form.add_error(
        None,
        f"Not saved: someone else saved this {noun} after you opened it. Your changes are still in the "
        "form below. Compare them with what was saved, then save again to replace it with yours.",
    )
    return shown_refusal


def save_or_conflict(
    form: VersionCheckedForm,
    page: Callable[..., HttpResponse],
    save: Callable[[], models.Model] | None = None,
) -> tuple[models.Model | None, HttpResponse | None]:
    """Save (`save()`, default `form.save()`) and return (the saved object, None); or, when the
    record was saved by someone else since the form was read, (None, the 409 page):
    `page(status=409, conflict=Refusal)` re-rendering the same form with the user's input."""
    try:
        return (save or form.save)(), None
    except StaleEdit as stale:
        return None, page(status=409, conflict=refusal(form, stale))


def _same(a, b) -> bool:
    return (a in (None, "")) and (b in (None, "")) or a == b


def shown(form_field: forms.Field, value) -> str:
    """A value as a person reads it: choice labels, dates in words, names for people."""
    if value in (None, "") or (isinstance(value, list | tuple) and not value):
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%d %b %Y}"
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return ", ".join(form_field.label_from_instance(v) for v in value) or "(blank)"
    if isinstance(form_field, forms.ModelChoiceField):
        return form_field.label_from_instance(value)
    if hasattr(form_field, "choices"):
        return str(dict(form_field.choices).get(value, value))
    return str(value)
