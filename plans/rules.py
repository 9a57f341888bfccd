"""Rules shared by the web forms, the API and the services, so they cannot disagree."""

from __future__ import annotations

import datetime

from plans.models import Rating

# Red and amber must say why, and what is being done about it.
COMMENTARY_REQUIRED_FOR = frozenset({Rating.RED, Rating.AMBER})
COMMENTARY_REQUIRED_MESSAGE = "Enter a commentary to explain a red or amber rating."
FUTURE_REPORTED_ON_MESSAGE = "The reporting date cannot be in the future."


def commentary_required(rating: str | None) -> bool:
    """Whether a RAG update with this rating must carry commentary."""
    return rating in COMMENTARY_REQUIRED_FOR


def reported_on_allowed(reported_on: datetime.date, *, today: datetime.date) -> bool:
    """A rating is for a round that has happened: never dated after today."""
    return reported_on <= today
