"""CSV and XLSX downloads that are safe to open in Excel.

A cell that starts with = + - @ (or a tab/CR) would be run as a formula by Excel
("formula injection"). Numbers and dates stay typed either way; text is guarded:

- CSV has no types, so formula-like text gets a leading apostrophe (`safe_cell`).
- XLSX has: formula-like text is stored as a string cell (never a formula) with the
  `quotePrefix` style, Excel's own "this is text" mark, so the reader sees the text as it was
  (no stray apostrophe) and Excel keeps it as text even after someone edits the cell
  (`write_xlsx_cell`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Neutralise formula-like text; leave numbers, dates and None as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def write_xlsx_cell(cell: Cell, value) -> Cell:
    """Put `value` in `cell`: numbers and dates typed, text always text, never a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        cell.value = value
        return cell
    # Control characters are not allowed in the file format; dropping them loses nothing visible.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    # UTF-8 with BOM so Excel on Windows reads accents and pound signs correctly.
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Export") -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for column, heading in enumerate(headers, 1):
        write_xlsx_cell(sheet.cell(row=1, column=column), heading).font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            write_xlsx_cell(sheet.cell(row=number, column=column), value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return download(csv_bytes(headers, rows), filename, "text/csv; charset=utf-8")


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Export"
) -> HttpResponse:
    return download(xlsx_bytes(headers, rows, sheet_title), filename, XLSX_CONTENT_TYPE)
