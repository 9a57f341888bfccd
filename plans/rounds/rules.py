"""What a round update must say: shared by the round update form and the rating service."""

from __future__ import annotations

import datetime

from plans.models import Rating

# Red and amber say why, and what happens next (boards read these first).
WHY_REQUIRED_FOR = frozenset({Rating.RED, Rating.AMBER})
WHY_REQUIRED_MESSAGE = "Say why the action is red or amber, and what happens next."
DUE_DATE_REASON_MESSAGE = "Give a reason for moving the due date."
DUE_DATE_SAME_MESSAGE = "The new due date is the same as the current one."
CLOSED_ROUND_MESSAGE = "This round is closed: no new or changed updates are accepted for it."
NOT_IN_ROUND_MESSAGE = "This action's plan is not in this round."

# Worse to better, for direction of travel (DESIGN.md "Ratings at scale and in rounds").
RATING_RANK = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2, Rating.BLUE: 3}
# Direction of travel in files: symbol and words, never colour alone.
DIRECTION_TEXT = {"better": "↑ better", "worse": "↓ worse", "same": "→ same", "new": "new"}


def why_required(rating: str | None) -> bool:
    """Whether an update with this rating must say why, and what next."""
    return rating in WHY_REQUIRED_FOR


def direction(rating: str | None, previous: str | None) -> str:
    """better / worse / same against the previous round's rating; new when either is unrated."""
    from plans.rounds.models import Direction

    now, before = RATING_RANK.get(rating or ""), RATING_RANK.get(previous or "")
    if now is None or before is None:
        return Direction.NEW
    if now > before:
        return Direction.BETTER
    if now < before:
        return Direction.WORSE
    return Direction.SAME


def due_date_move_problems(
    *,
    current: datetime.date | None,
    new: datetime.date | None,
    reason: str,
    start: datetime.date | None = None,
) -> dict[str, str]:
    """A due date moves with a reason; a 'move' to the same date is a slip."""
    if new is None:
        return {}
    if new == current:
        return {"new_due_date": DUE_DATE_SAME_MESSAGE}
    if start is not None and new < start:
        return {"new_due_date": f"The new due date cannot be before the start, {start:%B %Y}."}
    if not reason.strip():
        return {"due_date_reason": DUE_DATE_REASON_MESSAGE}
    return {}
