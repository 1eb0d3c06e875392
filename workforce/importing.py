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

This module holds the steps callers use. The parts: `reading` (file -> table, cell cleaning),
`import_checks` (a row against the database: matching roles and units, dates, line-manager loops,
leavers' logins, the changes shown), `import_results` (the plan and ImportResult dataclasses).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history

from workforce import figure_store, history
from workforce.access import end_logins
from workforce.import_checks import (
    Lookups,
    check_dates_against_record,
    describe_changes,
    ends_a_login,
    management_loop,
    match_role,
    match_unit,
)
from workforce.import_results import ImportResult, RowPlan
from workforce.models import JobRole, OrgUnit, StaffMember
from workforce.reading import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportFileError,
    RowError,
    Table,
    parse_band,
    parse_date,
    parse_staff_group,
    read_table,
    text_value,
)

# Rows written per batch of bulk writes, with progress reported before each: a moving bar, and
# few enough queries (a handful per batch) that they cost next to nothing.
PROGRESS_EVERY = 500

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


def plan_import(table: Table) -> ImportResult:
    """Check every row and describe what an import would do. Reads only; never writes."""
    result = ImportResult(filename=table.filename, ignored_columns=table.ignored_columns)
    lookups = Lookups()
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
            values["job_role"] = match_role(result, lookups, raw, number, band, group, error)
        if "org_unit" in raw:
            values["org_unit"] = match_unit(result, lookups, raw, number, error)
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
        check_dates_against_record(values, existing, error)
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
        if loop := management_loop(plan.assignment_number, manager_of):
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
            describe_changes(plan, lookups, file_names, result)
            if ends_a_login(plan):
                result.logins_to_end.append(plan.existing.user_id)
    result.errors.sort(key=lambda e: e.row)
    result.warnings.sort(key=lambda e: e.row)
    return result


# --- Applying: one transaction, written in bulk, one history record per row written -------------


class ImportConflict(ImportFileError):
    """The database changed under the import (e.g. someone added the same assignment number)."""


def apply_import(
    result: ImportResult, reason: str = "Staff import", *, user=None, progress=None
) -> ImportResult:
    """Write a valid plan: all of it or, on any failure, none of it.

    `user` is recorded in the history when there is no request (a background run); `progress(done,
    total, stage)` is told before each batch of PROGRESS_EVERY rows and at the end (it must write
    outside this transaction)."""
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
            ordered = _managers_first(result.rows)
            for start in range(0, len(ordered), PROGRESS_EVERY):
                if progress:
                    progress(start, len(ordered), "Saving")
                batch = [p for p in ordered[start : start + PROGRESS_EVERY] if p.action != RowPlan.UNCHANGED]
                _write_batch(batch, result, roles, units, saved, reason, user)
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


def _write_batch(batch: list[RowPlan], result: ImportResult, roles, units, saved, reason: str, user) -> None:
    """Write a batch of rows in bulk: a row-by-row save() costs an UPDATE or INSERT and a history
    INSERT each (11 s in the worker for a 15,000-row re-import). Bulk writes send no signals, so the
    history records and the stored figures' marks are written here, as the signals would have."""
    creates: list[list[StaffMember]] = []  # by depth: a new person after their new line manager
    depth: dict[str, int] = {}
    updates: list[StaffMember] = []
    changed: set[str] = set()  # the fields some update of the batch changes
    imported: set[str] = set()  # the fields the updates' columns hold
    for plan in batch:
        person = plan.existing or StaffMember(assignment_number=plan.assignment_number)
        for name, value in plan.values.items():
            field = StaffMember._meta.get_field(name)
            before = getattr(person, field.attname)
            if name == "job_role" and isinstance(value, str):
                value = roles[value]
            elif name == "org_unit" and isinstance(value, str):
                value = units[value]
            elif name == "line_manager":
                if value and value not in saved:
                    value = result.manager_ids[value]
                    name = field.attname
                else:
                    # A manager new in this batch has no id yet: bulk_create and bulk_update take
                    # it from the object once it is written (_prepare_related_fields_for_save).
                    value = saved.get(value) if value else None
            setattr(person, name, value)
            unsaved = isinstance(value, models.Model) and value.pk is None  # a new manager
            if plan.existing is not None and (unsaved or getattr(person, field.attname) != before):
                changed.add(field.name)
        person._change_reason = reason  # django-simple-history stores this with the history record
        if user is not None:
            person._history_user = user  # no request in a worker: say who asked for the import
        saved[plan.assignment_number] = person
        if plan.existing is None:
            manager = plan.values.get("line_manager") or ""
            depth[plan.assignment_number] = depth[manager] + 1 if manager in depth else 0
            if depth[plan.assignment_number] == len(creates):
                creates.append([])
            creates[depth[plan.assignment_number]].append(person)
        else:
            updates.append(person)
            imported.update(plan.values)
    for level in creates:
        bulk_create_with_history(level, StaffMember, default_user=user, default_change_reason=reason)
    if creates:
        # No signals: a new person counts from their start date (figure_store._staff_member_reach).
        starts = [p.start_date for level in creates for p in level]
        figure_store.mark_changed("workforce", figure_store.EVERYTHING if None in starts else min(starts))
    if updates:
        # An import is an edit too: move the version on, so an edit form opened before it is
        # refused rather than writing the old values back. One statement, not a CASE per row.
        StaffMember.objects.filter(pk__in=[p.pk for p in updates]).update(version=F("version") + 1)
        # Only the fields that changed: bulk_update builds a CASE branch per row and field, and
        # working those out costs about a millisecond each (13 s for all ten fields of 1,500 rows).
        fields = sorted(changed or imported)  # none differs here but the preview saw a change: write them all
        # Marks every figure stale itself: an update of a person's role or dates may change any period.
        history.bulk_update_with_history(updates, StaffMember, fields, user=user)
        for person in updates:
            del person.version  # moved on in the database: read it again if anyone asks


def _saved(obj, reason: str, user=None):
    """Save a new job role or unit (a handful per file) with its history record."""
    obj._change_reason = reason  # django-simple-history stores this with the history record
    if user is not None:
        obj._history_user = user  # no request in a worker: say who asked for the import
    obj.save()
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
