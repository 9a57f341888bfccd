"""Word list numbering for the .docx reader: w:num -> w:abstractNum levels, running counters.

Values and labels are bounded, since numbering.xml comes from the upload: a start is clamped
to Word's own range, roman numerals and letters are used only up to `MAX_STYLED_NUMBER` (then
plain digits), and a level's label text is cut to `MAX_LABEL_TEXT` characters, so no list can
turn a few bytes of XML into megabytes of label.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn

W_VAL = qn("w:val")
MAX_START = 32_767
"""The largest start value Word lets a list have."""
MAX_STYLED_NUMBER = 10_000
"""Above this, a roman or letter numbered item gets plain digits ('MMMMMMMMMM...' is no label)."""
MAX_LABEL_TEXT = 50
"""Characters of a level's label text ("%1.%2."); Word's own are a few characters."""
_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """The numbering part of a document, with one counter per list as Word keeps them."""

    def __init__(self, word) -> None:
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, dict]]] = {}
        self.counters: dict[object, dict[int, int]] = {}
        try:
            numbering = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            self.abstract[abstract.get(qn("w:abstractNumId"))] = _levels(abstract)
        for num in numbering.findall(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            starts: dict[int, int] = {}
            levels: dict[int, dict] = {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int_val(override, 0, qn("w:ilvl"))
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    starts[ilvl] = _start(start)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[num.get(qn("w:numId"))] = (
                abstract_id.get(W_VAL) if abstract_id is not None else "",
                starts,
                levels,
            )

    def next_label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums:
            return ""
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        level = levels.get(ilvl)
        if level is None or level["fmt"] == "bullet":
            return ""
        # Word continues a list across w:num elements sharing an abstractNum unless one
        # restarts it (startOverride): key the counters the same way.
        key = ("num", num_id) if starts else ("abstract", abstract_id)
        counters = self.counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = starts.get(ilvl, level["start"])
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]

        def value(match: re.Match) -> str:
            n = int(match.group(1)) - 1
            lvl = levels.get(n, {"fmt": "decimal", "start": 1})
            return format_number(counters.get(n, lvl["start"]), lvl["fmt"])

        label = _PLACEHOLDER.sub(value, level["text"]).strip()
        return f"{label} " if label else ""


def _levels(abstract) -> dict[int, dict]:
    return {int_val(lvl, 0, qn("w:ilvl")): _level(lvl) for lvl in abstract.findall(qn("w:lvl"))}


def _level(lvl) -> dict:
    fmt = lvl.find(qn("w:numFmt"))
    text = lvl.find(qn("w:lvlText"))
    start = lvl.find(qn("w:start"))
    return {
        "start": _start(start) if start is not None else 1,
        "fmt": fmt.get(W_VAL, "decimal") if fmt is not None else "decimal",
        "text": text.get(W_VAL, "")[:MAX_LABEL_TEXT] if text is not None else "",
    }


def _start(element) -> int:
    return min(max(int_val(element, 1), 0), MAX_START)


def format_number(n: int, fmt: str) -> str:
    """The item number as Word shows it in the level's format ('iv', 'D', '07')."""
    if fmt == "none":
        return ""
    if n > MAX_STYLED_NUMBER:
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def int_val(element, default: int, attribute: str = W_VAL) -> int:
    """An integer attribute (w:val by default), or `default` where it is missing or not one."""
    if element is None:
        return default
    try:
        return int(element.get(attribute, default))
    except (TypeError, ValueError):
        return default
