"""CSV and XLSX downloads that are safe to open in Excel.

A cell that starts with = + - @ (or a tab/CR) would be run as a formula by Excel
("formula injection"), so such text gets a leading apostrophe. Numbers and dates stay typed.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
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
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # openpyxl treats any str starting with "=" as a formula; force text for ours.
            if isinstance(cell.value, str) and cell.value.startswith("'"):
                cell.data_type = "s"
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
