"""Reading an HR export (CSV or XLSX) into rows keyed by our field names, and cleaning its cells.

The header row is found by its column names, in whatever wording HR systems use; the row numbers
kept with each row are the ones the user sees in Excel, so errors can name them.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from workforce.models import PayBand, StaffGroup
from workforce.uploads import UnreadableFile, decode_text, file_kind

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30  # non-blank rows above the data where a title or notes may sit
# Some workbooks claim 16,384 columns; reading them all would exhaust memory for nothing.
MAX_COLUMNS = 200
ACCEPTED_EXTENSIONS = (".csv", ".txt", ".xlsx", ".xlsm")
ACCEPTED_TEXT = "a CSV file or an Excel workbook (.xlsx)"

# field -> (label used when the file has no such column, accepted header wordings after normalising)
COLUMNS: dict[str, tuple[str, set[str]]] = {
    "assignment_number": (
        "Assignment Number",
        {
            "assignment number",
            "assignment no",
            "assignment num",
            "assignment",
            "employee number",
            "employee no",
            "employee id",
            "staff number",
            "staff no",
            "payroll number",
            "person number",
        },
    ),
    "first_name": ("First Name", {"first name", "forename", "forenames", "given name", "first names"}),
    "last_name": ("Last Name", {"last name", "surname", "family name"}),
    "email": (
        "Email",
        {"email", "email address", "e mail", "e mail address", "work email", "work email address"},
    ),
    "job_title": ("Job Title", {"job title", "position", "position title", "job role", "role", "post title"}),
    "band": ("Band", {"band", "pay band", "afc band", "agenda for change band", "grade"}),
    "staff_group": ("Staff Group", {"staff group", "occupational group", "staff category"}),
    "org_unit": (
        "Organisation Unit",
        {
            "organisation unit",
            "organization unit",
            "org unit",
            "organisation",
            "department",
            "unit",
            "team",
            "cost centre",
            "location",
        },
    ),
    "line_manager": (
        "Line Manager Assignment Number",
        {
            "line manager assignment number",
            "line manager assignment no",
            "line manager employee number",
            "line manager employee no",
            "manager assignment number",
            "line manager number",
            "line manager no",
            "supervisor assignment number",
        },
    ),
    "start_date": (
        "Start Date",
        {
            "start date",
            "date started",
            "hire date",
            "date of joining",
            "assignment start date",
            "employment start date",
        },
    ),
    "leaving_date": (
        "Leaving Date",
        {"leaving date", "termination date", "end date", "date left", "leaver date", "assignment end date"},
    ),
    "leaving_reason": (
        "Leaving Reason",
        {"leaving reason", "reason for leaving", "termination reason", "leaver reason"},
    ),
}
REQUIRED_COLUMNS = ("assignment_number", "first_name", "last_name")


@dataclass(frozen=True)
class Shape:
    """What one kind of file holds: its columns (as COLUMNS above), which are required, and what
    its rows are called in messages. The staff export is one shape, training completions another
    (workforce/completions_import.py); both are read by the same `read_table`."""

    columns: dict[str, tuple[str, set[str]]]
    required: tuple[str, ...]
    rows_word: str


DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d-%m-%y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b %y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %B, %Y",
)
NUMERIC_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
BAND_PATTERN = re.compile(r"^(?:afc\s*)?(?:band\s*)?([1-9]|8\s*[a-d])$")
STAFF_GROUP_WORDS = {
    **{StaffGroup(value).label.casefold(): value for value in StaffGroup.values},
    **{value.replace("_", " "): value for value in StaffGroup.values},
    # NHS ESR staff group names, mapped to the groups boards report on.
    "additional clinical services": StaffGroup.DIRECT_CARE_SUPPORT,
    "direct care": StaffGroup.DIRECT_CARE_SUPPORT,
    "administrative and clerical": StaffGroup.INDIRECT_SUPPORT,
    "indirect": StaffGroup.INDIRECT_SUPPORT,
    "nursing and midwifery registered": StaffGroup.REGISTERED_PROFESSIONAL,
    "allied health professionals": StaffGroup.REGISTERED_PROFESSIONAL,
    "medical and dental": StaffGroup.REGISTERED_PROFESSIONAL,
    "registered": StaffGroup.REGISTERED_PROFESSIONAL,
    "education": StaffGroup.EDUCATION_AND_TRAINING,
    "training": StaffGroup.EDUCATION_AND_TRAINING,
    "learning and development": StaffGroup.EDUCATION_AND_TRAINING,
    "managers": StaffGroup.MANAGEMENT,
    "manager": StaffGroup.MANAGEMENT,
    "leadership and management": StaffGroup.MANAGEMENT,
}


STAFF_SHAPE = Shape(COLUMNS, REQUIRED_COLUMNS, "staff rows")


def _too_many_rows(shape: Shape) -> str:
    return f"The file has more than {MAX_ROWS:,} {shape.rows_word}; split it into smaller files."


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (wrong type, empty, no header...). The message is for users."""


def normalise(text) -> str:
    """Header or name wording reduced to lower-case words: 'Assignment No.' -> 'assignment no'."""
    text = str(text or "").casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class Table:
    """The file's data rows, keyed by our field names; `labels` are the file's own column headings."""

    filename: str
    labels: dict[str, str]
    rows: list[tuple[int, dict[str, object]]]
    ignored_columns: list[str] = field(default_factory=list)
    content_hash: str = ""


# --- Reading --------------------------------------------------------------------------------


def read_table(content: bytes, filename: str = "", shape: Shape = STAFF_SHAPE) -> Table:
    """Parse a CSV or XLSX export into rows. Raises ImportFileError with a message for users."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    try:
        kind = file_kind(content, filename, accepted=ACCEPTED_EXTENSIONS, accepted_text=ACCEPTED_TEXT)
        grids = _xlsx_rows(content, shape) if kind == "xlsx" else _csv_rows(decode_text(content), shape)
    except UnreadableFile as exc:
        raise ImportFileError(str(exc)) from exc
    table = _locate_columns(grids, filename, shape)
    table.content_hash = hashlib.sha256(content).hexdigest()
    return table


def _xlsx_rows(content: bytes, shape: Shape) -> list[list[list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise ImportFileError("The Excel workbook could not be read; is it damaged?") from exc
    try:
        # Every sheet is offered; _locate_columns takes the first with a recognisable header.
        return [
            _numbered(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), shape)
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _numbered(rows, shape: Shape) -> list[tuple[int, list[object]]]:
    """Non-blank rows with the row numbers a user sees, stopping once there are clearly too many."""
    kept = []
    for number, row in enumerate(rows, start=1):
        if all(_blank(value) for value in row):
            continue  # blank rows cost nothing: a sheet formatted to row 1,048,576 is common
        kept.append((number, list(row)))
        if len(kept) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ImportFileError(_too_many_rows(shape))
    return kept


def _csv_rows(text: str, shape: Shape) -> list[list[list[object]]]:
    # Excel in some locales saves with ';' and "Unicode text" with tabs: try each, keep what parses best.
    grids = []
    for delimiter in (",", ";", "\t"):
        try:
            grids.append(_numbered(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), shape))
        except csv.Error as exc:
            raise ImportFileError(f"The CSV file could not be read: {exc}.") from exc
    return grids


def _header_fields(row: list[object], columns: dict) -> dict[int, str]:
    found = {}
    for index, cell in enumerate(row):
        wording = normalise(cell)
        for name, (_label, wordings) in columns.items():
            if wording in wordings:
                found[index] = name
    return found


def _locate_columns(grids: list[list[tuple[int, list[object]]]], filename: str, shape: Shape) -> Table:
    best = None  # (matches, grid, header's index in the grid, {column index: field})
    for grid in grids:
        for index, (_number, row) in enumerate(grid[:HEADER_SEARCH_ROWS]):
            fields = _header_fields(row, shape.columns)
            if len(fields) >= 2 and (best is None or len(fields) > best[0]):
                best = (len(fields), grid, index, fields)
    if best is None:
        labels = [f"'{shape.columns[name][0]}'" for name in shape.required]
        raise ImportFileError(
            "No header row was found: the file needs a row of column names such as "
            f"{', '.join(labels[:-1])} and {labels[-1]}."
        )
    _matches, grid, header_index, fields = best
    header = grid[header_index][1]
    seen: dict[str, int] = {}
    for index, name in fields.items():
        if name in seen:
            raise ImportFileError(
                f"Two columns mean the same thing ({shape.columns[name][0]}): "
                f"'{header[seen[name]]}' and '{header[index]}'. Remove one."
            )
        seen[name] = index
    missing = [shape.columns[name][0] for name in shape.required if name not in seen]
    if missing:
        raise ImportFileError("Required columns are missing: " + ", ".join(missing) + ".")
    labels = {name: str(header[index]).strip() for name, index in seen.items()}
    ignored = [str(cell).strip() for i, cell in enumerate(header) if i not in fields and not _blank(cell)]
    rows = []
    for number, row in grid[header_index + 1 :]:
        values = {name: (row[index] if index < len(row) else None) for name, index in seen.items()}
        if all(_blank(value) for value in values.values()):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_too_many_rows(shape))
    if not rows:
        raise ImportFileError(f"The file has a header row but no {shape.rows_word} under it.")
    return Table(filename=filename, labels=labels, rows=rows, ignored_columns=ignored)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- Cleaning single values --------------------------------------------------------------------


def text_value(value) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 10000001 as 10000001.0
    return " ".join(str(value).split())


def parse_date(value) -> datetime.date | None:
    """A date from a cell: Excel date, Excel serial number, ISO or the usual UK forms. ValueError if not."""
    if _blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 73051:  # serials from 1900 to 2100: a number-formatted date cell
            return from_excel(value).date()
        raise ValueError(f"{text_value(value)} is not a date")
    text = text_value(value)
    text = re.sub(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00)?$", r"\1", text)
    text = re.sub(r"^(\d{1,2})(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if NUMERIC_DATE.match(text):
        raise ValueError(f"{text} is not a real date (check the day and month)")
    raise ValueError(f"'{text}' is not a date in a form we recognise, e.g. 31/01/2023 or 2023-01-31")


def parse_band(value) -> str:
    """'8a', 'Band 6', '6', 'AfC Band 8A' -> a PayBand value ('' if blank). ValueError if not a band."""
    text = normalise(text_value(value))
    if not text:
        return ""
    match = BAND_PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text_value(value)}' is not an Agenda for Change band (1 to 9, 8a to 8d)")
    band = match.group(1).replace(" ", "")
    if band not in PayBand.values:
        raise ValueError(
            f"'{text_value(value)}' is not an Agenda for Change band: band 8 is 8a, 8b, 8c or 8d"
        )
    return band


def parse_staff_group(value) -> str:
    text = normalise(text_value(value))
    if not text:
        return ""
    if text in STAFF_GROUP_WORDS:
        return str(STAFF_GROUP_WORDS[text])
    known = ", ".join(StaffGroup.labels)
    raise ValueError(f"'{text_value(value)}' is not a staff group we know ({known})")


def display_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""
