"""Read the worksheets of an Excel (.xlsx) workbook into one `Document`.

Every visible worksheet is read, in workbook order, each `Table` tagged with its sheet's title;
the layout step picks the action table. Hidden sheets are skipped: they hold drop-down lists
and lookups nobody sees when they open the plan, and a large one could push a plan over the
cell limit. `sheet=` reads only the named sheet (hidden or not).

Each sheet's XML is streamed once with lxml: openpyxl's `WorkSheetParser` decodes each `<row>`
(shared strings, dates, booleans) and the element is then dropped, so memory follows the rows
that hold text, not the sheet's grid. Nothing iterates over the grid itself: a merge over the
whole sheet or one stray cell at XFD1048576 costs what its XML costs. Tables have only the
columns that hold something, so a far-away cell adds one column, not sixteen thousand.

Layout rules, the same as for text exports where they can be:
- rows with one filled cell before the first row with two or more are title `Paragraph`s (a
  header need not be on row 1); a row with two or more filled cells starts a `Table`;
- a blank row ends a table (a spreadsheet's spacer between blocks), unless a vertical merge
  runs through it; single-cell rows after it are paragraphs again until the next table;
- a merged range across the table's whole width is a `Row(spans_full_width=True)` with one
  cell (a section heading); other horizontal merges keep their text in the first column and
  leave the rest empty, so columns stay aligned; the rows under a vertical merge are
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
from bisect import bisect_left, bisect_right

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.reading.readers import CellBudget, check_columns
from importers.reading.safety import Limits

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW = f"{{{SHEET_NS}}}row"
MERGE_CELL = f"{{{SHEET_NS}}}mergeCell"


def read_xlsx(
    data: bytes, name: str = "", sheet: str | None = None, limits: Limits | None = None
) -> Document:
    """Every visible worksheet (or only the one named `sheet`) as paragraphs and tables."""
    limits = limits or Limits()
    read_budget = CellBudget(limits, "workbook")  # cells held while reading
    table_budget = CellBudget(limits, "workbook")  # cells in the tables made from them
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise UnreadableDocument(
            "This .xlsx cannot be opened as an Excel workbook; open it in Excel, save it "
            "again as .xlsx and upload that."
        ) from exc
    blocks: list[Paragraph | Table] = []
    try:
        for worksheet in _pick_sheets(workbook, sheet):
            grid, merges = _read_sheet(workbook, worksheet, read_budget)
            tables_before = sum(isinstance(block, Table) for block in blocks)
            sheet_layout = _SheetLayout(grid, merges, limits, table_budget, worksheet.title)
            for block in sheet_layout.blocks():
                if isinstance(block, Table):
                    block.sheet = worksheet.title
                    block.index = tables_before
                    tables_before += 1
                blocks.append(block)
    finally:
        workbook.close()
    return Document(blocks=blocks, source_name=name)


def _pick_sheets(workbook, sheet: str | None) -> list[ReadOnlyWorksheet]:
    worksheets = [ws for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
    if sheet is not None:
        for ws in worksheets:
            if ws.title == sheet:
                return [ws]
        for ws in worksheets:
            if ws.title.casefold() == sheet.strip().casefold():
                return [ws]
        names = ", ".join(f"'{ws.title}'" for ws in worksheets) or "none"
        raise UnreadableDocument(
            f"There is no sheet named '{sheet}' in this workbook (its sheets: {names})."
        )
    # A workbook whose sheets are all hidden still has a plan in it somewhere: read them all.
    return [ws for ws in worksheets if ws.sheet_state == "visible"] or worksheets


def _read_sheet(workbook, worksheet: ReadOnlyWorksheet, budget: CellBudget):
    """The sheet's rows that hold text ({row: {column: (paragraphs, fill)}}) and its merges.

    A row with no text is dropped whole (fills alone do not make a row); every kept cell
    counts against the document's cell budget as it is read.
    """
    parser = WorkSheetParser(
        None,
        worksheet._shared_strings,  # openpyxl's read-only sheets use these same private parts
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    grid: dict[int, dict[int, tuple[list[str], str | None]]] = {}
    merges: list[tuple[int, int, int, int]] = []
    with workbook._archive.open(worksheet._worksheet_path) as source:
        for _event, element in etree.iterparse(
            source,
            tag=(ROW, MERGE_CELL),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        ):
            if element.tag == ROW:
                row_number, cells = parser.parse_row(element)
                row = _row_cells(worksheet, cells)
                if row:
                    budget.spend(len(row))
                    grid[row_number] = row
            else:
                bounds = _bounds(element.get("ref"))
                if bounds is not None:
                    merges.append(bounds)
            # Drop the element and the (already cleared) ones before it: memory stays at a row.
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return grid, merges


def _row_cells(worksheet, cells: list[dict]) -> dict[int, tuple[list[str], str | None]]:
    row: dict[int, tuple[list[str], str | None]] = {}
    has_text = False
    for cell in cells:
        paragraphs = _paragraphs(cell["value"])
        fill = _fill(ReadOnlyCell(worksheet, **cell)) if cell["style_id"] else None
        if paragraphs or fill:
            row[cell["column"]] = (paragraphs, fill)
            has_text = has_text or bool(paragraphs)
    return row if has_text else {}


def _bounds(ref: str | None) -> tuple[int, int, int, int] | None:
    """(min_col, min_row, max_col, max_row) of a merged range, or None if it is not one."""
    if not ref:
        return None
    try:
        bounds = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    return None if None in bounds else bounds


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


Grid = dict[int, dict[int, tuple[list[str], str | None]]]
Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


class _SheetLayout:
    """One sheet's rows that hold text, laid out as paragraphs and tables.

    Work is proportional to the rows and cells kept, never to the area of the sheet: merges
    are looked up by the rows that hold text, and a gap between rows is one interval check.
    """

    def __init__(
        self, grid: Grid, merges: list[Merge], limits: Limits, budget: CellBudget, title: str
    ) -> None:
        self.grid = grid
        self.rows = sorted(grid)
        self.limits = limits
        self.budget = budget
        self.title = title
        self.merges_by_row = self._merges_by_row(merges)
        self.continued = self._continued_intervals(merges)

    def _merges_by_row(self, merges: list[Merge]) -> dict[int, list[Merge]]:
        """The merges that reach each kept row, clipped to the used range of the text."""
        if not self.rows:
            return {}
        text_cols = [c for row in self.grid.values() for c, (p, _) in row.items() if p]
        left, right = min(text_cols), max(text_cols)
        top, bottom = self.rows[0], self.rows[-1]
        by_row: dict[int, list[Merge]] = {}
        pairs = CellBudget(self.limits, "workbook's merged cells")  # overlapping merges
        for min_col, min_row, max_col, max_row in merges:
            if max_row < top or min_row > bottom or max_col < left or min_col > right:
                continue
            merge = (min_col, min_row, min(max_col, right), min(max_row, bottom))
            first = bisect_left(self.rows, min_row)
            last = bisect_right(self.rows, merge[3])
            pairs.spend(last - first)
            for r in self.rows[first:last]:
                by_row.setdefault(r, []).append(merge)
        return by_row

    @staticmethod
    def _continued_intervals(merges: list[Merge]) -> list[tuple[int, int]]:
        """Row intervals under the top row of a vertical merge, overlapping ones joined."""
        spans = sorted((lo + 1, hi) for _, lo, _, hi in merges if hi > lo)
        joined: list[tuple[int, int]] = []
        for lo, hi in spans:
            if joined and lo <= joined[-1][1] + 1:
                joined[-1] = (joined[-1][0], max(joined[-1][1], hi))
            else:
                joined.append((lo, hi))
        return joined

    def _gap_is_merged(self, first: int, last: int) -> bool:
        """Rows first..last hold no text but lie under a merge: they do not end a table."""
        at = bisect_right(self.continued, (first, float("inf"))) - 1
        return at >= 0 and self.continued[at][0] <= first and self.continued[at][1] >= last

    def runs(self) -> list[list[int]]:
        """Kept rows split at blank rows (a spreadsheet's spacer between blocks)."""
        runs: list[list[int]] = []
        for r in self.rows:
            if runs and (r == runs[-1][-1] + 1 or self._gap_is_merged(runs[-1][-1] + 1, r - 1)):
                runs[-1].append(r)
            else:
                runs.append([r])
        return runs

    def blocks(self) -> list[Paragraph | Table]:
        blocks: list[Paragraph | Table] = []
        for run in self.runs():
            start = next((i for i, r in enumerate(run) if len(self._texts(r)) >= 2), len(run))
            for r in run[:start]:
                if not self._under_full_width(r, None):
                    blocks.extend(Paragraph(text=p, source_line=r) for p in self._texts(r)[0])
            if start < len(run):
                blocks.append(self._table(run[start:]))
        return blocks

    def _texts(self, r: int) -> list[list[str]]:
        return [p for _, (p, _) in sorted(self.grid[r].items()) if p]

    def _under_full_width(self, r: int, columns: list[int] | None) -> bool:
        """A lower row of a merged heading (skipped: its text is on the top row)."""
        return any(m[1] < r and self._is_full_width(m, columns) for m in self._merges(r))

    def _is_full_width(self, merge: Merge, columns: list[int] | None) -> bool:
        if columns is None:
            return merge[2] > merge[0]
        return len(columns) > 1 and merge[0] <= columns[0] and merge[2] >= columns[-1]

    def _merges(self, r: int) -> list[Merge]:
        return self.merges_by_row.get(r, [])

    def _columns(self, rows: list[int]) -> list[int]:
        """Columns holding text or a fill within the table's text span; empty ones dropped."""
        text_cols = {c for r in rows for c, (p, _) in self.grid[r].items() if p}
        left, right = min(text_cols), max(text_cols)
        used = {c for r in rows for c in self.grid[r] if left <= c <= right}
        check_columns(len(used), self.limits, f"A table on the sheet '{self.title}'")
        return sorted(used)

    def _table(self, rows: list[int]) -> Table:
        columns = self._columns(rows)
        out: list[Row] = []
        for r in rows:
            if self._under_full_width(r, columns):
                continue
            heading = next((m for m in self._merges(r) if m[1] == r and m[0] <= columns[0]), None)
            if heading is not None and self._is_full_width(heading, columns):
                paragraphs = [" ".join(p.split()) for p in self._texts(r)[0]]
                fill = self.grid[r].get(heading[0], ([], None))[1]
                cell = Cell(paragraphs=paragraphs, fill=fill)
                out.append(Row(cells=[cell], source_line=r, spans_full_width=True))
                self.budget.spend(1)
                continue
            out.append(Row(cells=self._cells(r, columns), source_line=r))
            self.budget.spend(len(columns))
        return Table(rows=out)

    def _cells(self, r: int, columns: list[int]) -> list[Cell]:
        below_top: set[int] = set()  # columns continuing a merge from the row above
        covered: set[int] = set()  # columns inside a merge other than its top-left cell
        for min_col, min_row, max_col, _ in self._merges(r):
            for c in columns[bisect_left(columns, min_col) : bisect_right(columns, max_col)]:
                if r > min_row:
                    below_top.add(c)
                elif c != min_col:
                    covered.add(c)
        cells = []
        for c in columns:
            paragraphs, fill = self.grid[r].get(c, ([], None))
            if c in below_top:
                cells.append(Cell(fill=fill, merged_from_above=True))
            elif c in covered or not paragraphs:
                cells.append(Cell(fill=fill))
            else:
                cells.append(Cell(paragraphs=[" ".join(p.split()) for p in paragraphs], fill=fill))
        return cells
