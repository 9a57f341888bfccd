"""Mend table rows damaged by PDF-to-text extraction, before the layout step reads them.

A PDF table saved as text (seed 001, Halton) loses its row structure in predictable ways. The
layout step maps header cells to roles ("section", "context", "action", "timescale", "lead",
"outcome"); `mend_rows(rows, roles)` then repairs the stream of data rows (all tables of one
plan, in order) and returns new rows the layout step can read one action per row:

1. extraction debris goes: rows of dashes, trailing empty cells past the header's width, and a
   section heading printed twice in one row ("4.0 Assessment a" | "4.0 Assessment and ...");
2. a row with too many cells is realigned: a leading empty cell before a numbered priority is a
   shift to the right, and surplus cells before the timescale are fragments of the action cell;
   a row with too few cells is aligned from the right, skipping the timescale column where the
   cell there is not a date;
3. in a table whose first column numbers its priorities ("1.1 Title"), a stray first-column
   token that is no priority (a page number "3", "_", a clipped word "servi") is dropped;
4. a pure continuation line (no timescale and no action of its own, or an action carrying on
   in lower case) extends the cells of the row above;
5. a commentary sentence broken over several rows (the next piece starts in lower case) is
   joined, and the whole text becomes every one of those rows' commentary;
6. a row holding two actions run together (two dates in its timescale cell and an action that
   splits into two sentences) becomes two rows; the leads are divided where a name repeats.

Rules that only seed 001 needs are marked so in comments. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from importers.reading.dates import parse_timescale
from importers.reading.document import Cell, Row
from importers.reading.leads import lead_key, split_leads
from importers.reading.parsed import Warning_

SECTION = "section"
CONTEXT = "context"
ACTION = "action"
TIMESCALE = "timescale"
LEAD = "lead"
OUTCOME = "outcome"

# "1.1 Strategic Planning", "2.0 PARTNERSHIP ...": a numbered priority or section heading.
_PRIORITY = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+\S|^\d{1,2}\.\s+[A-Za-z]")
_SEPARATOR_CELL = re.compile(r"^[-_=–—.\s]+$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ONE_DATE = rf"{_MONTH}\.?(?:\s*\d{{4}}|[-'’]\d{{2}})"
_TWO_DATES = re.compile(rf"^\s*({_ONE_DATE})\s+({_ONE_DATE})\s*$", re.IGNORECASE)
# Verbs an action starts with: where one begins mid-cell, a second action starts there.
_IMPERATIVE_WORDS = """
    achieve agree allocate amend analyse analyze appoint arrange assess audit build
    carry clarify commission complete confirm consider consult continue co-ordinate coordinate
    create define deliver deploy design develop devise draft engage enhance ensure establish
    evaluate expand explore extend formalise hold identify implement improve increase introduce
    investigate launch lead map monitor negotiate organise plan prepare present produce promote
    provide publicise publish recruit reduce refresh report research review revise scope secure
    set start strengthen submit support train undertake update work
    """
_IMPERATIVES = frozenset(_IMPERATIVE_WORDS.split())


def mend_rows(
    rows: Sequence[Row],
    roles: Sequence[str | None] | Mapping[str, int],
    warnings: list[Warning_] | None = None,
    header: Sequence[str] | None = None,
) -> list[Row]:
    """Repaired copies of `rows` (see the module docstring); warnings for the guesses made.

    roles: the role of each column by position (None for a column the layout does not use), or
    a mapping role -> column index; the layout step's names "text", "leads" and "outcomes" are
    accepted for "action", "lead" and "outcome". header: the header cells, so that repeated header rows are
    passed through untouched (rows equal to the roles' names are recognised anyway).
    """
    role_at = _role_index(roles)
    width = _width(roles)
    if warnings is None:
        warnings = []
    mender = _Mender(role_at, width, warnings, header)
    return mender.mend([_copy_row(row) for row in rows])


def _copy_row(row: Row) -> Row:
    """A copy the mender may change (what `copy.deepcopy` gives, at a tenth of the cost)."""
    cells = [
        Cell(paragraphs=list(c.paragraphs), fill=c.fill, merged_from_above=c.merged_from_above)
        for c in row.cells
    ]
    return Row(cells=cells, source_line=row.source_line, spans_full_width=row.spans_full_width)


# The layout step's field names for the same columns.
_ALIASES = {"text": ACTION, "leads": LEAD, "outcomes": OUTCOME}


def _role_index(roles) -> dict[str, int]:
    pairs = roles.items() if isinstance(roles, Mapping) else [(r, i) for i, r in enumerate(roles)]
    found: dict[str, int] = {}
    for role, index in pairs:
        if role:
            found.setdefault(_ALIASES.get(role, role), index)
    return found


def _width(roles) -> int:
    if isinstance(roles, Mapping):
        return max(roles.values(), default=-1) + 1
    return len(roles)


class _Mender:
    def __init__(self, role_at, width, warnings, header):
        self.role_at: dict[str, int] = role_at
        self.width: int = width
        self.warnings: list[Warning_] = warnings
        self.header = [_norm(text) for text in header] if header else None
        self.damaged_commentary: set[int] = set()  # id() of rows whose commentary was cut up

    # --- helpers ------------------------------------------------------------------------

    def col(self, role: str) -> int | None:
        index = self.role_at.get(role)
        return index if index is not None and index < self.width else None

    def text(self, row: Row, role: str) -> str:
        index = self.col(role)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index].text

    def warn(self, row: Row, message: str) -> None:
        self.warnings.append(Warning_(message, line=row.source_line))

    def is_header(self, row: Row) -> bool:
        texts = [_norm(t) for t in row.texts if t.strip()]
        if self.header and texts == [t for t in self.header if t]:
            return True
        return len(texts) >= 3 and sum(t in _ROLE_WORDS for t in texts) >= 3

    def is_heading(self, row: Row) -> bool:
        filled = [i for i, t in enumerate(row.texts) if t.strip()]
        return row.spans_full_width or filled == [0]

    def is_data(self, row: Row) -> bool:
        return not (self.is_header(row) or self.is_heading(row))

    # --- the steps ----------------------------------------------------------------------

    def mend(self, rows: list[Row]) -> list[Row]:
        if self.width < 2:
            return rows
        rows = [row for row in rows if not _is_separator(row)]
        rows = [self.tidy(row) for row in rows]
        self.drop_stray_first_cells(rows)
        rows = self.merge_continuations(rows)
        rows = self.continue_split_action(rows)
        self.join_commentary(rows)
        return self.split_run_together(rows)

    def tidy(self, row: Row) -> Row:
        """Width, duplicated headings, shifted and short rows (steps 1 and 2)."""
        cells = row.cells
        while len(cells) > self.width and cells[-1].is_empty:
            cells.pop()
        texts = row.texts
        filled = [i for i, t in enumerate(texts) if t]
        if filled == [0, 1] and _duplicated_heading(texts[0], texts[1]):
            longer = max(texts[:2], key=len)
            return Row([Cell([longer])], source_line=row.source_line, spans_full_width=True)
        if len(cells) > self.width:
            return self.realign_long(row)
        if len(cells) < self.width and filled and filled != [0] and not row.spans_full_width:
            return self.realign_short(row)
        return row

    def realign_long(self, row: Row) -> Row:
        cells = list(row.cells)
        section = self.col(SECTION)
        if section == 0 and cells[0].is_empty and len(cells) > 1 and _PRIORITY.match(cells[1].text):
            cells = cells[1:]  # the whole row is shifted one column to the right (seed 001, 5.4)
        action, timescale = self.col(ACTION), self.col(TIMESCALE)
        if len(cells) > self.width and action is not None and timescale == action + 1:
            tail = self.width - timescale  # cells from the timescale column to the end
            date_at = len(cells) - tail
            if date_at > action and _is_date(cells[date_at].text):
                fragments = [c.text for c in cells[action:date_at] if c.text]
                merged = Cell([" ".join(fragments)] if fragments else [])
                cells = cells[:action] + [merged] + cells[date_at:]
                self.warn(
                    row,
                    f"row had {len(row.cells)} cells for {self.width} columns: "
                    "cells before the timescale were read as parts of the action",
                )
        if len(cells) != len(row.cells):
            row = Row(cells, source_line=row.source_line, spans_full_width=row.spans_full_width)
        return row

    def realign_short(self, row: Row) -> Row:
        """Align a short row from the right, skipping a timescale column it has no date for."""
        timescale = self.col(TIMESCALE)
        if timescale is None:
            return row
        cells = list(row.cells)
        placed: list[Cell] = [Cell() for _ in range(self.width)]
        i = len(cells) - 1
        for column in range(self.width - 1, -1, -1):
            if i < 0:
                break
            if column == timescale and not cells[i].is_empty and not _is_date(cells[i].text):
                continue  # this row has no timescale cell
            placed[column] = cells[i]
            i -= 1
        dates_elsewhere = any(
            _is_date(cell.text) for k, cell in enumerate(placed) if k != timescale and cell.text
        )
        if i >= 0 or dates_elsewhere:
            return row
        self.warn(
            row, f"row had {len(cells)} cells for {self.width} columns: aligned from the right"
        )
        return Row(placed, source_line=row.source_line, spans_full_width=False)

    def drop_stray_first_cells(self, rows: list[Row]) -> None:
        """Step 3: in a table of numbered priorities, first-column tokens that are none."""
        section = self.col(SECTION)
        if section != 0:
            return
        data = [row for row in rows if self.is_data(row) and row.cells]
        numbered = sum(bool(_PRIORITY.match(row.cells[0].text)) for row in data)
        if numbered < 2:
            return
        for row in data:
            first = row.cells[0].text
            if not first or _PRIORITY.match(first):
                continue
            has_letters = bool(re.search(r"[A-Za-z]", first))
            if has_letters and not first[0].islower():
                continue
            if has_letters:
                # a clipped word of the commentary spread into the first column (seed 001, 3.1)
                self.damaged_commentary.add(id(row))
            row.cells[0] = Cell()

    def is_continuation(self, row: Row) -> bool:
        if not self.is_data(row) or self.col(TIMESCALE) is None:
            return False
        if self.text(row, SECTION) or self.text(row, TIMESCALE):
            return False
        action = self.text(row, ACTION)
        if action and not _starts_lower(action):
            return False
        return any(row.texts)

    def merge_continuations(self, rows: list[Row]) -> list[Row]:
        """Step 4: a line with no timescale and no action of its own extends the row above."""
        out: list[Row] = []
        previous: Row | None = None
        for row in rows:
            if previous is not None and self.is_continuation(row):
                _extend(previous, row)
                continue
            out.append(row)
            previous = row if self.is_data(row) else None
        return out

    def continue_split_action(self, rows: list[Row]) -> list[Row]:
        """A row whose action begins with the lower-case tail of the action above and then
        starts a new action ('network for service users and carers Enhance the role ...'): the
        tail goes back to the row above. Only seed 001 (3.1) needs this."""
        previous: Row | None = None
        action_col, outcome_col = self.col(ACTION), self.col(OUTCOME)
        for row in rows:
            if not self.is_data(row):
                previous = None
                continue
            action = self.text(row, ACTION)
            if (
                previous is not None
                and action_col is not None
                and not self.text(row, SECTION)
                and _starts_lower(action)
                and action.split()[0].lower() not in _IMPERATIVES
                and not re.search(r"[.!?:;]$", self.text(previous, ACTION))
                and self.text(previous, ACTION)
            ):
                cut = _verb_boundary(action)
                if cut is not None:
                    words = action.split()
                    _append_text(previous, action_col, " ".join(words[:cut]))
                    row.cells[action_col] = Cell([" ".join(words[cut:])])
                    outcome = self.text(row, OUTCOME)
                    if outcome_col is not None and _starts_lower(outcome):
                        head, tail = _split_at_capital(outcome)
                        if tail:
                            _append_text(previous, outcome_col, head)
                            row.cells[outcome_col] = Cell([tail])
                    self.warn(
                        row,
                        "action began with the end of the previous row's action: moved it back",
                    )
            previous = row
        return rows

    def join_commentary(self, rows: list[Row]) -> None:
        """Step 5: one commentary broken over consecutive rows is every one's commentary."""
        column = self.col(CONTEXT)
        if column is None:
            return
        run: list[Row] = []
        pieces: list[str] = []

        def close() -> None:
            if len(run) > 1:
                joined = " ".join(pieces)
                for member in run:
                    member.cells[column] = Cell([joined])

        for row in rows:
            if not self.is_data(row) or column >= len(row.cells):
                close()
                run, pieces = [], []
                continue
            text = row.cells[column].text
            continues = (
                run
                and pieces
                and _starts_lower(text)
                and not self.text(row, SECTION)
                and id(row) not in self.damaged_commentary
            )
            if continues:
                last_word = pieces[-1].split()[-1].strip(".,;:").lower()
                if text.split() != [last_word] and text.strip(".,;:").lower() != last_word:
                    pieces.append(text)
                # else: a stray repeat of the previous piece's last word (seed 001, 3.1)
                run.append(row)
                continue
            close()
            run, pieces = [row], ([text] if text else [])
        close()

    def split_run_together(self, rows: list[Row]) -> list[Row]:
        """Step 6: two actions and two dates run together in one row become two rows."""
        out: list[Row] = []
        for row in rows:
            halves = self.split_row(row) if self.is_data(row) else None
            out.extend(halves or [row])
        return out

    def split_row(self, row: Row) -> list[Row] | None:
        timescale, action = self.col(TIMESCALE), self.col(ACTION)
        if timescale is None or action is None:
            return None
        dates = _TWO_DATES.match(self.text(row, TIMESCALE))
        if not dates:
            return None
        words = self.text(row, ACTION).split()
        cut = _verb_boundary(" ".join(words))
        if cut is None:
            cut = _capital_boundary(words)
        if cut is None:
            self.warn(row, "two dates in the timescale but one action: kept as one")
            return None
        first, second = _copy_row(row), _copy_row(row)
        first.cells[action] = Cell([" ".join(words[:cut])])
        second.cells[action] = Cell([" ".join(words[cut:])])
        first.cells[timescale] = Cell([dates.group(1)])
        second.cells[timescale] = Cell([dates.group(2)])
        section = self.col(SECTION)
        if section is not None and section < len(second.cells):
            second.cells[section] = Cell()
        message = "two actions run together in one row (two dates): split into two"
        lead = self.col(LEAD)
        if lead is not None and lead < len(row.cells):
            names = split_leads(row.cells[lead].paragraphs)
            at = _divide_names(names)
            if at is None:
                message += "; both keep all the leads"
            else:
                first.cells[lead] = Cell(names[:at])
                second.cells[lead] = Cell(names[at:])
        outcome = self.col(OUTCOME)
        if outcome is not None and outcome < len(row.cells):
            head, tail = _split_at_capital(row.cells[outcome].text, unique=True)
            if tail:
                first.cells[outcome] = Cell([head])
                second.cells[outcome] = Cell([tail])
        self.warn(row, message)
        return [first, second]


_ROLE_WORDS = {
    "action", "actions", "action required", "timescale", "timescales", "lead", "leads", "outcome",
    "outcomes", "commentary", "led by", "no", "rag",
}  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _is_separator(row: Row) -> bool:
    filled = [t for t in row.texts if t.strip()]
    return len(filled) >= 2 and all(_SEPARATOR_CELL.match(t) for t in filled)


def _duplicated_heading(first: str, second: str) -> bool:
    """'4.0 Assessment a' and '4.0 Assessment and Care Planning processes': one heading twice."""
    short, long = sorted((_norm(first), _norm(second)), key=len)
    return bool(_PRIORITY.match(first)) and len(short) >= 3 and long.startswith(short)


def _is_date(text: str) -> bool:
    if not text.strip():
        return False
    reading = parse_timescale(text)
    return bool(reading.start or reading.due or reading.done or reading.ongoing)


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _extend(previous: Row, row: Row) -> None:
    """Add a continuation line's cells to the row above, cell by cell."""
    for index, cell in enumerate(row.cells):
        if cell.is_empty:
            continue
        while index >= len(previous.cells):
            previous.cells.append(Cell())
        _append_text(previous, index, cell.text)


def _append_text(row: Row, index: int, text: str) -> None:
    """A lower-case piece carries on the cell's last paragraph; anything else is a new one."""
    if not text:
        return
    cell = row.cells[index]
    if cell.paragraphs and _starts_lower(text):
        cell.paragraphs[-1] = f"{cell.paragraphs[-1]} {text}"
    else:
        cell.paragraphs.append(text)


def _verb_boundary(text: str) -> int | None:
    """Word index where a second action starts with a capitalised verb ('... ASWs Develop ...').

    Exactly one such place, not the first word, else None.
    """
    words = text.split()
    found = [
        i
        for i, word in enumerate(words)
        if i > 0
        and word[:1].isupper()
        and word.lower() in _IMPERATIVES
        and not re.search(r"[:;]$", words[i - 1])
    ]
    return found[0] if len(found) == 1 else None


def _capital_boundary(words: list[str]) -> int | None:
    """The one place where a lower-case word runs into a capitalised one ('capacity Frodsham')."""
    found = [
        i
        for i in range(1, len(words))
        if words[i].istitle() and words[i - 1][:1].islower() and words[i - 1][-1].isalnum()
    ]
    return found[0] if len(found) == 1 else None


def _split_at_capital(text: str, unique: bool = False) -> tuple[str, str]:
    """'Posts appointed Input developed on sessional basis' -> ('Posts appointed', 'Input ...').

    Splits at the first lower-case word followed by a capitalised one (with unique=True, only
    where there is exactly one such place); ('text', '') where it does not split.
    """
    words = text.split()
    found = [
        i
        for i in range(1, len(words))
        if words[i].istitle() and words[i - 1][:1].islower() and words[i - 1][-1:].isalpha()
    ]
    if not found or (unique and len(found) != 1):
        return text, ""
    return " ".join(words[: found[0]]), " ".join(words[found[0] :])


def _divide_names(names: list[str]) -> int | None:
    """Where to divide a run-together lead cell: no name twice in one half, halves as even as
    possible, the earlier on a tie. 'L Smith L Smith D Bertenshaw' -> 1; None if no name
    repeats (then both halves keep every lead)."""
    keys = [lead_key(name) for name in names]
    if len(set(keys)) == len(keys):
        return None
    valid = [
        k
        for k in range(1, len(keys))
        if len(set(keys[:k])) == k and len(set(keys[k:])) == len(keys) - k
    ]
    if not valid:
        return None
    return min(valid, key=lambda k: (abs(2 * k - len(keys)), k))
