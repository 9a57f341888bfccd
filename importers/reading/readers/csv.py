"""Read a CSV file, as Excel and other spreadsheets write them, into a `Document` of one table.

- The delimiter is whichever of comma, semicolon (Excel in locales with a decimal comma) or tab
  splits the first records into the most consistent number of fields;
- quoted cells may hold delimiters, quotes ("") and line breaks; a line break inside a cell
  starts a new paragraph in the `Cell`;
- UTF-8 with or without a BOM, UTF-16 with a BOM, else Windows-1252 (Excel's "CSV" on Windows);
- rows with no text are dropped (Excel pads to its used range), and so are columns with no text
  in any row, so a stray far-right cell costs one column; every row has the same cells.

The whole file is one `Table`: the layout step finds the header row in it, even under a title.
Time and memory are linear in the file; `Limits.max_columns` and `max_cells` bound the table.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

from importers.reading.document import Cell, Document, Row, Table, UnreadableDocument
from importers.reading.readers import CellBudget, check_columns
from importers.reading.safety import Limits

DELIMITERS = (",", ";", "\t")
SAMPLE_RECORDS = 20
SAMPLE_CHARS = 64 * 1024


def read_csv(data: bytes, name: str = "", limits: Limits | None = None) -> Document:
    """The file's records as one `Table` (none if it holds no text)."""
    limits = limits or Limits()
    text = decode(data)
    delimiter = sniff_delimiter(text) or ","
    budget = CellBudget(limits, "CSV file")
    records: list[tuple[int, dict[int, list[str]]]] = []
    used: set[int] = set()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for fields in reader:
            cells = {}
            for column, field in enumerate(fields):
                if field:  # most fields of a padded export are empty: skip them cheaply
                    paragraphs = _paragraphs(field)
                    if paragraphs:
                        cells[column] = paragraphs
            if cells:
                budget.spend(len(cells))
                used.update(cells)
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableDocument(
            f"The CSV file cannot be read at line {reader.line_num} ({exc}); open it in a "
            "spreadsheet, save it as CSV again and upload that."
        ) from exc
    if not records:
        return Document(blocks=[], source_name=name)
    columns = sorted(used)
    check_columns(len(columns), limits, "The CSV file")
    budget = CellBudget(limits, "CSV file")
    budget.spend(len(records) * len(columns))
    rows = [
        Row(cells=[Cell(paragraphs=cells.get(c, [])) for c in columns], source_line=line)
        for line, cells in records
    ]
    return Document(blocks=[Table(rows=rows)], source_name=name)


def decode(data: bytes) -> str:
    """The file's text: UTF-16 with a BOM, UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str, delimiters: tuple[str, ...] = DELIMITERS) -> str | None:
    """The delimiter that splits the first records most consistently into 2+ fields, or None.

    A candidate scores the share of the sampled records (of two fields or more) that have its
    most common field count; ties go to the one giving more fields. Quotes are honoured, so a comma inside a
    quoted cell does not count.
    """
    best, best_score = None, (0.0, 0)
    for delimiter in delimiters:
        # A title line above the table is one field whatever the delimiter: it says nothing.
        counts = [count for count in _field_counts(text, delimiter) if count > 1]
        if len(counts) < 2:
            continue
        width, hits = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (hits / len(counts), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def looks_like_csv(text: str) -> bool:
    """A text file that is clearly comma- or semicolon-separated: records all one width, and
    three or more of them (two will do when they have four or more fields: a header and one
    action, which prose with commas does not line up to).

    Tabs are left to the text reader: Word tables saved as text are tab-separated, and it
    knows their merged and wrapped cells.
    """
    for delimiter in (",", ";"):
        counts = _field_counts(text, delimiter)
        if len(counts) < 2 or len(set(counts)) != 1 or counts[0] < 2:
            continue
        if len(counts) >= 3 or counts[0] >= 4:
            return True
    return False


def _field_counts(text: str, delimiter: str) -> list[int]:
    """Fields per non-blank record over the first records of the file."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:  # do not judge a record cut in half
        sample = sample[: sample.rfind("\n") + 1] or sample
    counts = []
    try:
        for fields in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if any(field.strip() for field in fields):
                counts.append(len(fields))
            if len(counts) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        return []
    return counts


def _paragraphs(field: str) -> list[str]:
    lines = field.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]
