"""The document as a stream of rows and paragraphs, cut into blocks at header rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.reading.document import Document, Paragraph, Row, Table
from importers.reading.layout.headers import (
    Columns,
    _fill_from,
    _header_continuation,
    _read_header,
    _read_two_line_header,
    _settle_outcome,
)
from importers.reading.mapping import header_signature

# --- the document as a stream -------------------------------------------------------------------


@dataclass
class _Item:
    paragraph: Paragraph | None = None
    row: Row | None = None
    table: Table | None = None
    row_index: int = 0

    @property
    def line(self) -> int | None:
        if self.paragraph is not None:
            return self.paragraph.source_line
        return self.row.source_line if self.row is not None else None


def _stream(document: Document) -> list[_Item]:
    items: list[_Item] = []
    for block in document.blocks:
        if isinstance(block, Table):
            for i, row in enumerate(block.rows):
                items.append(_Item(row=row, table=block, row_index=i))
        else:
            items.append(_Item(paragraph=block))
    return items


# --- blocks -------------------------------------------------------------------------------------


@dataclass
class _Block:
    """Rows under one header row (a page of a table, or the whole table)."""

    kind: str
    """'main' (has an action column), 'side' (continues main rows to the right) or 'pre'
    (before the first header: only headings are read there)."""
    columns: Columns | None
    items: list[_Item] = field(default_factory=list)
    """Rows, and numbered paragraphs standing between them (section headings)."""


def _blocks(
    items: list[_Item], header_at: int, chosen: Columns | None = None, header_rows: int = 1
) -> list[_Block]:
    """Blocks from the main header on; `chosen` is that header as read (roles and extras).

    A later row printing the same labels as the chosen header (a page break) repeats it.
    """
    last_table = max((i for i, item in enumerate(items) if item.row is not None), default=-1)
    blocks = [_Block(kind="pre", columns=None)]
    first_main: Columns | None = None
    previous_header = False
    consumed: set[int] = set(range(header_at + 1, header_at + header_rows))
    signature = _signature(items[header_at].row) if chosen is not None else None
    for i, item in enumerate(items):
        if item.paragraph is not None:
            previous_header = False
            if i < last_table:
                blocks[-1].items.append(item)
            continue
        if i in consumed:
            continue
        row = item.row
        columns, repeated = None, False
        if chosen is not None and i >= header_at:
            repeated = i == header_at or _signature(row) == signature
            columns = _copy(chosen) if repeated else None
        if columns is None and i >= header_at:
            columns = _read_header(row)
            if columns is None and i + 1 < len(items) and items[i + 1].row:
                columns = _read_two_line_header(row, items[i + 1].row)
                if columns is not None:
                    consumed.add(i + 1)
        if columns is not None:
            if repeated or columns.has_action:
                if first_main is None:
                    first_main = columns
                elif not repeated:
                    _fill_from(columns, first_main)
                blocks.append(_Block(kind="main", columns=columns))
            elif first_main is not None:
                blocks.append(_Block(kind="side", columns=columns))
            else:
                blocks[-1].items.append(item)
                continue
            previous_header = True
            continue
        if previous_header:
            extra = _header_continuation(row)
            if extra and blocks[-1].columns is not None:
                current = blocks[-1].columns
                for index, name in extra.items():
                    if index not in current.fields:
                        current.fields[index] = name
                        current.labels[index] = row.texts[index]
                current.fields = _settle_outcome(current.fields)
                continue
        previous_header = False
        blocks[-1].items.append(item)
    return blocks


def _signature(row: Row | None) -> str:
    return header_signature(row.texts) if row is not None else ""


def _copy(columns: Columns) -> Columns:
    return Columns(
        fields=dict(columns.fields),
        labels=dict(columns.labels),
        line=columns.line,
        extras=dict(columns.extras),
    )
