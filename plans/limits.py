"""How long the text people type may be: one place for the forms, the API and the services.

The limits are for what people type, in the web app, the admin site and the API. Documents
read by the importer keep their text whatever its length (a plan says what it says), and text
already longer than a limit still shows in full; an edit that leaves such text as it is keeps
it. The longest action text in the seed plans is under 700 characters, commentary a few
hundred: the limits leave plenty of room and stop a pasted book (52,000 characters were once
accepted as one commentary).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextLimit:
    """The most characters a field takes, and how its error message names the field."""

    name: str
    max_length: int

    @property
    def message(self) -> str:
        return f"{self.name} must be {self.max_length:,} characters or fewer"

    def problem(self, text: str | None) -> str | None:
        """The error message when `text` is too long, else None."""
        return self.message if text and len(text) > self.max_length else None


# Ratings (plans.services.rag_update_create, round updates, My actions, the API).
COMMENTARY = TextLimit("Commentary", 5_000)
ROUND_LABEL = TextLimit("Round label", 100)  # RagUpdate.round_label's column
WHY_AND_NEXT = TextLimit("Why and what next", 5_000)
DUE_DATE_REASON = TextLimit("The reason the due date moves", 1_000)

# An action's own fields (plans.services.action_update, its web and admin forms).
ACTION_TEXT = TextLimit("Action text", 2_000)
ACTION_CONTEXT = TextLimit("Aim or commentary", 5_000)
TIMESCALE = TextLimit("Timescale", 300)  # Action.timescale_text's column
ACTION_OUTCOMES = TextLimit("Expected outcomes", 5_000)
ACTION_FOLLOW_UP = TextLimit("Follow up", 5_000)
MILESTONE_TITLE = TextLimit("Milestone", 1_000)

ACTION_FIELD_LIMITS = {
    "text": ACTION_TEXT,
    "context": ACTION_CONTEXT,
    "timescale_text": TIMESCALE,
    "outcomes": ACTION_OUTCOMES,
    "follow_up": ACTION_FOLLOW_UP,
}

# Names people give things (their model columns are this long).
ROUND_NAME = TextLimit("The round's name", 100)
API_TOKEN_NAME = TextLimit("The token's name", 100)
