"""Header rows: the columns a table prints, read as the fields of an action.

`map_header` knows the synonyms of each column name (tolerating case, punctuation and OCR
damage); `Columns` is a header row read. Headers printed over two rows, continued on the
row below, or repeated with a blank or garbled cell are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from importers.reading.document import Cell, Row

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
    # Only a short label with letters can be a damaged column name ("1.12" never is).
    if len(squashed) < 4 or len(squashed) > 40 or squashed.isdigit():
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
    extras: dict[int, str] = field(default_factory=dict)
    """Columns with no field, kept on each action by their printed label."""

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
