"""Dashboard selectors: reads that join many tables, each in a fixed number of queries.

Every count table is a list of `RagRow`: a label and `RagCounts` (red, amber, green, blue,
not_rated - which includes actions never rated - and a total). Counts are conditional
aggregates over each action's stored current rating (Action.current_rating), grouped in SQL.
Lists of actions (plans.dashboard_lists) are bounded: the first few rows and the number of
all of them.

Selectors take `actions`, any Action queryset (a plan's, a filtered table's, all of them);
`scoped()` reduces it to its primary keys so its joins, ordering or DISTINCT cannot skew a count.
The count tables take `plans` instead for all of the plans' actions, as the dashboards show
them: then they sum the plans' stored counts (plans.rollups) rather than join 20,000 actions
to their leads, organisations and objectives.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from plans.models import (
    AcrossPlansRatingCount,
    Action,
    Plan,
    PlanRatingChange,
    PlanRatingCount,
    Rating,
)
from plans.national import national_objectives
from plans.rag_counts import RATINGS, RagCounts, RagRow, RagTrend, TrendPoint


def _rating_counts(path: str = "") -> dict[str, Count]:
    """A count per rating of rows whose action (reached by `path`) has that current rating.

    Plain counts: every grouping below counts rows that name an action at most once per
    group (an action by plan or section; an action-lead or action-objective link). Never-rated
    actions count as not rated.
    """
    field = f"{path}current_rating"
    counts = {}
    for rating in RATINGS:
        condition = Q(**{field: rating.value})
        if rating == Rating.NOT_RATED:
            condition |= Q(**{f"{field}__isnull": True})
        counts[rating.value] = Count("pk", filter=condition)
    return counts


_RATING_COUNTS = _rating_counts()


def scoped(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The same actions, free of the caller's joins, ordering, DISTINCT and annotations.

    A queryset filtering only the action's own columns (e.g. plan__in=<plans>) is used as it
    is: wrapping it in `pk IN (...)` would read every action twice.
    """
    query = actions.query
    joined = [alias for alias, uses in query.alias_refcount.items() if uses]
    plain = len(joined) <= 1 and not (query.distinct or query.annotations)
    if plain and not query.is_sliced:
        return actions.order_by()
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


# `plans=EVERY_PLAN`: every plan that is not archived, from the counts stored summed across
# them (plans.across_plans: a row a lead, not a row a lead and plan).
EVERY_PLAN = "every plan not archived"


def _one_of(actions, plans) -> None:
    if (actions is None) == (plans is None):
        raise TypeError("pass either actions or plans")


def _stored(plans: QuerySet[Plan] | str, grouping: str, *keys: str) -> QuerySet:
    """The plans' stored counts (plans.rollups) under one grouping, summed per `keys`."""
    # Coalesce: no rows sum to NULL, which PostgreSQL sorts first in DESC order.
    sums = {r.value: Coalesce(Sum(r.value), 0) for r in RATINGS}
    if plans is EVERY_PLAN:
        counted = AcrossPlansRatingCount.objects.filter(grouping=grouping)
    else:
        counted = PlanRatingCount.objects.filter(plan__in=plans, grouping=grouping)
    return counted.values(*keys).annotate(**sums) if keys else counted.aggregate(**sums)


Grouping = PlanRatingCount.Grouping


def rag_by_plan(
    *, actions: QuerySet[Action] | None = None, plans: QuerySet[Plan] | None = None
) -> list[RagRow]:
    """Current ratings per plan, by plan title (1 query).

    Of `actions` (any queryset), or of all the actions of `plans`, from their stored counts.
    """
    _one_of(actions, plans)
    if plans is not None:
        grouped = _stored(plans, Grouping.PLAN, "plan_id", "plan__title")
    else:
        grouped = scoped(actions).values("plan_id", "plan__title").annotate(**_RATING_COUNTS)
    return [
        RagRow(label=row["plan__title"], counts=RagCounts.from_row(row), pk=row["plan_id"])
        for row in grouped.order_by("plan__title", "plan_id")
    ]


def rag_by_organisation(
    *, actions: QuerySet[Action] | None = None, plans: QuerySet[Plan] | None = None
) -> list[RagRow]:
    """Current ratings per lead organisation, by name, then a row for actions with none (2 queries).

    An action counts once for each organisation any of its leads belongs to, so a joint post
    counts for both organisations and the rows add up to more than the number of actions.
    The last row counts actions none of whose leads has an organisation ("All providers").
    Of `actions` (any queryset), or of all the actions of `plans` (or EVERY_PLAN), from their
    stored counts.
    """
    _one_of(actions, plans)
    if plans is not None:
        grouped = _stored(plans, Grouping.ORGANISATION, "organisation", "organisation__name")
        rows = [
            RagRow(label=row["organisation__name"], counts=RagCounts.from_row(row), pk=pk)
            for row in grouped.order_by("organisation__name", "organisation")
            if (pk := row["organisation"]) is not None
        ]
        counts = RagCounts.from_row(_stored(plans, Grouping.NO_ORGANISATION))
    else:
        rows, counts = _counted_by_organisation(scoped(actions))
    if counts.total:
        rows.append(RagRow(label="No lead organisation", counts=counts))
    return rows


def _counted_by_organisation(scoped: QuerySet[Action]) -> tuple[list[RagRow], RagCounts]:
    """rag_by_organisation from the actions and their links (2 queries)."""
    # Two of an action's leads may share an organisation: count its actions once (one
    # DISTINCT per organisation and rating, not one per rating column).
    grouped = (
        scoped.filter(leads__organisations__isnull=False)
        .values("leads__organisations", "leads__organisations__name", "current_rating")
        .annotate(actions=Count("pk", distinct=True))
        .order_by("leads__organisations__name", "leads__organisations")
    )
    by_organisation: dict[int, tuple[str, dict]] = {}
    for row in grouped:
        _, tally = by_organisation.setdefault(
            row["leads__organisations"], (row["leads__organisations__name"], {})
        )
        rating = row["current_rating"] or Rating.NOT_RATED.value
        tally[rating] = tally.get(rating, 0) + row["actions"]
    rows = [
        RagRow(label=name, counts=RagCounts.from_row(tally), pk=pk)
        for pk, (name, tally) in by_organisation.items()
    ]
    with_organisation = Action.leads.through.objects.filter(
        action=OuterRef("pk"), lead__organisations__isnull=False
    )
    without = scoped.filter(~Exists(with_organisation)).aggregate(**_RATING_COUNTS)
    return rows, RagCounts.from_row(without)


def rag_by_lead(
    *,
    actions: QuerySet[Action] | None = None,
    plans: QuerySet[Plan] | None = None,
    limit: int = 20,
) -> list[RagRow]:
    """The leads with most red, then amber, actions, at most `limit` of them (1 query).

    An action with two leads counts for each; actions with no lead named are not counted.
    Of `actions` (any queryset), or of all the actions of `plans` (or EVERY_PLAN), from their
    stored counts.
    """
    _one_of(actions, plans)
    if plans is not None:
        grouped = _stored(plans, Grouping.LEAD, "lead", "lead__name")
    else:
        links = Action.leads.through.objects.filter(action__in=actions.order_by().values("pk"))
        grouped = links.values("lead", "lead__name").annotate(**_rating_counts("action__"))
    worst_first = (f"-{Rating.RED.value}", f"-{Rating.AMBER.value}", "lead__name", "lead")
    return [
        RagRow(label=row["lead__name"], counts=RagCounts.from_row(row), pk=row["lead"])
        for row in grouped.order_by(*worst_first)[:limit]
    ]


def rag_by_objective(
    *, actions: QuerySet[Action] | None = None, plans: QuerySet[Plan] | None = None
) -> list[RagRow]:
    """Current ratings per national objective: always the six, in order (2 queries).

    Of `actions` (any queryset), or of all the actions of `plans` (or EVERY_PLAN), from their
    stored counts.
    """
    _one_of(actions, plans)
    objectives = list(national_objectives())
    national = [objective.pk for objective in objectives]
    if plans is not None:
        grouped = _stored(plans, Grouping.OBJECTIVE, "objective").filter(objective__in=national)
    else:
        links = Action.objectives.through.objects.filter(
            action__in=actions.order_by().values("pk"), objective__in=national
        )
        grouped = links.values("objective").annotate(**_rating_counts("action__"))
    counts = {row["objective"]: RagCounts.from_row(row) for row in grouped.order_by()}
    return [
        RagRow(label=str(objective), counts=counts.get(objective.pk, RagCounts()), pk=objective.pk)
        for objective in objectives
    ]


def rag_trend(*, plans: QuerySet[Plan], total_actions: int | None = None) -> RagTrend:
    """RAG counts as of each reporting date in these plans' history (2 queries; 1 given how
    many actions the plans have).

    As of a date, an action's rating is its latest update reported on or before it (ties to
    the later created), as for the stored current rating. The plans' rating changes per date
    are stored (plans.ratings.PlanRatingChange, kept by the rating service); summed here
    over the plans, their running totals are the counts. An update back-filled into an older
    round changes that round's point and no later one.
    """
    changes = (
        PlanRatingChange.objects.filter(plan__in=plans)
        .values("reported_on", "rating")
        .annotate(change=Sum("change"), sample=Sum("sample_updates"))
        .order_by("reported_on", "rating")
    )
    total = total_actions
    if total is None:
        total = Action.objects.filter(plan__in=plans).count()
    tallies: Counter[str] = Counter()
    as_of: dict[datetime.date, Counter[str]] = {}
    has_sample_data = False
    for row in changes:  # in date order: a running total
        tallies[row["rating"]] += row["change"]
        as_of[row["reported_on"]] = tallies.copy()
        has_sample_data = has_sample_data or bool(row["sample"])
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
