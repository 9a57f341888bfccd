"""What the dashboards count: a rating's count of actions, a row of a count table, the trend.

Plain data, shared by the selectors (plans.dashboards), the charts and the API.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from plans.models import Rating

# Column order of every count table and chart: worst first, "not yet rated" last.
RATINGS: tuple[Rating, ...] = (
    Rating.RED,
    Rating.AMBER,
    Rating.GREEN,
    Rating.BLUE,
    Rating.NOT_RATED,
)


@dataclass(frozen=True)
class RagCounts:
    """How many actions have each current rating; `not_rated` includes actions never rated."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    not_rated: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.blue + self.not_rated

    def by_rating(self) -> list[tuple[str, int]]:
        """(rating, count) pairs in table column order."""
        return [(rating.value, getattr(self, rating.value)) for rating in RATINGS]

    @classmethod
    def from_row(cls, row: dict) -> RagCounts:
        """From a row aggregated with `_RATING_COUNTS` (missing keys count as nothing)."""
        return cls(**{r.value: row.get(r.value) or 0 for r in RATINGS})


@dataclass(frozen=True)
class RagRow:
    """One row of a count table: what is counted (a section, plan, organisation...) and counts."""

    label: str
    counts: RagCounts
    pk: int | None = None


@dataclass(frozen=True)
class TrendPoint:
    """The counts as of a reporting date: each action's latest update reported on or before it."""

    reported_on: datetime.date
    counts: RagCounts


@dataclass(frozen=True)
class RagTrend:
    points: list[TrendPoint] = field(default_factory=list)
    total_actions: int = 0
    has_sample_data: bool = False
    """Some update in the history is demo data (RagUpdate.is_sample)."""

    @property
    def current(self) -> RagCounts:
        """Today's counts: the last point, or every action not yet rated."""
        if self.points:
            return self.points[-1].counts
        return RagCounts(not_rated=self.total_actions)
