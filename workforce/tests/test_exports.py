import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from workforce.exports import csv_bytes, safe_cell, xlsx_bytes


def test_formula_like_text_is_neutralised():
    assert safe_cell("=SUM(A1:A2)") == "'=SUM(A1:A2)"
    assert safe_cell("+44 20 7946 0000") == "'+44 20 7946 0000"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("Oak House") == "Oak House"
    assert safe_cell(-3) == -3
    assert safe_cell(datetime.date(2025, 1, 1)) == datetime.date(2025, 1, 1)


def test_csv_has_bom_and_safe_cells():
    content = csv_bytes(["Name", "Note"], [["Ana", '=HYPERLINK("http://x")'], ["Tom", None]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["Ana", '\'=HYPERLINK("http://x")']
    assert rows[2] == ["Tom", ""]


def test_xlsx_cells_are_text_not_formulas():
    content = xlsx_bytes(["Name", "Note", "Started"], [["Ana", "=1+1", datetime.date(2024, 5, 1)]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].value == "=1+1"  # the text as written: no stray apostrophe for the reader
    assert sheet["B2"].data_type == "s"  # stored as a string, never as a formula
    assert sheet["B2"].quotePrefix  # Excel's own "text" mark, which survives editing the cell
    assert sheet["C2"].value.date() == datetime.date(2024, 5, 1)


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+44 20 7946 0000", "-1", "@cmd", "\tTab", "\rCR"])
def test_every_formula_prefix_is_text_in_xlsx(text):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Note"], [[text]]))).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_ordinary_xlsx_cells_keep_their_types_and_no_text_mark():
    content = xlsx_bytes(["Name", "Count", "Amount", "Note"], [["Oak House", 3, Decimal("1.5"), None]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == ("Oak House", "s", False)
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 1.5 and sheet["D2"].value is None
    assert sheet["A1"].font.bold


def test_control_characters_are_dropped_from_xlsx_text():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Note"], [["bell\x07 here"]]))).active
    assert sheet["A2"].value == "bell here"


def test_csv_keeps_the_apostrophe_guard():
    rows = list(csv.reader(io.StringIO(csv_bytes(["Note"], [["=1+1"]]).decode("utf-8-sig"))))
    assert rows[1] == ["'=1+1"]
