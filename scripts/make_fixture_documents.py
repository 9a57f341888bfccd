#!/usr/bin/env python3
"""Write real Word and Excel versions of seed plans into fixtures/documents/.

Each seed's text export is read with `read_text`; its tables and paragraphs are then written
back as Word stores them - so that the .docx/.xlsx readers meet the structures real exports
have and must give the same plan as the text:

- the table's header row marked as a repeating header (w:tblHeader) AND repeated once by hand
  mid-table, as some exports do at a page break;
- section rows as ONE cell merged across the full width (w:gridSpan);
- a vertically merged column (w:vMerge): Telford's Outcomes/theme cell runs down over the
  continuation rows; Bexley's RAG column is merged down each section where it is blank;
- numbered items in a cell as Word numbering (w:numPr), e.g. Bexley's Outcomes "1. ... 2. ...",
  the number taken off the text (Word draws it);
- empty cells as Word has them (one empty paragraph).

The .xlsx (Telford) has title rows above the header, merged section rows, a vertically merged
theme column and fill colours.

Output is deterministic (fixed zip timestamps), so regenerating leaves git clean:

    .venv/bin/python scripts/make_fixture_documents.py [--check]
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from importers.reading.document import Document, Paragraph, Row, Table  # noqa: E402
from importers.reading.readers.text import read_text  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"
OUT = ROOT / "fixtures" / "documents"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")

HEADER_FILL = "D9D9D9"
SECTION_FILL = "DEEAF6"


@dataclass
class Options:
    """How one seed is written out; the seed-specific choices live here."""

    header_starts: tuple[str, ...]
    """First-cell texts of header rows (marked w:tblHeader where they start a table)."""
    vmerge_columns: tuple[int, ...] = ()
    """Columns merged down over rows where they are blank (continuation rows)."""
    vmerge_after_any_row: bool = False
    """Merge down from any data row (Bexley RAG), not only from one with text in the column."""
    numbered_lists: bool = False
    repeat_header_mid_table: bool = True
    heading_paragraphs: dict[str, str] = field(default_factory=dict)
    """Leading full-width table rows moved out as heading paragraphs: text -> style."""


SEED_OPTIONS: dict[str, Options] = {
    # Telford & Wrekin: one table; the theme rows become full-width merged rows and the
    # Outcomes cell runs down (vMerge) over the rows that continue an outcome.
    # The Primary National Objective cell runs down with it, as in the original.
    "000_2c7d5c915c81b674": Options(header_starts=("Outcomes",), vmerge_columns=(0, 5)),
    # Croydon: a table per block; its header rows repeat; empty timescale cells.
    "002_5f0a69547a7ca638": Options(header_starts=("Aims of Integrated Mental Health",)),
    # Bexley: numbered outcomes as Word numbering; the blank RAG column merged down; the first
    # section title is a Word heading above the table so the header row can be the first row.
    "003_1cff262c2fde3562": Options(
        header_starts=("No.",),
        vmerge_columns=(7,),
        vmerge_after_any_row=True,
        numbered_lists=True,
        heading_paragraphs={
            "1. Commissioning to allow earlier intervention and responsive crisis services": (
                "Heading 2"
            )
        },
    ),
}
XLSX_SEEDS = {
    "000_2c7d5c915c81b674": Options(header_starts=("Outcomes",), vmerge_columns=(0, 5)),
}


def seed_document(seed: str) -> Document:
    path = SEEDS / f"{seed}.txt"
    return read_text(path.read_bytes(), path.name)


def _is_header(row: Row, options: Options) -> bool:
    first = row.cells[0].text if row.cells else ""
    return not row.spans_full_width and any(first.startswith(s) for s in options.header_starts)


def _width(table: Table) -> int:
    widths = [len(row.cells) for row in table.rows if not row.spans_full_width]
    return max(widths or [1])


def _full_width_text(row: Row) -> list[str]:
    return [p for cell in row.cells for p in cell.paragraphs]


# --- Word ---------------------------------------------------------------------------------


class _NumberingWriter:
    """One decimal list definition ("%1.") and a w:num restarting at 1 for each cell's list."""

    def __init__(self, word) -> None:
        self.root = word.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        self.abstract_id = str(max(ids, default=0) + 10)
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), self.abstract_id)
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "singleLevel")
        abstract.append(multi)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1.")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        nums = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self.next_id = max(nums, default=0) + 1

    def new_list(self) -> str:
        num_id = str(self.next_id)
        self.next_id += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), num_id)
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), self.abstract_id)
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.root.append(num)
        return num_id


def _number_paragraph(paragraph, num_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)


def _numbered_items(paragraphs: list[str]) -> list[str] | None:
    """The items without their numbers where the paragraphs are "1. ...", "2. ...", ..."""
    items = []
    for expected, text in enumerate(paragraphs, start=1):
        match = NUMBERED.match(text)
        if not match or int(match.group(1)) != expected:
            return None
        items.append(match.group(2))
    return items or None


def set_cell_fill(cell, fill: str) -> None:
    """Cell shading as Word writes it: <w:shd w:val="clear" w:color="auto" w:fill="RRGGBB"/>."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # schema order: ... gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, ..., vAlign
    successor = None
    for tag in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"):
        successor = tc_pr.find(qn(tag))
        if successor is not None:
            break
    if successor is not None:
        successor.addprevious(shd)
    else:
        tc_pr.append(shd)


def set_vmerge(cell, restart: bool) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    v_merge = tc_pr.get_or_add_vMerge()
    if restart:
        v_merge.set(qn("w:val"), "restart")


def mark_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def write_cell(cell, paragraphs: list[str], numbering: _NumberingWriter | None) -> None:
    items = _numbered_items(paragraphs) if numbering is not None else None
    texts = items or paragraphs
    num_id = numbering.new_list() if items else None
    first = cell.paragraphs[0]
    for index, text in enumerate(texts):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.add_run(text)
        if num_id:
            paragraph.style = "List Paragraph"
            _number_paragraph(paragraph, num_id)


def _plan_rows(table: Table, options: Options, leading: list[Paragraph], repeat: bool):
    """The rows to write as (kind, row): kind is 'header', 'full' or 'data'."""
    rows = list(table.rows)
    while rows and rows[0].spans_full_width:
        text = " ".join(" ".join(_full_width_text(rows[0])).split())
        if text not in options.heading_paragraphs:
            break
        leading.append(Paragraph(text=text, style=options.heading_paragraphs[text]))
        rows.pop(0)
    planned = []
    for row in rows:
        if row.spans_full_width:
            planned.append(("full", row))
        elif _is_header(row, options):
            planned.append(("header", row))
        else:
            planned.append(("data", row))
    if repeat and len(planned) >= 4 and planned[0][0] == "header":
        # repeat the header by hand once, before a section row near the middle (not inside a
        # vertically merged run), as an export does at a page break
        candidates = [i for i, (kind, _) in enumerate(planned) if kind == "full" and i > 2]
        candidates = candidates or [i for i, (kind, _) in enumerate(planned) if i > 1]
        if candidates:
            middle = candidates[len(candidates) // 2]
            planned.insert(middle, ("repeat", planned[0][1]))
    return planned


def vertical_merges(planned, options: Options) -> dict[tuple[int, int], str]:
    """(row, column) -> "restart" | "continue" for the merged cells of the planned rows.

    In a merge column, a blank cell continues the data row above (when that one has text, or
    always with `vmerge_after_any_row`); header and section rows end a run.
    """
    merges: dict[tuple[int, int], str] = {}
    for column in options.vmerge_columns:
        anchor: tuple[int, bool] | None = None
        for index, (kind, row) in enumerate(planned):
            if kind != "data":
                anchor = None
                continue
            has_text = column < len(row.cells) and bool(row.cells[column].paragraphs)
            if anchor is not None and not has_text and (anchor[1] or options.vmerge_after_any_row):
                merges[(anchor[0], column)] = "restart"
                merges[(index, column)] = "continue"
            elif anchor is None or has_text:
                anchor = (index, has_text)
    return merges


def write_table(word, table: Table, options: Options, numbering, repeat: bool) -> bool:
    """Write one table; True where it repeated its header row mid-table."""
    width = _width(table)
    leading: list[Paragraph] = []
    planned = _plan_rows(table, options, leading, repeat)
    repeated = any(kind == "repeat" for kind, _ in planned)
    for paragraph in leading:
        word.add_paragraph(paragraph.text, style=paragraph.style)
    if not planned:
        return repeated
    out = word.add_table(rows=len(planned), cols=width)
    out.style = "Table Grid"
    merges = vertical_merges(planned, options)
    for index, (kind, row) in enumerate(planned):
        out_row = out.rows[index]
        cells = out_row.cells
        if kind == "full":
            merged = cells[0].merge(cells[-1]) if width > 1 else cells[0]
            write_cell(merged, _full_width_text(row), None)
            set_cell_fill(merged, SECTION_FILL)
            continue
        if kind in ("header", "repeat"):
            if index == 0:
                mark_header(out_row)
            for cell, source in zip(cells, row.cells, strict=False):
                write_cell(cell, source.paragraphs, None)
                set_cell_fill(cell, HEADER_FILL)
            continue
        for position, cell in enumerate(cells):
            merge = merges.get((index, position))
            if merge is not None:
                set_vmerge(cell, restart=merge == "restart")
                if merge == "continue":
                    continue
            source = row.cells[position] if position < len(row.cells) else None
            write_cell(cell, source.paragraphs if source is not None else [], numbering)
    return repeated


def docx_bytes(document: Document, options: Options) -> bytes:
    word = new_docx()
    numbering = _NumberingWriter(word) if options.numbered_lists else None
    last_was_table = False
    repeat = options.repeat_header_mid_table
    for block in document.blocks:
        if isinstance(block, Table):
            if last_was_table:
                word.add_paragraph()  # Word keeps a paragraph between two tables
            if write_table(word, block, options, numbering, repeat):
                repeat = False  # once per document
            last_was_table = True
        else:
            word.add_paragraph(block.text, style=block.style)
            last_was_table = False
    buffer = io.BytesIO()
    word.save(buffer)
    return _deterministic_zip(buffer.getvalue())


# --- Excel --------------------------------------------------------------------------------


def xlsx_bytes(document: Document, options: Options) -> bytes:
    """One sheet: title rows, a blank row, the table, a blank row, the closing text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    width = max((_width(t) for t in document.tables), default=1)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    section_fill = PatternFill("solid", fgColor=SECTION_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 1
    for block in document.blocks:
        if isinstance(block, Paragraph):
            sheet.cell(row=r, column=1, value=block.text)
            if r == 1:
                sheet.cell(row=r, column=1).font = Font(bold=True, size=14)
                sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            r += 1
            continue
        r += 1  # a blank row before the table
        planned = [
            (
                "full"
                if row.spans_full_width
                else "header"
                if _is_header(row, options)
                else "data",
                row,
            )
            for row in block.rows
        ]
        merges = vertical_merges(planned, options)
        top = r
        for kind, row in planned:
            if kind == "full":
                text = "\n".join(_full_width_text(row))
                cell = sheet.cell(row=r, column=1, value=text)
                cell.font = Font(bold=True)
                cell.fill = section_fill
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                r += 1
                continue
            for position, source in enumerate(row.cells):
                value = "\n".join(source.paragraphs) or None
                cell = sheet.cell(row=r, column=position + 1, value=value)
                cell.alignment = wrap
                if kind == "header":
                    cell.fill = header_fill
                    cell.font = Font(bold=True)
            r += 1
        for (index, column), merge in merges.items():
            if merge != "restart":
                continue
            bottom = index
            while merges.get((bottom + 1, column)) == "continue":
                bottom += 1
            sheet.merge_cells(
                start_row=top + index,
                start_column=column + 1,
                end_row=top + bottom,
                end_column=column + 1,
            )
        r += 1  # a blank row after the table
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _deterministic_zip(buffer.getvalue())


# --- output -------------------------------------------------------------------------------


def _deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and core-property dates, so output is stable."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>2024-01-01T00:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()


def build() -> dict[str, bytes]:
    """File name -> bytes for every fixture document."""
    outputs: dict[str, bytes] = {}
    for seed, options in SEED_OPTIONS.items():
        outputs[f"{seed}.docx"] = docx_bytes(seed_document(seed), options)
    for seed, options in XLSX_SEEDS.items():
        outputs[f"{seed}.xlsx"] = xlsx_bytes(seed_document(seed), options)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if fixtures/documents/ is out of date"
    )
    args = parser.parse_args(argv)
    outputs = build()
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        path = OUT / name
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(name)
        if not args.check:
            path.write_bytes(data)
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run {Path(__file__).name}", file=sys.stderr)
        return 1
    for name in outputs:
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
