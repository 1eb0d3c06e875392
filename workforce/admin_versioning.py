"""The version check in the admin: a stale admin save is refused, like a stale page save.

The admin's change form carries the hidden version (and history id) like every edit form. Its
`clean` locks the row (`SELECT ... FOR UPDATE`: the admin's change view runs in one transaction)
and compares the version, so a stale save comes back as a form error listing what changed, with
the user's input kept and the form re-armed for a deliberate second save. The save itself then
does the compare-and-bump (`claim_version`), which the lock guarantees will match; should it not
(a database without row locks), StaleEdit rolls the whole admin save back.

The admin calls `form.save(commit=False)` before it has validated the inlines, and re-renders
the page (committing the transaction) when one is invalid; so the version is claimed only in
`save_model` and `save_formset`, which run once everything is valid.
"""

from __future__ import annotations

from django.db import connection
from django.forms import ValidationError

from workforce.versioning import VersionCheckedForm, conflicts, latest_history


class AdminVersionCheckedForm(VersionCheckedForm):
    def clean(self):
        cleaned = super().clean()
        read = cleaned.get("version")
        instance = self.instance
        if not instance.pk or read is None:
            return cleaned
        # Ordered by pk alone: a model's default ordering may join nullable relations, which
        # PostgreSQL will not lock; `of=self` locks only this row.
        rows = type(instance)._base_manager.filter(pk=instance.pk).order_by("pk")
        if connection.in_atomic_block:
            rows = rows.select_for_update(of=("self",))
        current = rows.first()
        if current is not None and current.version != read:
            latest = latest_history(current)
            who = latest.history_user if latest else None
            changed = "; ".join(
                f"{c.label}: yours “{c.yours}”, saved “{c.theirs}”" for c in conflicts(self, current)
            )
            self.rearm(current)
            raise ValidationError(
                "Not saved: %(who)s saved this %(noun)s after you opened it (%(changed)s). Your changes are "
                "still in the form; save again to replace theirs with yours.",
                params={
                    "who": (who.get_full_name() or who.get_username()) if who else "someone",
                    "noun": current._meta.verbose_name,
                    "changed": changed or "no field you can edit here differs",
                },
                code="stale",
            )
        return cleaned

    def save(self, commit=True):
        # Not VersionCheckedForm.save: the admin claims the version itself (see the module doc).
        return super(VersionCheckedForm, self).save(commit)


class VersionCheckedAdmin:
    """Mix into the ModelAdmin (or inline) of a Versioned model, before the admin base class."""

    form = AdminVersionCheckedForm

    def save_model(self, request, obj, form, change):
        if change:
            form.claim()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.initial_forms:
            if (
                isinstance(row, VersionCheckedForm)
                and row.has_changed()
                and not formset._should_delete_form(row)
            ):
                row.claim()
        super().save_formset(request, form, formset, change)
