"""Round models, split by concern; imported at the bottom of plans/models.py (the plans app)."""

from plans.rounds.models.reminder import RoundReminder
from plans.rounds.models.round import ReportingRound
from plans.rounds.models.snapshot import Direction, RoundEntry

__all__ = ["Direction", "ReportingRound", "RoundEntry", "RoundReminder"]
