"""Small hostile files (issue 9): each generator builds one attack of a few KB in memory.

Used by tests/importers/test_hostile_files.py and bench/import_speed.py, so the files are
built, never committed. Each returns the file's bytes; `HOSTILE` names them all for the bench.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from docx import Document as new_docx
from openpyxl import Workbook

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


# --- building blocks ----------------------------------------------------------------------


def rezip(data: bytes, replace: dict[str, bytes], rename: dict[str, str] | None = None) -> bytes:
    """The package with some parts replaced (or added) and some renamed, deflated again."""
    rename = rename or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {rename.get(i.filename, i.filename): source.read(i) for i in source.infolist()}
    parts.update(replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_with_body(body: str, numbering: str | None = None) -> bytes:
    """A real python-docx package whose document body (and numbering) is the given XML."""
    buffer = io.BytesIO()
    new_docx().save(buffer)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    ).encode()
    parts = {"word/document.xml": document}
    if numbering is not None:
        parts["word/numbering.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
        ).encode()
    return rezip(buffer.getvalue(), parts)


def paragraph(text: str, num_id: int | None = None) -> str:
    numbered = ""
    if num_id is not None:
        numbered = (
            f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        )
    return f"<w:p>{numbered}<w:r><w:t>{text}</w:t></w:r></w:p>"


def cell(text: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{paragraph(text)}</w:tc>"


def table(rows: list[str], grid: int) -> str:
    cols = '<w:gridCol w:w="1000"/>' * grid
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


PLAN_HEADER = "<w:tr>" + cell("Ref") + cell("Action") + cell("Lead") + cell("Due") + "</w:tr>"


def plan_row(n: int, before: str = "", first_props: str = "") -> str:
    tr_pr = f"<w:trPr>{before}</w:trPr>" if before else ""
    return (
        f"<w:tr>{tr_pr}{cell(str(n), first_props)}{cell(f'Improve service {n}')}"
        f"{cell('R Vickers')}{cell('March 2008')}</w:tr>"
    )


# --- Word attacks -------------------------------------------------------------------------


def docx_grid_span(span: int = 200_000_000) -> bytes:
    """A four-column plan table whose one cell claims to span 200 million grid columns."""
    rows = [PLAN_HEADER, plan_row(1), plan_row(2, first_props=f'<w:gridSpan w:val="{span}"/>')]
    return docx_with_body(paragraph("Action plan") + table(rows, grid=4))


def docx_grid_before(before: int = 200_000_000) -> bytes:
    """A row that skips 200 million grid columns before its first cell (w:gridBefore)."""
    rows = [PLAN_HEADER, plan_row(1), plan_row(2, before=f'<w:gridBefore w:val="{before}"/>')]
    return docx_with_body(paragraph("Action plan") + table(rows, grid=4))


def docx_wide_table(columns: int = 5_000) -> bytes:
    """A table whose grid really has thousands of columns."""
    row = "<w:tr>" + "".join(cell(f"C{k}") for k in range(columns)) + "</w:tr>"
    return docx_with_body(table([row, row], grid=columns))


def docx_repeated_headers(rows: int = 20_000) -> bytes:
    """Thousands of rows marked as repeating headers, then thousands of ordinary rows."""
    header = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + cell("H1") + cell("H2") + "</w:tr>"
    body = [header.replace("H1", f"H{k}") for k in range(rows)]
    body += [f"<w:tr>{cell(str(k))}{cell('text')}</w:tr>" for k in range(rows)]
    return docx_with_body(table(body, grid=2))


def numbering(fmt: str, start: int, text: str = "%1.") -> str:
    return (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


def docx_roman_numbering(start: int = 2_000_000_000) -> bytes:
    """A numbered list in upper roman starting at two billion (two million M's per label)."""
    body = "".join(paragraph(f"Action {k}", num_id=1) for k in range(3))
    return docx_with_body(body, numbering("upperRoman", start))


def docx_long_list_label(paragraphs: int = 2_000, label: int = 100_000) -> bytes:
    """A list level whose label text is 100,000 characters, put in front of every item."""
    body = "".join(paragraph(f"Action {k}", num_id=1) for k in range(paragraphs))
    return docx_with_body(body, numbering("decimal", 1, text="%1" + "x" * label))


# --- text attacks -------------------------------------------------------------------------


def text_long_word(length: int = 40_000) -> bytes:
    """A small TAB plan followed by one unbroken word of capitals and letters."""
    plan = "Action plan\n\nRef\tAction\tLead\n1\tImprove access\tR Vickers\n2\tAudit\tJ Kelly\n\n"
    return (plan + "Ab" * (length // 2) + "\n").encode()


def text_long_spaces(length: int = 40_000) -> bytes:
    """A lead-officer list whose line holds a long run of spaces and no separator."""
    return ("Lead Officers for Actions\nR" + " " * length + "Vickers\n").encode()


def text_wide_header(columns: int = 500, rows: int = 5) -> bytes:
    """A cell-per-line plan (one TAB-led line per cell) with a 500-column header."""
    header = "".join(f"\tHeading {k}\n" for k in range(columns))
    # each body cell is its own run (blank line before it), so any run may start a row
    body = "".join(f"\n\tvalue {r}.{k}\n" for r in range(rows) for k in range(columns))
    return ("Action plan\n\n" + header + body).encode()


def text_narrow_many_rows(columns: int = 150, cells: int = 150_000) -> bytes:
    """A cell-per-line plan within the column limit, one cell per blank-separated run."""
    header = "".join(f"\tHeading {k}\n" for k in range(columns))
    body = "".join(f"\n\tv{k}\n" for k in range(cells))
    return (header + body).encode()


def text_many_tabs(columns: int = 5_000) -> bytes:
    """A row-per-line plan whose rows have thousands of TAB-separated cells."""
    row = "\t".join(f"c{k}" for k in range(columns))
    return (f"{row}\n{row}\n").encode()


# --- Excel attacks ------------------------------------------------------------------------


SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    b"</sheetData></worksheet>"
)
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def xlsx_renamed_shared_strings(encoding: str = "utf-8") -> bytes:
    """Shared strings in xl/sharedStrings.bin, with a DTD defining an internal entity.

    [Content_Types].xml and the workbook's rels point at that name, so openpyxl parses it;
    the entity would be expanded into cell A2 if the DTD check skipped the part.
    """
    buffer = io.BytesIO()
    Workbook().save(buffer)
    data = buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(data))
    strings = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE sst [<!ENTITY boom "EXPANDED-ENTITY">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Action</t></si><si><t>Lead</t></si><si><t>&boom;</t></si><si><t>R Vickers</t></si>"
        "</sst>"
    ).encode(encoding)
    types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.bin" ContentType="{STRINGS_TYPE}"/></Types>'.encode(),
    )
    rels = source.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Type="{STRINGS_REL}" Target="sharedStrings.bin" Id="rId99"/>'
        "</Relationships>".encode(),
    )
    return rezip(
        data,
        {
            "xl/sharedStrings.bin": strings,
            "xl/worksheets/sheet1.xml": SHEET,
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
        },
    )


HOSTILE: dict[str, Callable[[], bytes]] = {
    "docx gridSpan 2e8": docx_grid_span,
    "docx gridBefore 2e8": docx_grid_before,
    "docx 5,000-column grid": docx_wide_table,
    "docx 20,000 repeated headers": docx_repeated_headers,
    "docx roman list from 2e9": docx_roman_numbering,
    "docx 100k-char list label": docx_long_list_label,
    "text 40,000-char word": text_long_word,
    "text 40,000 spaces in a lead": text_long_spaces,
    "text 500-column cell-per-line": text_wide_header,
    "text 150 cols, 150k cells": text_narrow_many_rows,
    "text 5,000 TABs per row": text_many_tabs,
    "xlsx sharedStrings.bin + DTD": xlsx_renamed_shared_strings,
    "xlsx sharedStrings.bin UTF-16": lambda: xlsx_renamed_shared_strings("utf-16"),
}
"""Name -> generator, for the bench: each file is built at its default (attack) size."""


def docx_style_chain(styles: int = 20_000) -> bytes:
    """Styles each based on the one before, the first numbered: a paragraph in the last one."""
    chain = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{k}"><w:name w:val="S{k}"/>'
        + (f'<w:basedOn w:val="S{k - 1}"/>' if k else "")
        + ('<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>' if k == 0 else "")
        + "</w:style>"
        for k in range(styles)
    )
    body = f'<w:p><w:pPr><w:pStyle w:val="S{styles - 1}"/></w:pPr><w:r><w:t>Item</w:t></w:r></w:p>'
    data = docx_with_body(body, numbering("decimal", 1))
    styles_xml = f'<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">{chain}</w:styles>'
    return rezip(data, {"word/styles.xml": styles_xml.encode()})


HOSTILE["docx 20,000-style basedOn chain"] = docx_style_chain
