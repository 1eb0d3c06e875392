"""The training matrix as a file: CSV (the words) or XLSX (the words in the page's colours).

Both hold the whole selection, not one page, with the same columns as the page. The XLSX has a
second sheet with the counts per course and a key to the colours. Text goes through
workforce.exports (`safe_cell`, `write_xlsx_cell`), so a name like "=cmd" stays text in Excel.
Rows are streamed from one query and written with openpyxl's write-only mode, so a large
organisation's matrix does not sit in memory as a worksheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from workforce import exports
from workforce.compliance import STATUS_ORDER, Status
from workforce.training_matrix import COUNTED, STATUS_COLOURS, STATUS_MEANINGS, Matrix

PERSON_HEADERS = ["Name", "Assignment number", "Job role", "Unit"]
COUNT_HEADERS = [
    "Course",
    *(Status(status).label for status in COUNTED),
    "Compliant",
    "Required",
    "% compliant",
]


def headers(matrix: Matrix) -> list[str]:
    return PERSON_HEADERS + [column.course.title for column in matrix.columns]


def rows(matrix: Matrix) -> Iterator[tuple[list, list]]:
    """(the person's details, their cells) for everyone in the selection, from one query."""
    for person in matrix.people():
        details = [
            f"{person.last_name}, {person.first_name}",
            person.assignment_number,
            person.job_role.title if person.job_role else "",
            person.org_unit.name if person.org_unit else "",
        ]
        yield details, matrix.compliance.cells(person)


def matrix_csv(matrix: Matrix) -> bytes:
    return exports.csv_bytes(
        headers(matrix), (details + [cell.words for cell in cells] for details, cells in rows(matrix))
    )


def _styles() -> dict[str, tuple[PatternFill, Font]]:
    return {
        status: (PatternFill(fill_type="solid", fgColor=background), Font(color=text))
        for status, (background, text) in STATUS_COLOURS.items()
    }


def _text(sheet, value, *, fill=None, font=None) -> WriteOnlyCell:
    cell = exports.write_xlsx_cell(WriteOnlyCell(sheet), value)
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    return cell


def _matrix_sheet(workbook: Workbook, matrix: Matrix, styles) -> None:
    sheet = workbook.create_sheet("Training matrix")
    # Write-only sheets take their layout before the first row.
    sheet.freeze_panes = "B2"  # the header row and the names stay in view
    sheet.column_dimensions["A"].width = 28
    for index in range(len(PERSON_HEADERS) + 1, len(headers(matrix)) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    bold = Font(bold=True)
    sheet.append([_text(sheet, heading, font=bold) for heading in headers(matrix)])
    for details, cells in rows(matrix):
        coloured = []
        for cell in cells:
            fill, font = styles[cell.status]
            coloured.append(_text(sheet, cell.words, fill=fill, font=font))
        sheet.append([_text(sheet, value) for value in details] + coloured)


def _counts_sheet(workbook: Workbook, matrix: Matrix, styles) -> None:
    sheet = workbook.create_sheet("Counts")
    sheet.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    sheet.append([_text(sheet, heading, font=bold) for heading in COUNT_HEADERS])
    total = matrix.total()
    for label, course_counts in [(c.column.course.title, c) for c in matrix.counts] + (
        [("All courses", total)] if total else []
    ):
        numbers = [count for _status, count in course_counts.by_status()]
        percent = course_counts.percent
        sheet.append(
            [_text(sheet, label)]
            + numbers
            + [course_counts.compliant, course_counts.required, "" if percent is None else percent]
        )
    sheet.append([])
    sheet.append([_text(sheet, "Key", font=bold)])
    for status in STATUS_ORDER:
        fill, font = styles[status]
        sheet.append(
            [_text(sheet, Status(status).label, fill=fill, font=font), _text(sheet, STATUS_MEANINGS[status])]
        )


def matrix_xlsx(matrix: Matrix) -> bytes:
    workbook = Workbook(write_only=True)
    styles = _styles()
    _matrix_sheet(workbook, matrix, styles)
    _counts_sheet(workbook, matrix, styles)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
