"""Readable change history for an object's page (who, when, what changed).

Values are shown as people read them: a changed foreign key by the related object's name
(one query per related model, not per row), a choice by its label.
"""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    record: object
    changes: list[Change] = field(default_factory=list)


def history_entries(obj, limit: int = 25) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that changed since the one before it."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = obj.__class__
    raw = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = newer.diff_against(older).changes if older is not None else []
        raw.append((newer, [(model._meta.get_field(c.field), c.old, c.new) for c in changes]))

    names = _related_names(change for _, changes in raw for change in changes)

    def readable(model_field, value):
        if value in (None, ""):
            return value
        if model_field.is_relation:
            return names.get((model_field.related_model, value), value)
        if model_field.choices:
            return dict(model_field.flatchoices).get(value, value)
        return value

    return [
        HistoryEntry(
            record,
            [Change(str(f.verbose_name), readable(f, old), readable(f, new)) for f, old, new in changes],
        )
        for record, changes in raw[:limit]
    ]


def _related_names(changes) -> dict:
    wanted = defaultdict(set)
    for model_field, old, new in changes:
        if model_field.is_relation and not model_field.many_to_many:
            wanted[model_field.related_model].update(v for v in (old, new) if v not in (None, ""))
    names = {}
    for related_model, ids in wanted.items():
        for related in related_model._base_manager.filter(pk__in=ids):
            names[(related_model, related.pk)] = str(related)
    return names
