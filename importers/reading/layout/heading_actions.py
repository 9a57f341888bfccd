"""Plans written as one heading per action ("### Action 4: Identify ..."), not as one table.

A run of headings at one level sharing one pattern (a word naming an action, a number, a
title: "Action 4: ...", "Recommendation 2 - ...") are the actions; what follows each heading up
to the next heading at its level or above belongs to it:
- paragraphs: the first is the action's context (with the list it introduces, where it ends
  with ':');
- a table with a header row (e.g. "Milestone | Target Date | Responsible Party"): each row is
  a milestone, dated by the date column; the action is due by the latest date stated; the
  parties named in the leads column are the action's leads;
- a two-column form table ("Action name | ...", "Responsible bodies | ..."): each row a field.
Headings at a higher level holding action headings are the sections. Where no leads column
names anyone, the subject of the opening statement is the lead ("By June 2020, all agencies
will ...").
"""

from __future__ import annotations

import re

from importers.reading.dates import months_in
from importers.reading.document import Document, Paragraph, Table
from importers.reading.layout.cells import lead_parts
from importers.reading.layout.roles import best_header_role, profile, read_column
from importers.reading.leads import lead_key, split_leads
from importers.reading.mapping import Reading
from importers.reading.parsed import (
    ParsedAction,
    ParsedMilestone,
    ParsedPlan,
    ParsedSection,
    Warning_,
)

_ACTION_HEADING = re.compile(
    r"(?P<word>[A-Za-z]+)\s+(?P<ref>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)\s*[:.)\-\u2013\u2014]\s*(?P<title>\S.*)"
)
# Words that head an action, besides those the header vocabulary reads as an action.
_ACTION_WORDS = {"recommendation", "commitment", "initiative", "project", "objective", "goal"}
MIN_ACTIONS = 2
_FOOTNOTE = re.compile(r"\*+$|\[\^?\d+\]$")
_SUBJECT = re.compile(
    r"(?:By [^,]{3,40},\s*)?(?P<who>[A-Za-z][\w&'\u2019 .-]{1,60}?)\s+"
    r"(?:will|were|are|is|must|shall|should)\b"
)


def _level(paragraph: Paragraph) -> int | None:
    return paragraph.heading_level


def _action_headings(document: Document) -> list[int]:
    """Block indexes of the action headings: the largest run sharing one word and level."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph):
            continue
        level = _level(block)
        m = _ACTION_HEADING.fullmatch(" ".join(block.text.split())) if level is not None else None
        if m is None:
            continue
        word = m.group("word").lower()
        if word not in _ACTION_WORDS and best_header_role(word)[0] != "text":
            continue
        groups.setdefault((word, level), []).append(i)
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= MIN_ACTIONS else []


def read_heading_actions(document: Document) -> ParsedPlan | None:
    """The plan, where the document's actions are headings; else None."""
    headings = _action_headings(document)
    if not headings:
        return None
    blocks = document.blocks
    level = _level(blocks[headings[0]])
    plan = ParsedPlan(title="", source=document.source_name)
    plan.reading = Reading(table=None, header_row=None, confidence=0.9)
    # the nearest higher heading above an action heading is its section
    section_at: dict[int, int] = {}
    higher: str | None = None
    current: int | None = None
    wanted = set(headings)
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and (lv := _level(block)) is not None and lv < level:
            higher, current = " ".join(block.text.split()), None
        elif i in wanted and higher:
            if current is None:
                plan.sections.append(ParsedSection(ref=None, title=higher))
                current = len(plan.sections) - 1
            section_at[i] = current
    columns: list[str] = []
    for at in headings:
        end = _body_end(blocks, at, level)
        action = _read_action(blocks[at], blocks[at + 1 : end], plan, columns)
        index = section_at.get(at)
        if index is not None:
            action.section, action.section_index = plan.sections[index].title, index
        plan.actions.append(action)
    plan.columns = columns
    _plan_title(plan, document)
    return plan


def _body_end(blocks: list, at: int, level: int) -> int:
    for j in range(at + 1, len(blocks)):
        block = blocks[j]
        if isinstance(block, Paragraph) and (lv := _level(block)) is not None and lv <= level:
            return j
    return len(blocks)


def _read_action(heading: Paragraph, body: list, plan: ParsedPlan, columns: list[str]):
    m = _ACTION_HEADING.fullmatch(" ".join(heading.text.split()))
    action = ParsedAction(ref=m.group("ref").rstrip("."), section=None, text=m.group("title"))
    action.source_row = heading.source_line
    paragraphs = [b for b in body if isinstance(b, Paragraph) and _level(b) is None]
    action.context = _context(paragraphs)
    leads: list[str] = []
    named_leads = False
    for table in (b for b in body if isinstance(b, Table) and b.rows):
        if _is_form(table):
            named_leads |= _read_form(table, action, leads)
        else:
            named_leads |= _read_milestones(table, action, leads, columns, plan)
    if not named_leads and action.context:
        subject = _SUBJECT.match(action.context)
        if subject and _looks_like_party(subject.group("who")):
            who = subject.group("who").strip()
            leads.append(who[0].upper() + who[1:])
    action.leads = leads
    dated = [ms.due for ms in action.milestones if ms.due]
    if action.due is None and dated:
        action.due = max(dated)
    if action.due is None:
        plan.warnings.append(
            Warning_(f"action {action.ref}: no date found", line=action.source_row)
        )
    return action


def _context(paragraphs: list[Paragraph]) -> str | None:
    if not paragraphs:
        return None
    first = paragraphs[0]
    parts = [first.text.strip()]
    if first.text.rstrip().endswith(":"):
        for p in paragraphs[1:]:
            if not (p.style or "").lower().startswith("list"):
                break
            parts.append(p.text.strip())
    return " ".join(" ".join(parts).split()) or None


def _looks_like_party(who: str) -> bool:
    words = who.split()
    generic = {"this", "these", "that", "it", "they", "there", "we", "the action", "such"}
    return 1 <= len(words) <= 6 and who.lower() not in generic and words[0].lower() not in generic


def _is_form(table: Table) -> bool:
    """Two columns whose left cells are field names ("Action name", "Responsible bodies")."""
    if any(len([c for c in r.cells if c.text]) > 2 for r in table.rows):
        return False
    named = [r for r in table.rows if r.cells and best_header_role(r.cells[0].text)[0]]
    return len(named) * 2 > len(table.rows) and len(table.rows) >= 2


def _add_leads(leads: list[str], cell_paragraphs: list[str]) -> None:
    known = {lead_key(x) for x in leads}
    lines = [_FOOTNOTE.sub("", p.strip()).strip() for p in cell_paragraphs]
    lines = [part for line in lines for part in re.split(r"(?<!\s)\s+with\s+", line) if part]
    for lead in split_leads(lead_parts(lines)):
        lead = re.sub(r"^(?:the|and|with)\s+", "", _FOOTNOTE.sub("", lead).strip(), flags=re.I)
        if lead and lead_key(lead) not in known:
            known.add(lead_key(lead))
            leads.append(lead)


def _read_form(table: Table, action: ParsedAction, leads: list[str]) -> bool:
    named = False
    for row in table.rows:
        if len(row.cells) < 2 or not row.cells[1].text:
            continue
        role, _ = best_header_role(row.cells[0].text)
        value = row.cells[1].text
        if role == "leads":
            _add_leads(leads, row.cells[1].paragraphs)
            named = True
        elif role in ("due", "timescale"):
            action.timescale_text = value
            found = months_in(value)
            action.due = max(found) if found else action.due
        elif role == "start":
            found = months_in(value)
            action.start = min(found) if found else None
        elif role == "text" and not action.text:
            action.text = value
        elif role == "progress":
            action.progress = value
        elif role in ("outcome", "outcomes"):
            action.outcomes.extend(row.cells[1].paragraphs)
        elif role == "context" and not action.context:
            action.context = value
        else:
            action.extra[row.cells[0].text] = value
    return named


def _read_milestones(table, action: ParsedAction, leads: list[str], columns, plan) -> bool:
    """Rows of a milestone table: one dated milestone each; its leads column names parties."""
    header = table.rows[0].texts
    rows = table.rows[1:]
    for label in header:
        if label and label not in columns:
            columns.append(label)
    roles = {}
    for i, label in enumerate(header):
        values = [r.cells[i].text if i < len(r.cells) else "" for r in rows]
        roles[i] = read_column(i, label, profile(values), []).role
    title_at = next((i for i, r in roles.items() if r in ("text", "outcome", "outcomes")), 0)
    date_at = next((i for i, r in roles.items() if r in ("due", "timescale")), None)
    # a few rows say little about a column: only a header naming leads names parties
    lead_at = [i for i, r in roles.items() if r == "leads" and best_header_role(header[i])[0]]
    for row in rows:
        cells = row.cells
        title = _FOOTNOTE.sub("", cells[title_at].text).strip() if title_at < len(cells) else ""
        if not title:
            continue
        when = cells[date_at].text if date_at is not None and date_at < len(cells) else ""
        when = _FOOTNOTE.sub("", when).strip()
        found = months_in(when) if when else []
        due = max(found) if found else None
        action.milestones.append(ParsedMilestone(title=title, due=due))
        label = header[date_at] if date_at is not None else "Date"
        action.outcomes.append(f"{title} ({label}: {when})" if when else title)
        for i in lead_at:
            if i < len(cells) and cells[i].text:
                _add_leads(leads, cells[i].paragraphs)
    return bool(lead_at) and bool(leads)


def _plan_title(plan: ParsedPlan, document: Document) -> None:
    for block in document.blocks:
        if isinstance(block, Paragraph) and _level(block) is not None:
            plan.title = " ".join(block.text.split())
            return
    plan.title = document.source_name
