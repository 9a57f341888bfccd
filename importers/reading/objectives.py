"""The six shared objectives of "No Health Without Mental Health" (HM Government, 2011).

They exist once (a fixture); plans refer to them as "Objective 4 More people will have...",
"(iv) ..." or by title, and `match_national_objective` maps any of those to its number. Plain
Python, no Django.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

NATIONAL_OBJECTIVES: dict[int, str] = {
    1: "More people will have good mental health",
    2: "More people with mental health problems will recover",
    3: "More people with mental health problems will have good physical health",
    4: "More people will have a positive experience of care and support",
    5: "Fewer people will suffer avoidable harm",
    6: "Fewer people will experience stigma and discrimination",
}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_NUMBERED = re.compile(r"^\s*(?:national\s+)?objective\s*(?:no\.?\s*)?([1-6])\b", re.IGNORECASE)
# One \s* either side of an optional "(": two in a row would backtrack quadratically on spaces.
_ROMAN_LABEL = re.compile(r"^\s*(?:\(\s*)?(vi|v|iv|iii|ii|i)\s*[).:]\s*", re.IGNORECASE)
_DIGIT_LABEL = re.compile(r"^\s*\(?([1-6])\s*[).:]\s+", re.IGNORECASE)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


_TITLES = {number: _norm(title) for number, title in NATIONAL_OBJECTIVES.items()}


def match_title(text: str, threshold: float = 0.85) -> int | None:
    """The objective whose title `text` is (allowing typos such as "will have" -> "with have")."""
    words = _norm(text)
    if not words:
        return None
    best, best_ratio = None, 0.0
    for number, title in _TITLES.items():
        if words == title or words.startswith(title):
            return number
        if abs(len(words) - len(title)) > len(title) // 3:
            continue  # too long or short to be this title with a typo or two
        ratio = SequenceMatcher(None, words, title, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = number, ratio
    return best if best_ratio >= threshold else None


def match_national_objective(text: str | None) -> int | None:
    """1-6 for "Objective 4 ...", "(iv) ...", "iv) ...", "4. ..." or an objective's title.

    A number label wins over the words after it ("Objective 5 Fewer people will suffer
    unavoidable harm" is 5). Text naming no objective gives None.
    """
    if not text or not text.strip():
        return None
    m = _NUMBERED.match(text)
    if m:
        return int(m.group(1))
    m = _ROMAN_LABEL.match(text)
    if m:
        return _ROMAN[m.group(1).lower()]
    m = _DIGIT_LABEL.match(text)
    if m:
        number = int(m.group(1))
        rest = text[m.end() :]
        # "4. Improved quality..." is a numbered heading, not an objective: the title must agree
        return number if match_title(rest, threshold=0.6) == number else None
    return match_title(text)
