"""Staff import from an HR export (CSV or XLSX): read, plan (validate + preview), apply.

The three steps are separate so the web page can show a preview and the command can do a dry run:

    table = read_table(content, filename)     # ImportFileError for a file we cannot use at all
    result = plan_import(table)               # every row checked; nothing written; result.errors
    apply_import(result)                      # one transaction: all rows or none

Rules the issue left to us (also shown on the upload page):
- A column missing from the file leaves that field alone on existing staff; a blank cell in a
  column that is present clears the field (the HR export is the source of truth).
- Job titles and units are matched case-insensitively by name. An unknown title creates a job role
  with the band and staff group of its first row; later rows that disagree only get a warning, and
  an existing role's band or group is never changed by an import. An unknown unit is created at the
  top of the tree as a department, to be moved into place later. A unit name held by two units is
  an error naming the row: we would rather refuse than guess the parent.
- A person named as their own line manager (HR systems do this for the chief executive) is
  imported without one, with a warning; a longer loop of line managers is an error.
- A row for someone with a login who has left (leaving date today or earlier) or whose record is
  archived deactivates that login (workforce/access.py), even if nothing else on the row changed;
  the preview says how many. Re-joining needs an L&D manager's "Restore sign-in".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F

from workforce.access import end_logins
from workforce.models import JobRole, OrgUnit, PayBand, StaffGroup, StaffMember
from workforce.reading import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportFileError,
    RowError,
    Table,
    display_date,
    name_key,
    parse_band,
    parse_date,
    parse_staff_group,
    read_table,
    text_value,
)

# How often (in rows) a save reports its progress: often enough for a moving bar, rarely enough to be free.
PROGRESS_EVERY = 200

# HR systems' numbers: "10000001", "10000001-2", "EMP/0042". Anything else is a slipped column or junk.
ASSIGNMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/_.]*$")

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportConflict",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "apply_import",
    "import_staff",
    "plan_import",
    "read_table",
]


# --- Planning: validate every row and work out what would change ------------------------------


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class NewJobRole:
    title: str
    pay_band: str
    staff_group: str
    row: int

    @property
    def pay_band_label(self) -> str:
        return PayBand(self.pay_band).label if self.pay_band else ""

    @property
    def staff_group_label(self) -> str:
        return StaffGroup(self.staff_group).label if self.staff_group else ""


@dataclass
class NewOrgUnit:
    name: str
    row: int


@dataclass
class RowPlan:
    """One staff row: what it will do (create / update / unchanged) and, for updates, what changes."""

    CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

    row: int
    assignment_number: str
    name: str
    # StaffMember field -> value; job_role/org_unit hold a JobRole/OrgUnit or a name key of a new one,
    # line_manager holds an assignment number (or "").
    values: dict[str, object]
    existing: StaffMember | None = None
    action: str = CREATE
    changes: list[Change] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {self.CREATE: "New", self.UPDATE: "Updated", self.UNCHANGED: "Unchanged"}[self.action]


@dataclass
class ImportResult:
    filename: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    new_roles: dict[str, NewJobRole] = field(default_factory=dict)
    new_units: dict[str, NewOrgUnit] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    # line managers named in the file who are only in the database: assignment number -> id
    manager_ids: dict[str, int] = field(default_factory=dict)
    # ids of the active logins of rows that leave (or are archived): deactivated on apply
    logins_to_end: list[int] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def _count(self, action: str) -> int:
        return sum(1 for plan in self.rows if plan.action == action)

    @property
    def created(self) -> int:
        return self._count(RowPlan.CREATE)

    @property
    def updated(self) -> int:
        return self._count(RowPlan.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(RowPlan.UNCHANGED)

    @property
    def roles_created(self) -> int:
        return len(self.new_roles)

    @property
    def units_created(self) -> int:
        return len(self.new_units)

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action != RowPlan.UNCHANGED]

    @property
    def logins_ended(self) -> int:
        return len(self.logins_to_end)

    def summary(self) -> str:
        verb = "Imported" if self.saved else "Would import"
        text = (
            f"{verb} {len(self.rows)} rows: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.roles_created} job roles and {self.units_created} "
            f"organisation units {'created' if self.saved else 'to create'}."
        )
        if self.logins_ended:
            logins = "login" if self.logins_ended == 1 else "logins"
            text += f" {self.logins_ended} leavers' {logins} {'ended' if self.saved else 'to end'}."
        return text

    def fingerprint(self) -> str:
        """A digest of what would be written: a confirm compares it with the preview's."""
        digest = hashlib.sha256()
        for plan in self.rows:
            digest.update(repr((plan.row, plan.assignment_number, plan.action)).encode())
            digest.update(repr([(c.field, c.old, c.new) for c in plan.changes]).encode())
        digest.update(repr(sorted(self.new_roles)).encode() + repr(sorted(self.new_units)).encode())
        return digest.hexdigest()


class _Lookups:
    """Everything a plan compares against, read in a fixed handful of queries whatever the file's size."""

    def __init__(self):
        self.staff = {
            s.assignment_number: s for s in StaffMember.objects.select_related("job_role", "org_unit", "user")
        }
        self.number_of_id = {s.pk: number for number, s in self.staff.items()}
        self.roles: dict[str, list[JobRole]] = {}
        for role in JobRole.objects.all():
            self.roles.setdefault(name_key(role.title), []).append(role)
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.select_related("parent"):
            self.units.setdefault(name_key(unit.name), []).append(unit)
        # job title key -> (note, rows whose band or staff group disagrees): one warning per role, not per row
        self.role_differences: dict[str, tuple[str, list[int]]] = {}


def plan_import(table: Table) -> ImportResult:
    """Check every row and describe what an import would do. Reads only; never writes."""
    result = ImportResult(filename=table.filename, ignored_columns=table.ignored_columns)
    lookups = _Lookups()
    labels = {name: table.labels.get(name, label) for name, (label, _w) in COLUMNS.items()}
    first_row_of: dict[str, int] = {}
    file_names: dict[str, str] = {}
    manager_of: dict[str, str] = {}  # assignment number -> manager's, as it will be after the import

    for number, raw in table.rows:

        def error(name, message, _number=number, _raw=raw):
            result.errors.append(RowError(_number, labels[name], message, text_value(_raw.get(name))))

        values: dict[str, object] = {}
        assignment = text_value(raw["assignment_number"])
        if not assignment:
            error("assignment_number", "The assignment number is missing.")
        elif len(assignment) > 30:
            error("assignment_number", "The assignment number is longer than 30 characters.")
        elif not ASSIGNMENT_NUMBER.match(assignment):
            error("assignment_number", "An assignment number has only letters, digits and - / _ . in it.")
        elif assignment in first_row_of:
            error("assignment_number", f"This assignment number is also on row {first_row_of[assignment]}.")
        else:
            first_row_of[assignment] = number
        for name, limit in (("first_name", 100), ("last_name", 100), ("email", 254), ("leaving_reason", 200)):
            if name in raw:
                values[name] = text_value(raw[name])
                if len(values[name]) > limit:
                    error(name, f"Longer than {limit} characters.")
        for name in REQUIRED_COLUMNS[1:]:
            if not values[name]:
                error(name, f"The {labels[name].lower()} is missing.")
        if values.get("email"):
            try:
                validate_email(values["email"])
            except ValidationError:
                error("email", f"'{values['email']}' is not a valid email address.")
        for name in ("start_date", "leaving_date"):
            if name in raw:
                try:
                    values[name] = parse_date(raw[name])
                except ValueError as exc:
                    error(name, f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        band = group = ""
        if "band" in raw:
            try:
                band = parse_band(raw["band"])
            except ValueError as exc:
                error("band", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        if "staff_group" in raw:
            try:
                group = parse_staff_group(raw["staff_group"])
            except ValueError as exc:
                error("staff_group", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        if "job_title" in raw:
            values["job_role"] = _match_role(result, lookups, raw, number, band, group, error)
        if "org_unit" in raw:
            values["org_unit"] = _match_unit(result, lookups, raw, number, error)
        if "line_manager" in raw:
            manager = text_value(raw["line_manager"])
            if manager and manager == assignment:
                result.warnings.append(
                    RowError(
                        number,
                        labels["line_manager"],
                        "The person is named as their own line manager; they are imported without one.",
                        manager,
                    )
                )
                manager = ""
            values["line_manager"] = manager
        existing = lookups.staff.get(assignment)
        _check_dates_against_record(values, existing, error)
        name = f"{values['first_name']} {values['last_name']}".strip()
        file_names.setdefault(assignment, name)
        result.rows.append(RowPlan(number, assignment, name, values, existing=existing))

    # Line managers can only be checked once the whole file is known: a manager may come later.
    for number, existing in lookups.staff.items():
        manager = existing.line_manager_id and lookups.number_of_id.get(existing.line_manager_id)
        if manager:
            manager_of[number] = manager
    for plan in result.rows:
        if "line_manager" in plan.values:
            manager_of[plan.assignment_number] = plan.values["line_manager"]
    for plan in result.rows:
        manager = plan.values.get("line_manager")
        if not manager:
            continue
        if manager not in first_row_of and manager not in lookups.staff:
            message = (
                f"Unknown line manager {manager}: no one has that assignment number in this file "
                "or in Talent Ladder."
            )
            result.errors.append(RowError(plan.row, labels["line_manager"], message, manager))
            continue
        if manager not in first_row_of:
            result.manager_ids[manager] = lookups.staff[manager].pk
        if loop := _management_loop(plan.assignment_number, manager_of):
            message = "Line managers go round in a loop: " + " > ".join(loop) + "."
            result.errors.append(RowError(plan.row, labels["line_manager"], message, manager))

    for note, rows in lookups.role_differences.values():
        shown = ", ".join(str(row) for row in rows[:5]) + (
            f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        )
        rows_give = f"Rows {shown} give" if len(rows) > 1 else f"Row {shown} gives"
        message = f"{note}. {rows_give} a different band or staff group."
        result.warnings.append(RowError(rows[0], labels["job_title"], message))
    if not result.errors:
        for plan in result.rows:
            _describe_changes(plan, lookups, file_names, result)
            if _ends_a_login(plan):
                result.logins_to_end.append(plan.existing.user_id)
    result.errors.sort(key=lambda e: e.row)
    result.warnings.sort(key=lambda e: e.row)
    return result


def _match_role(result, lookups, raw, number, band, group, error):
    title = text_value(raw["job_title"])
    if not title:
        return None
    if len(title) > 200:
        error("job_title", "The job title is longer than 200 characters.")
        return None
    key = name_key(title)
    candidates = lookups.roles.get(key, [])
    if len(candidates) > 1:
        exact = [role for role in candidates if role.title == title]
        candidates = exact if len(exact) == 1 else candidates
    if len(candidates) > 1:
        error("job_title", f"'{title}' matches {len(candidates)} job roles that differ only in capitals.")
        return None
    if candidates:
        role = candidates[0]
        if (band and band != role.pay_band) or (group and group != role.staff_group):
            band_label = role.get_pay_band_display() or "without a band"
            note = (
                f"The job role '{role.title}' is {band_label}, {role.get_staff_group_display()} in Talent "
                "Ladder, and an import does not change job roles"
            )
            lookups.role_differences.setdefault(key, (note, []))[1].append(number)
        return role
    if key in result.new_roles:
        new = result.new_roles[key]
        if (band and band != new.pay_band) or (group and group != new.staff_group):
            note = f"The new job role '{new.title}' takes its band and staff group from row {new.row}"
            lookups.role_differences.setdefault(key, (note, []))[1].append(number)
        return key
    if not group:
        error("staff_group", f"A staff group is needed to create the new job role '{title}'.")
        return None
    result.new_roles[key] = NewJobRole(title, band, group, number)
    return key


def _match_unit(result, lookups, raw, number, error):
    name = text_value(raw["org_unit"])
    if not name:
        return None
    if len(name) > 200:
        error("org_unit", "The unit name is longer than 200 characters.")
        return None
    key = name_key(name)
    candidates = lookups.units.get(key, [])
    active = [unit for unit in candidates if not unit.is_archived]
    candidates = active or candidates
    if len(candidates) > 1:
        where = "; ".join(
            f"{u.name} under {u.parent.name if u.parent else 'the top level'}" for u in candidates
        )
        error(
            "org_unit",
            f"'{name}' is the name of {len(candidates)} units ({where}); rename one "
            "so the file can say which it means.",
        )
        return None
    if candidates:
        return candidates[0]
    result.new_units.setdefault(key, NewOrgUnit(name, number))
    return key


def _check_dates_against_record(values, existing, error):
    """The model's own rules, on the record as it will be once the file's values are applied."""
    start = values.get("start_date", existing.start_date if existing else None)
    leaving = values.get("leaving_date", existing.leaving_date if existing else None)
    reason = values.get("leaving_reason", existing.leaving_reason if existing else "")
    from_file = "start_date" in values or "leaving_date" in values
    if start and leaving and leaving < start and from_file:
        error("leaving_date", f"The leaving date is before the start date ({display_date(start)}).")
    if reason and not leaving and "leaving_reason" in values:
        error("leaving_reason", "A leaving reason needs a leaving date.")


def _ends_a_login(plan: RowPlan) -> bool:
    """Whether this row, once applied, leaves an active login whose access has ended."""
    person = plan.existing
    if person is None or person.user is None or not person.user.is_active:
        return False
    leaving = plan.values.get("leaving_date", person.leaving_date)
    return StaffMember(leaving_date=leaving, is_archived=person.is_archived).access_has_ended()


def _management_loop(number: str, manager_of: dict[str, str]) -> list[str]:
    seen = [number]
    current = manager_of.get(number)
    while current and len(seen) <= len(manager_of):
        if current == number:
            return [*seen, number]
        if current in seen:
            return []  # a loop further up: reported on the rows that form it
        seen.append(current)
        current = manager_of.get(current)
    return []


def _describe_changes(plan: RowPlan, lookups: _Lookups, file_names: dict[str, str], result) -> None:
    existing = plan.existing
    if existing is None:
        plan.action = RowPlan.CREATE
        return
    for name, new in plan.values.items():
        if name == "line_manager":
            old_key = lookups.number_of_id.get(existing.line_manager_id, "")
            if old_key != new:
                plan.changes.append(
                    Change(
                        "line manager",
                        _person(old_key, lookups, file_names),
                        _person(new, lookups, file_names),
                    )
                )
            continue
        old = getattr(existing, name)
        if name in ("job_role", "org_unit"):
            same = (old is None and new is None) or (isinstance(new, JobRole | OrgUnit) and old == new)
            if not same:
                plan.changes.append(Change(_label(name), str(old or ""), _catalogue_label(name, new, result)))
        elif (old or "") != (new or ""):
            show = display_date if name.endswith("_date") else str
            plan.changes.append(Change(_label(name), show(old) if old else "", show(new) if new else ""))
    plan.action = RowPlan.UPDATE if plan.changes else RowPlan.UNCHANGED


def _catalogue_label(name: str, value, result: ImportResult) -> str:
    if not isinstance(value, str):
        return str(value or "")
    created = result.new_roles[value].title if name == "job_role" else result.new_units[value].name
    return f"{created} (new)"


def _label(name: str) -> str:
    return str(StaffMember._meta.get_field(name).verbose_name)


def _person(number: str, lookups: _Lookups, file_names: dict[str, str]) -> str:
    if not number:
        return ""
    name = file_names.get(number) or (lookups.staff[number].full_name if number in lookups.staff else "")
    return f"{name.strip()} ({number})"


# --- Applying: one transaction, one save per object so django-simple-history records each ------------


class ImportConflict(ImportFileError):
    """The database changed under the import (e.g. someone added the same assignment number)."""


def apply_import(
    result: ImportResult, reason: str = "Staff import", *, user=None, progress=None
) -> ImportResult:
    """Write a valid plan: all of it or, on any failure, none of it.

    `user` is recorded in the history when there is no request (a background run); `progress(done,
    total, stage)` is told every PROGRESS_EVERY rows (it must write outside this transaction)."""
    if result.errors:
        raise ValueError("A plan with errors cannot be applied.")
    try:
        with transaction.atomic():
            roles = {}
            for key, new in result.new_roles.items():
                roles[key] = _saved(
                    JobRole(title=new.title, pay_band=new.pay_band, staff_group=new.staff_group), reason, user
                )
            units = {}
            for key, new in result.new_units.items():
                units[key] = _saved(OrgUnit(name=new.name, kind=OrgUnit.Kind.DEPARTMENT), reason, user)
            saved = {p.assignment_number: p.existing for p in result.rows if p.existing is not None}
            for done, plan in enumerate(_managers_first(result.rows)):
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, len(result.rows), "Saving")
                if plan.action == RowPlan.UNCHANGED:
                    continue
                person = plan.existing or StaffMember(assignment_number=plan.assignment_number)
                for name, value in plan.values.items():
                    if name == "job_role" and isinstance(value, str):
                        value = roles[value]
                    elif name == "org_unit" and isinstance(value, str):
                        value = units[value]
                    elif name == "line_manager":
                        if value and value not in saved:
                            person.line_manager_id = result.manager_ids[value]
                            continue
                        value = saved.get(value) if value else None
                    setattr(person, name, value)
                saved[plan.assignment_number] = _saved(person, reason, user)
            if result.logins_to_end:
                ending_ids = set(result.logins_to_end)
                end_logins([p for p in saved.values() if p.user_id in ending_ids])
    except IntegrityError as exc:
        raise ImportConflict(
            "The staff list changed while the file was being imported (for example, someone added one of "
            "these assignment numbers). Nothing was saved; upload the file again."
        ) from exc
    if progress:
        progress(len(result.rows), len(result.rows), "Saving")
    result.saved = True
    return result


def _saved(obj, reason: str, user=None):
    obj._change_reason = reason  # django-simple-history stores this with the history record
    if user is not None:
        obj._history_user = user  # no request in a worker: say who asked for the import
    existing = obj.pk is not None
    if existing:
        # An import is an edit too: move the version on in the same UPDATE, so an edit form
        # opened before it is refused rather than writing the old values back.
        obj.version = F("version") + 1
    obj.save()
    if existing:
        del obj.version  # holds the expression, not a number: read it again if anyone asks
    return obj


def _managers_first(rows: list[RowPlan]) -> list[RowPlan]:
    """Rows ordered so that a manager new in this file is saved before the people they manage."""
    by_number = {plan.assignment_number: plan for plan in rows}
    ordered, done = [], set()
    for plan in rows:
        chain = []
        current = plan
        while current is not None and current.assignment_number not in done:
            chain.append(current)
            done.add(current.assignment_number)
            current = by_number.get(current.values.get("line_manager") or "")
        ordered.extend(reversed(chain))
    return ordered


def import_staff(content: bytes, filename: str, *, dry_run: bool = False, reason: str = "") -> ImportResult:
    """Read, check and (unless a dry run or refused) save. ImportFileError for a file-level problem."""
    result = plan_import(read_table(content, filename))
    if result.ok and not dry_run:
        apply_import(result, reason or f"Staff import from {filename}")
    return result
