"""History of rows created in bulk, written by the database: `record_creation(queryset, ...)`.

simple-history's `bulk_create_with_history` builds a historical model instance in Python for every
row and sends them all back to the database, and `history.write_m2m_snapshots` then reads those
records back to link their owners: for a 1,000-action plan import that was most of the import's
time. The rows are already in the database, so the database copies them instead: one
`INSERT INTO <historical table> ... SELECT ... FROM <table>` per model, and one per many-to-many
field for the links, whatever the number of rows. The records are the ones simple-history would
have written ("+", the user, the reason, every tracked field, the links the objects have now).
"""

from __future__ import annotations

import datetime

from django.db import connections, models
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from workforce import history


def record_creation(
    queryset: models.QuerySet, *, user=None, reason: str = "", date: datetime.datetime | None = None
) -> int:
    """Write one "+" history record (by `user`, else the request's, as simple-history would;
    with `reason`; dated `date` or now) for every row of `queryset`, as the row is now, with its
    many-to-many links: rows created in bulk and then linked, which no signal recorded. One query
    per model, plus one per many-to-many field. Returns the number of records written."""
    model = queryset.model
    history_model = model.history.model
    date = date or timezone.now()
    tracked = [field.attname for field in history_model.tracked_fields]
    stamp = {
        "history_date": date,
        "history_user_id": getattr(user or history.request_user(), "pk", None),
        "history_change_reason": history.reason(reason),
        "history_type": "+",
    }
    # The values become columns of the SELECT, typed (and a date adapted) as the record's own fields.
    constants = {
        f"record_{column}": Value(value, output_field=history_model._meta.get_field(column))
        for column, value in stamp.items()
    }
    rows = queryset.order_by("pk").annotate(**constants).values_list(*tracked, *constants)
    written = _insert_select(history_model, [*tracked, *stamp], rows)

    records = history_model.objects.filter(history_date=date, history_type="+")
    for m2m_field in history_model._history_m2m_fields:
        snapshot_model = getattr(history_model, m2m_field.name).model
        source, target = get_m2m_field_name(m2m_field), get_m2m_reverse_field_name(m2m_field)
        record = records.filter(id=OuterRef(f"{source}_id")).order_by("-history_id").values("history_id")[:1]
        links = (
            m2m_field.remote_field.through.objects.filter(**{f"{source}_id__in": queryset.values("pk")})
            .order_by("pk")
            .annotate(record=Subquery(record))
            .values_list("record", "id", f"{source}_id", f"{target}_id")
        )
        _insert_select(snapshot_model, ["history_id", "id", f"{source}_id", f"{target}_id"], links)
    return written


def _insert_select(model, columns: list[str], rows: models.QuerySet) -> int:
    """INSERT INTO model's table (columns) SELECT `rows` (a values_list of as many columns, in
    that order: Django keeps the order values_list() was given)."""
    connection = connections[rows.db]
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    column_of = {field.attname: field.column for field in model._meta.concrete_fields}
    names = ", ".join(quote(column_of[attname]) for attname in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}", params)
        return cursor.rowcount
