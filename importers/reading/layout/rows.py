"""Reading a block's rows: section headings, actions and continuation rows.

`_State` carries the plan being read and its warnings; `_Record` is one action row being
read. Rows damaged in extraction are mended first (`importers.reading.mending`), and empty cells
under vertically merged cells take the text of the action above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.reading.document import Cell, Document, Paragraph, Row, Table
from importers.reading.layout.blocks import _Block, _Item
from importers.reading.layout.headers import Columns, _norm_label
from importers.reading.parsed import ParsedPlan, ParsedSection, Warning_

# --- reading rows -----------------------------------------------------------------------------

_SEPARATOR = re.compile(r"^[-_=\u2013\u2014.\s]+$")
_NUMBERED_HEADING = re.compile(
    r"^(?:section\s+)?(?P<ref>\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=\s*[:.)]))\s*[:.)]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
# (?<!\s): a match never starts inside a run of spaces, so a long run costs linear time.
_CONTINUED = re.compile(
    r"(?<!\s)\s*\((?:cont(?:inued)?\.?)\)\s*$|(?<!\s)\s+(?:cont(?:inued)?\.?)\s*$", re.I
)
_HEADING_MAX = 250
_PARAGRAPH_HEADING_MAX = 400
# Fields whose column is an action's own cell: a lone filled cell there is not a heading.
_ACTION_FIELDS = {"text", "leads", "timescale", "start", "due", "outcomes", "progress",
                  "follow_up", "rag"}  # fmt: skip


@dataclass
class _Record:
    """An action being read: its cells by field, and where it came from."""

    cells: dict[str, Cell]
    table: Table | None
    row_index: int
    line: int | None
    block: int
    columns: Columns
    section_index: int | None = None


@dataclass
class _State:
    document: Document
    plan: ParsedPlan
    records: list[_Record] = field(default_factory=list)
    top: int | None = None
    """Index of the current numbered (top-level) section."""
    current: int | None = None
    """Index of the innermost current section."""
    main_columns: Columns | None = None
    side_rows: list[tuple[int, _Item, dict[str, Cell]]] = field(default_factory=list)
    header_table: Table | None = None
    """The table whose header row was chosen."""
    title_lines: list[str] = field(default_factory=list)
    """One-cell lines above that header (a CSV's or a sheet's title block), in order."""
    title_heading: Paragraph | bool | None = None
    """The heading that titles the document (False: none), worked out when first needed."""

    def warn(self, message: str, item: _Item | None = None, column: str | None = None) -> None:
        if item is None:
            self.plan.warnings.append(Warning_(message))
            return
        table = item.table.index if item.table is not None and item.row is not None else None
        row = item.row_index if item.row is not None else None
        self.plan.warnings.append(
            Warning_(message, table=table, row=row, column=column, line=item.line)
        )

    def warn_at(self, record: _Record, message: str, name: str) -> None:
        """A warning about one cell of an action row, named by its printed column label."""
        label = record.columns.label_of(name)
        table = record.table.index if record.table is not None else None
        self.plan.warnings.append(
            Warning_(message, table=table, row=record.row_index, column=label, line=record.line)
        )


EXTRA = "extra:"
"""Prefix of the cells of columns kept as extra fields (`EXTRA + label`)."""


def _cells_by_field(row: Row, columns: Columns) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    named = {**columns.fields, **{i: EXTRA + label for i, label in columns.extras.items()}}
    for index, name in sorted(named.items()):
        if index >= len(row.cells):
            continue
        cell = row.cells[index]
        if name in out:
            merged = out[name]
            out[name] = Cell(
                paragraphs=merged.paragraphs + cell.paragraphs,
                fill=merged.fill or cell.fill,
                merged_from_above=merged.merged_from_above and cell.merged_from_above,
            )
        else:
            out[name] = Cell(
                paragraphs=list(cell.paragraphs),
                fill=cell.fill,
                merged_from_above=cell.merged_from_above,
            )
    return out


def _is_heading_row(row: Row, columns: Columns | None) -> bool:
    filled = [i for i, t in enumerate(row.texts) if t]
    if len(filled) != 1:
        return False
    text = row.texts[filled[0]]
    if len(text) > _HEADING_MAX:
        return False
    if row.spans_full_width or len(row.cells) == 1:
        return True
    name = columns.fields.get(filled[0]) if columns is not None else None
    if name == "ref":
        return not re.fullmatch(r"[\w.]{1,8}", text)
    return name not in _ACTION_FIELDS


def _numbered_heading(text: str, limit: int = _HEADING_MAX) -> tuple[str, str] | None:
    text = " ".join(text.split())
    m = _NUMBERED_HEADING.match(text)
    if not m or len(text) > limit:
        return None
    title = _CONTINUED.sub("", m.group("title")).strip()
    if not title or not (title[0].isupper() or title[0].isdigit()):
        return None
    return m.group("ref"), title


def _add_section(state: _State, text: str, numbered: tuple[str, str] | None = None) -> int:
    sections = state.plan.sections
    numbered = numbered or _numbered_heading(text)
    if numbered:
        ref, title = numbered
        ref = ref.rstrip(".")
        for i, section in enumerate(sections):
            if section.ref == ref and _same_title(section.title, title):
                state.top = state.current = i
                return i
        parent = _parent_ref(ref, sections)
        sections.append(ParsedSection(ref=ref, title=title, parent=parent))
        state.top = state.current = len(sections) - 1
        return state.current
    title = _CONTINUED.sub("", " ".join(text.split())).strip()
    parent = sections[state.top].ref or sections[state.top].title if state.top is not None else None
    if state.current is not None:
        current = sections[state.current]
        if _same_title(current.title, title) and current.parent == parent:
            return state.current
    sections.append(ParsedSection(ref=None, title=title, parent=parent))
    state.current = len(sections) - 1
    return state.current


def _looks_like_title(text: str) -> bool:
    """A heading starts with a capital letter and has a word of three letters or more."""
    letters = re.search(r"[A-Za-z]", text)
    return bool(letters and letters.group().isupper() and re.search(r"[A-Za-z]{3}", text))


def _same_title(a: str, b: str) -> bool:
    a, b = _norm_label(a), _norm_label(b)
    return a == b or (min(len(a), len(b)) >= 8 and (a.startswith(b) or b.startswith(a)))


def _parent_ref(ref: str, sections: list[ParsedSection]) -> str | None:
    """'2.3' sits under a printed '2.0' or '2'; 'N.0' and 'N' are top level."""
    parts = ref.split(".")
    if len(parts) < 2 or parts[-1] == "0":
        return None
    head = ".".join(parts[:-1])
    for candidate in (head, head + ".0"):
        if any(s.ref == candidate for s in sections):
            return candidate
    return None


# Field names as importers.reading.mending calls the columns it repairs.
_MENDING_ROLES = {"text": "action", "leads": "lead", "outcomes": "outcome", "timescale": "timescale",
                  "section": "section", "context": "context"}  # fmt: skip


def _mend_block_rows(block: _Block, state: _State) -> None:
    """Repair a main block's rows damaged in extraction (importers.reading.mending.mend_rows).

    Split and run-together rows, stray fragments and continuation lines are mended before the
    rows are read. Repaired rows keep their source line, so they keep their table and row for
    warnings; paragraphs between the rows stay after the row they followed.
    """
    try:
        from importers.reading.mending import mend_rows
    except ImportError:  # pragma: no cover - the repairs are optional
        return
    rows = [item for item in block.items if item.row is not None]
    if not rows or block.columns is None:
        return
    roles = [_MENDING_ROLES.get(name) if name else None for name in block.columns.field_names()]
    header = [block.columns.labels.get(i, "") for i in range(len(roles))]
    # Repaired rows are new rows that keep their source line: that line is the key back to the
    # original row (its table and position). Rows without distinct lines get stand-in keys.
    lines = [item.row.source_line for item in rows]
    stand_in = None in lines or len(set(lines)) != len(lines)
    keys = [-(k + 1) for k in range(len(rows))] if stand_in else lines
    keyed = [
        Row(cells=item.row.cells, source_line=key, spans_full_width=item.row.spans_full_width)
        for item, key in zip(rows, keys, strict=True)
    ]
    first_warning = len(state.plan.warnings)
    mended = mend_rows(keyed, roles, state.plan.warnings, header)
    origin = dict(zip(keys, rows, strict=True))
    if stand_in:
        for warning in state.plan.warnings[first_warning:]:
            if warning.line in origin:
                warning.line = origin[warning.line].row.source_line
    key_of = {id(item): key for item, key in zip(rows, keys, strict=True)}
    after: dict[int | None, list[_Item]] = {}
    anchor: int | None = None
    for item in block.items:
        if item.row is not None:
            anchor = key_of[id(item)]
        else:
            after.setdefault(anchor, []).append(item)
    last = {row.source_line: i for i, row in enumerate(mended)}  # a split row gives two rows
    items: list[_Item] = list(after.pop(None, []))
    for i, row in enumerate(mended):
        key = row.source_line
        source = origin.get(key)
        if stand_in:
            row.source_line = source.row.source_line if source else None
        items.append(
            _Item(
                row=row,
                table=source.table if source else None,
                row_index=source.row_index if source else 0,
            )
        )
        if last.get(key) == i:
            items.extend(after.pop(key, []))
    for rest in after.values():
        items.extend(rest)
    block.items = items


def _title_line(state: _State, item: _Item, text: str) -> bool:
    """A one-cell line at the top of the chosen table, above its header ("Partnership action
    plan", "Updated 3 March 2015"), names the plan, not a section of it; a numbered heading
    ("2. Crisis care") there is still a section."""
    if item.table is None or item.table is not state.header_table or _numbered_heading(text):
        return False
    state.title_lines.append(" ".join(text.split()))
    return True


def _section_heading(paragraph: Paragraph, state: _State) -> bool:
    """A heading-styled paragraph ("## Priority 1: …") is a section, but for the document's
    title (`_title_heading`)."""
    level = paragraph.heading_level
    if not level or len(paragraph.text) > _HEADING_MAX:
        return False
    if state.title_heading is None:
        state.title_heading = _title_heading(state.document)
    return paragraph is not state.title_heading


def _title_heading(document: Document) -> Paragraph | bool:
    """The heading that titles the document: none where a paragraph has the "Title" style,
    else its first heading of the top level, if that comes before any table."""
    headings = [b for b in document.blocks if isinstance(b, Paragraph) and b.heading_level]
    titled = any(isinstance(b, Paragraph) and b.heading_level == 0 for b in document.blocks)
    if titled or not headings:
        return False
    top = min(h.heading_level for h in headings)
    for block in document.blocks:
        if isinstance(block, Table):
            return False
        if isinstance(block, Paragraph) and block.heading_level:
            return block if block.heading_level == top else False
    return False


def _read_block(block: _Block, number: int, state: _State) -> None:
    columns = block.columns
    for item in block.items:
        if item.paragraph is not None:
            if block.kind == "side":
                continue
            # a paragraph between tables that starts with a number, or is styled as a heading,
            # heads the rows that follow
            numbered = _numbered_heading(item.paragraph.text, limit=_PARAGRAPH_HEADING_MAX)
            if numbered:
                _add_section(state, item.paragraph.text, numbered)
            elif _section_heading(item.paragraph, state):
                _add_section(state, item.paragraph.text)
            continue
        row = item.row
        texts = row.texts
        if not any(texts):
            continue
        if all(_SEPARATOR.match(t) for t in texts if t):
            continue
        if block.kind == "side":
            state.side_rows.append((number, item, _cells_by_field(row, columns)))
            continue
        if _is_heading_row(row, columns):
            text = next(t for t in texts if t)
            if block.kind == "pre" and _title_line(state, item, text):
                continue
            if block.kind == "pre" or row.spans_full_width or len(row.cells) == 1 or not columns:
                _add_section(state, text)
                continue
            numbered = _numbered_heading(text)
            if numbered or columns.fields.get(texts.index(text)) in (
                None,
                "ref",
                "section",
                "context",
            ):
                _add_section(state, text, numbered)
                continue
        if block.kind == "pre":
            state.warn("row before the header row not read", item)
            continue
        cells = _cells_by_field(row, columns)
        section_cell = cells.get("section")
        if section_cell is not None and section_cell.text:
            if _numbered_heading(section_cell.text) or _looks_like_title(section_cell.text):
                _add_section(state, section_cell.text)
            else:
                label = columns.label_of("section")
                state.warn(f"'{section_cell.text}' is not a heading: not read", item, label)
        if _is_action(cells):
            state.records.append(
                _Record(
                    cells=cells,
                    table=item.table,
                    row_index=item.row_index,
                    line=item.line,
                    block=number,
                    columns=columns,
                    section_index=state.current,
                )
            )
            continue
        if state.records and state.records[-1].block == number:
            _extend(state.records[-1], cells)
            state.warn("row read as a continuation of the action above", item)
        else:
            state.warn("row with no action text and no action above it: not read", item)


def _is_action(cells: dict[str, Cell]) -> bool:
    def filled(name: str) -> bool:
        return name in cells and bool(cells[name].text)

    if filled("text") or filled("ref"):
        return True
    dated = filled("timescale") or filled("start") or filled("due")
    return sum((dated, filled("leads"), filled("outcomes"))) >= 2


def _extend(record: _Record, cells: dict[str, Cell]) -> None:
    for name, cell in cells.items():
        if not cell.text:
            continue
        if name in record.cells:
            record.cells[name].paragraphs.extend(cell.paragraphs)
        else:
            record.cells[name] = Cell(paragraphs=list(cell.paragraphs), fill=cell.fill)


# --- merged cells -------------------------------------------------------------------------------

_MERGE_FIELDS = ("context", "objectives")


def _inherit_merged_cells(state: _State) -> None:
    """Empty cells continuing a vertically merged cell take the text of the action above."""
    previous: _Record | None = None
    for record in state.records:
        if previous is not None and previous.section_index == record.section_index:
            for name, cell in list(record.cells.items()):
                above = previous.cells.get(name)
                if above is None or not above.text or cell.text:
                    continue
                merged = cell.merged_from_above or (
                    name in _MERGE_FIELDS
                    and record.table is previous.table
                    and record.table is not None
                    and record.table.blank_may_be_merged
                )
                if merged:
                    record.cells[name] = Cell(paragraphs=list(above.paragraphs), fill=above.fill)
        previous = record
