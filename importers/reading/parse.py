"""From uploaded bytes to a `ParsedPlan`: check, sniff, read, lay out.

`read_plan` is the one entry point for every format. Each failure is an `UnreadableDocument`
with a one-line message a person can act on; nothing is written anywhere.

Formats: Office files are told apart by their zip directory (`safety.sniff_format`); a text
file is CSV or Markdown by its extension (.csv; .md, .markdown), else by its content where
that is unmistakable (`text_format`), else plain text: Word tables saved as text have tabs
and sometimes pipes, so tabs alone never make a CSV and pipes alone never make Markdown.
"""

from __future__ import annotations

import re
from itertools import pairwise

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

FORMATS = ("text", "docx", "xlsx", "csv", "markdown")
FORMAT_NAMES = {
    "text": "a text file",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "csv": "a CSV file",
    "markdown": "a Markdown file",
}
TEXT_FORMATS = ("text", "csv", "markdown")
EXTENSION_FORMATS = {"csv": "csv", "md": "markdown", "markdown": "markdown"}
DEFAULT_LIMITS = Limits()
SNIFF_CHARS = 64 * 1024
# A heading is '#', a space and words on a line with no tab: "#<TAB>Action<TAB>Lead" is the header
# row of a tab-separated text plan whose ref column is headed "#".
ATX_HEADING = re.compile(r"^ {0,3}#{1,6} [^\t\n]*$", re.MULTILINE)


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
    stated_text = fmt in TEXT_FORMATS
    if fmt is not None and fmt != found and not (stated_text and found == "text"):
        raise UnreadableDocument(
            f"The file was given as {FORMAT_NAMES[fmt]} but its content is {FORMAT_NAMES[found]}."
        )
    check_size(data, found, limits)
    if found == "text":
        text = check_text(data)  # UTF-8 bytes from here on
        kind = fmt if stated_text else text_format(text, filename)
        if kind == "csv":
            from importers.reading.readers.csv import read_csv

            return read_csv(text, filename, limits=limits)
        if kind == "markdown":
            from importers.reading.readers.markdown import read_markdown

            return read_markdown(text, filename, limits=limits)
        from importers.reading.readers.text import read_text

        return read_text(text, filename, limits=limits)
    check_zip(data, limits, MAIN_PART[found])
    try:
        if found == "docx":
            from importers.reading.readers.docx import read_docx

            return read_docx(data, filename, limits=limits)
        from importers.reading.readers.xlsx import read_xlsx

        return read_xlsx(data, filename, sheet=sheet, limits=limits)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a malformed package can fail anywhere inside the libraries
        kind = "Word document" if found == "docx" else "Excel workbook"
        raise UnreadableDocument(
            f"This {kind} is damaged or uses features that cannot be read "
            f"({type(exc).__name__}); open it, save it again and upload that."
        ) from exc


def text_format(data: bytes, filename: str = "") -> str:
    """'csv', 'markdown' or 'text' for a checked text file: the extension, else the content.

    Markdown: a pipe table's `|---|` separator under a row with pipes, or a `#` heading on
    the first line or on two lines. CSV: three or more records all split by commas (or all
    by semicolons) into the same number of fields. Anything else is a text plan.
    """
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in EXTENSION_FORMATS:
        return EXTENSION_FORMATS[extension]
    from importers.reading.readers.csv import looks_like_csv
    from importers.reading.readers.markdown import is_separator

    text = data[:SNIFF_CHARS].decode("utf-8", errors="ignore").replace("\r\n", "\n")
    lines = text.split("\n")
    if any("|" in above and is_separator(line) for above, line in pairwise(lines)):
        return "markdown"
    first = next((line for line in lines if line.strip()), "")
    headings = ATX_HEADING.findall(text)
    if ATX_HEADING.match(first) or len(headings) >= 2:
        return "markdown"
    if looks_like_csv(text):
        return "csv"
    return "text"


def read_plan(
    data: bytes,
    filename: str,
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
    mapping: Mapping | None = None,
) -> ParsedPlan:
    """Read an uploaded plan (text, CSV, Markdown, .docx or .xlsx) into a `ParsedPlan`."""
    document = read_document(data, filename, fmt=fmt, limits=limits, sheet=sheet)
    from importers.reading.layout import layout_plan

    plan = layout_plan(document, mapping)
    plan.source = filename
    return plan
