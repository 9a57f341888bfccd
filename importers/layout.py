"""From a `Document` (tables and paragraphs) to a `ParsedPlan`: general rules, no per-plan code.

`layout_plan(document)` runs a pipeline of small steps, each a function below:

1. `_stream`: tables' rows and paragraphs in document order.
2. `_find_main_header`: the first row whose cells read as column names (Action, Lead,
   Timescale...: `map_header` knows their synonyms, tolerating case, punctuation and OCR
   damage) and that names an action column. No such row: a narrative strategy is tried
   (`importers.narrative`), else `UnreadableDocument`.
3. `_blocks`: the stream cut into blocks at header rows. A *main* block has an action column;
   a *side* block (e.g. "Update October 2016 | Outcome Measure | RAG Rating") has none: its rows
   continue the main blocks' rows to the right, row by row, in the same order (a wide table
   extracted as two). A repeated header (page break) starts a new block with the same
   columns; a header cell that is blank or garbled takes the name of the first header's cell in
   the same place. A row straight after a header whose filled cells are all column names
   completes that header (a header printed over two lines).
4. `_mend_block_rows`: rows damaged in extraction are repaired by `importers.mending.mend_rows`
   (split and run-together rows, stray fragments, continuation lines), block by block.
5. `_read_block`: each row of a main block is a section heading (one filled cell, a heading
   row or a numbered heading), an action (an action cell, a ref, or two of timescale / lead /
   outcome filled), or a continuation of the action above (its cells are appended). Numbered
   paragraphs between tables ("2: Strengthening ...", "Section 3: ...") are section headings.
   Text after the last table is not read for sections or actions, so a second rendering of
   the plan as running text (a PDF copy after the table) is not read twice.
6. `_attach_side_blocks`: side rows are matched to actions in order, block by block, and page
   by page within a block where the page counts agree; a row left over is reported.
7. `_inherit_merged_cells`: an empty context/objective cell under a vertically merged cell
   (Word prints a merged cell once) takes the value of the action above in the same section:
   where the reader marks the cell `merged_from_above`, or in a table whose reader says blank
   cells may be merges (`Table.blank_may_be_merged`: a Word table saved as text). Rows of a PDF
   extraction are not filled in this way: there an empty cell is empty.
8. `_fill_action`: dates (timescale column -> `parse_timescale`; start/finish columns ->
   `parse_month`; no date column -> `milestone_dates` over the outcomes, each dated sentence a
   milestone), leads (`split_leads`), outcomes (one per paragraph, list numbers dropped), RAG
   (text or the cell's fill colour), national objectives.
9. `_plan_details`: title, area, period, RAG legend, printed columns, objectives, leads.

Every row or cell dropped or not understood gives a `Warning_` naming its table, row, column
and line. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from importers.dates import milestone_dates, parse_month, parse_timescale
from importers.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.leads import split_leads
from importers.objectives import NATIONAL_OBJECTIVES, match_national_objective, match_title
from importers.parsed import (
    ParsedAction,
    ParsedMilestone,
    ParsedObjective,
    ParsedPlan,
    ParsedSection,
    Warning_,
)

__all__ = ["NO_HEADER", "layout_plan", "map_header", "match_rag"]

NO_HEADER = (
    "no table with a recognisable header row (expected columns such as Action, Lead, Timescale)"
)

# --- header cells -----------------------------------------------------------------------------

# Field a header cell names, tried in order; each pattern must match the whole normalised label
# (lower case, "&" -> "and", punctuation dropped). "outcome" is settled by position: before the
# action column it is the outcome sought (context), after it the expected outcomes.
_SYNONYMS: list[tuple[str, str]] = [
    ("ref", r"(no|ref|ref no|reference|number|item|item no|action no|id)"),
    (
        "progress",
        r"(actions? to date|progress( to date| update)?|update( .*)?|.* update"
        r"|comments?|current position|position statement|status update)",
    ),
    ("follow_up", r"(follow ?up( actions?)?|next steps?|further actions?)"),
    ("rag", r"(rag( rating| status)?|rating|status|red amber green|rag rated)"),
    (
        "objectives",
        r"((primary |secondary )?national objectives?|nhwmh objectives?"
        r"|no health without mental health objectives?)",
    ),
    ("start", r"((expected |planned )?(timescale |time ?frame )?start( date)?)"),
    (
        "due",
        r"((expected |planned |target )?(timescale |time ?frame )?"
        r"(finish|end|due|completion|target)( date)?|deadline|by when|date due)",
    ),
    ("timescale", r"(time ?scales?|time ?frames?|expected timescales?|target dates?|dates?|when)"),
    (
        "leads",
        r"(leads?( officers?| organisations?| agency| agencies| person| partners?)?"
        r"|led by|responsible( officers?| person| lead| organisations?)?|owners?|who)",
    ),
    (
        "outcome",
        r"(outcomes?( measures?| sought| expected)?|expected outcomes?|milestones?( .*)?"
        r"|measures?( of success)?|success (criteria|measures?)|kpis?|metrics"
        r"|performance (measures?|indicators?)|deliverables?|outputs?)",
    ),
    (
        "text",
        r"(actions?( required| needed| planned)?|key actions?|how will we do it"
        r"|what will we do|what we will do|activity|activities|tasks?|how)",
    ),
    (
        "section",
        r"(priorit(y|ies)( for .*)?|themes?|areas?( of work)?|work ?streams?"
        r"|objectives?|strategic objectives?|goals?)",
    ),
    (
        "context",
        r"(aims?( .*)?|commentary|rationale|issues?|context|why|background"
        r"|description|outcome themes?)",
    ),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in _SYNONYMS]
# Canonical labels, compared without spaces for OCR-damaged cells ("RA G Rating", "Actons").
_CANONICAL: dict[str, list[str]] = {
    "ref": ["no", "ref"],
    "progress": ["actionstodate", "progress", "update", "progresstodate"],
    "follow_up": ["followup", "nextsteps"],
    "rag": ["rag", "ragrating", "ragstatus", "rating", "status"],
    "objectives": ["primarynationalobjective", "nationalobjective"],
    "start": ["expectedtimescalestart", "startdate"],
    "due": ["expectedtimescalefinish", "finishdate", "enddate", "duedate", "deadline"],
    "timescale": ["timescale", "timescales", "timeframe", "targetdate"],
    "leads": ["lead", "leadofficer", "ledby", "responsible"],
    "outcome": ["outcome", "outcomes", "outcomemeasure", "milestonesandmetrics", "milestones"],
    "text": ["action", "actions", "actionrequired", "howwillwedoit"],
    "section": ["priorities", "priority", "theme"],
    "context": ["aims", "commentary"],
}
_HEADER_CELL_MAX = 100
# Fields whose column is an action's own cell: a lone filled cell there is not a heading.
_ACTION_FIELDS = {"text", "leads", "timescale", "start", "due", "outcomes", "progress",
                  "follow_up", "rag"}  # fmt: skip


def _norm_label(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[\u2018\u2019'`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=4096)
def map_header(label: str) -> str | None:
    """The field a header cell names ("Led By" -> "leads"), or None.

    Returns one of: ref, section, context, text, timescale, start, due, leads, outcome (the
    caller settles it as context or outcomes by position), progress, follow_up, rag, objectives.
    """
    if not label or len(label) > _HEADER_CELL_MAX:
        return None
    words = _norm_label(label)
    if not words:
        return None
    for name, pattern in _COMPILED:
        if pattern.fullmatch(words):
            return name
    squashed = words.replace(" ", "")
    if len(squashed) < 4 or len(squashed) > 40:
        return None
    best, best_ratio = None, 0.85 - 1e-9
    for name, labels in _CANONICAL.items():
        for canonical in labels:
            matcher = SequenceMatcher(None, squashed, canonical, autojunk=False)
            # The quick ratios are upper bounds: skip the full comparison when they can't win.
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = name, ratio
    return best


@dataclass
class Columns:
    """A header row read: the field of each column and the label printed over it."""

    fields: dict[int, str]
    labels: dict[int, str]
    line: int | None = None

    @property
    def has_action(self) -> bool:
        return "text" in self.fields.values()

    def index_of(self, name: str) -> list[int]:
        return [i for i, f in sorted(self.fields.items()) if f == name]

    def label_of(self, name: str) -> str:
        """The printed label of the (first) column holding `name`, else the field name."""
        return next((self.labels[i] for i in self.index_of(name) if i in self.labels), name)

    def field_names(self) -> list[str | None]:
        """The field of each column by position (None where unused), for row repairs."""
        width = max(self.fields, default=-1) + 1
        return [self.fields.get(i) for i in range(width)]


def _read_header(row: Row) -> Columns | None:
    """The row as a header, or None: two or more cells name fields, and most filled ones do."""
    texts = row.texts
    filled = [t for t in texts if t]
    if not filled or any(len(t) > _HEADER_CELL_MAX for t in filled):
        return None
    fields = {i: f for i, t in enumerate(texts) if t and (f := map_header(t))}
    if len(set(fields.values())) < 2 or len(fields) * 2 < len(filled):
        return None
    labels = {i: t for i, t in enumerate(texts) if t}
    return Columns(fields=_settle_outcome(fields), labels=labels, line=row.source_line)


def _settle_outcome(fields: dict[int, str]) -> dict[int, str]:
    texts = [i for i, f in fields.items() if f == "text"]
    first_text = min(texts) if texts else None
    settled = {}
    for i, f in fields.items():
        if f == "outcome":
            f = "context" if first_text is not None and i < first_text else "outcomes"
        settled[i] = f
    return settled


def _header_continuation(row: Row) -> dict[int, str] | None:
    """Fields named by a row whose every filled cell is a column name ("Update October 2016")."""
    texts = row.texts
    filled = {i: t for i, t in enumerate(texts) if t}
    if not filled:
        return None
    fields = {}
    for i, text in filled.items():  # most rows fail on their first cell: stop there
        field = map_header(text)
        if field is None:
            return None
        fields[i] = field
    return fields


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


def _find_main_header(items: list[_Item]) -> int | None:
    for i, item in enumerate(items):
        if item.row is not None:
            columns = _read_header(item.row)
            if columns is not None and columns.has_action:
                return i
    return None


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


def _blocks(items: list[_Item], header_at: int) -> list[_Block]:
    last_table = max((i for i, item in enumerate(items) if item.row is not None), default=-1)
    blocks = [_Block(kind="pre", columns=None)]
    first_main: Columns | None = None
    previous_header = False
    consumed: set[int] = set()
    for i, item in enumerate(items):
        if item.paragraph is not None:
            previous_header = False
            if i < last_table:
                blocks[-1].items.append(item)
            continue
        if i in consumed:
            continue
        row = item.row
        columns = _read_header(row) if i >= header_at else None
        if columns is None and i >= header_at and i + 1 < len(items) and items[i + 1].row:
            columns = _read_two_line_header(row, items[i + 1].row)
            if columns is not None:
                consumed.add(i + 1)
        if columns is not None:
            if columns.has_action:
                if first_main is None:
                    first_main = columns
                else:
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


def _read_two_line_header(row: Row, below: Row) -> Columns | None:
    """A header printed over two rows: the second row's filled cells are all column names."""
    if _header_continuation(below) is None or _read_header(below) is not None:
        return None
    if not any(map_header(t) for t in row.texts if t):
        return None
    width = max(len(row.cells), len(below.cells))
    cells = []
    for k in range(width):
        upper = row.cells[k] if k < len(row.cells) else Cell()
        lower = below.cells[k] if k < len(below.cells) else Cell()
        cells.append(upper if map_header(upper.text) or not lower.text else lower)
    return _read_header(Row(cells=cells, source_line=row.source_line))


def _fill_from(columns: Columns, first: Columns) -> None:
    """A repeated header whose cell is blank or unreadable takes the first header's field."""
    for index, name in first.fields.items():
        if index not in columns.fields and name not in columns.fields.values():
            columns.fields[index] = name


# --- reading rows -----------------------------------------------------------------------------

_SEPARATOR = re.compile(r"^[-_=\u2013\u2014.\s]+$")
_NUMBERED_HEADING = re.compile(
    r"^(?:section\s+)?(?P<ref>\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=\s*[:.)]))\s*[:.)]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_CONTINUED = re.compile(r"\s*\((?:cont(?:inued)?\.?)\)\s*$|\s+(?:cont(?:inued)?\.?)\s*$", re.I)
_HEADING_MAX = 250
_PARAGRAPH_HEADING_MAX = 400


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


def _cells_by_field(row: Row, columns: Columns) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for index, name in sorted(columns.fields.items()):
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


# Field names as importers.mending calls the columns it repairs.
_MENDING_ROLES = {"text": "action", "leads": "lead", "outcomes": "outcome", "timescale": "timescale",
                  "section": "section", "context": "context"}  # fmt: skip


def _mend_block_rows(block: _Block, state: _State) -> None:
    """Repair a main block's rows damaged in extraction (importers.mending.mend_rows).

    Split and run-together rows, stray fragments and continuation lines are mended before the
    rows are read. Repaired rows keep their source line, so they keep their table and row for
    warnings; paragraphs between the rows stay after the row they followed.
    """
    try:
        from importers.mending import mend_rows
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


def _read_block(block: _Block, number: int, state: _State) -> None:
    columns = block.columns
    for item in block.items:
        if item.paragraph is not None:
            if block.kind == "side":
                continue
            # a paragraph between tables that starts with a number heads the rows that follow
            numbered = _numbered_heading(item.paragraph.text, limit=_PARAGRAPH_HEADING_MAX)
            if numbered:
                _add_section(state, item.paragraph.text, numbered)
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


# --- side blocks ----------------------------------------------------------------------------------


def _attach_side_blocks(state: _State, main_blocks: list[int], side_blocks: list[int]) -> None:
    """Side rows continue the action rows to the right, in the same order."""
    if not state.side_rows:
        return
    if len(main_blocks) == len(side_blocks):
        pairs = list(zip(main_blocks, side_blocks, strict=True))
    else:
        state.warn(
            f"{len(side_blocks)} continuation tables for {len(main_blocks)} action tables: "
            "rows matched in order across all of them"
        )
        pairs = [(None, None)]
    for main, side in pairs:
        actions = [r for r in state.records if main is None or r.block == main]
        rows = [s for s in state.side_rows if side is None or s[0] == side]
        for record, (_, item, cells) in _match_in_order(actions, rows, state):
            if record is None:
                state.warn("continuation row has no action row to go with: not read", item)
                continue
            for name, cell in cells.items():
                if cell.text or cell.fill:
                    record.cells.setdefault(name, cell)


def _match_in_order(actions: list[_Record], rows: list, state: _State):
    """Pairs (action or None, side row); page by page where both have the same page count."""
    action_pages = _pages(actions, lambda r: r.table)
    row_pages = _pages(rows, lambda s: s[1].table)
    if len(actions) != len(rows) and len(action_pages) == len(row_pages):
        for page_actions, page_rows in zip(action_pages, row_pages, strict=True):
            yield from _pair(page_actions, page_rows)
        if len(actions) > len(rows):
            state.warn(f"{len(actions) - len(rows)} action rows have no continuation row")
        return
    if len(actions) != len(rows):
        state.warn(
            f"{len(actions)} action rows but {len(rows)} continuation rows: matched in order"
        )
    yield from _pair(actions, rows)


def _pages(things: list, table_of) -> list[list]:
    pages: list[list] = []
    last = object()
    for thing in things:
        table = table_of(thing)
        if not pages or table is not last:
            pages.append([])
            last = table
        pages[-1].append(thing)
    return pages


def _pair(actions: list[_Record], rows: list):
    for i, row in enumerate(rows):
        yield (actions[i] if i < len(actions) else None), row


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


# --- action fields ------------------------------------------------------------------------------

_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s+(?=\S)")
_COLOURS = {
    "red": "red",
    "r": "red",
    "amber": "amber",
    "a": "amber",
    "yellow": "amber",
    "orange": "amber",
    "green": "green",
    "g": "green",
    "blue": "blue",
    "b": "blue",
    "complete": "blue",
    "completed": "blue",
    "achieved": "blue",
    "done": "blue",
}


def match_rag(text: str | None, fill: str | None = None, legend: dict[str, str] | None = None):
    """red/amber/green/blue from a RAG cell's words, a legend label, or its fill colour."""
    words = _norm_label(text or "")
    if words:
        if words in _COLOURS:
            return _COLOURS[words]
        for colour, label in (legend or {}).items():
            if _norm_label(label) == words:
                return colour
        for word in words.split():
            if word in _COLOURS and len(word) > 1:
                return _COLOURS[word]
        return None
    return _fill_colour(fill)


def _fill_colour(fill: str | None) -> str | None:
    """The RAG colour nearest a cell's RRGGBB shading; white, grey and black are no rating."""
    if not fill or not re.fullmatch(r"#?[0-9a-fA-F]{6}", fill.strip()):
        return None
    hex_ = fill.strip().lstrip("#")
    r, g, b = (int(hex_[i : i + 2], 16) for i in (0, 2, 4))
    top, low = max(r, g, b), min(r, g, b)
    if top - low < 40:  # white, grey, black: unshaded
        return None
    if r >= 150 and g < 100 and b < 100:
        return "red"
    if r >= 180 and g >= 100 and b < 120:
        return "amber"
    if g >= 100 and g >= r and g > b:
        return "green"
    if b >= 120 and b > r and b >= g:
        return "blue"
    return None


def _items(cell: Cell | None) -> list[str]:
    if cell is None:
        return []
    items = []
    for paragraph in cell.paragraphs:
        text = _LIST_NUMBER.sub("", " ".join(paragraph.split()))
        if text:
            items.append(text)
    return items


def _text(cell: Cell | None) -> str | None:
    return (cell.text or None) if cell is not None else None


def _fill_action(state: _State, record: _Record, legend: dict[str, str] | None) -> ParsedAction:
    cells = record.cells
    section = (
        state.plan.sections[record.section_index] if record.section_index is not None else None
    )
    ref = _text(cells.get("ref"))
    action = ParsedAction(
        ref=ref.rstrip(".") if ref else None,
        section=section.title if section else None,
        text=_text(cells.get("text")) or "",
        context=_text(cells.get("context")),
        leads=split_leads(cells["leads"].paragraphs) if _text(cells.get("leads")) else [],
        outcomes=_items(cells.get("outcomes")),
        progress=_text(cells.get("progress")),
        follow_up=_text(cells.get("follow_up")),
        section_index=record.section_index,
        source_row=record.line,
    )
    columns = record.columns.fields.values()
    done = False
    if "timescale" in columns:
        text = _text(cells.get("timescale"))
        action.timescale_text = text
        if text:
            timescale = parse_timescale(text)
            action.start, action.due, done = timescale.start, timescale.due, timescale.done
            if timescale.warning:
                state.warn_at(record, timescale.warning, "timescale")
    elif "start" in columns or "due" in columns:
        start, due = _text(cells.get("start")), _text(cells.get("due"))
        action.timescale_text = " - ".join(t for t in (start, due) if t) or None
        if start:
            action.start = parse_month(start, edge="start")
            if action.start is None:
                state.warn_at(record, f"no single date found in '{start}'", "start")
        if due:
            action.due = parse_month(due, edge="due")
            if action.due is None:
                state.warn_at(record, f"no single date found in '{due}'", "due")
    else:
        outcomes = cells.get("outcomes")
        if outcomes is not None and outcomes.text:
            reading = milestone_dates("\n".join(outcomes.paragraphs))
            action.start, action.due = reading.start, reading.due
            action.milestones = [ParsedMilestone(title=s, due=m) for s, m in reading.milestones]
            if reading.warning:
                state.warn_at(record, reading.warning, "outcomes")
    rag_cell = cells.get("rag")
    if rag_cell is not None:
        action.rag = match_rag(rag_cell.text, rag_cell.fill, legend)
        if rag_cell.text and action.rag is None:
            state.warn_at(record, f"rating '{rag_cell.text}' not understood", "rag")
    if action.rag is None and done:
        action.rag = "blue"
    objective_cell = cells.get("objectives")
    if objective_cell is not None and objective_cell.text:
        numbers = _objective_numbers(objective_cell)
        action.objectives = [str(n) for n in numbers]
        if not numbers:
            message = f"'{objective_cell.text[:60]}' names none of the national objectives"
            state.warn_at(record, message, "objectives")
    return action


def _objective_numbers(cell: Cell) -> list[int]:
    found = [int(n) for n in re.findall(r"objective\s*([1-6])\b", cell.text, re.IGNORECASE)]
    if not found:
        for paragraph in cell.paragraphs or [cell.text]:
            number = match_national_objective(paragraph)
            if number is not None:
                found.append(number)
    return sorted(set(found))


def _dedupe(state: _State) -> None:
    """An action printed twice (same ref and text, e.g. a repeated rendering) is read once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for action in state.plan.actions:
        key = (action.ref or "", _norm_label(action.text))
        if action.ref and key in seen:
            state.warn(f"action {action.ref} printed twice: read once")
            continue
        seen.add(key)
        kept.append(action)
    state.plan.actions = kept


# --- plan details -------------------------------------------------------------------------------

_TITLE_WORDS = re.compile(r"\b(plan|strategy|programme)\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-\u2013/]\s*((?:19|20)?\d\d)(?![\d/])")
_LEGEND = re.compile(
    r"^(?:rag\s+)?(?:rating\s+system|rating\s+key|rating|rag|key|legend|status\s+key)\b[\s:\-]*",
    re.IGNORECASE,
)

# Known English local-authority / NHS area names (a general rule: the area is the first known
# place named in the plan's title, else the one its text names most often). Aliases map to the
# name as usually written. Extend the table to cover more places.
_AREAS: dict[str, str] = {
    place.strip(): place.strip()
    for place in """
    Barking and Dagenham|Barnet|Bexley|Brent|Bromley|Camden|Croydon|Ealing|Enfield|Greenwich|
    Hackney|Hammersmith and Fulham|Haringey|Harrow|Havering|Hillingdon|Hounslow|Islington|
    Kensington and Chelsea|Kingston upon Thames|Lambeth|Lewisham|Merton|Newham|Redbridge|
    Richmond upon Thames|Southwark|Sutton|Tower Hamlets|Waltham Forest|Wandsworth|Westminster|
    City of London|Barnsley|Birmingham|Bolton|Bradford|Bury|Calderdale|Coventry|Doncaster|
    Dudley|Gateshead|Kirklees|Knowsley|Leeds|Liverpool|Manchester|Newcastle|North Tyneside|
    Oldham|Rochdale|Rotherham|Salford|Sandwell|Sefton|Sheffield|Solihull|South Tyneside|
    St Helens|Stockport|Sunderland|Tameside|Trafford|Wakefield|Walsall|Wigan|Wirral|
    Wolverhampton|Halton|Warrington|Cheshire East|Cheshire West and Chester|Blackburn with Darwen|
    Blackpool|Telford and Wrekin|Shropshire|Herefordshire|Stoke-on-Trent|Derby|Nottingham|
    Leicester|Rutland|Peterborough|Milton Keynes|Luton|Bedford|Central Bedfordshire|Thurrock|
    Southend-on-Sea|Medway|Brighton and Hove|Portsmouth|Southampton|Isle of Wight|Reading|
    Slough|Swindon|Wokingham|Bracknell Forest|West Berkshire|Windsor and Maidenhead|Bristol|
    Bath and North East Somerset|North Somerset|South Gloucestershire|Plymouth|Torbay|
    Bournemouth|Poole|Wiltshire|Cornwall|Darlington|Hartlepool|Middlesbrough|
    Redcar and Cleveland|Stockton-on-Tees|Durham|Northumberland|York|Hull|
    East Riding of Yorkshire|North Lincolnshire|North East Lincolnshire|Cumbria|Lancashire|
    Cheshire|Derbyshire|Nottinghamshire|Leicestershire|Lincolnshire|Staffordshire|
    Warwickshire|Worcestershire|Gloucestershire|Oxfordshire|Buckinghamshire|Hertfordshire|
    Bedfordshire|Cambridgeshire|Norfolk|Suffolk|Essex|Kent|Surrey|Hampshire|Dorset|Somerset|
    Devon|Northamptonshire|North Yorkshire|West Sussex|East Sussex|Sunderland
    """.replace("\n", "").split("|")
    if place.strip()
}
_AREA_ALIASES = {
    "Telford & Wrekin": "Telford and Wrekin",
    "Telford": "Telford and Wrekin",
    "Brighton & Hove": "Brighton and Hove",
    "Kingston upon Hull": "Hull",
    "County Durham": "Durham",
    "Stoke on Trent": "Stoke-on-Trent",
}
_AREA_PATTERN = re.compile(
    r"\b("
    + "|".join(
        re.escape(n).replace(r"\ ", r"\s+")
        for n in sorted([*_AREAS, *_AREA_ALIASES], key=len, reverse=True)
    )
    + r")\b"
)


def _area_in(text: str) -> list[str]:
    found = []
    for m in _AREA_PATTERN.finditer(text):
        name = " ".join(m.group(1).split())
        found.append(_AREA_ALIASES.get(name, _AREAS.get(name, name)))
    return found


def _all_text(document: Document) -> list[str]:
    texts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts.extend(cell.text for row in block.rows for cell in row.cells if cell.text)
    return texts


def _area(document: Document, title: str) -> str:
    in_title = _area_in(title)
    if in_title:
        return in_title[0]
    counts: dict[str, int] = {}
    for text in _all_text(document):
        for name in _area_in(text):
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else ""  # first seen wins a tie


def _vocabulary(document: Document) -> Counter[str]:
    words: Counter[str] = Counter()
    for text in _all_text(document):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return words


def _rejoin_split_words(text: str, vocabulary: Counter[str]) -> str:
    """'A ction plan' -> 'Action plan': a letter split off a word in PDF extraction.

    Joined where the fragment is no word the document uses elsewhere and the whole is one.
    """
    words = text.split()
    here = Counter(w.lower() for w in words)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if (
            i + 1 < len(words)
            and len(word) == 1
            and word.isalpha()
            and words[i + 1].isalpha()
            and words[i + 1].islower()
            and vocabulary[words[i + 1]] <= here[words[i + 1]]
            and vocabulary[(word + words[i + 1]).lower()] > 0
        ):
            out.append(word + words[i + 1])
            i += 2
            continue
        out.append(word)
        i += 1
    return " ".join(out)


def _title(document: Document) -> str:
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    first_table = next((i for i, b in enumerate(document.blocks) if isinstance(b, Table)), None)
    before = [
        b
        for i, b in enumerate(document.blocks)
        if isinstance(b, Paragraph) and (first_table is None or i < first_table)
    ]
    vocabulary = _vocabulary(document)
    candidates = [_rejoin_split_words(" ".join(p.text.split()), vocabulary) for p in before]
    later = [_rejoin_split_words(" ".join(p.text.split()), vocabulary) for p in paragraphs]
    for index, text in enumerate(candidates):
        if _TITLE_WORDS.search(text) and len(text) <= 200 and not _LEGEND.match(text):
            previous = candidates[index - 1] if index else ""
            return _drop_page_number(_with_area_line(previous, text))
    for text in later:
        if re.search(r"\baction\s+plan\b", text, re.IGNORECASE) and len(text) <= 200:
            return _drop_page_number(text)
    return candidates[0] if candidates else (document.source_name or "")


def _with_area_line(previous: str, title: str) -> str:
    """A cover title broken over two lines, the first naming the area, read as one.

    Halton's cover prints "HALTON LIT COMMUNITY" above "IMPROVEMENT REVIEW ACTION PLAN".
    """
    joinable = (
        previous.isupper()
        and title.isupper()
        and len(previous.split()) <= 6
        and not _TITLE_WORDS.search(previous)
        and _area_in(previous.title())  # area names are matched as printed in running text
        and not _area_in(title.title())
    )
    return f"{previous} {title}" if joinable else title


def _drop_page_number(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z])\s+\d{1,2}$", "", text).strip()


def _period(title: str) -> tuple[str | None, str | None]:
    m = _YEAR_RANGE.search(title)
    if not m:
        return None, None
    timescale = parse_timescale(m.group(0))
    return timescale.start, timescale.due


def _legend(document: Document) -> dict[str, str] | None:
    """A RAG key line: 'Rating system  On target ...  Started but behind ...  Under developed'.

    Labels are separated by tabs or runs of spaces. A label naming its colour goes to that
    colour; otherwise labels are green, amber, red (then blue) in printed order.
    """
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        m = _LEGEND.match(block.text.strip())
        if not m:
            continue
        labels = [t.strip() for t in re.split(r"\t+|\s{2,}", block.text.strip()[m.end() :])]
        labels = [t for t in labels if t]
        if len(labels) < 2:
            continue
        legend: dict[str, str] = {}
        by_word = [match_rag(label.split()[0]) for label in labels]
        if all(by_word) and len(set(by_word)) == len(by_word):
            for colour, label in zip(by_word, labels, strict=True):
                legend[colour] = re.sub(r"^\w+\s*[-:=\u2013]?\s*", "", label) or label
            return legend
        for colour, label in zip(("green", "amber", "red", "blue"), labels, strict=False):
            legend[colour] = label
        return legend
    return None


def _printed_columns(blocks: list[_Block]) -> list[str]:
    columns: list[str] = []
    for kind in ("main", "side"):
        first = next((b.columns for b in blocks if b.kind == kind and b.columns), None)
        if first is None:
            continue
        for index in sorted(first.labels):
            if index in first.fields:
                columns.append(" ".join(first.labels[index].split()))
    return columns


def _objectives(state: _State) -> list[ParsedObjective]:
    used = {int(n) for a in state.plan.actions for n in a.objectives if n.isdigit()}
    listed = set()
    for block in state.document.blocks:  # the objectives listed as lines of text
        if isinstance(block, Paragraph) and len(block.text) < 120 and len(listed) < 3:
            number = match_title(block.text)
            if number is not None:
                listed.add(number)
    if not used and len(listed) < 3:
        return []
    return [
        ParsedObjective(ref=str(n), title=title, national_number=n)
        for n, title in NATIONAL_OBJECTIVES.items()
    ]


def _lead_directory(document: Document) -> dict[str, str]:
    try:
        from importers.directory import read_lead_directory
    except ImportError:  # pragma: no cover - the directory reader is optional
        return {}
    return read_lead_directory(document)


def _plan_details(state: _State, blocks: list[_Block]) -> None:
    plan, document = state.plan, state.document
    plan.title = _title(document)
    plan.area = _area(document, plan.title)
    plan.period_start, plan.period_end = _period(plan.title)
    plan.columns = _printed_columns(blocks)
    plan.objectives = _objectives(state)
    plan.lead_directory = _lead_directory(document)


# --- the pipeline -------------------------------------------------------------------------------


def _narrative_fallback(document: Document) -> ParsedPlan | None:
    try:
        from importers.narrative import read_narrative_strategy
    except ImportError:  # pragma: no cover - the narrative reader is optional
        return None
    return read_narrative_strategy(document)


def layout_plan(document: Document) -> ParsedPlan:
    """The plan a document holds; `UnreadableDocument` if it holds none."""
    items = _stream(document)
    header_at = _find_main_header(items)
    if header_at is None:
        plan = _narrative_fallback(document)
        if plan is None:
            raise UnreadableDocument(NO_HEADER)
        plan.source = plan.source or document.source_name
        return plan
    state = _State(document=document, plan=ParsedPlan(title="", source=document.source_name))
    state.plan.rag_legend = _legend(document)
    blocks = _blocks(items, header_at)
    main_blocks, side_blocks = [], []
    for number, block in enumerate(blocks):
        if block.kind == "main":
            state.main_columns = state.main_columns or block.columns
            main_blocks.append(number)
            _mend_block_rows(block, state)
        elif block.kind == "side":
            side_blocks.append(number)
        _read_block(block, number, state)
    _attach_side_blocks(state, main_blocks, side_blocks)
    _inherit_merged_cells(state)
    state.plan.actions = [_fill_action(state, r, state.plan.rag_legend) for r in state.records]
    _dedupe(state)
    _plan_details(state, blocks)
    return state.plan
