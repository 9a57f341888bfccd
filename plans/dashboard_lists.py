"""The dashboards' lists of actions: overdue, due soon and not updated. Bounded: the first few
rows, with their plan, section, leads and direction of travel, and the number of all of them.

Like the count tables (plans.dashboards), they take `actions`, any Action queryset.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet

from plans.dashboards import scoped
from plans.models import Action
from plans.querysets import due_soon_q, not_complete_q, overdue_q, stale_q
from plans.rounds.selectors import with_previous_round_rating


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


def list_totals(*, actions: QuerySet[Action], on: datetime.date, days: int = 90) -> dict:
    """How many actions are overdue, due in `days` days and not updated in `days` days (1 query):
    the totals of the three lists, counted in one pass."""
    soon, since = on + datetime.timedelta(days=days), on - datetime.timedelta(days=days)
    # Counting plan ids (never null), not ids: the plan, dates and rating are all in an index
    # (action_plan_rating_dates) that PostgreSQL then reads alone, not the actions' rows.
    return scoped(actions).aggregate(
        overdue=Count("plan", filter=overdue_q(on)),
        due_soon=Count("plan", filter=due_soon_q(on, soon)),
        stale=Count("plan", filter=not_complete_q() & stale_q(since)),
    )


def _short_list(
    actions: QuerySet[Action], *ordering, limit: int, total: int | None = None
) -> ShortList:
    """The first `limit` rows, with plan, section and `lead_names`, and the total (3 queries;
    2 given the total, e.g. from list_totals).

    The same whether or not there are rows: the lead names' query runs for an empty list
    too (a prefetch would skip it). It names the rows' ids: a subquery of the same slice
    would sort all the actions a second time.
    """
    rows = _first_rows(actions, ordering, limit)
    _with_lead_names(rows)
    return ShortList(rows=rows, total=actions.count() if total is None else total)


# What a list's row shows (the dashboards' list rows and the API's), and no more: the actions'
# and plans' long texts stay in the database.
ROW_FIELDS = (
    *("ref", "text", "due_date", "current_rating", "current_reported_on"),
    *("plan__title", *(f"plan__legend_{rating}" for rating in ("red", "amber", "green", "blue"))),
)


def _first_rows(actions: QuerySet[Action], ordering, limit: int) -> list[Action]:
    first = actions.order_by(*ordering)[:limit]
    # The direction of travel since the last published round comes in the same query.
    rows = with_previous_round_rating(first).select_related("plan").only(*ROW_FIELDS)
    return list(rows)


def _with_lead_names(rows: list[Action]) -> None:
    """Set each row's `lead_names` (1 query)."""
    names = defaultdict(list)
    ids = [row.pk for row in rows] or [0]  # no action has id 0: an empty list still asks
    links = (
        Action.leads.through.objects.filter(action__in=ids)
        .order_by("lead__name")
        .values_list("action_id", "lead__name")
    )
    for action_id, name in links:
        names[action_id].append(name)
    for row in rows:
        row.lead_names = names[row.pk]


def _lists(actions: QuerySet[Action], on: datetime.date, days: int) -> dict[str, tuple]:
    """Each list's actions and their order: {name: (queryset, ordering)}."""
    actions = scoped(actions)
    since, end = on - datetime.timedelta(days=days), on + datetime.timedelta(days=days)
    by_due = ("due_date", "plan__title", "order", "pk")
    # Never-rated actions are stale; they come first, then the longest unrated.
    oldest_first = (F("current_reported_on").asc(nulls_first=True), "plan__title", "order", "pk")
    return {
        "overdue": (actions.overdue(on=on), by_due),
        "due_soon": (actions.due_between(on, end).not_complete(), by_due),
        "stale": (actions.stale(since=since).not_complete(), oldest_first),
    }


def short_lists(
    *, actions: QuerySet[Action], on: datetime.date, days: int = 90, limit: int = LIST_LIMIT
) -> dict[str, ShortList]:
    """A dashboard's three lists, "overdue", "due_soon" and "stale", as the functions below
    make them, with their totals from list_totals and one query for all their leads
    (5 queries, where the three functions take 7)."""
    totals = list_totals(actions=actions, on=on, days=days)
    lists = {
        name: ShortList(rows=_first_rows(matching, ordering, limit), total=totals[name])
        for name, (matching, ordering) in _lists(actions, on, days).items()
    }
    _with_lead_names([row for short in lists.values() for row in short.rows])
    return lists


def overdue_actions(
    *, actions: QuerySet[Action], on: datetime.date, limit: int = LIST_LIMIT, total=None
) -> ShortList:
    """Due before `on` and not complete, oldest due first (3 queries).

    A due month ends on its last day: an action due June is overdue from 1 July.
    """
    overdue, ordering = _lists(actions, on, 0)["overdue"]
    return _short_list(overdue, *ordering, limit=limit, total=total)


def due_soon(
    *, actions: QuerySet[Action], on: datetime.date, days=90, limit=LIST_LIMIT, total=None
) -> ShortList:
    """Not complete and due from `on` to `days` days later, both ends included (3 queries)."""
    upcoming, ordering = _lists(actions, on, days)["due_soon"]
    return _short_list(upcoming, *ordering, limit=limit, total=total)


def stale_actions(
    *, actions: QuerySet[Action], on: datetime.date, days=90, limit=LIST_LIMIT, total=None
) -> ShortList:
    """Not complete and with no rating reported in the `days` days up to `on` (3 queries).

    Never-rated actions are stale; they come first, then the longest unrated.
    """
    stale, ordering = _lists(actions, on, days)["stale"]
    return _short_list(stale, *ordering, limit=limit, total=total)
