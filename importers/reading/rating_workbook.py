"""The ratings workbook's layout, and reading a returned one: plain Python, no Django.

A commissioner downloads their actions as a workbook (plans/roundtrip/workbook.py writes it
with the columns below), fills in the input columns offline and uploads it. Reading it back
keeps every cell as text: a cell holding a formula is never evaluated (the workbook is opened
with `data_only=False`, so neither the formula nor a cached result is used as a value) and is
reported on its row instead. Only the "Ratings" sheet is read, row by row in read-only mode,
after the same size, zip-bomb and DTD checks as a plan upload, and normally inside
`importers.reading.bounded.run_bounded` (a child process with CPU and memory limits).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from importers.reading.document import UnreadableDocument
from importers.reading.safety import Limits, check_size, check_zip, sniff_format

SHEET = "Ratings"
LISTS_SHEET = "Rating lists"

# (key, heading, width): the order is the workbook's column order.
COLUMNS = [
    ("id", "Id", 8),
    ("plan", "Plan", 28),
    ("round", "Reporting round", 16),
    ("ref", "Ref", 7),
    ("text", "Action", 55),
    ("leads", "Lead", 22),
    ("due", "Due", 12),
    ("last_rating", "Last rating", 22),
    ("last_commentary", "Last commentary", 40),
    ("rating", "New rating", 30),
    ("commentary", "Commentary", 45),
    ("why", "Why, and what next (required for red or amber)", 45),
]
HEADINGS = [heading for _, heading, _ in COLUMNS]
INPUTS = ("rating", "commentary", "why")
"""The columns a commissioner fills in; everything else is locked."""
COLUMN_OF = {key: index for index, (key, _, _) in enumerate(COLUMNS)}

# Far more than anyone rates at once; a bigger sheet is not one we wrote.
MAX_ROWS = 5000
# A returned workbook is small: it holds a commissioner's actions, nothing else.
RETURN_LIMITS = Limits(
    office_bytes=5 * 1024 * 1024,
    office_uncompressed_bytes=50 * 1024 * 1024,
    office_part_bytes=40 * 1024 * 1024,
    cpu_seconds=20,
    memory_bytes=768 * 1024 * 1024,
)
# Excel holds at most this many characters in a cell; longer texts are written cut.
CELL_MAX = 32_000


@dataclass
class ReturnedRow:
    """One row of the Ratings sheet as typed: every value as text."""

    row: int
    """The spreadsheet's row number, as the commissioner sees it."""
    values: dict[str, str]
    formulas: list[str] = field(default_factory=list)
    """Headings of the columns whose cell holds a formula (its text is in `values`)."""

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def is_filled(self) -> bool:
        """Whether the commissioner typed anything in the input columns."""
        return any(self.get(key).strip() for key in INPUTS)


@dataclass
class ReturnedWorkbook:
    rows: list[ReturnedRow]
    """Rows with something in an input column, in sheet order."""
    blank_rows: int = 0
    """Rows left empty: not a rating, not reported."""
    cpu_seconds: float = 0.0
    peak_memory_bytes: int = 0


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "text"):  # openpyxl's ArrayFormula / DataTableFormula
        return str(value.text or "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_formula(cell) -> bool:
    return getattr(cell, "data_type", None) == "f" or hasattr(cell.value, "text")


def read_rating_workbook(data: bytes, filename: str = "", limits: Limits | None = None):
    """The filled rows of a returned ratings workbook; UnreadableDocument, saying why, if it
    is not one (not .xlsx, too big, damaged, no Ratings sheet, columns changed)."""
    limits = limits or RETURN_LIMITS
    fmt = sniff_format(data, filename)
    if fmt != "xlsx":
        raise UnreadableDocument(
            "This is not an Excel workbook (.xlsx): upload the ratings workbook you downloaded."
        )
    check_size(data, fmt, limits)
    check_zip(data, limits, expected_part="xl/workbook.xml")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(
            "This .xlsx cannot be opened as an Excel workbook; save it again as .xlsx."
        ) from exc
    try:
        if SHEET not in workbook.sheetnames:
            raise UnreadableDocument(
                f"This workbook has no '{SHEET}' sheet: upload the ratings workbook you "
                "downloaded from My actions or a plan's page."
            )
        return _read_sheet(workbook[SHEET])
    finally:
        workbook.close()


def _read_sheet(sheet) -> ReturnedWorkbook:
    rows = sheet.iter_rows(max_col=len(COLUMNS))
    header = next(rows, None)
    found = [" ".join(_text(c.value).split()) for c in header or []]
    if found[: len(HEADINGS)] != HEADINGS:
        raise UnreadableDocument(
            "The columns of the Ratings sheet have been changed: download a new workbook "
            "and fill in only the New rating, Commentary and Why columns."
        )
    returned = ReturnedWorkbook(rows=[])
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise UnreadableDocument(
                f"The Ratings sheet has more than {MAX_ROWS} rows: it is not the workbook "
                "you downloaded."
            )
        row = ReturnedRow(row=number, values={})
        for key, cell in zip((key for key, _, _ in COLUMNS), cells, strict=False):
            if cell is None or not hasattr(cell, "value"):  # an EmptyCell
                continue
            row.values[key] = _text(cell.value)[:CELL_MAX]
            if _is_formula(cell):
                row.formulas.append(HEADINGS[COLUMN_OF[key]])
        if row.is_filled or row.formulas:
            returned.rows.append(row)
        elif any(v.strip() for v in row.values.values()):
            returned.blank_rows += 1
    return returned
