"""A narrative strategy with no action table (Southwark's joint mental health programme).

Some "plans" are prose: numbered chapters, the national objectives listed by roman numeral, and
a programme "made up of N projects" listed by number. `read_narrative_strategy(document)` reads:

* sections: numbered headings "N. Title" (or "N." alone with the title on the next line),
  numbered 1, 2, 3... in order, so a numbered list inside a chapter is not taken for a heading
  (nor is item N of a list whose item N-1 is on the line before);
* objectives: the first run of lines numbered (i), (ii), (iii)... (refs as printed, without
  brackets);
* actions: the numbered list that follows a sentence saying the programme "will be made up of
  N projects" (or consists of / comprises N projects, workstreams, programmes...). Each item is
  an action in the section where the sentence stands; it has no leads of its own, and its
  timescale is the year range in that sentence (else the plan period);
* title: a cover line before the first numbered heading, else the capitalised name of what is
  "made up of N projects"; area: the place most often named as "X Council", "X Primary Care
  Trust", "X CCG"...; period: the year range in the title, else the one printed most often.

It is the fallback when a document has no action table; it returns None where none of this is
found. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter

from importers.reading.dates import parse_timescale
from importers.reading.directory import read_lead_directory
from importers.reading.document import Document, Paragraph
from importers.reading.objectives import match_national_objective
from importers.reading.parsed import (
    ParsedAction,
    ParsedObjective,
    ParsedPlan,
    ParsedSection,
    Warning_,
)

_HEADING = re.compile(r"^(\d{1,2})[.)]\s*(.*)$")
_HEADING_MAX_WORDS = 12
_LIST_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_ROMAN_ITEM = re.compile(r"^\(?(x{0,1}(?:ix|iv|v?i{0,3}))\)\s+(\S.*)$", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_PROGRAMME = re.compile(
    r"\b(?:(?:be\s+)?made\s+up\s+of|consists?\s+of|(?:is\s+)?compris(?:e|es|ed|ing)(?:\s+of)?"
    r"|be\s+delivered\s+through)\s+(?P<count>\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:key\s+|main\s+|distinct\s+)?"
    r"(?P<noun>projects|work\s*streams|programmes|schemes|priority\s+areas)\b",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)(?![\d/])")
_AREA = re.compile(
    r"\b(?:London\s+Borough\s+of\s+(?P<lb>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    r"|(?P<place>[A-Z][a-z]+(?:\s(?:and\s)?[A-Z][a-z]+)?)\s+(?:Borough\s+|City\s+|County\s+)?"
    r"(?:Council|Primary\s+Care\s+Trust|PCT|CCG|Clinical\s+Commissioning\s+Group"
    r"|Local\s+Authority|BSU))\b"
)
_NOT_PLACES = {"The", "This", "Our", "Local", "City", "County", "Borough", "District", "Health",
               "NHS", "Each", "All", "Joint", "Care", "Primary"}  # fmt: skip


def read_narrative_strategy(document: Document) -> ParsedPlan | None:
    """A strategy plan read from prose, or None where the document has no such structure."""
    lines = _lines(document)
    programme = _programme(lines)
    consumed = set(programme[1]) if programme else set()
    sections, section_at = _sections(lines, consumed)
    objectives = _objectives(lines)
    if not programme and not objectives:
        return None

    title = _cover_title(lines, sections) or (programme and _programme_name(programme[0].text))
    title = title or (document.source_name or "Untitled strategy")
    text = "\n".join(line.text for line in lines)
    period_text = _period_text(title, text)
    period = parse_timescale(period_text) if period_text else None
    plan = ParsedPlan(
        title=title,
        area=_area(text, title),
        kind="strategy",
        period_start=period.start if period else None,
        period_end=period.due if period else None,
        lead_directory=read_lead_directory(document),
        objectives=objectives,
        sections=sections,
        source=document.source_name,
    )
    plan.warnings.append(
        Warning_("No action table found: read as a narrative strategy.", line=_first_line(lines))
    )
    if programme:
        _add_programme_actions(plan, programme, section_at, period_text)
    return plan


class _Line:
    __slots__ = ("text", "source_line", "index")

    def __init__(self, text: str, source_line: int | None, index: int):
        self.text = text
        self.source_line = source_line
        self.index = index


def _lines(document: Document) -> list[_Line]:
    """Non-empty paragraphs, whitespace collapsed."""
    out: list[_Line] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = " ".join(block.text.split())
            if text:
                out.append(_Line(text, block.source_line, len(out)))
    return out


def _sections(lines: list[_Line], consumed: set[int]):
    """Numbered headings in sequence; also, for each line index, the section index it is in."""
    sections: list[ParsedSection] = []
    section_at: dict[int, int] = {}
    expected = 1
    skip_to = -1
    list_number = 0  # the number of the list item on the line before, 0 if none
    for line in lines:
        if line.index <= skip_to:
            section_at[line.index] = len(sections) - 1
            continue
        match = _HEADING.match(line.text)
        number = int(match.group(1)) if match else 0
        continues_list = number == list_number + 1 and list_number > 0
        list_number = 0
        if match and line.index not in consumed and number == expected and not continues_list:
            title = match.group(2).strip()
            title_line = line.index
            if not title and line.index + 1 < len(lines):
                title = lines[line.index + 1].text
                title_line = line.index + 1
            if _looks_like_heading(title):
                sections.append(ParsedSection(ref=str(expected), title=title, parent=None))
                expected += 1
                skip_to = title_line
                section_at[line.index] = len(sections) - 1
                continue
        if _LIST_ITEM.match(line.text):
            list_number = number
        section_at[line.index] = len(sections) - 1
    return sections, section_at


def _looks_like_heading(title: str) -> bool:
    return (
        bool(title)
        and title[:1].isupper()
        and len(title.split()) <= _HEADING_MAX_WORDS
        and not title.endswith((".", ",", ";", ":"))
    )


def _objectives(lines: list[_Line]) -> list[ParsedObjective]:
    """The first run of lines numbered (i), (ii), (iii)... in order; needs at least two."""
    found: list[ParsedObjective] = []
    for line in lines:
        match = _ROMAN_ITEM.match(line.text)
        if not match or not match.group(1):
            continue
        numeral = match.group(1).lower()
        if len(found) < len(_ROMAN) and numeral == _ROMAN[len(found)]:
            found.append(ParsedObjective(ref=numeral, title=match.group(2).strip()))
        elif len(found) >= 2:
            break
        elif numeral == "i":
            found = [ParsedObjective(ref="i", title=match.group(2).strip())]
    if len(found) < 2:
        return []
    _number_national(found, lines)
    return found


def _number_national(objectives: list[ParsedObjective], lines: list[_Line]) -> None:
    """Link each objective to one of the six national 'No Health Without Mental Health' ones."""
    for position, objective in enumerate(objectives):
        number = match_national_objective(objective.title)
        if number is None and len(objectives) == 6 and _mentions_national(lines):
            number = position + 1
        objective.national_number = number


def _mentions_national(lines: list[_Line]) -> bool:
    text = " ".join(line.text for line in lines[:80]).lower()
    return "no health without mental health" in text or "six shared objectives" in text


def _programme(lines: list[_Line]):
    """(intro line, [line indexes of its items], [(number, text) items]) or None."""
    for line in lines:
        match = _PROGRAMME.search(line.text)
        if not match:
            continue
        count_text = match.group("count").lower()
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        items: list[tuple[int, str]] = []
        indexes: list[int] = []
        gap = 0
        for following in lines[line.index + 1 :]:
            item = _LIST_ITEM.match(following.text)
            if item and int(item.group(1)) == len(items) + 1:
                items.append((int(item.group(1)), item.group(2).strip()))
                indexes.append(following.index)
                if len(items) == count:
                    break
                continue
            if items:
                break
            gap += 1
            if gap > 2:  # only a short label ("Projects") may stand between sentence and list
                break
        if items:
            return line, indexes, items, count
    return None


def _add_programme_actions(plan: ParsedPlan, programme, section_at, period_text) -> None:
    intro, _indexes, items, count = programme
    section_index = section_at.get(intro.index, -1)
    section = plan.sections[section_index].title if section_index >= 0 else None
    ranges = _YEAR_RANGE.findall(intro.text)
    timescale_text = _range_text(ranges[0]) if ranges else period_text
    timescale = parse_timescale(timescale_text) if timescale_text else None
    for number, text in items:
        plan.actions.append(
            ParsedAction(
                ref=str(number),
                section=section,
                text=text,
                timescale_text=timescale_text,
                start=timescale.start if timescale else None,
                due=timescale.due if timescale else None,
                section_index=section_index if section_index >= 0 else None,
                source_row=intro.source_line,
            )
        )
    if len(items) != count:
        plan.warnings.append(
            Warning_(
                f"The text says {count} projects but {len(items)} are listed.",
                line=intro.source_line,
            )
        )
    plan.warnings.append(
        Warning_(
            f"The {len(items)} projects name no lead and no timescale of their own: "
            f"each is given the programme's timescale ({timescale_text or 'none'}).",
            line=intro.source_line,
        )
    )


def _cover_title(lines: list[_Line], sections: list[ParsedSection]) -> str | None:
    """A short line before the first numbered heading (a cover title), if any."""
    for line in lines:
        if _HEADING.match(line.text):
            return None
        words = line.text.split()
        if 2 <= len(words) <= 15 and not line.text.endswith((".", ":", ",")):
            return line.text
    return None


def _programme_name(sentence: str) -> str | None:
    """'To achieve this vision Southwark’s Joint ... Programme 2012-2015 will be made up of 6
    projects' -> 'Southwark Joint ... Programme 2012-2015': the capitalised words before the verb."""
    match = _PROGRAMME.search(sentence)
    head = sentence[: match.start()].split()
    if head and head[-1].lower() in ("will", "shall", "is", "be", "to"):
        head = head[:-1]
    words: list[str] = []
    for word in reversed(head):
        if word[:1].isupper() or word[:1].isdigit() or (words and word in ("and", "of", "&")):
            words.insert(0, word)
        else:
            break
    while words and words[0] in ("and", "of", "&"):
        words.pop(0)
    if len(words) < 2:
        return None
    words[0] = re.sub(r"['’]s$", "", words[0])
    return " ".join(words).rstrip(",;:")


def _period_text(title: str, text: str) -> str | None:
    """The year range in the title, else the one printed most often ('2012-2015')."""
    ranges = _YEAR_RANGE.findall(title)
    if not ranges:
        counts = Counter(_range_text(r) for r in _YEAR_RANGE.findall(text))
        return counts.most_common(1)[0][0] if counts else None
    return _range_text(ranges[0])


def _range_text(found: tuple[str, str]) -> str:
    return f"{found[0]}-{found[1]}"


def _area(text: str, title: str) -> str:
    counts: Counter[str] = Counter()
    for match in _AREA.finditer(text):
        place = match.group("lb") or match.group("place")
        if place and place.split()[0] not in _NOT_PLACES:
            counts[place] += 1
    if counts:
        return counts.most_common(1)[0][0]
    possessive = re.match(r"^([A-Z][a-z]+)['’]s\b", title)
    return possessive.group(1) if possessive else ""


def _first_line(lines: list[_Line]) -> int | None:
    return lines[0].source_line if lines else None
