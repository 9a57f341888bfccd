"""Which table holds the actions, which of its rows names the columns, and what each column is.

Every table of the document is a candidate (a workbook gives one or more per sheet). For each,
the header row is looked for in its first rows (title blocks above a header are common; a
header printed over two rows is read as one), then the table is scored as an action table:
how well its header reads (known column names, an action column) and what lies under it (rows
with long sentences, dates, names, ratings). The best is chosen, or the admin's `Mapping`; a
table whose header repeats an earlier table's (a page break) continues that earlier table.
The result is a `Reading`: the table, the header row, each column's role and the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.reading.dates import months_in
from importers.reading.document import Document, Row, Table
from importers.reading.layout.headers import (
    Columns,
    _read_header,
    _read_two_line_header,
    _settle_outcome,
    map_header,
)
from importers.reading.layout.roles import (
    _TERMS,
    FIELDS,
    STATUS_WORDS,
    Profile,
    _is_ref,
    _norm,
    best_header_role,
    long_score,
    profile,
    read_column,
    settle,
)
from importers.reading.mapping import (
    SURE,
    ColumnReading,
    Mapping,
    Reading,
    TableCandidate,
    header_signature,
)

HEADER_SEARCH_ROWS = 10
SAMPLE_ROWS = 60
_HEADER_CELL_MAX = 100


@dataclass
class Choice:
    """The chosen table, its header row and how its columns read."""

    table: Table
    position: int
    """Index in `Document.tables`."""
    header_row: int
    header_rows: int
    """1, or 2 for a header printed over two rows."""
    columns: Columns
    reading: Reading


@dataclass
class _Header:
    row: int
    rows: int
    labels: list[str]
    score: float


def _labels_of(row: Row) -> list[str]:
    return [" ".join(t.split()) for t in row.texts]


def _header_score(labels: list[str]) -> float:
    """0..1: how much a row reads as column names (known names, distinct roles, an action)."""
    filled = [t for t in labels if t]
    if len(filled) < 2 or any(len(t) > _HEADER_CELL_MAX for t in filled):
        return 0.0
    roles = [best_header_role(t) for t in filled]
    named = [(r, w) for r, w in roles if r is not None]
    if not named:
        return 0.0
    mean = sum(w for _, w in named) / len(filled)
    distinct = len({r for r, _ in named})
    score = mean * min(1.0, 0.4 + 0.2 * distinct)
    if any(r == "text" for r, _ in named):
        score += 0.15
    # a row of values ('10', 'Amber', 'March 2016') is data, however its words read
    data = sum(1 for t in filled if data_like(t)) / len(filled)
    return min(1.0, score) * (1 - data)


_YEARS = re.compile(r"(?:FY ?)?(?:19|20)\d{2}(?:[/\-](?:19|20)?\d{2})?", re.IGNORECASE)


def data_like(text: str) -> bool:
    """A cell that reads as a value, not a column name: a code or number, a date, a rating,
    a long sentence ('10', 'Amber', 'March 2016'). A known column name never is."""
    text = " ".join(text.split())
    if not text or map_header(text) is not None:
        return False
    if len(text) > 60 and len(text.split()) >= 8:
        return True
    # "Q3", "2016/17", "2016": a period column's name as often as a value
    if best_header_role(text)[0] is not None or _TERMS.fullmatch(text) or _YEARS.fullmatch(text):
        return False
    short_date = len(text) <= 25 and bool(months_in(text))
    return _is_ref(text) or _norm(text) in STATUS_WORDS or short_date


def _find_header(table: Table) -> _Header | None:
    """The best-reading header row among the table's first rows (None: no row reads so)."""
    best: _Header | None = None
    rows = table.rows
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        labels, span = _labels_of(rows[r]), 1
        if r + 1 < len(rows) and _read_header(rows[r]) is None:
            joined = _read_two_line_header(rows[r], rows[r + 1])
            if joined is not None:
                width = max(joined.labels, default=-1) + 1
                labels, span = [joined.labels.get(i, "") for i in range(width)], 2
        score = _header_score(labels)
        if score > 0 and (best is None or score > best.score + 1e-9):
            best = _Header(row=r, rows=span, labels=labels, score=score)
    return best


def _first_filled_row(table: Table) -> int | None:
    for r, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for t in row.texts if t) >= 2:
            return r
    return None


def _data_rows(tables: list[Table], position: int, start: int) -> list[Row]:
    """Rows under a header: the rest of its table, then following tables of the same sheet
    (a table split across pages) up to one that starts with a header of its own."""
    table = tables[position]
    rows = list(table.rows[start : start + SAMPLE_ROWS])
    for later in tables[position + 1 :]:
        if len(rows) >= SAMPLE_ROWS or later.sheet != table.sheet or not later.rows:
            break
        if _header_score(_labels_of(later.rows[0])) >= 0.5:
            break
        rows.extend(later.rows[: SAMPLE_ROWS - len(rows)])
    return rows


def _column_values(rows: list[Row], width: int):
    values = [
        [row.cells[i].text if i < len(row.cells) else "" for row in rows] for i in range(width)
    ]
    fills = [
        [row.cells[i].fill if i < len(row.cells) else None for row in rows] for i in range(width)
    ]
    return values, fills


def _samples(values: list[str]) -> list[str]:
    shown = [v if len(v) <= 60 else v[:57] + "..." for v in values if v]
    return shown[:3]


def read_columns(
    rows: list[Row], header: _Header, mapping: Mapping | None = None
) -> tuple[list[ColumnReading], dict[int, Profile]]:
    """Each column's role under the given header row, the admin's choices applied."""
    width = max((len(row.cells) for row in rows), default=0)
    width = max(width, len(header.labels))
    values, fills = _column_values(rows, width)
    profiles = {i: profile(values[i], fills[i]) for i in range(width)}
    labels = header.labels + [""] * (width - len(header.labels))
    columns = [read_column(i, labels[i], profiles[i], _samples(values[i])) for i in range(width)]
    chosen = {}
    if mapping is not None:
        for c in columns:
            role = mapping.role_for(c.index, c.label)
            if role:
                chosen[c.index] = role
                c.role, c.confidence, c.why = role, 1.0, "chosen by an admin"
    # the admin's action column is the only one; otherwise one action column is settled on
    if "text" in chosen.values():
        for c in columns:
            if c.role == "text" and c.index not in chosen:
                c.role, c.why = "extra", c.why + "; the admin chose another action column"
    settled = settle(columns, profiles)
    for c in settled:
        if c.index in chosen:
            c.role = chosen[c.index]
    return settled, profiles


def columns_of(readings: list[ColumnReading], line: int | None) -> Columns:
    fields = {c.index: c.role for c in readings if c.role in FIELDS or c.role == "outcome"}
    labels = {c.index: c.label for c in readings if c.label}
    extras = {c.index: c.label or f"column {c.index + 1}" for c in readings if c.role == "extra"}
    columns = Columns(fields=_settle_outcome(fields), labels=labels, line=line)
    columns.extras = extras
    for c in readings:  # the settled role is what the admin sees
        c.role = columns.fields.get(c.index, c.role)
    return columns


def _table_score(header: _Header | None, profiles: dict[int, Profile], data_rows: int) -> float:
    header_q = header.score if header is not None else 0.0
    long_q = min(1.0, max((long_score(p) for p in profiles.values()), default=0.0) * 1.5)
    typed = any(max(p.date, p.name, p.rag, p.ref) >= 0.6 for p in profiles.values() if p.filled)
    content_q = 0.4 * min(1.0, data_rows / 3) + 0.4 * long_q + 0.2 * typed
    return round(0.6 * header_q + 0.4 * content_q, 3)


def _describe(position: int, table: Table, header: _Header | None) -> str:
    width = max((len(row.cells) for row in table.rows), default=0)
    where = f"sheet '{table.sheet}'" if table.sheet else f"table {position + 1}"
    names = [t for t in (header.labels if header else []) if t][:4]
    shown = f"; columns {', '.join(names)}" if names else ""
    return f"{where}: {len(table.rows)} rows, {width} columns{shown}"


def table_like(table: Table) -> bool:
    """Something a person could map: two rows of two filled cells, or a row of column names."""
    filled = [r for r in table.rows if sum(1 for t in r.texts if t) >= 2]
    return len(filled) >= 2 or any(_header_score(_labels_of(r)) > 0 for r in filled)


def _header_at(table: Table, row: int) -> _Header:
    labels = _labels_of(table.rows[row])
    return _Header(row=row, rows=1, labels=labels, score=_header_score(labels))


def choose_table(document: Document, mapping: Mapping | None = None) -> Choice | None:
    """The action table, its header row and column roles; None when no table is table-like."""
    tables = document.tables
    scored: list[tuple[float, int, _Header | None, dict[int, Profile]]] = []
    for position, table in enumerate(tables):
        if not table_like(table):
            continue
        header = _find_header(table)
        if mapping is not None and mapping.table == position and mapping.header_row is not None:
            header = _header_at(table, min(mapping.header_row, len(table.rows) - 1))
        start = header.row + header.rows if header else (_first_filled_row(table) or 0)
        rows = _data_rows(tables, position, start)
        width = max(len(row.cells) for row in [*table.rows, *rows])
        values, fills = _column_values(rows, width)
        profiles = {i: profile(values[i], fills[i]) for i in range(width)}
        data_rows = sum(1 for row in rows if sum(1 for t in row.texts if t) >= 2)
        scored.append((_table_score(header, profiles, data_rows), position, header, profiles))
    if not scored:
        return None
    ranked = sorted(scored, key=lambda s: (-s[0], s[1]))
    candidates = [
        TableCandidate(
            index=position,
            sheet=tables[position].sheet,
            rows=len(tables[position].rows),
            columns=max(len(r.cells) for r in tables[position].rows),
            score=score,
            header_row=header.row if header else None,
            description=_describe(position, tables[position], header),
        )
        for score, position, header, _ in ranked
    ]
    by_position = {s[1]: s for s in scored}
    if mapping is not None and mapping.table in by_position:
        score, position, header, _ = by_position[mapping.table]
    else:
        score, position, header, _ = ranked[0]
        # an earlier table reading about as well is the first page of the same table
        near = [
            s for s in scored if s[0] >= score - 0.1 and _has_action(s[2]) >= _has_action(header)
        ]
        position = _first_page(tables, min(s[1] for s in near), header, by_position)
        score, _, header, _ = by_position[position]
    table = tables[position]
    if header is None:
        header = _header_at(table, _first_filled_row(table) or 0)
    rows = _data_rows(tables, position, header.row + header.rows)
    readings, _ = read_columns(rows, header, mapping)
    line = table.rows[header.row].source_line
    columns = columns_of(readings, line)
    confidence = score if "text" in columns.fields.values() else min(score, SURE - 0.1)
    if mapping is not None and mapping.table is not None:
        confidence = max(confidence, 1.0 if mapping.header_row is not None else SURE)
    reading = Reading(
        table=position,
        header_row=header.row,
        columns=readings,
        candidates=candidates,
        signature=header_signature(header.labels),
        confidence=round(min(1.0, confidence), 3),
    )
    return Choice(table, position, header.row, header.rows, columns, reading)


def _has_action(header: _Header | None) -> bool:
    return header is not None and any(best_header_role(t)[0] == "text" for t in header.labels if t)


def _first_page(tables: list[Table], position: int, header: _Header | None, scored) -> int:
    """A table whose header repeats an earlier table's is a later page of that table."""
    if header is None:
        return position
    signature = header_signature(header.labels)
    for earlier in range(position):
        other = scored.get(earlier)
        if other is None or other[2] is None:
            continue
        if tables[earlier].sheet != tables[position].sheet:
            continue
        if header_signature(other[2].labels) == signature and other[0] >= SURE - 0.2:
            return earlier
    return position
