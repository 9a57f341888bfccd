"""Which plan a new file is a version of, and which of its actions are which: plain Python.

Re-importing a revised plan pairs the file's actions with the plan's, one to one:

1. the admin's own choices first (an action they matched by hand, or marked as new);
2. the same ref ("3", "3." and " 3 " are one ref), where each side has it once;
3. the same text (case, spacing and punctuation ignored), in document order;
4. the most similar texts, best pair first, where their words overlap enough
   (`SIMILAR_ENOUGH`): a reworded action stays itself.

Whatever is left of the file is new; whatever is left of the plan is missing from the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "SIMILAR_ENOUGH",
    "Candidate",
    "Match",
    "Matching",
    "likely_plans",
    "match_actions",
    "plan_key",
    "similarity",
]

# Dice coefficient of two texts' words at or above which they are the same action reworded.
SIMILAR_ENOUGH = 0.6
# A plan whose title is this similar (and area the same, or either blank) is worth offering.
LIKELY_PLAN = 0.5

_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "on",
        "with",
        "by",
        "be",
        "at",
        "or",
        "as",
        "is",
        "are",
    ]
)
# Words nearly every plan's title has: they make no two titles alike.
_PLAN_WORDS = frozenset(
    [
        "action",
        "actions",
        "plan",
        "plans",
        "strategy",
        "strategic",
        "programme",
        "mental",
        "health",
        "wellbeing",
        "appendix",
        "annex",
        "one",
        "two",
        "three",
        "draft",
        "final",
        "version",
        "revised",
        "update",
        "updated",
        "joint",
        "integrated",
        "local",
        "nhs",
    ]
)


def _normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"['\u2018\u2019`\"\u201c\u201d]", "", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _ref_key(ref: str | None) -> str:
    return _normalise((ref or "").strip().rstrip("."))


def plan_key(title: str | None, area: str | None) -> tuple[str, str]:
    """A plan's identity for re-import: its title and area, without case or punctuation."""
    return _normalise(title), _normalise(area)


def _words(text: str | None) -> frozenset[str]:
    words = _normalise(text).split()
    meaningful = [w for w in words if w not in _STOP_WORDS]
    return frozenset(meaningful or words)


def similarity(a: str | None, b: str | None) -> float:
    """How alike two texts are, 0 to 1: the Dice coefficient of their (meaningful) words."""
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    return 2 * len(words_a & words_b) / (len(words_a) + len(words_b))


@dataclass(frozen=True)
class Candidate:
    """One action on either side: its key (a database id, or a position in the file)."""

    key: Hashable
    ref: str | None
    text: str


@dataclass(frozen=True)
class Match:
    incoming: Hashable
    existing: Hashable
    how: str
    """chosen | ref | text | similar"""
    score: float = 1.0


@dataclass
class Matching:
    matches: list[Match] = field(default_factory=list)
    added: list[Hashable] = field(default_factory=list)
    """Keys of the file's actions that match none of the plan's (in the file's order)."""
    missing: list[Hashable] = field(default_factory=list)
    """Keys of the plan's actions that the file does not have (in the plan's order)."""

    def by_incoming(self) -> dict[Hashable, Match]:
        return {m.incoming: m for m in self.matches}


def match_actions(
    existing: Iterable[Candidate],
    incoming: Iterable[Candidate],
    *,
    chosen: Mapping[Hashable, Hashable | None] | None = None,
    threshold: float = SIMILAR_ENOUGH,
) -> Matching:
    """Pair the file's actions (`incoming`) with the plan's (`existing`), one to one.

    `chosen` holds the admin's corrections: incoming key -> existing key, or None for "a new
    action". A choice naming an unknown action, or one already taken, is ignored.
    """
    existing, incoming = list(existing), list(incoming)
    existing_keys = {c.key for c in existing}
    free_existing = {c.key: c for c in existing}
    free_incoming = {c.key: c for c in incoming}
    matches: list[Match] = []

    def pair(new: Candidate, old_key: Hashable, how: str, score: float = 1.0) -> None:
        matches.append(Match(new.key, old_key, how, score))
        del free_incoming[new.key]
        del free_existing[old_key]

    for new in incoming:
        if chosen is None or new.key not in chosen:
            continue
        old_key = chosen[new.key]
        if old_key is None:
            del free_incoming[new.key]  # the admin says: a new action
        elif old_key in existing_keys and old_key in free_existing:
            pair(new, old_key, "chosen")

    # By ref, where the ref is unique on both sides.
    def unique_refs(candidates: Iterable[Candidate]) -> dict[str, Candidate]:
        counted: dict[str, list[Candidate]] = defaultdict(list)
        for c in candidates:
            if _ref_key(c.ref):
                counted[_ref_key(c.ref)].append(c)
        return {ref: cs[0] for ref, cs in counted.items() if len(cs) == 1}

    old_refs = unique_refs(free_existing.values())
    for ref, new in unique_refs(free_incoming.values()).items():
        if ref in old_refs:
            pair(new, old_refs[ref].key, "ref")

    # By the same text, in order (two identical texts pair first with first).
    by_text: dict[str, list[Candidate]] = defaultdict(list)
    for old in free_existing.values():
        if _normalise(old.text):
            by_text[_normalise(old.text)].append(old)
    for new in list(free_incoming.values()):
        same = by_text.get(_normalise(new.text))
        if same:
            pair(new, same.pop(0).key, "text")

    # By similar text: the best pairs first, each side used once.
    scored = []
    olds = [(old, _words(old.text)) for old in free_existing.values()]
    for order, new in enumerate(free_incoming.values()):
        new_words = _words(new.text)
        if not new_words:
            continue
        for old_order, (old, old_words) in enumerate(olds):
            if not old_words:
                continue
            score = 2 * len(new_words & old_words) / (len(new_words) + len(old_words))
            if score >= threshold:
                scored.append((-score, order, old_order, new, old))
    for negative_score, _, _, new, old in sorted(scored, key=lambda s: s[:3]):
        if new.key in free_incoming and old.key in free_existing:
            pair(new, old.key, "similar", round(-negative_score, 3))

    incoming_order = {c.key: i for i, c in enumerate(incoming)}
    matches.sort(key=lambda m: incoming_order[m.incoming])
    matched_new = {m.incoming for m in matches}
    matched_old = {m.existing for m in matches}
    return Matching(
        matches=matches,
        added=[c.key for c in incoming if c.key not in matched_new],
        missing=[c.key for c in existing if c.key not in matched_old],
    )


def _title_similarity(a: str, b: str) -> float:
    words_a, words_b = _words(a) - _PLAN_WORDS, _words(b) - _PLAN_WORDS
    if not words_a or not words_b:
        return 0.0
    return 2 * len(words_a & words_b) / (len(words_a) + len(words_b))


@dataclass(frozen=True)
class PlanCandidate:
    key: Hashable
    title: str
    area: str


def likely_plans(
    title: str, area: str, plans: Iterable[PlanCandidate], *, limit: int = 5
) -> list[tuple[PlanCandidate, float, bool]]:
    """Plans the file may be a version of, best first: (plan, score, same title and area).

    The same title and area (normalised) is a certain match (score 1). Otherwise a similar
    title (`LIKELY_PLAN`, words every plan's title has left out) where the areas agree or
    either is blank.
    """
    wanted_title, wanted_area = plan_key(title, area)
    found = []
    for plan in plans:
        plan_title, plan_area = plan_key(plan.title, plan.area)
        if (plan_title, plan_area) == (wanted_title, wanted_area):
            found.append((plan, 1.0, True))
            continue
        if wanted_area and plan_area and wanted_area != plan_area:
            continue
        score = _title_similarity(title, plan.title)
        if score >= LIKELY_PLAN:
            found.append((plan, round(score, 3), False))
    found.sort(key=lambda f: (not f[2], -f[1], _normalise(f[0].title)))
    return found[:limit]
