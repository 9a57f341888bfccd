"""What each column of a table holds, from its header and its content together.

A header cell is read as words (snake_case and camelCase split: `ap_number` -> "ap number") and
scored against a vocabulary of phrases per role ("responsible", "owner", "who" -> leads). The
column's values are profiled (month expressions, status words, short numbered tokens, short
names, long sentences). Neither decides alone: a header the vocabulary knows is confirmed or
doubted by the content, and a column with no usable header is decided by its content alone.
Every column gets a role (one of `mapping.ROLES`), a confidence 0..1 and a short reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.reading.dates import months_in
from importers.reading.layout.headers import _COMPILED as _KNOWN
from importers.reading.layout.headers import _norm_label, map_header
from importers.reading.mapping import SURE, ColumnReading

# Roles a column can fill in an action (the layout's field names); "outcome" is the header
# vocabulary's undecided context-or-outcomes, settled by position (`headers._settle_outcome`).
FIELDS = ("ref", "section", "text", "context", "leads", "timescale", "start", "due", "outcomes",
          "progress", "follow_up", "rag", "objectives")  # fmt: skip

# (role, phrase as whole words, weight). Weights: the phrase alone names the role (0.9), or
# suggests it (0.6-0.8). Searched in the header's words, so "Target completion date" finds
# "completion date". Each pattern is a plain alternation: linear in the label.
_PHRASES: list[tuple[str, str, float]] = [
    (
        "due",
        r"deadline|due( date)?|completion( date)?|end date|finish( date)?|by when|date due",
        0.9,
    ),
    ("due", r"(target|implementation|planned|completion|review) dates?", 0.9),
    ("due", r"(target|due|completion|end|finish) (dt|dte|day)", 0.9),
    ("start", r"start( date)?|begin(s|ning)?|commenc\w*", 0.85),
    ("timescale", r"time ?scales?|time ?frames?|when|dates?|timing|target month|period", 0.85),
    ("timescale", r"^(?:months?|quarters?)$", 0.7),
    ("rag", r"rag|brag|b rag|status|rating|red amber green|achieved|on track", 0.85),
    ("progress", r"progress|updates?|latest|commentary|position|comments?", 0.8),
    ("follow_up", r"follow ?up|next steps?|further actions?", 0.9),
    ("follow_up", r"evaluation|review arrangements", 0.7),
    ("leads", r"leads?|led by|owners?|ownership|responsib\w*|accountab\w*|who|officers?", 0.85),
    ("leads", r"partners?|contacts?|stakeholders?|persons?|agenc(y|ies)|monitor\w*|by whom", 0.7),
    ("leads", r"champions?|sponsors?|assigned( to)?|assignees?|in charge|delivered by|led", 0.75),
    ("leads", r"responsible (party|parties|bodies|body|persons?)|action owners?", 0.9),
    ("leads", r"contact persons?|persons? responsible|name of (the )?(contact|lead|officer)", 0.95),
    # vague: "Name" or "Team" alone says who, not which field; content has to agree
    ("leads", r"^names?$|teams?|departments?|directorates?", 0.6),
    (
        "outcome",
        r"outcomes?|success|measures?|measurements?|kpis?|indicators?|metrics?|deliverables?",
        0.8,
    ),
    ("outcome", r"outputs?|milestones?|evidence|impact|expected results?|targets?", 0.7),
    # "How will we know?", "What does success look like?": the question a measure answers
    (
        "outcome",
        r"how (will )?we (will )?(know|measure|tell)|success look like|difference (it|this) makes?",
        0.9,
    ),
    # "Risk ID", "Cost centre no" number something else: a bare number word only is a ref
    ("ref", r"^(?:ref|reference|no|num|number|id|item|line|ref no|item no|s no|serial)$", 0.75),
    (
        "ref",
        r"(reference|ref|finding|action|item|ap|audit|rec|recommendation|task|activity|line"
        r"|row|serial|s) (no|num|number|id|ref)|reference number",
        0.9,
    ),
    ("text", r"actions?|tasks?|activit(y|ies)|corrective action|what|steps?|title", 0.8),
    ("text", r"(planned|proposed|corrective|key|agreed|recommended) actions?|action plan", 0.9),
    ("section", r"themes?|priorit(y|ies)|areas?|work ?streams?|categor(y|ies)|sections?", 0.7),
    ("section", r"goals?|strategic objectives?|headings?|pillars?", 0.7),
    ("context", r"objectives?|aims?|why|rationale|issues?|findings?|recommendations?", 0.75),
    ("context", r"background|context|problems?|risks?|gaps?|descriptions?|purpose", 0.7),
    ("objectives", r"national objectives?", 0.9),
]
_COMPILED = [(role, re.compile(rf"\b(?:{p})\b"), w) for role, p, w in _PHRASES]
# Roles whose content is a date, a rating, a number: the content says a lot about them.
_DATE_ROLES = {"timescale", "start", "due"}
_TEXT_ROLES = {"text", "context", "outcome", "outcomes", "progress", "follow_up", "section",
               "objectives"}  # fmt: skip


def label_words(label: str) -> str:
    """A header as lower-case words: `ap_number` -> 'ap number', `dueDate` -> 'due date'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", label or "")
    # "#" is a number sign: "#" -> "number", "Action #" -> "action number"
    text = text.lower().replace("&", " and ").replace("#", " number ")
    text = re.sub(r"[\u2018\u2019'`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def header_roles(label: str) -> dict[str, float]:
    """Role -> weight for a header cell; empty when the words name no role."""
    if not label or len(label) > 120:
        return {}
    found = phrase_roles(label)
    label = label.replace("#", " no ")  # "Action #" is the action's number, not the action
    known = map_header(label)  # the established vocabulary (tolerates OCR damage)
    if known is not None:
        # a name read through OCR damage ("Actons") is less sure than one read as printed:
        # "action_id" is near "action" but its words say "id"
        exact = any(p.fullmatch(_norm_label(label)) for _, p in _KNOWN)
        found[known] = max(found.get(known, 0.0), 0.95 if exact else 0.8)
        if exact:
            return {known: 0.95}
    return found


def phrase_roles(label: str) -> dict[str, float]:
    """Role -> weight from the phrase vocabulary alone (no established header names)."""
    words = label_words(label)
    found: dict[str, float] = {}
    for role, pattern, weight in _COMPILED:
        if pattern.search(words):
            found[role] = max(found.get(role, 0.0), weight)
    if any(r in found for r in _DATE_ROLES) and "ref" in found:
        del found["ref"]  # "date number" is a date
    if "ref" not in found and re.search(r"\b(?:id|no|number|code|ref)$", words):
        return {}  # "Risk ID", "Cost code": the number of something else, kept as extra
    return found


def best_header_role(label: str) -> tuple[str | None, float]:
    found = header_roles(label)
    if not found:
        return None, 0.0
    # A date role wins over an action word ("Planned completion date for corrective action").
    dated = {r: w for r, w in found.items() if r in _DATE_ROLES}
    pool = dated or found
    role = max(pool, key=lambda r: (pool[r], -FIELDS.index(r) if r in FIELDS else 0))
    rivals = sorted((w for r, w in found.items() if r != role and r not in _DATE_ROLES),
                    reverse=True)  # fmt: skip
    weight = pool[role] - (0.1 if rivals and rivals[0] >= pool[role] and not dated else 0.0)
    return role, weight


# --- content -------------------------------------------------------------------------------------

_REF = re.compile(r"(?:[A-Za-z]{1,3}[-. ]?)?\d{1,4}(?:[.\-/]\d{1,4}){0,3}[a-z]?[.:)]?")
_TERMS = re.compile(
    r"\b(?:spring|summer|autumn|winter|easter|christmas|term|q[1-4]|quarter(?:ly)?|ongoing"
    r"|annual(?:ly)?|monthly|weekly|immediate(?:ly)?|month|year|week|fy\d{2,4})\b",
    re.IGNORECASE,
)
STATUS_WORDS = {
    "red", "amber", "green", "blue", "r", "a", "g", "b", "complete", "completed", "achieved",
    "done", "on track", "on target", "in progress", "not started", "incomplete", "delayed",
    "overdue", "at risk", "off track", "behind", "partially achieved", "not achieved", "closed",
    "open", "yellow", "ongoing", "rag", "grey", "gray", "black", "started", "slipped",
}  # fmt: skip
# Words of a progress report: a past participle, or "awaiting", "under way", "has been"...
# (`\w+ed` is tried once per word start: linear in the text)
_UPDATE = re.compile(
    r"\b(?:\w+ed|awaiting|under ?way|ongoing|running|pending|has|have|had|been|was|were|now"
    r"|currently|to date|so far)\b",
    re.IGNORECASE,
)
_FLAGS = {"y", "n", "yes", "no", "true", "false", "x", "n a", "na"}
_CONNECTORS = {"and", "of", "the", "for", "at", "to", "with", "in", "on", "&", "/", "-"}


@dataclass
class Profile:
    """Fractions of a column's filled values that look like each kind of content."""

    filled: int = 0
    ref: float = 0.0
    date: float = 0.0
    rag: float = 0.0
    name: float = 0.0
    long: float = 0.0
    flag: float = 0.0
    distinct: float = 0.0
    mean_length: float = 0.0
    update: float = 0.0
    """Sentences that report what happened ("Survey issued", "Awaiting sign-off")."""


def _is_name(text: str) -> bool:
    """Short names of people, posts or bodies: 'R Vickers', 'JCT & SSSFT', 'Head of Service'."""
    if len(text) > 80 or text.rstrip().endswith((".", "?", "!")) and len(text) > 25:
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019.-]*|&|/", text)
    if not words or len(words) > 10 or re.search(r"\d{3}", text):
        return False
    capital = sum(1 for w in words if w[0].isupper() or w.lower() in _CONNECTORS)
    return capital / len(words) >= 0.7


def profile(values: list[str], fills: list[str | None] | None = None) -> Profile:
    """What the filled values of a column look like (values in row order, '' for empty)."""
    texts = [" ".join(v.split()) for v in values]
    filled = [t for t in texts if t]
    shaded = sum(1 for i, t in enumerate(texts) if not t and fills and fills[i])
    p = Profile(filled=len(filled))
    if not filled:
        p.rag = 1.0 if shaded else 0.0
        return p
    n = len(filled)
    p.ref = sum(1 for t in filled if _is_ref(t)) / n
    p.date = sum(1 for t in filled if len(t) <= 120 and (months_in(t) or _TERMS.search(t))) / n
    p.rag = (sum(1 for t in filled if _norm(t) in STATUS_WORDS) + shaded) / (n + shaded)
    p.name = sum(1 for t in filled if _is_name(t)) / n
    p.long = sum(1 for t in filled if len(t) >= 40 and len(t.split()) >= 6) / n
    p.flag = sum(1 for t in filled if _norm(t) in _FLAGS) / n
    p.distinct = len(set(filled)) / n
    p.mean_length = sum(len(t) for t in filled) / n
    p.update = sum(1 for t in filled if len(t) >= 20 and _UPDATE.search(t)) / n
    return p


def _is_ref(text: str) -> bool:
    if len(text) > 12 or not _REF.fullmatch(text) or _ISO_DATE.fullmatch(text):
        return False
    return not months_in(text)


_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())


def content_role(p: Profile) -> tuple[str | None, float]:
    """The role content alone suggests (ref, timescale, rag, leads, or 'long' sentences)."""
    if not p.filled:
        return ("rag", 0.6) if p.rag else (None, 0.0)
    scores = {"ref": p.ref, "timescale": p.date * (1.0 if p.mean_length < 60 else 0.5),
              "rag": p.rag, "leads": p.name * (1 - p.ref) * (1 - p.rag) * (1 - p.flag),
              "long": p.long, "flag": p.flag}  # fmt: skip
    role = max(scores, key=lambda r: scores[r])
    return role, scores[role]


def compatibility(role: str, p: Profile) -> float:
    """0..1: how well the content fits the role the header names (0.5 when there is none)."""
    if not p.filled:
        return 0.5
    if role == "ref":
        return p.ref
    if role in _DATE_ROLES:
        return p.date
    if role == "rag":
        return max(p.rag, 0.3 * (1 - p.long))
    if role == "leads":
        return max(p.name, 0.6 * (1 - p.ref) * (1 - p.flag))
    # text-like roles: anything but bare numbers, flags, ratings and short dates
    dated = p.date if p.mean_length < 30 else (0.6 * p.date if role != "text" else 0.0)
    return max(0.0, 1 - max(p.ref, p.flag, p.rag, dated))


# --- one column ---------------------------------------------------------------------------------


def read_column(index: int, label: str, p: Profile, samples: list[str]) -> ColumnReading:
    """The role of one column, with how sure the reading is and why."""
    shown = label.strip()
    role, weight = best_header_role(shown)
    if role is not None:
        fit = compatibility(role, p)
        why = f"header '{shown}' reads as {role.replace('_', ' ')}"
        # "Objective" may head themes or aims: a different long sentence on every row is an aim
        ambiguous = "context" in phrase_roles(shown)
        if (
            role == "section"
            and ambiguous
            and p.long >= 0.6
            and p.distinct >= 0.8
            and p.filled >= 2
        ):
            return ColumnReading(index, label, "context", 0.65, samples,
                                 why + "; but every row has its own sentence: context")  # fmt: skip
        alternative, strength = content_role(p)
        # a weak header word yields to clear content
        weak = weight < 0.9 and fit < 0.25
        if weak and strength >= 0.8 and alternative in ("timescale", "rag"):
            return ColumnReading(
                index, label, alternative, round(0.5 + 0.3 * strength, 2), samples,
                why + f"; values look like {alternative}",
            )  # fmt: skip
        confidence = 0.55 * weight + 0.45 * fit
        if fit >= 0.7:
            why += "; values agree"
        elif fit < 0.4:
            why += "; values do not look like it"
        return ColumnReading(index, label, role, round(min(confidence, 1.0), 2), samples, why)
    alternative, strength = content_role(p)
    unlabelled = not shown
    where = "no header" if unlabelled else f"header '{shown}' names no field"
    # names under a printed header that says something else are not taken as leads here
    # ("Reporting Mechanism: Progress Report Tool"); `settle` may, where no column names leads
    # nor codes ("Cost centre: CC2231"): the action's ref has a header saying so, or none
    formal = ("ref", "timescale", "rag", "leads") if unlabelled else ("timescale", "rag")
    if alternative in formal and strength >= 0.6:
        confidence = (0.85 if unlabelled else 0.7) * strength + (0.1 if strength >= 0.9 else 0)
        return ColumnReading(index, label, alternative, round(confidence, 2), samples,
                             f"{where}; values look like {alternative}")  # fmt: skip
    if unlabelled and not p.filled:
        return ColumnReading(index, label, "ignore", 0.9, samples, "no header and no values")
    kept = 0.75 if not unlabelled else 0.5
    return ColumnReading(index, label, "extra", kept, samples, f"{where}: kept as an extra field")


def long_score(p: Profile) -> float:
    """How much a column looks like the action itself: long, different sentences."""
    return p.long * min(1.0, p.mean_length / 80) * (0.5 + 0.5 * p.distinct)


def settle(columns: list[ColumnReading], profiles: dict[int, Profile]) -> list[ColumnReading]:
    """One action column; weaker duplicates of a role kept as extra fields."""
    texts = [c for c in columns if c.role == "text"]
    if not texts:
        _settle_action(columns, profiles)
    elif len(texts) > 1:
        keep = max(texts, key=lambda c: c.confidence)
        for c in texts:
            if c is not keep and c.confidence < 0.9:
                c.role, c.why = "extra", c.why + "; a second action column: kept as extra"
    if not any(c.role == "leads" for c in columns):

        def names(c: ColumnReading) -> float:
            p = profiles[c.index]
            return p.name * (1 - p.flag) * (1 - p.ref) * (1 - p.rag) if p.filled >= 3 else 0.0

        named = [c for c in columns if c.role == "extra" and names(c) >= 0.8]
        if named:
            best = max(named, key=names)
            best.role, best.confidence = "leads", 0.6
            best.why += "; but its values look like names and no column names leads"
    _notes_as_progress(columns, profiles)
    for role in FIELDS:
        claimed = [c for c in columns if c.role == role]
        if len(claimed) < 2:
            continue
        # columns the established names give this role all keep it (two "Outcome" columns
        # are read together); a weaker claim beside them is kept as an extra field
        weights = {c.index: best_header_role(c.label)[1] for c in claimed}
        strongest = max(claimed, key=lambda c: (weights[c.index], c.confidence))
        for c in claimed:
            if c is not strongest and weights[c.index] < 0.9:
                c.role, c.why = "extra", c.why + f"; a stronger {role} column exists"
    return columns


# Headers that describe the item itself ("Description", "Item description", "Details").
_DESCRIBES = re.compile(r"(?:item |brief |short |full )?(?:descriptions?|details?|summary)|what")
# Headers of free notes: what they hold is settled by their content.
_NOTES = re.compile(r"(?:general |other |further )?(?:notes?|remarks?|observations?)")


def _action_rank(c: ColumnReading) -> int:
    """Which column to read as the action where no header names one: a header describing the
    item first, then an unlabelled column; a labelled aim or outcome next (a "Deliverable"
    over short actions); never before them a column whose header says progress."""
    words = label_words(c.label)
    if c.role in ("extra", "context") and _DESCRIBES.fullmatch(words):
        return 3
    if not words:
        return 2
    return 0 if c.role in ("progress", "follow_up") else 1


def _settle_action(columns: list[ColumnReading], profiles: dict[int, Profile]) -> None:
    roles = ("extra", "context", "outcome", "progress", "follow_up")
    pool = [c for c in columns if c.role in roles and _wordy(profiles[c.index])]
    if not pool:
        return
    # then the longest sentences; short phrases that are not names before names
    best = max(pool, key=lambda c: (_action_rank(c), long_score(profiles[c.index]),
                                    -profiles[c.index].name, profiles[c.index].mean_length))  # fmt: skip
    best.role, best.confidence = "text", min(best.confidence, SURE - 0.1)
    best.why += "; no column names the action: its sentences read as the action"


def _wordy(p: Profile) -> bool:
    """Sentences or phrases, not codes, numbers, dates or ratings."""
    return long_score(p) > 0 or (p.mean_length >= 12 and compatibility("text", p) >= 0.7)


def _notes_as_progress(columns: list[ColumnReading], profiles: dict[int, Profile]) -> None:
    """'Notes' or 'Remarks' holding updates is the progress column, where no other is."""
    if any(c.role == "progress" for c in columns):
        return
    for c in columns:
        p = profiles[c.index]
        if c.role != "extra" or not _NOTES.fullmatch(label_words(c.label)):
            continue
        if p.filled >= 2 and p.update >= 0.5 and compatibility("progress", p) >= 0.7:
            c.role, c.confidence = "progress", round(min(0.72, 0.5 + 0.25 * p.update), 2)
            c.why += "; its values read as progress updates"
            return
