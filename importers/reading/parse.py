"""From uploaded bytes to a `ParsedPlan`: check, sniff, read, lay out.

`read_plan` is the one entry point for every format. Each failure is an `UnreadableDocument`
with a one-line message a person can act on; nothing is written anywhere.
"""

from __future__ import annotations

from importers.reading.document import Document, UnreadableDocument
from importers.reading.mapping import Mapping
from importers.reading.parsed import ParsedPlan
from importers.reading.safety import (
    MAIN_PART,
    Limits,
    check_size,
    check_text,
    check_zip,
    checksum,
    sniff_format,
)

__all__ = ["FORMATS", "checksum", "read_document", "read_plan"]

FORMATS = ("text", "docx", "xlsx")
FORMAT_NAMES = {
    "text": "a text file",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
}
DEFAULT_LIMITS = Limits()


def read_document(
    data: bytes,
    filename: str = "",
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
) -> Document:
    """The checked file read into a `Document` (tables and paragraphs), before layout."""
    if fmt is not None and fmt not in FORMATS:
        raise UnreadableDocument(f"Unknown format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    if data is None or not data:
        raise UnreadableDocument("The file is empty.")
    found = sniff_format(data, filename)  # magic bytes and the zip directory only
    if fmt is not None and fmt != found:
        raise UnreadableDocument(
            f"The file was given as {FORMAT_NAMES[fmt]} but its content is {FORMAT_NAMES[found]}."
        )
    check_size(data, found, limits)
    if found == "text":
        from importers.reading.readers.text import read_text

        return read_text(check_text(data), filename)
    check_zip(data, limits, MAIN_PART[found])
    try:
        if found == "docx":
            from importers.reading.readers.docx import read_docx

            return read_docx(data, filename)
        from importers.reading.readers.xlsx import read_xlsx

        return read_xlsx(data, filename, sheet=sheet)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a malformed package can fail anywhere inside the libraries
        kind = "Word document" if found == "docx" else "Excel workbook"
        raise UnreadableDocument(
            f"This {kind} is damaged or uses features that cannot be read "
            f"({type(exc).__name__}); open it, save it again and upload that."
        ) from exc


def read_plan(
    data: bytes,
    filename: str,
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
    mapping: Mapping | None = None,
) -> ParsedPlan:
    """Read an uploaded plan (text, .docx or .xlsx) into a `ParsedPlan` named after the file."""
    document = read_document(data, filename, fmt=fmt, limits=limits, sheet=sheet)
    from importers.reading.layout import layout_plan

    plan = layout_plan(document, mapping)
    plan.source = filename
    return plan
