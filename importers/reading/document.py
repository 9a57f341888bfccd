"""What a reader makes of a file: tables of cells and the paragraphs between them.

Readers (text, .docx, .xlsx) turn bytes into a `Document`; the layout step turns a `Document`
into a `ParsedPlan`. Plain Python, no Django, so parsers test without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING_STYLE = re.compile(r"(?:heading|h) ?(\d)")


@dataclass
class Cell:
    """One table cell: its paragraphs as printed (bullets and numbered items are paragraphs)."""

    paragraphs: list[str] = field(default_factory=list)
    fill: str | None = None
    """Background colour as RRGGBB hex, where the format has one (Word shading, Excel fill)."""
    merged_from_above: bool = False
    """A vertically merged cell continuing the one above (Word exports its text once)."""

    @property
    def text(self) -> str:
        """The paragraphs joined by single spaces, whitespace collapsed."""
        return " ".join(" ".join(self.paragraphs).split())

    @property
    def is_empty(self) -> bool:
        return not self.text


@dataclass
class Row:
    cells: list[Cell]
    source_line: int | None = None
    """1-based line in a text file (or row number in a sheet) where the row starts."""
    spans_full_width: bool = False
    """A single cell merged across the whole table: a section heading row."""

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass
class Table:
    rows: list[Row]
    index: int = 0
    """0-based position of the table in the document, for warnings."""
    blank_may_be_merged: bool = False
    """An empty cell may continue a vertically merged cell above whose text was printed once
    (a Word table saved as text). Readers that know merges set `Cell.merged_from_above`."""
    sheet: str | None = None
    """The worksheet the table is on (workbooks only), so an admin can tell tables apart."""


@dataclass
class Paragraph:
    """Text outside any table (headings, narrative)."""

    text: str
    style: str | None = None
    """The source's style name where it has one ("Heading 1"), else None."""
    source_line: int | None = None

    @property
    def heading_level(self) -> int | None:
        """1-6 for a "Heading N" style (0 for "Title"), None for body text."""
        style = (self.style or "").strip().lower()
        if style == "title":
            return 0
        m = _HEADING_STYLE.fullmatch(style)
        return int(m.group(1)) if m else None


Block = Table | Paragraph


@dataclass
class Document:
    blocks: list[Block]
    source_name: str = ""

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def to_dict(self) -> dict:
        """Plain JSON data (lists, strings, numbers): the reading stored with a pending import."""
        return {"source_name": self.source_name, "blocks": [_block_dict(b) for b in self.blocks]}

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        """The `Document` that `to_dict` stored."""
        return cls(
            blocks=[_block_from(b) for b in data.get("blocks", [])],
            source_name=data.get("source_name", ""),
        )


# Stored readings can hold tens of thousands of cells: keep each cell's record small.
def _cell_dict(cell: Cell) -> dict:
    out: dict = {"p": cell.paragraphs}
    if cell.fill:
        out["f"] = cell.fill
    if cell.merged_from_above:
        out["m"] = True
    return out


def _block_dict(block: Block) -> dict:
    if isinstance(block, Paragraph):
        return {"paragraph": block.text, "style": block.style, "line": block.source_line}
    return {
        "table": [
            {"cells": [_cell_dict(c) for c in row.cells], "line": row.source_line}
            | ({"full": True} if row.spans_full_width else {})
            for row in block.rows
        ],
        "index": block.index,
        "merged_blanks": block.blank_may_be_merged,
        "sheet": block.sheet,
    }


def _block_from(data: dict) -> Block:
    if "paragraph" in data:
        return Paragraph(
            text=data["paragraph"], style=data.get("style"), source_line=data.get("line")
        )
    rows = [
        Row(
            cells=[
                Cell(
                    paragraphs=list(c.get("p", [])),
                    fill=c.get("f"),
                    merged_from_above=c.get("m", False),
                )
                for c in row.get("cells", [])
            ],
            source_line=row.get("line"),
            spans_full_width=row.get("full", False),
        )
        for row in data["table"]
    ]
    return Table(
        rows=rows,
        index=data.get("index", 0),
        blank_may_be_merged=data.get("merged_blanks", False),
        sheet=data.get("sheet"),
    )


class UnreadableDocument(Exception):
    """The file cannot be read as a plan; the message is one line a person can act on."""
