"""Dashboard selectors: reads that join many tables, each in a fixed number of queries.

Every count table is a list of `RagRow`: a label and `RagCounts` (red, amber, green, blue,
not_rated - which includes actions never rated - and a total). Counts come from conditional
aggregation over `with_current_rag()`: the current-rating subquery sits inside the aggregate's
FILTER (PostgreSQL) or CASE (SQLite), never in GROUP BY, so both databases accept it.

Selectors take `actions`, any Action queryset (a plan's, a filtered table's, all of them);
`_scoped()` reduces it to its primary keys so its joins, ordering or DISTINCT cannot skew a count.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from plans.models import Action, Organisation, Plan, Rating
from plans.national import national_objectives
from plans.selectors import action_table_rows

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


def rating_labels(*, plan: Plan | None = None) -> list[tuple[str, str]]:
    """(rating, words) in column order, as chart series names: the rating's name, then the
    plan's own legend where it has one ("Green: On target against milestones")."""
    labels = []
    for rating in RATINGS:
        own = plan.legend_for(rating.value) if plan is not None else rating.label
        if own != rating.label:
            labels.append((rating.value, f"{rating.label}: {own}"))
        elif rating == Rating.BLUE:
            labels.append((rating.value, "Blue: complete"))
        else:
            labels.append((rating.value, rating.label))
    return labels


def rag_by_section(*, plan: Plan) -> list[RagRow]:
    """Current ratings of a plan's actions per section, in document order (1 query).

    Sections without actions are left out; actions outside any section make a last row.
    """
    grouped = list(
        Action.objects.filter(plan=plan)
        .with_current_rag()
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
        .with_current_rag()
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
    scoped = _scoped(actions).with_current_rag()
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
        .with_current_rag()
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
        .with_current_rag()
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


def _rows(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Rows for an action list: plan, section, leads and current rating (2 queries)."""
    return action_table_rows(_scoped(actions))


_NOT_COMPLETE = Q(current_rating__isnull=True) | ~Q(current_rating=Rating.BLUE)


def overdue_actions(*, actions: QuerySet[Action], on: datetime.date) -> list[Action]:
    """Due before `on` and not complete, oldest due first (2 queries).

    A due month ends on its last day: an action due June is overdue from 1 July.
    """
    overdue = _rows(actions).overdue(on=on)
    return list(overdue.order_by("due_date", "plan__title", "order"))


def due_soon(*, actions: QuerySet[Action], on: datetime.date, days: int = 90) -> list[Action]:
    """Not complete and due from `on` to `days` days later, both ends included (2 queries)."""
    end = on + datetime.timedelta(days=days)
    upcoming = _rows(actions).due_between(on, end).filter(_NOT_COMPLETE)
    return list(upcoming.order_by("due_date", "plan__title", "order"))


def stale_actions(*, actions: QuerySet[Action], on: datetime.date, days: int = 90) -> list[Action]:
    """Not complete and with no rating reported in the `days` days up to `on` (2 queries).

    Never-rated actions are stale; they come first, then the longest unrated.
    """
    since = on - datetime.timedelta(days=days)
    stale = _rows(actions).stale(since=since).filter(_NOT_COMPLETE)
    ordered = stale.order_by(F("current_reported_on").asc(nulls_first=True), "plan__title", "order")
    return list(ordered)


def rag_trend(*, actions: QuerySet[Action]) -> RagTrend:
    """RAG counts as of each distinct reporting date in these actions' history (1 query).

    One row per update (and one per never-rated action) in reporting order, folded in Python:
    the last update seen for an action on or before a date is the one current on that date,
    as in `with_current_rag()` (latest reporting date, ties to the later created). An update
    back-filled into an older round lands at its own date and changes no later point.
    """
    rows = (
        _scoped(actions)
        .order_by("rag_updates__reported_on", "rag_updates__created_at", "rag_updates__pk")
        .values_list(
            "pk", "rag_updates__reported_on", "rag_updates__rating", "rag_updates__is_sample"
        )
    )
    action_ids: set[int] = set()
    current: dict[int, str] = {}
    tallies: Counter[str] = Counter()
    as_of: dict[datetime.date, Counter[str]] = {}  # in date order, as the rows come
    has_sample_data = False
    for action_id, reported_on, rating, is_sample in rows:
        action_ids.add(action_id)
        if reported_on is None:  # a never-rated action (the LEFT JOIN found no update)
            continue
        previous = current.get(action_id)
        if previous is not None:
            tallies[previous] -= 1
        current[action_id] = rating
        tallies[rating] += 1
        as_of[reported_on] = tallies.copy()
        has_sample_data = has_sample_data or is_sample
    total = len(action_ids)
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


def _chart(
    categories: list[str], counts: list[RagCounts], *, ratings, horizontal: bool, **about
) -> dict:
    """Data for components/chart.html: a column per rating, stacked, a row per category."""
    return {
        **about,
        "columns": [{"name": name, "rating": rating} for rating, name in ratings],
        "rows": [
            {"label": label, "values": [count for _, count in c.by_rating()]}
            for label, c in zip(categories, counts, strict=True)
        ],
        "stacked": True,
        "horizontal": horizontal,
        "value_label": "Actions",
    }


def rag_chart(
    rows: list[RagRow], *, labels: list[tuple[str, str]], id: str, caption: str, heading: str
) -> dict:
    """A count table as components/chart.html draws it: a horizontal bar per row."""
    return _chart(
        [row.label for row in rows],
        [row.counts for row in rows],
        ratings=labels,
        horizontal=True,
        id=id,
        caption=caption,
        label_heading=heading,
    )


def trend_chart(trend: RagTrend, *, labels: list[tuple[str, str]], id: str, caption: str) -> dict:
    """The trend as components/chart.html draws it: a bar per reporting date, oldest first."""
    return _chart(
        [f"{p.reported_on.day} {p.reported_on:%b %Y}" for p in trend.points],
        [point.counts for point in trend.points],
        ratings=labels,
        horizontal=False,
        id=id,
        caption=caption,
        label_heading="Reporting date",
    )
