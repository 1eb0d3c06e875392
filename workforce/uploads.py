"""What kind of file did the user upload, and what does its text say?

Shared by every importer (staff from HR, action plans). The content decides, not the name:
a PDF or a Word file renamed .csv is refused with a reason a person can act on, before any
library is asked to parse it. Zip-based files are checked for being zip bombs first.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

OLD_OFFICE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls and Word .doc
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


class UnreadableFile(ValueError):
    """The upload cannot be read at all. The message is for users."""


def file_kind(data: bytes, filename: str, *, accepted: tuple[str, ...], accepted_text: str) -> str:
    """'xlsx', 'docx' or 'csv', judged by content. `accepted` lists the file name endings
    the importer takes (e.g. (".csv", ".xlsx")); `accepted_text` says them in words."""
    name = PurePath(filename or "upload").name
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise UnreadableFile(f"“{name}” is empty.")
    if suffix and suffix not in accepted:
        raise UnreadableFile(f"“{name}” is not a file we can read. Upload {accepted_text}.")
    if data.startswith(b"%PDF"):
        raise UnreadableFile(f"This is a PDF, not a spreadsheet (“{name}”). Upload {accepted_text}.")
    if data.startswith(OLD_OFFICE_SIGNATURE):
        raise UnreadableFile(
            f"“{name}” is an old-style Office file (Excel 97-2003 .xls or Word .doc). "
            "Open it and save it as .xlsx (or CSV)."
        )
    if data.startswith(ZIP_SIGNATURE):
        kind = _zip_kind(data, name)
        if f".{kind}" not in accepted:
            raise UnreadableFile(f"“{name}” is a Word document, not a spreadsheet. Upload {accepted_text}.")
        return kind
    if suffix in (".xlsx", ".xlsm", ".docx"):
        raise UnreadableFile(
            f"“{name}” is named {suffix} but is not one: it may be damaged, or another kind of file "
            f"renamed. Upload {accepted_text}."
        )
    return "csv"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"“{name}” is damaged and cannot be opened.") from error
    if unpacked > MAX_UNZIPPED_BYTES:
        raise UnreadableFile(f"“{name}” unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB; refused.")
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise UnreadableFile(f"“{name}” is a zip file but not an Excel workbook or a Word document.")


def decode_text(data: bytes) -> str:
    """A CSV file's text in any encoding Excel writes: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("This is not a spreadsheet or CSV file: it holds binary data.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "The CSV file's text encoding is not one we know. Save it from Excel as “CSV UTF-8”."
    )


# --- Evidence files (a document or a photo someone attaches) ------------------------------------

# Image formats by their first bytes; anything else calling itself an image is refused.
IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
EVIDENCE_TEXT = "a PDF, an image (PNG, JPEG, GIF, WebP), a Word document (.docx) or an Excel workbook (.xlsx)"


def evidence_kind(data: bytes, filename: str, *, max_bytes: int) -> str:
    """'pdf', 'image', 'word' or 'excel', judged by content (the name's ending is not trusted),
    or UnreadableFile with a reason a person can act on. `max_bytes`: the size limit."""
    name = PurePath(filename or "upload").name
    if not data:
        raise UnreadableFile(f"“{name}” is empty.")
    check_size(len(data), name, max_bytes=max_bytes)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if any(data.startswith(signature) for signature in IMAGE_SIGNATURES) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return "image"
    if data.startswith(OLD_OFFICE_SIGNATURE):
        raise UnreadableFile(
            f"“{name}” is an old-style Office file (Word .doc or Excel .xls). Save it as .docx or .xlsx."
        )
    if data.startswith(ZIP_SIGNATURE):
        try:
            return {"docx": "word", "xlsx": "excel"}[_zip_kind(data, name)]
        except UnreadableFile as error:
            raise UnreadableFile(f"{error} Upload {EVIDENCE_TEXT}.") from error
    raise UnreadableFile(f"“{name}” is not a file we accept as evidence. Upload {EVIDENCE_TEXT}.")


def check_size(size: int, filename: str, *, max_bytes: int) -> None:
    """Refuse a file over the limit, by its size alone (call it before reading a large upload)."""
    if size > max_bytes:
        name = PurePath(filename or "upload").name
        raise UnreadableFile(
            f"“{name}” is {_megabytes(size)}; files up to {_megabytes(max_bytes)} are accepted."
        )


def _megabytes(size: int) -> str:
    if size < 2**20:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / 2**20:.1f} MB"
