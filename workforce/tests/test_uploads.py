import io
import zipfile

import pytest

from workforce import uploads

SPREADSHEETS = {"accepted": (".csv", ".xlsx"), "accepted_text": "a CSV file or an Excel workbook (.xlsx)"}


def zipped(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_the_content_decides_not_the_name():
    assert uploads.file_kind(zipped(**{"xl/workbook.xml": "<x/>"}), "export.xlsx", **SPREADSHEETS) == "xlsx"
    assert uploads.file_kind(b"a,b\n1,2\n", "export.csv", **SPREADSHEETS) == "csv"
    with pytest.raises(uploads.UnreadableFile, match="This is a PDF"):
        uploads.file_kind(b"%PDF-1.7 ...", "export.csv", **SPREADSHEETS)


def test_a_word_document_is_refused_where_only_spreadsheets_are_taken():
    with pytest.raises(uploads.UnreadableFile, match="Word document"):
        uploads.file_kind(zipped(**{"word/document.xml": "<x/>"}), "export.xlsx", **SPREADSHEETS)
    word_too = {"accepted": (".xlsx", ".docx"), "accepted_text": "a workbook or a Word document"}
    assert uploads.file_kind(zipped(**{"word/document.xml": "<x/>"}), "plan.docx", **word_too) == "docx"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1000)
    bomb = zipped(**{"xl/workbook.xml": "x" * 5000})
    assert len(bomb) < 1000
    with pytest.raises(uploads.UnreadableFile, match="unpacks to more than"):
        uploads.file_kind(bomb, "export.xlsx", **SPREADSHEETS)


def test_text_in_the_encodings_excel_writes():
    assert uploads.decode_text("£4,800".encode("utf-8-sig")) == "£4,800"
    assert uploads.decode_text("£4,800".encode("cp1252")) == "£4,800"
    assert uploads.decode_text("£4,800".encode("utf-16")) == "£4,800"
    with pytest.raises(uploads.UnreadableFile, match="binary data"):
        uploads.decode_text(b"\x00\x01\x02junk")


# --- Evidence files --------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def test_evidence_kind_by_content_whatever_the_name():
    limit = {"max_bytes": 1000}
    assert uploads.evidence_kind(b"%PDF-1.7 ...", "notes.docx", **limit) == "pdf"
    assert uploads.evidence_kind(PNG, "photo.pdf", **limit) == "image"
    assert uploads.evidence_kind(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "photo.webp", **limit) == "image"
    assert uploads.evidence_kind(zipped(**{"word/document.xml": "<x/>"}), "x.pdf", max_bytes=10**6) == "word"
    assert uploads.evidence_kind(zipped(**{"xl/workbook.xml": "<x/>"}), "x", max_bytes=10**6) == "excel"


def test_evidence_refused_with_a_reason():
    limit = {"max_bytes": 1000}
    with pytest.raises(uploads.UnreadableFile, match="not a file we accept as evidence"):
        uploads.evidence_kind(b"MZ\x90\x00 a program", "certificate.pdf", **limit)
    with pytest.raises(uploads.UnreadableFile, match="old-style Office file"):
        uploads.evidence_kind(uploads.OLD_OFFICE_SIGNATURE + b"....", "log.doc", **limit)
    with pytest.raises(uploads.UnreadableFile, match="is 1 KB; files up to 1 KB are accepted"):
        uploads.evidence_kind(b"%PDF-" + b"x" * 1100, "big.pdf", max_bytes=1024)
    with pytest.raises(uploads.UnreadableFile, match="is empty"):
        uploads.evidence_kind(b"", "empty.pdf", **limit)
    with pytest.raises(uploads.UnreadableFile, match="zip file but not"):
        uploads.evidence_kind(zipped(**{"a.txt": "x"}), "archive.docx", max_bytes=10**6)
