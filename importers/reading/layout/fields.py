"""Filling an action's fields from its cells: dates, leads, outcomes, RAG, objectives."""

from __future__ import annotations

import re

from importers.reading.dates import milestone_dates, parse_month, parse_timescale
from importers.reading.document import Cell
from importers.reading.layout.cells import (
    labelled_parts,
    lead_parts,
    prose_leads,
    split_ref,
    trailing_glued_caps,
)
from importers.reading.layout.headers import _norm_label
from importers.reading.layout.rows import EXTRA, _Record, _State
from importers.reading.leads import split_leads
from importers.reading.objectives import match_national_objective
from importers.reading.parsed import ParsedAction, ParsedMilestone

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


_GREEN_PHRASES = {"on track", "on target", "on schedule"}
_NOT = re.compile(r"\b(?:not|partially|part|in progress|un\w*|incomplete|off)\b")


def match_rag(text: str | None, fill: str | None = None, legend: dict[str, str] | None = None):
    """red/amber/green/blue from a RAG cell's words, a legend label, or its fill colour.

    Case and spacing are ignored; the plan's own legend wins over the usual words;
    Complete/Completed/Achieved/Done are blue, On track/On target green. Words naming no
    rating ("In progress", "Not achieved", "S") give None: never guessed.
    """
    words = _norm_label(text or "")
    if words:
        for colour, label in (legend or {}).items():
            if _norm_label(label) == words:
                return colour
        if words in _COLOURS:
            return _COLOURS[words]
        if any(words.startswith(phrase) for phrase in _GREEN_PHRASES):
            return "green"
        if _NOT.search(words):
            return None
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
        leads=split_leads(lead_parts(cells["leads"].paragraphs))
        if _text(cells.get("leads"))
        else [],
        outcomes=_items(cells.get("outcomes")),
        progress=_text(cells.get("progress")),
        follow_up=_text(cells.get("follow_up")),
        section_index=record.section_index,
        source_row=record.line,
    )
    columns = set(record.columns.fields.values())
    action.extra = {
        name[len(EXTRA) :]: cell.text
        for name, cell in cells.items()
        if name.startswith(EXTRA) and cell.text
    }
    if "ref" not in columns and action.ref is None:
        found = split_ref(action.text)
        if found:
            action.ref, action.text = found[0].rstrip("."), found[1]
    lifted = _lift_labelled_values(state, record, action)
    done = False
    if "timescale" in columns or "timescale" in lifted:
        text = _text(cells.get("timescale")) or lifted.get("timescale")
        action.timescale_text = text
        if text:
            timescale = parse_timescale(text)
            action.start, action.due, done = timescale.start, timescale.due, timescale.done
            if timescale.warning:
                state.warn_at(
                    record, timescale.warning, "timescale" if "timescale" in columns else "text"
                )
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
    status = rag_cell.text if rag_cell is not None and rag_cell.text else lifted.get("rag")
    if rag_cell is not None or status:
        action.rag = match_rag(status, rag_cell.fill if rag_cell is not None else None, legend)
        if status and action.rag is None:
            # not a rating: kept as progress text, never guessed
            if not action.progress:
                action.progress = status
            state.warn_at(
                record, f"status '{status}' is not a rating: kept as progress text", "rag"
            )
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


def _lift_labelled_values(state: _State, record: _Record, action: ParsedAction) -> dict[str, str]:
    """Labelled values in the action cell ("Responsible persons: ...") lifted into their fields.

    A field is filled from its label only where its own column is absent or empty. The
    action's text is its labelled part ("Corrective action plan: ...") where it has one,
    else what is left; text before the first label and labels naming no field of ours are kept
    as extra fields. Returns the lifted timescale and status text.
    """
    found = labelled_parts(action.text)
    if found is None:
        return {}
    prefix, parts = found
    by_role: dict[str, list[str]] = {}
    for _label, role, value in parts:
        if role == "leads":
            value = trailing_glued_caps(value)
        if value:
            by_role.setdefault(role, []).append(value)
    column = record.columns.label_of("text")
    texts = by_role.pop("text", [])
    action.text = " ".join(texts) if texts else prefix
    if texts and prefix:
        action.extra[column] = prefix
    if not action.leads and by_role.get("leads"):
        action.leads = [lead for value in by_role["leads"] for lead in prose_leads(value)]
    if not action.context and by_role.get("context"):
        action.context = " ".join(by_role["context"])
    if not action.progress and by_role.get("progress"):
        action.progress = " ".join(by_role["progress"])
    if not action.outcomes and by_role.get("outcome"):
        action.outcomes = by_role["outcome"]
    if not action.follow_up and by_role.get("follow_up"):
        action.follow_up = " ".join(by_role["follow_up"])
    lifted = {}
    dates = by_role.get("due", []) + by_role.get("timescale", []) + by_role.get("start", [])
    if dates and not _text(record.cells.get("timescale")) and not _text(record.cells.get("due")):
        lifted["timescale"] = " ".join(dates)
    if by_role.get("rag") and not _text(record.cells.get("rag")):
        lifted["rag"] = " ".join(by_role["rag"])
    return lifted


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
