"""Rules shared by the web forms, the API and the services, so they cannot disagree."""

from __future__ import annotations

import datetime

from plans.models import Rating

# Red and amber must say why, and what is being done about it.
COMMENTARY_REQUIRED_FOR = frozenset({Rating.RED, Rating.AMBER})
COMMENTARY_REQUIRED_MESSAGE = "Enter a commentary to explain a red or amber rating."

# No plan this app holds reports on anything before this; an earlier date is a typing slip
# ("0001-01-01", "1926" for "2026").
EARLIEST_REPORTED_ON = datetime.date(1990, 1, 1)
FUTURE_REPORTED_ON_MESSAGE = "The reporting date cannot be in the future."


def commentary_required(rating: str | None) -> bool:
    """Whether a RAG update with this rating must carry commentary."""
    return rating in COMMENTARY_REQUIRED_FOR


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def reported_on_problem(
    reported_on: datetime.date, *, today: datetime.date, plan=None
) -> str | None:
    """Why a reporting date is refused, or None when it is fine.

    A rating is for a round that has happened, so never after today (which also rules out
    dates absurdly far ahead); and never before the plan's period starts (where it has a
    start) nor before EARLIEST_REPORTED_ON. Forms, the API serializer and the rating service
    all ask this one function.
    """
    if reported_on > today:
        return FUTURE_REPORTED_ON_MESSAGE
    period_start = getattr(plan, "period_start", None)
    if period_start and period_start > EARLIEST_REPORTED_ON and reported_on < period_start:
        return (
            f"The reporting date must be on or after {_long_date(period_start)}, "
            "when this plan starts."
        )
    if reported_on < EARLIEST_REPORTED_ON:
        return f"The reporting date must be on or after {_long_date(EARLIEST_REPORTED_ON)}."
    return None
