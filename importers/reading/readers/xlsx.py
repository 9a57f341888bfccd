"""Read one sheet of an Excel (.xlsx) workbook into a `Document`.

openpyxl opens the workbook in read-only (streaming) mode, so memory stays proportional to the
cells that hold something rather than to the sheet's XML; read-only mode does not report merged
cells, so the sheet's `<mergeCell>` list is read here from the same part.

Layout rules, the same as for text exports where they can be:
- rows with one filled cell before the first row with two or more are title `Paragraph`s (a
  header need not be on row 1); a row with two or more filled cells starts a `Table`;
- a blank row ends a table (a spreadsheet's spacer between blocks); single-cell rows after it
  are paragraphs again until the next table;
- a merged range across the sheet's whole used width is a `Row(spans_full_width=True)` with
  one cell (a section heading); other horizontal merges keep their text in the first column
  and leave the rest empty, so columns stay aligned; the rows under a vertical merge are
  `Cell(merged_from_above=True)`;
- a solid fill is `Cell.fill` (RRGGBB); a line break inside a cell starts a new paragraph;
  paragraphs keep the spacing inside a line (a RAG key spaces its labels out), cells do not;
- dates are written "Mon YYYY" (plans speak in months), whole numbers without ".0".

The bytes must have passed `importers.reading.safety.check_zip` first (size, zip bomb and DTD checks).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MERGE_CELL = f"{{{SHEET_NS}}}mergeCell"


def read_xlsx(data: bytes, name: str = "", sheet: str | None = None) -> Document:
    """The first visible worksheet (or the one named `sheet`) as paragraphs and tables."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise UnreadableDocument(
            "This .xlsx cannot be opened as an Excel workbook; open it in Excel, save it "
            "again as .xlsx and upload that."
        ) from exc
    try:
        worksheet = _pick_sheet(workbook, sheet)
        merges = _merged_ranges(workbook, worksheet)
        grid = _read_grid(worksheet)
    finally:
        workbook.close()
    return Document(blocks=_blocks(grid, merges), source_name=name)


def _pick_sheet(workbook, sheet: str | None) -> ReadOnlyWorksheet:
    worksheets = [ws for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
    if sheet is not None:
        for ws in worksheets:
            if ws.title == sheet:
                return ws
        for ws in worksheets:
            if ws.title.casefold() == sheet.strip().casefold():
                return ws
        names = ", ".join(f"'{ws.title}'" for ws in worksheets) or "none"
        raise UnreadableDocument(
            f"There is no sheet named '{sheet}' in this workbook (its sheets: {names})."
        )
    visible = [ws for ws in worksheets if ws.sheet_state == "visible"] or worksheets
    if not visible:
        raise UnreadableDocument("This workbook has no worksheets.")
    return visible[0]


def _merged_ranges(workbook, worksheet: ReadOnlyWorksheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range on the sheet."""
    ranges = []
    with workbook._archive.open(worksheet._worksheet_path) as source:
        for _event, element in etree.iterparse(
            source, tag=MERGE_CELL, resolve_entities=False, no_network=True, huge_tree=False
        ):
            ref = element.get("ref")
            element.clear()
            if not ref:
                continue
            try:
                bounds = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None not in bounds:
                ranges.append(bounds)
    return ranges


def _read_grid(worksheet: ReadOnlyWorksheet) -> dict[tuple[int, int], Cell]:
    """Cells that hold text or a fill, by (row, column), 1-based."""
    worksheet.reset_dimensions()  # a file's <dimension> can be wrong; read what is there
    grid: dict[tuple[int, int], Cell] = {}
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell, EmptyCell):
                continue
            paragraphs = _paragraphs(cell.value)
            fill = _fill(cell) if cell.has_style else None
            if paragraphs or fill:
                grid[(cell.row, cell.column)] = Cell(paragraphs=paragraphs, fill=fill)
    return grid


def _paragraphs(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dt.datetime | dt.date):
        return [value.strftime("%b %Y")]
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _fill(cell) -> str | None:
    fill = cell.fill
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    color = fill.fgColor
    if color is None:
        return None
    rgb = None
    if color.type == "rgb" and isinstance(color.rgb, str):
        rgb = color.rgb
    elif (
        color.type == "indexed"
        and isinstance(color.indexed, int)
        and 0 <= color.indexed < len(COLOR_INDEX)
    ):
        rgb = COLOR_INDEX[color.indexed]
    # theme colours need the workbook theme and tint: not resolved (no RGB to report)
    if not rgb or len(rgb) not in (6, 8):
        return None
    return rgb[-6:].upper()


def _blocks(grid: dict[tuple[int, int], Cell], merges) -> list[Paragraph | Table]:
    texts = [(r, c) for (r, c), cell in grid.items() if cell.paragraphs]
    if not texts:
        return []
    first_col = min(c for _, c in texts)
    last_col = max(c for _, c in texts)
    last_row = max(r for r, _ in grid)

    full_width: dict[int, tuple[int, int]] = {}  # top row -> (min_row, max_row)
    covered: set[tuple[int, int]] = set()  # cells inside a merge other than its top-left
    below_top: set[tuple[int, int]] = set()  # cells under the top row of a merge
    for min_col, min_row, max_col, max_row in merges:
        if min_col <= first_col and max_col >= last_col and last_col > first_col:
            full_width[min_row] = (min_row, max_row)
        for r in range(min_row, min(max_row, last_row) + 1):
            for c in range(max(min_col, first_col), min(max_col, last_col) + 1):
                if (r, c) != (min_row, min_col):
                    covered.add((r, c))
                    if r > min_row:
                        below_top.add((r, c))
    full_width_rows = {r for top, (lo, hi) in full_width.items() for r in range(lo, hi + 1)}

    blocks: list[Paragraph | Table] = []
    table: list[Row] | None = None

    def close() -> None:
        nonlocal table
        if table:
            blocks.append(Table(rows=table, index=sum(isinstance(b, Table) for b in blocks)))
        table = None

    for r in range(1, last_row + 1):
        cells = [grid.get((r, c)) for c in range(first_col, last_col + 1)]
        filled = [cell for cell in cells if cell is not None and cell.paragraphs]
        if r in full_width_rows and r not in full_width:
            continue  # lower rows of a merged section heading
        if r in full_width:
            heading = next((cell for cell in cells if cell is not None and cell.paragraphs), None)
            if heading is None:
                continue
            if table is None:
                blocks.extend(Paragraph(text=p, source_line=r) for p in heading.paragraphs)
            else:
                paragraphs = [" ".join(p.split()) for p in heading.paragraphs]
                heading = Cell(paragraphs=paragraphs, fill=heading.fill)
                table.append(Row(cells=[heading], source_line=r, spans_full_width=True))
            continue
        if not filled:
            if not any((r, c) in below_top for c in range(first_col, last_col + 1)):
                close()
            continue
        if table is None and len(filled) < 2:
            blocks.extend(Paragraph(text=p, source_line=r) for p in filled[0].paragraphs)
            continue
        if table is None:
            table = []
        row_cells = []
        for offset, cell in enumerate(cells):
            position = (r, first_col + offset)
            if position in below_top:
                row_cells.append(Cell(fill=cell.fill if cell else None, merged_from_above=True))
            elif position in covered or cell is None:
                row_cells.append(Cell(fill=cell.fill if cell else None))
            else:
                paragraphs = [" ".join(p.split()) for p in cell.paragraphs]
                row_cells.append(Cell(paragraphs=paragraphs, fill=cell.fill))
        table.append(Row(cells=row_cells, source_line=r))
    close()
    return blocks
