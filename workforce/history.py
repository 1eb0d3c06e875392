"""Readable change history for an object's page (who, when, what changed)."""

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
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                label = model._meta.get_field(change.field).verbose_name
                changes.append(Change(str(label), change.old, change.new))
        entries.append(HistoryEntry(newer, changes))
    return entries[:limit]
