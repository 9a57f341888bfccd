"""What an action cell says besides the action: a leading ref, labelled values, lead sentences.

- `split_ref`: "1 - Review ...", "1.2 Review ...", "A3: Review ...", "Action 4: Review ..." give
  the ref apart from the text; "2015/16 plan", "1,000 staff", "24/7 access" and a numbered list
  in one cell ("1: ... 2: ...") do not.
- `labelled_parts`: "Responsible persons: ...", "Implementation date(s): ...", "Status: ...":
  labels are found by the same vocabulary as column headers (`roles.best_header_role`), so a
  label names a field as a header would. Cells lose their line breaks in some exports
  ("...No. 93.658Recommendation: ..."), so a label may start where a lower-case letter or digit
  runs into a capital.
- `prose_leads`: leads written as prose ("Teri Goodwin, Financial Reporting Manager", "Chief
  Information Officer and the Director for ...") split into people and posts.
- `lead_parts`: a lead cell's paragraphs cleaned before `split_leads` ("Leadership team to
  include check on SOW ...; Staff Wellbeing Committee" names two bodies).
"""

from __future__ import annotations

import re

from importers.reading.layout.roles import best_header_role

_REF_PUNCTUATED = re.compile(
    r"(?:(?i:action)\s+)?(?P<ref>[A-Z]{1,2}\d{1,3}(?:\.\d{1,3}){0,3}|\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)"
    r"(?:\s*[-\u2013\u2014:)]\s*|\.\s+)(?=\S)"
)
# "1.2 Review": a dotted number needs no punctuation before a capital letter
_REF_DOTTED = re.compile(r"(?:(?i:action)\s+)?(?P<ref>\d{1,3}(?:\.\d{1,3}){1,3})\s+(?=[A-Z])")


def split_ref(text: str) -> tuple[str, str] | None:
    """(ref, rest of the text) where the cell starts with the action's number, else None."""
    text = text.strip()
    m = _REF_PUNCTUATED.match(text) or _REF_DOTTED.match(text)
    if not m:
        return None
    ref, rest = m.group("ref"), text[m.end() :].strip()
    if not rest or not (rest[0].isalpha() or rest[0] in "\"'\u2018\u201c("):
        return None
    if ref.isdigit():  # "1: ... 2: ..." is a numbered list, one action
        following = str(int(ref) + 1)
        if re.search(rf"(?<![\d.,/]){following}\s*[:.)\-\u2013]\s", rest):
            return None
    return ref, rest


# --- labelled values ----------------------------------------------------------------------------

_COLON = re.compile(r":(?![\d/])")
# Where a label may start: after a sentence, a line break lost between a lower-case letter or
# a digit and a capital ("93.658Recommendation"), or a previous value's end.
_BOUNDARY = re.compile(r"[.;!?]\s*|(?<=[a-z0-9)])(?=[A-Z][a-z])|\n")
_CAPITAL_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z]")
_LABEL_WINDOW = 120
_LABEL_WORDS = 12
VALUE_ROLES = {"leads", "due", "timescale", "start", "rag"}
LABEL_ROLES = VALUE_ROLES | {"text", "context", "progress", "outcome", "follow_up"}


def _label_before(text: str, colon: int, floor: int) -> tuple[int, str] | None:
    """(start, role) of a label ending at `colon`, or None where the words name no field."""
    start = max(floor, colon - _LABEL_WINDOW)
    window = text[start:colon]
    last = 0
    for m in _BOUNDARY.finditer(window):
        last = m.end()
    phrase = window[last:]
    if not phrase.strip() or len(phrase.split()) > _LABEL_WORDS:
        return None
    starts = [m.start() for m in _CAPITAL_WORD.finditer(phrase)]
    for offset in reversed(starts):  # the shortest phrase that names a field
        role, weight = best_header_role(phrase[offset:].strip())
        if role in LABEL_ROLES and weight >= 0.6:
            return start + last + offset, role
    return None


def labelled_parts(text: str) -> tuple[str, list[tuple[str, str, str]]] | None:
    """(text before the first label, [(label, role, value)]) where the text labels a value.

    Only where some label names a value field (leads, dates, status): "Note: ..." in an
    action's text is left alone. A label naming no field continues the value before it.
    """
    found: list[tuple[int, int, str]] = []  # (label start, colon, role)
    floor = 0
    for m in _COLON.finditer(text):
        label = _label_before(text, m.start(), floor)
        if label is not None:
            found.append((label[0], m.start(), label[1]))
            floor = m.end()
    if not any(role in VALUE_ROLES for _, _, role in found):
        return None
    prefix = text[: found[0][0]].strip()
    parts = []
    for k, (start, colon, role) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(text)
        value = text[colon + 1 : end].strip().lstrip(".:;, ").strip()
        parts.append((" ".join(text[start:colon].split()), role, " ".join(value.split())))
    return prefix, parts


def trailing_glued_caps(value: str) -> str:
    """'Jerome GreenPEAF' -> 'Jerome Green': a capitalised word run on from the next line."""
    return re.sub(r"(?<=[a-z])[A-Z]{2,}$", "", value).strip()


# --- leads written as prose ---------------------------------------------------------------------

_POSTS = {
    "officer", "director", "manager", "coordinator", "co-ordinator", "administrator", "leader",
    "commissioner", "lead", "head", "chief", "secretary", "president", "supervisor", "analyst",
    "controller", "auditor", "counsel", "chair", "chairman", "specialist", "superintendent",
    "treasurer", "clerk", "dean", "principal", "executive", "cio", "cfo", "ceo", "coo", "cto",
    "cdo", "ciso", "comptroller", "accountant", "officers", "managers", "directors",
}  # fmt: skip
_MODIFIERS = {"deputy", "assistant", "associate", "senior", "team", "vice", "acting", "interim",
              "chief", "executive", "principal", "lead", "general"}  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)


def _is_post(text: str) -> bool:
    return any(w.lower() in _POSTS for w in _words(text))


def _starts_post(text: str) -> bool:
    words = [w.lower() for w in _words(re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I))]
    if not words:
        return False
    return words[0] in _POSTS or (len(words) > 1 and words[0] in _MODIFIERS and words[1] in _POSTS)


# Words of departments and functions, not of people's names ("Funds Management").
_UNIT_WORDS = {"funds", "federal", "state", "program", "programs", "programme", "services",
               "service", "operations", "affairs", "division", "office", "support", "systems",
               "resources", "center", "centre", "team", "unit", "data", "analytics", "budget",
               "grants", "finance", "financial", "policy", "health", "care", "county", "council",
               "information", "technology", "public", "safety", "accounting", "payroll"}  # fmt: skip
_UNIT_ENDINGS = re.compile(r"(?:ment|ing|tion|sion|ices|ity|ness|ics|ance|ence)$")


def _is_person(text: str) -> bool:
    """'Teri Goodwin', 'R Vickers': two or three capitalised words naming no post or unit."""
    words = text.split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(r"[A-Z][a-z'\u2019-]+|[A-Z]\.?", w) for w in words)
        and not _is_post(text)
        and not any(w.lower() in _UNIT_WORDS or _UNIT_ENDINGS.search(w.lower()) for w in words)
    )


def _split_and(part: str) -> list[str]:
    """'X Officer and the Director for Y' -> two posts; 'Budget and Planning Division' stays."""
    pieces = re.split(r",\s+and\s+|(?<![\s,])\s+and\s+", part)
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1]
        if (_starts_post(piece) and (_is_post(left) or _is_person(left))) or (
            _is_person(piece) and _is_person(left)
        ):
            out.append(piece)
        else:
            out[-1] = f"{out[-1]} and {piece}"
    return out


def prose_leads(text: str) -> list[str]:
    """People and posts named in a sentence, each once, 'Name, Title' pairs kept whole."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", "; ", text)  # a lost line break between two
    text = re.sub(r"(?:^|(?<=[.;]\s))For [^,;]{1,60},\s*", "", text)  # "For FFATA, <post>"
    leads: list[str] = []
    for sentence in re.split(r";\s*|\.\s+(?=[A-Z])", text):
        entries: list[list[str]] = []
        for part in (p.strip(" .") for p in sentence.split(",")):
            if not part:
                continue
            for piece in _split_and(part):
                piece = re.sub(r"^(?:the|and)\s+", "", piece.strip(), flags=re.I)
                previous = entries[-1] if entries else None
                person_title = previous and len(previous) == 1 and not _is_post(previous[0])
                if previous is None or (_is_post(piece) and not person_title):
                    entries.append([piece])
                elif _is_post(piece) or not _is_person(piece):
                    previous.append(piece)  # a title after a name, or a post's qualifier
                else:
                    entries.append([piece])
        for entry in entries:
            lead = ", ".join(entry)
            if lead and lead.lower() not in (x.lower() for x in leads):
                leads.append(lead)
    return leads


# --- lead cells ---------------------------------------------------------------------------------

_BODIES = {"team", "committee", "board", "group", "council", "partnership", "service",
           "services", "department", "trust", "panel", "forum", "office", "unit", "network",
           "governors", "leadership", "staff", "managers", "officers"}  # fmt: skip


def lead_parts(paragraphs: list[str]) -> list[str]:
    """A lead cell's lines made ready for `split_leads`.

    'Leadership team to include check on ... (HOD); Staff Wellbeing Committee': the body that
    does something is the lead ("X to <verb> ..."), ';' separates, and '&' between two named
    bodies ("Leadership Team & Staff Wellbeing Committee") separates them.
    """
    out: list[str] = []
    for paragraph in paragraphs:
        for part in re.split(r";\s*", paragraph):
            part = part.strip()
            m = re.match(r"(?P<who>[A-Z][\w&' -]{2,60}?)\s+to\s+[a-z]+\b", part)
            if m and len(part) > 40:
                part = m.group("who")
            out.extend(_split_bodies(part))
    return [p for p in out if p]


def _split_bodies(part: str) -> list[str]:
    pieces = re.split(r"(?<!\s)\s+(?:&|and)\s+", part)
    if len(pieces) != 2:
        return [part]
    left, right = pieces
    left_words, right_words = left.split(), right.split()
    named = len(left_words) >= 2 and len(right_words) >= 2 and right_words[0][:1].isupper()
    if named and left_words[-1].lower() in _BODIES and right_words[-1].lower() in _BODIES:
        return [left, right]
    return [part]
