"""Lead cells split into leads as a human would, and the identity used to merge them.

A lead is a person or a team as the plan names it (DESIGN.md "Leads and organisations").
Splitting follows a few general rules, applied in order to each paragraph of the cell:

1. each paragraph (line) of the cell names at least one lead;
2. "/" and "," separate leads ("CCG / LBB", "JCT, Providers");
3. "and" / "&" separate leads only where one side is a bare acronym ("JCT and Service
   Managers", "Service Manager LA & SSSFT"); otherwise they are part of a team's name ("JCT
   Mental Health and Physical Disabilities", "Kent and Medway SCT");
4. a paragraph starting with a person ("D Johnson", "R. Vickers") is a run of people, each
   [title] initial(s) + surname; other words in the run form one lead ("M Kenny L Smith Team
   managers"), except after a single person ("A Mental Health Team" stays whole);
5. "All <group> <ACRONYM>" is the group and the acronym ("All providers JCT").

Text is kept verbatim apart from collapsing whitespace and dropping list punctuation at the
ends ("R Walker." -> "R Walker"). Repeated names are kept: a run-together cell such as
"R Vickers A Williamson R Vickers A Williamson" (two rows merged in extraction) is the caller's
to divide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["lead_key", "split_leads"]

_CONJUNCTION = r"(?:and|&)"
# A line ending in a conjunction, "/" or " -" carries on in the next line ("JCT and" / "LA").
_DANGLING = re.compile(rf"(?:\s{_CONJUNCTION}|[/&]|\s[-\u2013])$", re.I)
# (?<!\s): start only where a run of spaces starts, so a long run costs linear time
_SLASH = re.compile(r"(?<!\s)\s*/\s*")
_AND = re.compile(rf"((?<!\s)\s+{_CONJUNCTION}\s+)", re.I)
_EDGE_PUNCTUATION = " .,;:\u2022\u00b7*-\u2013"
_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.){2,3}")
_SURNAME = re.compile(r"[A-Z](?:[a-z]|['\u2019][A-Z])[A-Za-z'\u2019-]*")
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "cllr"}


def split_leads(text: str | list[str]) -> list[str]:
    """The leads a Lead cell names, in order ("JCT, SSSFT & Public Health" -> 3 leads).

    text is the cell as one string (line breaks kept) or as its list of paragraphs.
    """
    lines = text if isinstance(text, list) else text.splitlines()
    leads: list[str] = []
    for line in _join_dangling(lines):
        for item in _split_separators(line):
            for part in _split_and(item):
                leads.extend(_split_people(part))
    return leads


def lead_key(name: str) -> str:
    """The identity of a lead: names differing only in punctuation, spacing or case are one.

    "R. Vickers", "R Vickers" and "r  vickers" all give "r vickers" (the normalisation the
    maintainers' score.py uses to compare names).
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"['\u2018\u2019`\"\u201c\u201d]", "", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _collapse(text: str) -> str:
    # NFKC turns non-breaking spaces into plain ones.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _trim(text: str) -> str:
    """List punctuation off both ends: "R Walker." -> "R Walker", "JCT, " -> "JCT"."""
    return text.strip(_EDGE_PUNCTUATION)


def _join_dangling(lines: Iterable[str]) -> list[str]:
    """Non-empty lines, a line that ends mid-phrase joined to the next one."""
    joined: list[str] = []
    carry = ""
    for raw in lines:
        line = _collapse(f"{carry} {raw}")
        carry = line if _DANGLING.search(line) else ""
        if not carry and _trim(line):
            joined.append(_trim(line))
    if _trim(carry):
        joined.append(_trim(carry))
    return joined


def _split_separators(line: str) -> list[str]:
    """Split at "/" and ",". A comma straight after "and" is not a separator: seed 000 prints
    "voluntary and, independent sector providers" as one lead with a stray comma."""
    items: list[str] = []
    for piece in _SLASH.split(line):
        for chunk in re.split(r",\s*", piece):
            if items and re.search(rf"\s{_CONJUNCTION}$", items[-1], re.I):
                items[-1] = f"{items[-1]}, {chunk}"
            else:
                items.append(chunk)
    return [_trim(item) for item in items if _trim(item)]


def _is_acronym(text: str) -> bool:
    """One word of capitals ("JCT", "SSSFT", "LA") or mostly capitals ("SLaM")."""
    if " " in text or len(text) < 2 or not text[0].isupper():
        return False
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 and capitals * 2 > len(text)


def _split_and(item: str) -> list[str]:
    """Split at "and"/"&" only where a side is a bare acronym (rule 3 above)."""
    pieces = _AND.split(item)
    parts = [pieces[0]]
    for conjunction, right in zip(pieces[1::2], pieces[2::2], strict=True):
        if _is_acronym(parts[-1]) or _is_acronym(right):
            parts.append(right)
        else:
            parts[-1] += conjunction + right
    return [lead for part in parts for lead in _split_all_group(part)]


def _split_all_group(item: str) -> list[str]:
    """Split "All providers JCT" into "All providers" and "JCT" (rule 5 above).

    An "All ..." group names everyone of a kind, so an acronym after it is a second lead. Only
    seed 000 needs this; "ALL MH Service Providers" stays whole as it ends in no acronym.
    """
    words = item.split()
    if len(words) >= 3 and words[0].lower() == "all" and _is_acronym(words[-1]):
        return [" ".join(words[:-1]), words[-1]]
    return [item]


def _split_people(item: str) -> list[str]:
    """Split a run of people: "D Johnson A Williamson R Vickers" -> three (rule 4 above).

    Other words between or after the people form one lead each ("M Kenny L Smith Team
    managers"). A single person followed by other words stays whole: "A Mental Health Team" is
    more likely a team than a person and a remainder.
    """
    words = item.split()
    # initials_end[k]: where the run of initials from word k ends, found once from the right
    # (scanning the run again from every word is quadratic in a cell of "A A A A ...")
    initials_end = list(range(len(words) + 1))
    for k in range(len(words) - 1, -1, -1):
        if _INITIAL.fullmatch(words[k]):
            initials_end[k] = initials_end[k + 1]
    runs: list[tuple[bool, list[str]]] = []  # (is a person, words)
    i = 0
    while i < len(words):
        length = _person_length(words, i, initials_end)
        if length:
            runs.append((True, words[i : i + length]))
            i += length
        elif runs and not runs[-1][0]:
            runs[-1][1].append(words[i])
            i += 1
        else:
            runs.append((False, [words[i]]))
            i += 1
    people = sum(is_person for is_person, _ in runs)
    if not runs or not runs[0][0] or (people < 2 and len(runs) > 1):
        return [item]
    return [" ".join(run) for _, run in runs]


def _person_length(words: list[str], i: int, initials_end: list[int]) -> int:
    """How many words from i make one person: [title] initial(s) surname; 0 if not a person."""
    j = i + 1 if words[i].lower().rstrip(".") in _TITLES else i
    initials = initials_end[j]
    if initials == j or initials >= len(words) or not _SURNAME.fullmatch(words[initials]):
        return 0
    return initials + 1 - i
