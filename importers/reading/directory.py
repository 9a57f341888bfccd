"""Who the plan's leads are: a directory of lead names (initials, abbreviations) to organisations.

Plans name leads briefly ("R Vickers", "MHSPG") and say elsewhere who they are:

* a list after a heading such as "Lead Officers for Actions" (Halton's Appendix 1), one
  "initials-and-surname organisation" entry per line, or a two-column table;
* an organisational body introduced with its abbreviation, "MH Strategic Programme Group
  (MHSPG)", which later rows use as a lead.

`read_lead_directory(document)` returns both, abbreviation entries never overriding the list.
Plain Python, no Django.
"""

from __future__ import annotations

import re

from importers.reading.document import Document, Paragraph, Table

# A heading that introduces a list of leads: short, not a sentence.
_HEADING = re.compile(
    r"\blead\s+officers?\b|\bleads?\s+(?:key|directory|list)\b|\bkey\s+to\s+(?:leads|initials)\b"
    r"|\blist\s+of\s+leads\b|\bleads?\s+and\s+(?:their\s+)?organisations?\b",
    re.IGNORECASE,
)
_HEADING_MAX_WORDS = 10

# "C Ashton", "J. Kelly", "A B Smith", "A.B. O'Neil", "L Wormleighton-Smith": initials then a surname.
# A name starts a line, follows a space, or is glued to the end of the previous entry's
# organisation ("...Primary Care TrustS Rippon ...": a lost line break in PDF extraction).
_NAME = re.compile(
    r"(?:^|(?<=\s)|(?<=[a-z]))"
    r"(?P<name>[A-Z]\.?(?:\s?[A-Z]\.|\s[A-Z]\.?)?\s+[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?)"
    r"(?=\s|$)"
)
# An explicit separator between name and organisation. Each whitespace alternative starts only
# where a run of spaces starts (it would match there first anyway): tried from every space of
# a long run, it would cost time quadratic in the run's length.
_SEPARATOR = re.compile(r"(?<!\s)\s+[-–—:]\s+|(?<!\s)\s*:\s+|\t")

# "Mental Health Programme Management Group.(MHPMG)": an abbreviation for a body.
# Words are at most 40 characters and a match never starts just after a capital (it would
# have started at that capital): so the work from each start is bounded and a long unbroken
# word ("AbAbAb...") costs linear, not quadratic, time.
_DEFINED = re.compile(
    r"(?<![A-Z])"
    r"(?P<long>(?:[A-Z][\w&'’/-]{0,40}\s+(?:(?:and|of|for|the)\s+)?){0,9}[A-Z][\w'’-]{0,40})"
    r"\W{0,2}\((?P<short>[A-Z][A-Za-z]{1,9})\)"
)
_BODY_NOUNS = {
    "group", "board", "committee", "team", "forum", "partnership", "trust", "council",
    "network", "panel", "alliance", "commission", "agency", "authority", "unit", "collaborative",
    "executive", "service", "services",
}  # fmt: skip


def read_lead_directory(document: Document) -> dict[str, str]:
    """Lead name or abbreviation -> organisation, from a lead list and defined abbreviations."""
    directory = read_lead_list(document)
    for short, long in read_defined_bodies(document).items():
        directory.setdefault(short, long)
    return directory


def read_lead_list(document: Document) -> dict[str, str]:
    """Entries listed after a heading that names lead officers (or leads), until the list ends."""
    directory: dict[str, str] = {}
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and _is_heading(block.text)):
            continue
        found = _entries_after(blocks, index + 1)
        for name, organisation in found:
            directory.setdefault(name, organisation)
    return directory


def split_directory_line(text: str) -> list[tuple[str, str]]:
    """'J Gibbon Halton Borough Council S Harris Halton Borough Council' -> two (name, org) pairs.

    A line with an explicit separator ("R Vickers - Halton PCT", a tab) is one entry with any
    name; otherwise names must look like initials and a surname, and several may share a line
    where extraction lost the line breaks. An organisation printed twice in a row ('X X') is
    kept once.
    """
    text = text.strip()
    if not text:
        return []
    parts = _SEPARATOR.split(text, maxsplit=1)
    if len(parts) == 2 and _plausible_name(parts[0]) and _has_words(parts[1]):
        return [(_clean_name(parts[0]), _dedupe_repeat(" ".join(parts[1].split())))]
    starts = [m for m in _NAME.finditer(text)]
    if not starts or starts[0].start() != 0:
        return []
    entries = []
    for position, match in enumerate(starts):
        end = starts[position + 1].start() if position + 1 < len(starts) else len(text)
        organisation = " ".join(text[match.end() : end].split())
        if not _has_words(organisation):
            # Two names in a row ("S Harris J Kelly ..."): not a directory line.
            return []
        entries.append((_clean_name(match.group("name")), _dedupe_repeat(organisation)))
    return entries


def read_defined_bodies(document: Document) -> dict[str, str]:
    """Abbreviations introduced for organisational bodies: 'MH Strategic Programme Group (MHSPG)'.

    Only where the abbreviation spells the initials of the words before it (a word in capitals
    counts as its letters: 'MH Strategic Programme Group' -> MHSPG) and the last word names a
    body (Group, Board, Committee, Trust...). 'Practice Based Commissioning (PBC)' is not a body.
    """
    found: dict[str, str] = {}
    for text in _all_texts(document):
        for match in _DEFINED.finditer(" ".join(text.split())):
            short = match.group("short")
            long = _expansion(match.group("long").split(), short)
            if long and long.split()[-1].lower() in _BODY_NOUNS:
                found.setdefault(short, long)
    return found


def _expansion(words: list[str], short: str) -> str | None:
    """The shortest run of trailing words whose initials spell `short`, or None."""
    target = short.upper()
    for start in range(len(words) - 1, -1, -1):
        if words[start].lower() in ("and", "of", "for", "the"):
            continue
        letters = "".join(_initials(word) for word in words[start:])
        if letters == target:
            return " ".join(words[start:])
        if len(letters) > len(target):
            return None
    return None


def _initials(word: str) -> str:
    if word.lower() in ("and", "of", "for", "the", "&"):
        return ""
    core = re.sub(r"[^A-Za-z]", "", word)
    if len(core) > 1 and core.isupper():
        return core
    return core[:1].upper()


def _entries_after(blocks, start: int) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    for block in blocks[start:]:
        if isinstance(block, Table):
            rows = [row.texts for row in block.rows]
            two_column = [r for r in rows if len([t for t in r if t]) == 2]
            if not two_column:
                break
            for texts in two_column:
                name, organisation = [t for t in texts if t]
                if _plausible_name(name):
                    entries.append((_clean_name(name), " ".join(organisation.split())))
            continue
        line_entries = split_directory_line(block.text)
        if not line_entries:
            if entries:
                break
            continue  # a sub-heading or blank between the heading and the list
        entries.extend(line_entries)
    return entries


def _is_heading(text: str) -> bool:
    text = " ".join(text.split())
    return (
        bool(_HEADING.search(text))
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.endswith(".")
    )


def _plausible_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and text[:1].isupper()


def _has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", text))


def _clean_name(text: str) -> str:
    return " ".join(text.split()).rstrip(".,;:")


def _dedupe_repeat(text: str) -> str:
    """'5BoroughsPartnership NHS Trust 5BoroughsPartnership NHS Trust' -> one copy."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _all_texts(document: Document):
    for block in document.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield cell.text
