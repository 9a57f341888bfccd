"""Dashboard selectors: reads that join many tables, each in a fixed number of queries.

Every count table is a list of `RagRow`: a label and `RagCounts` (red, amber, green, blue,
not_rated - which includes actions never rated - and a total). Counts are conditional
aggregates over each action's stored current rating (Action.current_rating), grouped in SQL.
Lists of actions are bounded: the first few rows and the number of all of them.

Selectors take `actions`, any Action queryset (a plan's, a filtered table's, all of them);
`_scoped()` reduces it to its primary keys so its joins, ordering or DISTINCT cannot skew a count.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from plans.models import Action, Organisation, Plan, Rating
from plans.national import national_objectives
from plans.selectors import trend_changes

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


def _count(rating: Rating) -> Count:
    if rating == Rating.NOT_RATED:
        condition = Q(current_rating=Rating.NOT_RATED) | Q(current_rating__isnull=True)
    else:
        condition = Q(current_rating=rating)
    # distinct: a group reached through a many-to-many join (leads, objectives) counts an
    # action once however many of its leads belong to the organisation.
    return Count("pk", filter=condition, distinct=True)


_RATING_COUNTS = {rating.value: _count(rating) for rating in RATINGS}


def _scoped(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The same actions, free of the caller's joins, ordering, DISTINCT and annotations."""
    return Action.objects.filter(pk__in=actions.order_by().values("pk"))


def rag_by_section(*, plan: Plan) -> list[RagRow]:
    """Current ratings of a plan's actions per section, in document order (1 query).

    Sections without actions are left out; actions outside any section make a last row.
    """
    grouped = list(
        Action.objects.filter(plan=plan)
        .values("section_id", "section__ref", "section__title", "section__order")
        .annotate(**_RATING_COUNTS)
        .order_by("section__order", "section_id")
    )
    rows = [
        RagRow(
            label=f"{row['section__ref']} {row['section__title']}".strip(),
            counts=RagCounts.from_row(row),
            pk=row["section_id"],
        )
        for row in grouped
        if row["section_id"] is not None
    ]
    unsectioned = [row for row in grouped if row["section_id"] is None]
    rows += [RagRow("No section", RagCounts.from_row(row)) for row in unsectioned]
    return rows


def rag_by_plan(*, actions: QuerySet[Action]) -> list[RagRow]:
    """Current ratings per plan, by plan title (1 query)."""
    grouped = (
        _scoped(actions)
        .values("plan_id", "plan__title")
        .annotate(**_RATING_COUNTS)
        .order_by("plan__title", "plan_id")
    )
    return [
        RagRow(label=row["plan__title"], counts=RagCounts.from_row(row), pk=row["plan_id"])
        for row in grouped
    ]


def rag_by_organisation(*, actions: QuerySet[Action]) -> list[RagRow]:
    """Current ratings per lead organisation, by name, then a row for actions with none (2 queries).

    An action counts once for each organisation any of its leads belongs to, so a joint post
    counts for both organisations and the rows add up to more than the number of actions.
    The last row counts actions none of whose leads has an organisation ("All providers").
    """
    scoped = _scoped(actions)
    grouped = (
        scoped.values("leads__organisations", "leads__organisations__name")
        .annotate(**_RATING_COUNTS)
        .order_by("leads__organisations__name", "leads__organisations")
    )
    rows = [
        RagRow(
            label=row["leads__organisations__name"],
            counts=RagCounts.from_row(row),
            pk=row["leads__organisations"],
        )
        for row in grouped
        if row["leads__organisations"] is not None
    ]
    with_organisation = Organisation.objects.filter(leads__actions=OuterRef("pk"))
    without = scoped.filter(~Exists(with_organisation)).aggregate(**_RATING_COUNTS)
    counts = RagCounts.from_row(without)
    if counts.total:
        rows.append(RagRow(label="No lead organisation", counts=counts))
    return rows


def rag_by_lead(*, actions: QuerySet[Action], limit: int = 20) -> list[RagRow]:
    """The leads with most red, then amber, actions, at most `limit` of them (1 query).

    An action with two leads counts for each; actions with no lead named are not counted.
    """
    grouped = (
        _scoped(actions)
        .filter(leads__isnull=False)
        .values("leads", "leads__name")
        .annotate(**_RATING_COUNTS)
        .order_by(f"-{Rating.RED.value}", f"-{Rating.AMBER.value}", "leads__name")
    )[:limit]
    return [
        RagRow(label=row["leads__name"], counts=RagCounts.from_row(row), pk=row["leads"])
        for row in grouped
    ]


def rag_by_objective(*, actions: QuerySet[Action]) -> list[RagRow]:
    """Current ratings per national objective: always the six, in order (2 queries)."""
    objectives = list(national_objectives())
    grouped = (
        _scoped(actions)
        .filter(objectives__in=[objective.pk for objective in objectives])
        .values("objectives")
        .annotate(**_RATING_COUNTS)
        .order_by()
    )
    counts = {row["objectives"]: RagCounts.from_row(row) for row in grouped}
    return [
        RagRow(label=str(objective), counts=counts.get(objective.pk, RagCounts()), pk=objective.pk)
        for objective in objectives
    ]


@dataclass(frozen=True)
class ShortList:
    """The first rows of a list of actions, and how many there are in all."""

    rows: list[Action]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)


# A dashboard list shows this many actions, then a link to the table of all of them.
LIST_LIMIT = 10


def _short_list(actions: QuerySet[Action], *ordering, limit: int) -> ShortList:
    """The first `limit` rows, with plan, section and `lead_names`, and the total (3 queries).

    Three whether or not there are rows: lead names come by a subquery on the same slice,
    where a prefetch would skip its query for an empty list.
    """
    first = actions.order_by(*ordering)[:limit]
    rows = list(first.select_related("plan", "section"))
    names = defaultdict(list)
    links = (
        Action.leads.through.objects.filter(action__in=first.values("pk"))
        .order_by("lead__name")
        .values_list("action_id", "lead__name")
    )
    for action_id, name in links:
        names[action_id].append(name)
    for row in rows:
        row.lead_names = names[row.pk]
    return ShortList(rows=rows, total=actions.count())


def overdue_actions(
    *, actions: QuerySet[Action], on: datetime.date, limit: int = LIST_LIMIT
) -> ShortList:
    """Due before `on` and not complete, oldest due first (3 queries).

    A due month ends on its last day: an action due June is overdue from 1 July.
    """
    overdue = _scoped(actions).overdue(on=on)
    return _short_list(overdue, "due_date", "plan__title", "order", "pk", limit=limit)


def due_soon(
    *, actions: QuerySet[Action], on: datetime.date, days: int = 90, limit: int = LIST_LIMIT
) -> ShortList:
    """Not complete and due from `on` to `days` days later, both ends included (3 queries)."""
    end = on + datetime.timedelta(days=days)
    upcoming = _scoped(actions).due_between(on, end).not_complete()
    return _short_list(upcoming, "due_date", "plan__title", "order", "pk", limit=limit)


def stale_actions(
    *, actions: QuerySet[Action], on: datetime.date, days: int = 90, limit: int = LIST_LIMIT
) -> ShortList:
    """Not complete and with no rating reported in the `days` days up to `on` (3 queries).

    Never-rated actions are stale; they come first, then the longest unrated.
    """
    since = on - datetime.timedelta(days=days)
    stale = _scoped(actions).stale(since=since).not_complete()
    oldest_first = F("current_reported_on").asc(nulls_first=True)
    return _short_list(stale, oldest_first, "plan__title", "order", "pk", limit=limit)


def rag_trend(*, actions: QuerySet[Action]) -> RagTrend:
    """RAG counts as of each distinct reporting date in these actions' history (1 query).

    As of a date, an action's rating is its latest update reported on or before it (ties to
    the later created), as for the stored current rating. Aggregated in SQL: each update,
    taken in that order, adds one to its rating and takes one from the action's previous
    update's rating, at its own reporting date; running totals over the dates give the counts.
    Updates on the same date cancel out but for the last, and an update back-filled into an
    older round lands at its own date and changes no later point.
    """
    changes, total, has_sample_data = trend_changes(_scoped(actions))
    tallies: Counter[str] = Counter()
    as_of: dict[datetime.date, Counter[str]] = {}
    for reported_on, rating, previous, count in changes:  # in date order
        tallies[rating] += count
        if previous is not None:
            tallies[previous] -= count
        as_of[reported_on] = tallies.copy()
    points = [
        TrendPoint(reported_on=date, counts=_counts_of(tally, total=total))
        for date, tally in as_of.items()
    ]
    return RagTrend(points=points, total_actions=total, has_sample_data=has_sample_data)


def _counts_of(tally: Counter[str], *, total: int) -> RagCounts:
    """Counts from ratings tallied so far; actions not yet rated by then are `not_rated`."""
    rated = sum(tally[r.value] for r in RATINGS if r != Rating.NOT_RATED)
    return RagCounts(
        red=tally[Rating.RED],
        amber=tally[Rating.AMBER],
        green=tally[Rating.GREEN],
        blue=tally[Rating.BLUE],
        not_rated=total - rated,
    )
