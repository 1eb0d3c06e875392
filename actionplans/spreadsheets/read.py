"""Uploaded file -> rows of cell text, for the plan importer. No database.

Accepts an Excel workbook (.xlsx), a CSV file (any of the encodings Excel writes) or a Word
document's tables (.docx). The file's content decides how it is read, not its name, so a PDF
renamed .xlsx is refused with a message rather than failing somewhere inside a library.

Hostile input is refused with a message a person can act on (`UnreadableFile`): an empty file,
the wrong kind of file or a zip bomb (workforce.uploads decides what kind a file is), more than
MAX_UPLOAD_BYTES, or more than MAX_FILLED_ROWS filled rows. Formulas are never evaluated: a
formula cell gives the value Excel saved with it, and text that merely looks like a formula stays text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from actionplans.spreadsheets.parse import cell_text, header_columns, looks_like_heading, shorten
from workforce.uploads import UnreadableFile, decode_text, file_kind

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILLED_ROWS = 5000
MAX_COLUMNS = 40
# A run of empty rows this long is the end of the data (sheets formatted down to row 1,048,576).
MAX_BLANK_RUN = 2000
ACCEPTED = (".xlsx", ".xlsm", ".csv", ".docx")
ACCEPTED_TEXT = "an Excel workbook (.xlsx), a CSV file (.csv) or a Word document with tables (.docx)"


@dataclass
class Row:
    number: int  # the sheet's own row number (or the table row in a Word document)
    label: str  # how a person finds it: "Row 12", "Table 1, row 3"
    cells: list[str]
    spanned: bool = False  # one text merged across the row (Word), i.e. a heading


@dataclass
class Sheet:
    name: str
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_bytes(source) -> bytes:
    """Bytes from an upload, an open file, a path or bytes; refuses more than MAX_UPLOAD_BYTES."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | PurePath):
        with open(source, "rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. An action plan is much "
            "smaller: check that this is the right file, or remove other sheets and images."
        )
    return data


def kind_of(data: bytes, filename: str) -> str:
    """'xlsx', 'csv' or 'docx', judged by content; refuses anything else with the reason."""
    return file_kind(data, filename, accepted=ACCEPTED, accepted_text=ACCEPTED_TEXT)


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    kind = kind_of(data, filename)
    return {"xlsx": _xlsx_sheets, "csv": _csv_sheets, "docx": _docx_sheets}[kind](data)


def choose_sheet(sheets: list[Sheet]) -> Sheet:
    """The first sheet that has a header row; a note for any later sheet that has one too."""
    with_header = [sheet for sheet in sheets if any(header_columns(row.cells) for row in sheet.rows[:200])]
    if not with_header:
        return sheets[0] if sheets else Sheet("")
    chosen = with_header[0]
    for other in with_header[1:]:
        chosen.warnings.append(
            f"Sheet “{other.name}” also looks like a plan; only “{chosen.name}” was read. "
            "Import the other sheet as a file of its own if it is a separate plan."
        )
    return chosen


class _RowCounter:
    def __init__(self) -> None:
        self.filled = 0
        self.blank_run = 0

    def take(self, cells: list[str]) -> bool:
        """False when the data has ended (a long run of empty rows); refuses too many filled rows."""
        if not any(cells):
            self.blank_run += 1
            return self.blank_run < MAX_BLANK_RUN
        self.blank_run = 0
        self.filled += 1
        if self.filled > MAX_FILLED_ROWS:
            raise UnreadableFile(
                f"The file has more than {MAX_FILLED_ROWS:,} filled rows. An action plan is much shorter: "
                "check that this is the right file."
            )
        return True


def _trimmed(values) -> list[str]:
    cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _xlsx_sheets(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    sheets = []
    try:
        # data_only: a formula cell gives the value Excel saved; nothing is ever calculated here.
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            for sheet in values.worksheets:
                rows = Sheet(sheet.title)
                counter = _RowCounter()
                number = 0
                for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):  # noqa: B007
                    cells = _trimmed(list(row))
                    if not counter.take(cells):
                        break
                    if cells:
                        rows.rows.append(Row(number, f"Row {number}", cells))
                _note_unsaved_formulas(formulas[sheet.title], rows, last_row=number)
                sheets.append(rows)
        finally:
            values.close()
            formulas.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise UnreadableFile(f"The workbook could not be read ({type(error).__name__}: {error}).") from error
    return sheets


def _note_unsaved_formulas(sheet, rows: Sheet, last_row: int) -> None:
    """A formula saved without its value (written by a program, never opened in Excel) reads as
    empty; say where, since an empty Action cell means "same as above"."""
    by_number = {row.number: row for row in rows.rows}
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, max_row=max(last_row, 1)):
        for cell in row:
            if getattr(cell, "data_type", None) != "f":
                continue
            read = by_number.get(cell.row)
            index = cell.column - 1
            if read is None or index >= len(read.cells) or not read.cells[index]:
                rows.warnings.append(
                    f"Row {cell.row}: cell {cell.coordinate} holds a formula with no saved value, so it was "
                    "read as empty. Open the file in Excel, save it, and upload it again."
                )


def _csv_sheets(data: bytes) -> list[Sheet]:
    text = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet("CSV")
    counter = _RowCounter()
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    try:
        for number, record in enumerate(reader, 1):  # noqa: B007 - the number is read after the loop
            cells = _trimmed(record)
            if not counter.take(cells):
                break
            if cells:
                sheet.rows.append(Row(number, f"Row {number}", cells))
    except csv.Error as error:
        raise UnreadableFile(f"Row {number + 1} of the CSV file cannot be read ({error}).") from error
    return [sheet]


def _docx_sheets(data: bytes) -> list[Sheet]:
    """A Word document as one sheet: each table row is a row, and heading paragraphs
    ("Priority 1. ...", or styled Title/Heading) are single-cell rows between them."""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise UnreadableFile(
            f"The Word document could not be read ({type(error).__name__}: {error})."
        ) from error
    sheet = Sheet("Word document")
    counter = _RowCounter()
    tables = paragraphs = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            above: list = []
            for row_number, row in enumerate(block.rows, 1):
                tcs = [cell._tc for cell in row.cells][:MAX_COLUMNS]
                cells = []
                for index, cell in enumerate(row.cells[:MAX_COLUMNS]):
                    # A merged cell repeats across the columns and rows it spans; keep it once,
                    # so a vertical merge reads as "same as above", as it does in Excel.
                    repeat = tcs[index] in tcs[:index] or (index < len(above) and above[index] is tcs[index])
                    cells.append("" if repeat else cell_text(cell.text))
                spanned = len(set(tcs)) == 1 and len(tcs) > 1
                above = tcs
                cells = _trimmed(cells)
                if counter.take(cells) and cells:
                    sheet.rows.append(Row(row_number, f"Table {tables}, row {row_number}", cells, spanned))
        else:
            text = cell_text(block.text)
            style = (block.style.name if block.style is not None else "") or ""
            if text and (style.startswith(("Title", "Heading")) or looks_like_heading(text)):
                paragraphs += 1
                counter.take([text])
                sheet.rows.append(Row(0, f"Heading “{shorten(text, 40)}”", [text], True))
    return [sheet]
