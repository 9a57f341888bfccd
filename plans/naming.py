"""How headings, labels and messages name an action: its ref and the start of its text."""

from __future__ import annotations

# Long enough to tell actions apart, short enough for a heading or a label on a phone.
HEADING_LENGTH = 80
LABEL_LENGTH = 60
NO_TEXT = "(no action text)"


def shortened(text: str, limit: int) -> str:
    """The text on one line, cut at a word to at most `limit` characters, ending "…" if cut.

    A single word longer than the limit (a pasted link) is cut inside the word.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def action_name(action, limit: int = HEADING_LENGTH) -> str:
    """ "1.2 Develop a crisis pathway…": the ref, then the text shortened (never a database id)."""
    return f"{action.ref} {shortened(action.text or NO_TEXT, limit)}".strip()


def is_shortened(action, limit: int = HEADING_LENGTH) -> bool:
    """Whether action_name leaves some of the text out (so the page shows it in full too)."""
    return len(" ".join((action.text or "").split())) > limit
