"""Reading a plan workbook's machine sheets back (see `workbook` for the layout).

`read_workbook(data)` returns None for any file that is not a plan workbook of this app (no
"About" sheet saying so), else a `PlanWorkbook` and the errors and warnings found, each naming
the sheet and row. Cells are read typed (dates as dates, numbers as numbers) and text exactly as
written: no trimming, since a lossless round trip keeps every character.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal, InvalidOperation

from actionplans.models import ActionPlan
from actionplans.spreadsheets.preview import Message
from actionplans.spreadsheets.workbook import (
    ABOUT,
    DEPENDENCIES,
    MADE_BY,
    OWNERS,
    PLAN_FIELDS,
    SHEETS,
    Column,
    PlanWorkbook,
)
from workforce.models import StaffMember

MAX_ROWS = 50_000  # per sheet; far more than a plan of 500 actions has


class _Cells:
    """Typed reading of one row's cells, collecting errors with where they are."""

    def __init__(self, where: str, errors: list[Message]):
        self.where, self.errors = where, errors

    def error(self, header: str, text: str) -> None:
        self.errors.append(Message(self.where, f"{header}: {text}"))

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def number(self, header: str, value, kind: str):
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.error(header, f"“{value}” is not a number.")
            return None
        if kind == "int":
            if number != number.to_integral_value():
                self.error(header, f"“{value}” is not a whole number.")
                return None
            return int(number)
        return number

    def date(self, header: str, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(header, f"“{value}” is not a date (write it as 2026-11-26).")
            return None

    def choice(self, header: str, value, choices) -> str:
        text = self.text(value).strip()
        for stored, label in choices:
            if text.lower() in (str(stored).lower(), str(label).lower()):
                return stored
        if text:
            self.error(header, f"“{text}” is not one of: {', '.join(str(label) for _, label in choices)}.")
        return ""


def _table(sheet) -> tuple[list[str], list[tuple[int, list]]]:
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h) if h is not None else "" for h in next(rows, ())]
    body = []
    for number, row in enumerate(rows, 2):
        if number > MAX_ROWS:
            break
        values = list(row)
        if any(v not in (None, "") for v in values):
            body.append((number, values + [None] * (len(headers) - len(values))))
    return headers, body


def read_workbook(data: bytes) -> tuple[PlanWorkbook | None, list[Message], list[Message]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not an xlsx at all: the first-sheet reader says why
        return None, [], []
    try:
        if ABOUT not in book.sheetnames:
            return None, [], []
        about = {str(row[0]): row[1] for _, row in _table(book[ABOUT])[1] if row and row[0] is not None}
        if about.get("Made by") != MADE_BY:
            return None, [], []
        return _Reader(book, about).read()
    finally:
        book.close()


class _Reader:
    def __init__(self, book, about: dict):
        self.book, self.about = book, about
        self.errors: list[Message] = []
        self.warnings: list[Message] = []
        self.staff: dict[str, StaffMember] = {}

    def read(self) -> tuple[PlanWorkbook, list[Message], list[Message]]:
        tables = {}
        for name in [spec.name for spec in SHEETS] + [OWNERS[0], DEPENDENCIES[0]]:
            if name not in self.book.sheetnames:
                self.errors.append(Message("", f"The workbook has no “{name}” sheet."))
                return PlanWorkbook(None), self.errors, self.warnings
            tables[name] = _table(self.book[name])
        self._load_staff(tables)
        cells = _Cells(f"Sheet “{ABOUT}”", self.errors)
        plan_id = cells.number("Plan id", self.about.get("Plan id"), "int")
        workbook = PlanWorkbook(plan_id)
        workbook.plan = self._plan_fields(cells)
        keys: dict[str, set] = {}
        for spec in SHEETS:
            headers, body = tables[spec.name]
            rows = [self._row(spec, headers, number, values, keys) for number, values in body]
            workbook.rows[spec.name] = rows
            keys[spec.name] = set()
            for row in rows:
                if row["pk"] in keys[spec.name]:  # a copied row: which record is it?
                    self.errors.append(Message(row["_where"], f"Key: {row['pk']} is on another row too."))
                elif row["pk"] is not None:
                    keys[spec.name].add(row["pk"])
        self._links(workbook, tables, keys)
        return workbook, self.errors, self.warnings

    def _load_staff(self, tables) -> None:
        numbers = {str(self.about.get("Lead assignment number") or "")}
        for headers, body in tables.values():
            for index, header in enumerate(headers):
                if header.endswith("ssignment number"):
                    numbers |= {_Cells("", []).text(values[index]) for _, values in body}
        numbers.discard("")
        found = StaffMember.objects.filter(assignment_number__in=numbers).select_related("user")
        self.staff = {person.assignment_number: person for person in found}

    def _person(self, cells: _Cells, number, name, what: str):
        number, name = cells.text(number), cells.text(name)
        if not number:
            return None, name
        person = self.staff.get(number)
        if person is None:
            self.warnings.append(
                Message(cells.where, f"{what} {name} ({number}) is not a staff member here.")
            )
        return person, name

    def _plan_fields(self, cells: _Cells) -> dict:
        fields = {}
        for label, attr, kind in PLAN_FIELDS:
            value = self.about.get(label)
            if kind == "date":
                fields[attr] = cells.date(label, value)
            elif kind == "choice":
                model_field = ActionPlan._meta.get_field(attr)
                fields[attr] = cells.choice(label, value, model_field.choices) or model_field.default
            elif kind == "staff_no":
                person, _ = self._person(cells, value, self.about.get("Lead"), "The lead")
                fields["lead_id"] = person.pk if person else None
            elif kind == "text":
                fields[attr] = cells.text(value)
        if not fields["title"].strip():
            cells.error("Title", "the plan needs a title.")
        return fields

    def _row(self, spec, headers: list[str], number: int, values: list, keys) -> dict:
        cells = _Cells(f"Sheet “{spec.name}” row {number}", self.errors)
        by_header = dict(zip(headers, values, strict=False))
        row: dict = {"_where": cells.where}
        for column in spec.columns:
            value = by_header.get(column.header)
            self._cell(spec, column, cells, value, by_header, row, keys)
            if column.required and row.get(column.attr if column.kind != "ref" else f"{column.attr}_id") in (
                None,
                "",
            ):
                cells.error(column.header, "this cell cannot be empty.")
        return row

    def _cell(self, spec, column: Column, cells: _Cells, value, by_header, row, keys) -> None:
        kind, attr = column.kind, column.attr
        if kind == "text":
            row[attr] = cells.text(value)
        elif kind in ("int", "decimal"):
            row[attr] = cells.number(column.header, value, kind)
            if attr == "position" and row[attr] is None:
                row[attr] = 0
        elif kind == "date":
            row[attr] = cells.date(column.header, value)
        elif kind == "bool":
            row[attr] = cells.text(value).strip().lower() in ("yes", "true", "1")
        elif kind == "choice":
            model_field = spec.model._meta.get_field(attr)
            row[attr] = cells.choice(column.header, value, model_field.choices)
            if not row[attr] and not model_field.blank:  # an emptied Status cell: the default
                row[attr] = model_field.default
        elif kind == "ref":
            key = cells.number(column.header, value, "int")
            if key is not None and key not in keys.get(column.ref, set()):
                cells.error(column.header, f"{key} is not a key on the “{column.ref}” sheet.")
            row[f"{attr}_id"] = key
        elif kind == "staff_no":
            name = by_header.get(
                next(c.header for c in spec.columns if c.attr == attr and c.kind == "staff_name")
            )
            what = "The author" if attr == "author" else "The owner"
            person, written = self._person(cells, value, name, what)
            if attr == "author":
                user_id = person.user_id if person else None
                row["author_id"] = user_id
                row["author_name"] = "" if user_id else written
            else:
                row[f"{attr}_id"] = person.pk if person else None
        if (
            kind == "int"
            and attr in ("likelihood", "impact")
            and row[attr] is not None
            and not 1 <= row[attr] <= 5
        ):
            cells.error(column.header, "must be 1 to 5.")
            row[attr] = None

    def _links(self, workbook: PlanWorkbook, tables, keys) -> None:
        headers, body = tables[OWNERS[0]]
        for number, values in body:
            cells = _Cells(f"Sheet “{OWNERS[0]}” row {number}", self.errors)
            by_header = dict(zip(headers, values, strict=False))
            action = cells.number("Action key", by_header.get("Action key"), "int")
            output = cells.number("Output key", by_header.get("Output key"), "int")
            if action not in keys["Actions"] or (output is not None and output not in keys["Outputs"]):
                cells.error("Action key", "names no action (or output) of this workbook.")
                continue
            person, _ = self._person(
                cells, by_header.get("Assignment number"), by_header.get("Name"), "The owner"
            )
            if person is not None:
                workbook.owners.append((action, output, person.pk))
        headers, body = tables[DEPENDENCIES[0]]
        for number, values in body:
            cells = _Cells(f"Sheet “{DEPENDENCIES[0]}” row {number}", self.errors)
            by_header = dict(zip(headers, values, strict=False))
            pair = (
                cells.number("Action key", by_header.get("Action key"), "int"),
                cells.number("Waits for key", by_header.get("Waits for key"), "int"),
            )
            if not all(key in keys["Actions"] for key in pair):
                cells.error("Action key", "names no action of this workbook.")
                continue
            workbook.dependencies.append(pair)
