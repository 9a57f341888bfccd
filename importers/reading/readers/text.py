"""Read a plan exported to plain text (Word or PDF "save as text") into a `Document`.

Two table layouts occur in exported plans:

(a) *row per line*: a table row is one line whose cells are separated by TABs
    ("Aims<TAB>Actions<TAB>Lead"). A line with two or more TABs is a row; consecutive row
    lines form a `Table`. A blank line (a page break in the export) or a line of ordinary text
    ends the table, so each run of rows between blank lines is its own `Table`: the layout step
    reads the tables as one stream, and the breaks stay visible for aligning blocks.

(b) *cell per line*: each cell starts on a new line with one TAB ("<TAB>Lead"); the lines that
    follow without a TAB are further paragraphs of that cell; a blank line ends a row, but a cell
    may itself end with empty paragraphs, which look the same. So rows are found by their cell
    count: the first header-like run of cells fixes the number of columns N, and the cells are
    split, only at blank lines, into rows of N cells or heading rows (one non-empty cell, fewer
    than N cells), whichever split needs the fewest heading rows.

A file is read as (a) when several lines have a TAB after text, else as (b). Text outside the
tables becomes one `Paragraph` per non-blank line, stripped but with its inner spacing kept
(runs of spaces can separate items, as in a RAG legend line). Every row keeps its 1-based
source line.

A table wider than `Limits.max_columns`, or more than `Limits.max_cells` cells in the file, is
refused with an `UnreadableDocument`; the row split in (b) runs in time linear in the cells
(times the columns for the profile pass, which is skipped past a work budget).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.reading.safety import Limits

_INNER_TAB = re.compile(r"[^\t\s]\t")
_CELL_LINE = re.compile(r"^[ ]*\t")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252; NBSP and CR normalised."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def read_text(data: bytes, name: str = "", *, limits: Limits | None = None) -> Document:
    lines = decode(data).split("\n")
    read = _read_row_per_line if _is_row_per_line(lines) else _read_cell_per_line
    blocks = read(lines, limits or Limits())
    tables = 0
    for block in blocks:
        if isinstance(block, Table):
            block.index = tables
            tables += 1
    return Document(blocks=blocks, source_name=name)


def _is_row_per_line(lines: list[str]) -> bool:
    inner = sum(1 for line in lines if line.count("\t") >= 2 and _INNER_TAB.search(line))
    return inner >= 2


def _blank(line: str) -> bool:
    return not line.strip()


def _check_columns(columns: int, line: int, limits: Limits) -> None:
    if columns > limits.max_columns:
        raise UnreadableDocument(
            f"The table at line {line:,} has {columns:,} columns; the most a plan table may "
            f"have is {limits.max_columns:,}. Check the TABs in the file (or save the plan "
            "from Word again) and upload it again."
        )


def _check_cells(cells: int, limits: Limits) -> None:
    if cells > limits.max_cells:
        raise UnreadableDocument(
            f"This text plan has more than {limits.max_cells:,} table cells, the most a plan "
            "may have; split it into smaller files and upload each."
        )


# --- layout (a): one row per line ---------------------------------------------------------


def _read_row_per_line(lines: list[str], limits: Limits) -> list:
    blocks: list = []
    current: list[Row] = []
    cells_read = 0

    def close() -> None:
        if current:
            blocks.append(Table(rows=list(current)))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if line.count("\t") >= 2:
            _check_columns(line.count("\t") + 1, number, limits)
            cells_read += line.count("\t") + 1
            _check_cells(cells_read, limits)
            cells = [
                Cell(paragraphs=[part.strip()] if part.strip() else []) for part in line.split("\t")
            ]
            current.append(Row(cells=cells, source_line=number))
            continue
        close()
        if not _blank(line):
            blocks.append(Paragraph(text=line.strip(), source_line=number))
    close()
    return blocks


# --- layout (b): one cell per line --------------------------------------------------------


@dataclass
class _CellDraft:
    line: int
    paragraphs: list[str] = field(default_factory=list)
    blank_before: int = 0
    """Blank lines between the previous cell's last text and this cell (0 on the same line)."""

    @property
    def empty(self) -> bool:
        return not any(p.strip() for p in self.paragraphs)


def _read_cell_per_line(lines: list[str], limits: Limits) -> list:
    cell_lines = [i for i, line in enumerate(lines) if _CELL_LINE.match(line)]
    if not cell_lines:
        return _paragraphs(lines, 0, len(lines))
    first, last = cell_lines[0], cell_lines[-1]
    # the last cell keeps the text lines that follow it directly; a blank line ends the table
    end = last + 1
    while end < len(lines) and not _blank(lines[end]) and not _CELL_LINE.match(lines[end]):
        end += 1
    blocks = _paragraphs(lines, 0, first)
    cells = _cells(lines, first, end)
    _check_cells(len(cells), limits)
    rows = _group_rows(cells, limits)
    blocks.append(Table(rows=rows, blank_may_be_merged=True))
    blocks.extend(_paragraphs(lines, end, len(lines)))
    return blocks


def _paragraphs(lines: list[str], start: int, stop: int) -> list[Paragraph]:
    return [
        Paragraph(text=lines[i].strip(), source_line=i + 1)
        for i in range(start, stop)
        if not _blank(lines[i])
    ]


def _cells(lines: list[str], start: int, stop: int) -> list[_CellDraft]:
    cells: list[_CellDraft] = []
    blanks = 0
    for i in range(start, stop):
        line = lines[i]
        if _CELL_LINE.match(line):
            parts = line.lstrip(" ").split("\t")[1:]
            for k, part in enumerate(parts):
                draft = _CellDraft(line=i + 1, blank_before=blanks if k == 0 else 0)
                if part.strip():
                    draft.paragraphs.append(" ".join(part.split()))
                cells.append(draft)
            blanks = 0
        elif _blank(line):
            blanks += 1
        else:
            # a paragraph continuing the current cell (blank lines inside a cell are dropped)
            cells[-1].paragraphs.append(" ".join(line.split()))
            blanks = 0
    return cells


def _units(cells: list[_CellDraft]) -> list[list[_CellDraft]]:
    """Runs of cells between blank lines: a row boundary can only fall between two units."""
    units: list[list[_CellDraft]] = []
    for cell in cells:
        if not units or cell.blank_before > 0:
            units.append([cell])
        else:
            units[-1].append(cell)
    return units


def _column_count(units: list[list[_CellDraft]]) -> int:
    """Cells in the first header-like run: three or more one-line cells, three of them filled."""
    for unit in units:
        filled = [c for c in unit if not c.empty]
        if len(unit) >= 3 and len(filled) >= 3 and all(len(c.paragraphs) <= 1 for c in unit):
            return len(unit)
    sizes = [len(u) for u in units if sum(not c.empty for c in u) >= 2]
    counts = Counter(sizes)  # not sizes.count: that is quadratic in the number of runs
    return max(set(sizes), key=counts.__getitem__) if sizes else 1


# Rows x profiled columns the second split may weigh (about a second of work); a plan of
# 20,000 rows and 10 columns needs 200,000. Past it the split by row shape alone stands.
_PROFILE_BUDGET = 5_000_000


def _group_rows(cells: list[_CellDraft], limits: Limits) -> list[Row]:
    units = _units(cells)
    n = _column_count(units)
    _check_columns(n, cells[0].line, limits)
    # First pass: split on row shape alone. Second pass: also prefer splits whose rows look like
    # the other rows column by column (a spacer or unused RAG column stays empty, a "No." column
    # holds numbers, a column that is always filled is filled); this settles the splits that cell
    # counts alone leave open, such as a heading row taken one run too early or too late.
    spans = _split(units, n, None)
    data = [[c for unit in units[i:j] for c in unit] for i, j in spans]
    data = [row for row in data if len(row) == n]
    profile = _profile(data, n) if len(data) >= 5 else None
    if profile and len(units) * len(profile) <= _PROFILE_BUDGET:
        spans = _split(units, n, profile)
    rows: list[Row] = []
    for i, j in spans:
        drafts = [c for unit in units[i:j] for c in unit]
        _check_columns(len(drafts), drafts[0].line, limits)
        filled = sum(not c.empty for c in drafts)
        rows.append(
            Row(
                cells=[Cell(paragraphs=list(c.paragraphs)) for c in drafts],
                source_line=drafts[0].line,
                spans_full_width=len(drafts) < n and filled == 1,
            )
        )
    return rows


_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*\.?$")


def _profile(data: list[list[_CellDraft]], n: int) -> dict[int, str]:
    """What each column of the data rows nearly always is: 'empty', 'number' or 'filled'."""
    profile: dict[int, str] = {}
    for column in range(n):
        cells = [row[column] for row in data]
        filled = [c for c in cells if not c.empty]
        if len(filled) <= 0.1 * len(cells):
            profile[column] = "empty"
        elif len(filled) >= 0.9 * len(cells):
            numbers = sum(bool(_NUMBER.match(" ".join(c.paragraphs))) for c in filled)
            profile[column] = "number" if numbers >= 0.9 * len(filled) else "filled"
    return profile


def _misfit(row: list[_CellDraft], profile: dict[int, str] | None) -> float:
    if not profile:
        return 0.0
    cost = 0.0
    for column, kind in profile.items():
        cell = row[column]
        if kind == "empty" and not cell.empty:
            cost += 1.0
        elif kind == "filled" and cell.empty:
            cost += 0.5
        elif kind == "number" and not _NUMBER.match(" ".join(cell.paragraphs)):
            cost += 1.0
    return cost


def _split(
    units: list[list[_CellDraft]], n: int, profile: dict[int, str] | None
) -> list[tuple[int, int]]:
    """Cheapest split of the units into rows: (first unit, unit after the last) per row.

    A row of N cells costs only where it does not fit the column profile (`_misfit`); a heading
    row - one run of fewer than N cells, one of them filled - costs one; anything else is kept
    as a row of its own at a high cost, so that damaged input still reads.
    """
    count = len(units)
    inf = float("inf")
    best: list[float] = [inf] * (count + 1)
    back: list[int] = [0] * (count + 1)
    best[0] = 0.0
    # Every run holds at least one cell, so the cell offsets of run starts rise strictly: the
    # one multi-run row of exactly n cells starting at run i ends where offset[i] + n starts.
    flat = [c for unit in units for c in unit]
    offsets = [0] * (count + 1)
    for k, unit in enumerate(units):
        offsets[k + 1] = offsets[k] + len(unit)
    run_at = {offset: k for k, offset in enumerate(offsets)}

    def consider(i: int, j: int, cost: float) -> None:
        if best[i] + cost < best[j + 1]:
            best[j + 1] = best[i] + cost
            back[j + 1] = i

    for i in range(count):
        if best[i] == inf:
            continue
        unit = units[i]
        size = len(unit)
        if size == n:
            consider(i, i, _misfit(unit, profile))
        elif size < n and sum(not c.empty for c in unit) == 1:
            consider(i, i, 1.0)
        else:
            consider(i, i, 10.0 + abs(size - n))
        end = run_at.get(offsets[i] + n)
        if size < n and end is not None:
            row = flat[offsets[i] : offsets[end]] if profile else []
            consider(i, end - 1, _misfit(row, profile))
    spans: list[tuple[int, int]] = []
    j = count
    while j > 0:
        spans.append((back[j], j))
        j = back[j]
    spans.reverse()
    return spans
