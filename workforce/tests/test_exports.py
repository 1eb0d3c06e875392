import csv
import datetime
import io

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
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value.date() == datetime.date(2024, 5, 1)
