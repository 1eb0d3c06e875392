"""Change history: reading it for a page (who, when, what changed) and writing it where
django-simple-history's signals cannot (bulk writes, many-to-many snapshots, one record per form save).

Reading: `history_entries(obj, parts=...)` lists the object's own records and, merged in date order,
those of its parts (an action's contributors, outputs, targets...). Values are shown as people read
them: a foreign key or a many-to-many set by the related objects' names, a choice by its label. The
number of queries does not depend on how much history there is: one per source of records, one per
many-to-many field (none when no record of the source has one before it to differ from), one per
related model whose names are shown.

Writing: simple-history records saves through signals, so `bulk_update()` writes nothing and every
many-to-many `add`/`remove` writes a record of its own. `one_record(instance)` turns a form save
(fields, then owners, then dependencies) into the one record the user made; `bulk_update_with_history`
records bulk writes, with a reason per row ("Renumbered 1.2 → 1.3"); `write_m2m_snapshots` gives
records written in bulk the owners/dependencies they had, so the next change is diffed truthfully.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from workforce import figure_store

# history_change_reason is a CharField(max_length=100) in every historical table.
REASON_MAX = 100
NEWEST_FIRST = ("-history_date", "-history_id")


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    record: object
    changes: list[Change] = field(default_factory=list)
    # Which part of the page's object the record is about ('Contributor “Finance”'); blank when the
    # record is the object's own.
    subject: str = ""

    @property
    def who(self) -> str:
        user = self.record.history_user
        if user is None:
            return "system"  # imports, the demo loader, management commands run without a user
        return user.get_full_name() or user.get_username()

    @property
    def what(self) -> str:
        return self.record.get_history_type_display()

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""


# --- Reading ----------------------------------------------------------------------------------


def history_entries(obj, limit: int = 25, parts: Iterable = ()) -> list[HistoryEntry]:
    """Newest first, at most `limit`; each entry lists the fields that changed since the record
    before it of the same object. `parts`: historical records of other models shown on the same
    page, each a queryset (e.g. `Contributor.history.filter(action_id=action.pk)`) or a
    (label, queryset) pair when the model's verbose name is not what the page calls it, or a
    (label, queryset, describe) triple where the part's own name would cost a query per record
    (its __str__ follows a foreign key): `describe(record)` names the part from the record."""
    sources = [(None, obj.history.all(), None)]
    for part in parts:
        label, source, describe = (*part, None)[:3] if isinstance(part, tuple) else (None, part, None)
        label = label or str(source.model.instance_type._meta.verbose_name).capitalize()
        sources.append((label, source, describe))
    raw = []  # (record, [(model field, old, new)], (label of the part, describe) or None)
    for label, source, describe in sources:
        records, older, snapshots = _fetch(source, limit)
        for record in records:
            part = (label, describe) if label else None
            raw.append((record, _changes(record, older.get(record.previous_id), snapshots), part))
    raw.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    raw = raw[:limit]

    names = _related_names(change for _, changes, _ in raw for change in changes)
    return [
        HistoryEntry(record, _readable(changes, names), subject=_subject(*part, record) if part else "")
        for record, changes, part in raw
    ]


def changes_of(history_model, history_ids: list) -> dict[int, list[Change]]:
    """The fields each of these records of one model changed since the record before it of the
    same object (the audit trail's "what changed"). One query, plus one per many-to-many field and
    one per related model whose names are shown."""
    if not history_ids:
        return {}
    records, older, snapshots = _fetch(
        history_model.objects.filter(history_id__in=history_ids), len(history_ids)
    )
    raw = {
        record.history_id: _changes(record, older.get(record.previous_id), snapshots) for record in records
    }
    names = _related_names(change for changes in raw.values() for change in changes)
    return {history_id: _readable(changes, names) for history_id, changes in raw.items()}


def _readable(changes, names) -> list[Change]:
    """Values as people read them: related objects by name, a choice by its label."""

    def readable(model_field, value):
        if model_field.many_to_many:
            return ", ".join(sorted(names.get((model_field.related_model, pk), f"#{pk}") for pk in value))
        if value in (None, ""):
            return value
        if model_field.is_relation:
            return names.get((model_field.related_model, value), value)
        if model_field.choices:
            return dict(model_field.flatchoices).get(value, value)
        return value

    return [Change(str(f.verbose_name), readable(f, old), readable(f, new)) for f, old, new in changes]


def _fetch(source: models.QuerySet, limit: int):
    """The newest `limit` records of `source`, the record before each (same object), and the
    many-to-many snapshots of those that can show a change: one query, plus one per many-to-many
    field when some record has a record before it (a page of creations alone needs none)."""
    history_model = source.model
    # Records and predecessors in one query: predecessors outside the newest `limit` are older
    # than all of them, so the first `limit` rows of the result are still the newest. Written as
    # SQL around the source's own: built with the ORM (the newest twice, each with a correlated
    # subquery for the predecessor) the query took longer to build and compile than to run.
    newest = source.order_by(*NEWEST_FIRST).values("history_id", "id", "history_date")[:limit]
    sql, params = newest.query.get_compiler(source.db).as_sql()
    table = connections[source.db].ops.quote_name(history_model._meta.db_table)
    wanted = RawSQL(
        f"SELECT history_id FROM ({sql}) newest UNION ALL"
        # The record before each: the same object's latest record older than it.
        f" SELECT (SELECT b.history_id FROM {table} b WHERE b.id = newest.id"
        " AND (b.history_date < newest.history_date"
        " OR (b.history_date = newest.history_date AND b.history_id < newest.history_id))"
        f" ORDER BY b.history_date DESC, b.history_id DESC LIMIT 1) FROM ({sql}) newest",
        (*params, *params),
    )
    rows = list(
        history_model.objects.using(source.db)
        .filter(history_id__in=wanted)
        .select_related("history_user")
        .order_by(*NEWEST_FIRST)
    )
    # Each record's predecessor is the next row of the same object: the result holds every
    # newest record's predecessor, and nothing of that object lies between the two. Found here
    # rather than by a second correlated subquery in the query above (its building and
    # compiling cost more than running it).
    for row, previous in _with_previous(rows):
        row.previous_id = previous
    records = rows[:limit]
    older = {row.history_id: row for row in rows}
    diffed = [r for r in records if r.previous_id is not None and r.history_type != "-"]
    snapshots = {}
    if diffed:
        # The ids are known now: a literal list is cheaper to build than the subquery again.
        ids = {r.history_id for r in diffed} | {r.previous_id for r in diffed}
        for m2m_field in history_model._history_m2m_fields:
            snapshot_model = getattr(history_model, m2m_field.name).model
            target = get_m2m_reverse_field_name(m2m_field)
            members = defaultdict(set)
            linked = snapshot_model.objects.filter(history_id__in=ids)
            for record_id, target_id in linked.values_list("history_id", f"{target}_id"):
                members[record_id].add(target_id)
            snapshots[m2m_field.name] = members
    return records, older, snapshots


def _with_previous(rows: list):
    """(row, history_id of the row before it of the same object or None), for rows newest first."""
    last_seen = {}  # object id -> its latest row met so far, oldest first
    for row in reversed(rows):
        previous = last_seen.get(row.id)
        last_seen[row.id] = row
        yield row, previous.history_id if previous is not None else None


def _changes(record, previous, snapshots) -> list[tuple]:
    # A deletion is news in itself; its record's empty links (removed with it) are not.
    if previous is None or record.history_type == "-":
        return []
    model = record.instance_type
    plain = [f.name for f in previous.tracked_fields if f.editable]
    changes = [
        (model._meta.get_field(c.field), c.old, c.new)
        for c in record.diff_against(previous, included_fields=plain).changes
    ]
    for name, members in snapshots.items():
        old, new = members.get(previous.history_id, set()), members.get(record.history_id, set())
        if old != new:
            changes.append((model._meta.get_field(name), old, new))
    return changes


def _subject(label: str, describe, record) -> str:
    text = describe(record) if describe else str(_as_it_was(record))
    if len(text) > 60:
        text = text[:57].rstrip() + "..."
    return f"{label} “{text}”"


def _as_it_was(record):
    """The object as this record saw it. Not `record.instance`: for a model with excluded fields
    (a versioned one's `version`) simple-history reads those from the live row, a query per record."""
    model = record.instance_type
    return model(**{f.attname: getattr(record, f.attname) for f in record.tracked_fields})


def _related_names(changes) -> dict:
    """(related model, pk) -> name, one query per related model."""
    wanted = defaultdict(set)
    for model_field, old, new in changes:
        if model_field.many_to_many:
            wanted[model_field.related_model].update(old | new)
        elif model_field.is_relation:
            wanted[model_field.related_model].update(v for v in (old, new) if v not in (None, ""))
    names = {}
    for related_model, ids in wanted.items():
        for related in related_model._base_manager.filter(pk__in=ids):
            names[(related_model, related.pk)] = str(related)
    return names


# --- Writing ----------------------------------------------------------------------------------


class HistoricalRecordsBothWays(HistoricalRecords):
    """HistoricalRecords whose many-to-many fields are recorded whichever side changes them.

    simple-history records `action.owners.add(person)` on the action, but hands
    `person.owned_actions.add(action)` to the person (the signal's instance), so the action's
    history never hears of it. Here a change from the other side is recorded on each object of
    this model it touched."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, model=None, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if hasattr(instance, "skip_history_when_saving"):
            return None
        if action == "pre_clear":
            # post_clear does not say what was cleared: note it now.
            linked = model._default_manager.filter(**{attr: instance}).values_list("pk", flat=True)
            instance._history_cleared = set(linked)
        elif action == "post_clear":
            pk_set = getattr(instance, "_history_cleared", set())
        if action in ("post_add", "post_remove", "post_clear") and pk_set:
            for obj in model._default_manager.filter(pk__in=pk_set):
                self.create_historical_record(obj, "~")
        return None


def request_user():
    """The signed-in user of the request being served (set by simple-history's middleware), if any."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def reason(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 3] + "..."


@contextmanager
def one_record(instance):
    """Inside the block, saves and many-to-many changes of `instance` write no history; after it,
    one record of how the instance ended up ("+" if it was new). Nothing is written if the block
    raises."""
    created = instance._state.adding
    instance.skip_history_when_saving = True  # simple-history's own switch, for saves and m2m signals
    try:
        yield
    finally:
        del instance.skip_history_when_saving
    write_record(instance, "+" if created else "~")


def write_record(instance, history_type: str = "~"):
    """One history record of `instance` as it is, with its many-to-many snapshots."""
    history_model = type(instance).history.model
    record = history_model(
        history_date=getattr(instance, "_history_date", None) or timezone.now(),
        history_type=history_type,
        history_user=getattr(instance, "_history_user", None) or request_user(),
        history_change_reason=getattr(instance, "_change_reason", None),
        **{f.attname: getattr(instance, f.attname) for f in history_model.tracked_fields},
    )
    record.save()
    write_m2m_snapshots([record])
    return record


def bulk_update_with_history(objs: list, model, fields: list[str], *, user=None) -> list:
    """`bulk_update` and one "~" record per row, by `user` (or the request's), each with the row's
    `_change_reason` and its many-to-many snapshots. Returns the records."""
    if not objs:
        return []
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_update(objs, fields)
        records = model.history.bulk_history_create(objs, update=True, default_user=user or request_user())
        write_m2m_snapshots(records)
    figure_store.mark_changed(model._meta.app_label)  # no signals: say so to the stored figures
    return records


def write_m2m_snapshots(records: list) -> None:
    """Give records written in bulk (no signals) the many-to-many links their objects have now.
    One query to read and one to write per many-to-many field."""
    if not records:
        return
    history_model = type(records[0])
    if not history_model._history_m2m_fields:
        return
    for m2m_field in history_model._history_m2m_fields:
        snapshot_model = getattr(history_model, m2m_field.name).model
        through = m2m_field.remote_field.through
        source, target = get_m2m_field_name(m2m_field), get_m2m_reverse_field_name(m2m_field)
        links = defaultdict(list)
        rows = through.objects.filter(**{f"{source}_id__in": {r.id for r in records}})
        for link_id, source_id, target_id in rows.values_list("id", f"{source}_id", f"{target}_id"):
            links[source_id].append((link_id, target_id))
        snapshot_model.objects.bulk_create(
            snapshot_model(
                history=record, id=link_id, **{f"{source}_id": record.id, f"{target}_id": target_id}
            )
            for record in records
            for link_id, target_id in links[record.id]
        )
