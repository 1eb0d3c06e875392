"""The audit trail: change history searched across every app (who changed what, when).

Each app declares, from its AppConfig.ready, which of its models' histories the audit page
searches (`register_audited`) and which it must never show (`exclude_from_audit`, with why): the
core never imports the apps, and a test fails when a model with history is in neither list, so a
new model cannot slip in (or out) unnoticed. Opt-in rather than discovered through django.apps:
a confidential model added later must not appear merely because it keeps history.

Reading (`count`, `rows`): the count is one UNION ALL over the registered historical tables of
their ids alone; the page is two: the same UNION ordered newest first and sliced in the database,
then one UNION reading the page's records in full (who, type of change, reason, the record's name,
the id its page takes, whether it still exists). The number of queries depends neither on how much
history there is nor on how many apps there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, Exists, F, OuterRef, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone

from workforce.permissions import can

# Every branch of the UNION yields these columns, in this order.
COLUMNS = ("a_when", "a_hid", "a_kind", "a_user", "a_type", "a_reason", "a_name", "a_page_id", "a_live")
TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class AuditedModel:
    model: type
    # An expression over the historical record naming it ("Amira Khan"); searched and shown.
    name: Combinable | None
    # The URL name of the record's page, taking `page_id` (its own id, or its parent's for a part
    # shown on its parent's page, e.g. a milestone on its action's page); "" when it has no page.
    page: str
    page_id: str
    # Who among the audit page's readers may open that page: an ability, a rule of the user, or
    # None for all of them.
    may_open: str | Callable[[object], bool] | None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    def opens_for(self, user) -> bool:
        if not self.page:
            return False
        if self.may_open is None:
            return True
        return can(user, self.may_open) if isinstance(self.may_open, str) else bool(self.may_open(user))


_audited: dict[str, AuditedModel] = {}
_excluded: dict[str, str] = {}  # model label -> why it is not searchable here


def _name_expression(name) -> Combinable | None:
    """ "title" -> the field; ("first_name", "last_name") -> "first last"; an expression as is."""
    if name is None or isinstance(name, Combinable):
        return name
    if isinstance(name, str):
        return Cast(F(name), CharField())
    parts = []
    for part in name:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(Cast(F(part), CharField()), Value("")))
    return Concat(*parts, output_field=CharField())


def register_audited(model, *, name=None, page: str = "", page_id: str = "id", may_open=None) -> None:
    """Let the audit page search `model`'s history (call from AppConfig.ready). `name`: a field of
    the record, a tuple of fields joined by spaces (a foreign key path works: "course__title"), or
    an expression; `page`/`page_id`/`may_open`: see AuditedModel."""
    key = model._meta.label_lower
    if key in _excluded:
        raise ValueError(f"{key} is excluded from the audit page: {_excluded[key]}")
    _audited[key] = AuditedModel(model, _name_expression(name), page, page_id, may_open)


def exclude_from_audit(model, why: str) -> None:
    """Declare that `model`'s history must never be shown on the audit page, and why."""
    key = model._meta.label_lower
    if key in _audited:
        raise ValueError(f"{key} is registered for the audit page and cannot be excluded")
    _excluded[key] = why


def audited_models() -> list[AuditedModel]:
    return sorted(_audited.values(), key=lambda entry: entry.label)


def audited(key: str) -> AuditedModel | None:
    return _audited.get(key)


def excluded_models() -> dict[str, str]:
    return dict(_excluded)


@dataclass(frozen=True)
class Criteria:
    user_id: int | None = None
    kind: str = ""  # an AuditedModel key, or "" for all
    text: str = ""  # part of the record's name
    start: datetime.date | None = None
    end: datetime.date | None = None


def _filters(criteria: Criteria) -> Q:
    q = Q()
    if criteria.user_id is not None:
        q &= Q(history_user_id=criteria.user_id)
    tz = timezone.get_current_timezone()
    if criteria.start:
        q &= Q(history_date__gte=datetime.datetime.combine(criteria.start, datetime.time.min, tz))
    if criteria.end:
        after = criteria.end + datetime.timedelta(days=1)
        q &= Q(history_date__lt=datetime.datetime.combine(after, datetime.time.min, tz))
    return q


def _entries(criteria: Criteria) -> list[AuditedModel]:
    entries = [_audited[criteria.kind]] if criteria.kind else audited_models()
    if criteria.text:
        entries = [entry for entry in entries if entry.name is not None]
    return entries


def _keys(entry: AuditedModel, criteria: Criteria):
    """The records of one model that match, as (when, id, kind): what the count and the ordering
    need, and nothing that costs per row (names, whether the record still exists)."""
    history = entry.model.history.model
    # order_by(): the historical models are ordered, and a branch of a UNION may not be.
    records = history.objects.filter(_filters(criteria)).order_by()
    if criteria.text:
        records = records.alias(a_name=entry.name).filter(a_name__icontains=criteria.text)
    return records.annotate(
        a_when=F("history_date"), a_hid=F("history_id"), a_kind=Value(entry.key, output_field=CharField())
    ).values_list("a_when", "a_hid", "a_kind")


def _details(entry: AuditedModel, history_ids: list):
    """Every column of the page's records of one model, by id."""
    history = entry.model.history.model
    name = entry.name if entry.name is not None else Value("", output_field=CharField())
    live = Exists(entry.model._base_manager.filter(pk=OuterRef("id")))
    return (
        history.objects.filter(history_id__in=history_ids)
        .order_by()
        .annotate(
            a_when=F("history_date"),
            a_hid=F("history_id"),
            a_kind=Value(entry.key, output_field=CharField()),
            a_user=F("history_user_id"),
            a_type=F("history_type"),
            a_reason=F("history_change_reason"),
            a_name=name,
            a_page_id=F(entry.page_id),
            a_live=Cast(live, BooleanField()),
        )
        .values_list(*COLUMNS)
    )


def _union(branches: list):
    if not branches:
        return None
    first, *rest = branches
    return first.union(*rest, all=True) if rest else first


def count(criteria: Criteria) -> int:
    """How many records match: one query."""
    union = _union([_keys(entry, criteria) for entry in _entries(criteria)])
    return 0 if union is None else union.count()


@dataclass
class AuditRow:
    when: datetime.datetime
    history_id: int
    entry: AuditedModel
    user_id: int | None
    change: str
    reason: str
    name: str
    page_id: object
    live: bool
    who: str = "system"
    url: str = ""
    changes: list | None = None  # the fields changed, when worked out (one type of record chosen)


def rows(criteria: Criteria, offset: int, limit: int) -> list[AuditRow]:
    """The records from `offset`, newest first: two queries. The first orders the matching
    records' keys alone and keeps a page of them; the second reads the page's records in full.
    In one query the database would work out every matching record's name and existence before
    sorting (half a second at 150,000 records on PostgreSQL), not just the page's."""
    union = _union([_keys(entry, criteria) for entry in _entries(criteria)])
    if union is None:
        return []
    keys = list(union.order_by("-a_when", "-a_hid", "a_kind")[offset : offset + limit])
    if not keys:
        return []
    wanted: dict[str, list] = {}
    for _when, history_id, kind in keys:
        wanted.setdefault(kind, []).append(history_id)
    found = {
        (row[2], row[1]): row for row in _union([_details(_audited[k], ids) for k, ids in wanted.items()])
    }
    page = [found[(kind, history_id)] for _when, history_id, kind in keys if (kind, history_id) in found]
    return [
        AuditRow(
            when=when,
            history_id=history_id,
            entry=_audited[kind],
            user_id=user_id,
            change=TYPES.get(change, change),
            reason=reason or "",
            name=(name or "").strip(),  # blanked names (an anonymised applicant) join to " "
            page_id=page_id,
            live=bool(live),
        )
        for when, history_id, kind, user_id, change, reason, name, page_id, live in page
    ]


def describe(rows_: list[AuditRow], viewer, criteria: Criteria) -> list[AuditRow]:
    """Fill in who made each change (one query for the people on the page) and the link to the
    record's page, where it still exists and the viewer may open it. When one type of record is
    searched, also the fields each change made: cheap then (see `workforce.history.changes_of`),
    where across every type it would cost queries per type on the page."""
    from django.contrib.auth import get_user_model

    from workforce.history import changes_of

    if criteria.kind and rows_:
        changes = changes_of(_audited[criteria.kind].model.history.model, [row.history_id for row in rows_])
        for row in rows_:
            row.changes = changes.get(row.history_id, [])

    ids = {row.user_id for row in rows_ if row.user_id is not None}
    people = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)} if ids else {}
    opens = {}
    for row in rows_:
        user = people.get(row.user_id)
        if user is not None:
            row.who = user.get_full_name() or user.get_username()
        elif row.user_id is not None:
            row.who = "a removed login"
        key = row.entry.key
        if key not in opens:
            opens[key] = row.entry.opens_for(viewer)
        if row.live and opens[key] and row.page_id is not None:
            row.url = reverse(row.entry.page, args=[row.page_id])
    return rows_
