"""How many actions of a plan changed to and from each rating on each reporting date.

The dashboards' "ratings over time" needs, for every reporting date, each action's rating as
of that date. Worked out from 200,000 updates on every page view that costs a quarter of a
second; stored per plan it is a few hundred rows. Each update, taken per action in the
current rating's order (reporting date, then created, then id), adds one to its rating and
takes one from the action's previous update's rating, at its own reporting date: running
totals of these changes over the dates give the counts (plans.dashboards.rag_trend).

Derived data, never history, written in the transaction of the rating: the rating service
moves a plan's rows by what an action's new update changed (plans.services.ratings_written),
or works them out again after a bulk write (action_current_ratings_refresh);
`manage.py check_current_ratings` compares them with the history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models

from plans.locks import plans_locked


class PlanRatingChange(models.Model):
    """On `reported_on`, `change` more (or fewer) of the plan's actions had `rating`."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    reported_on = models.DateField()
    rating = models.CharField(max_length=20)
    change = models.IntegerField()
    sample_updates = models.PositiveIntegerField(
        default=0, help_text="Updates behind this change that are demo data (is_sample)."
    )

    class Meta:
        app_label = "plans"
        constraints = [
            # One row per plan, date and rating; also the index the dashboards read by plan.
            models.UniqueConstraint(
                fields=["plan", "reported_on", "rating"], name="planratingchange_unique"
            )
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} {self.reported_on}: {self.rating} {self.change:+d}"


def _changes_sql(
    plan_ids: list[int] | None, action_ids: list[int] | None = None
) -> tuple[str, str, list]:
    """(WITH steps AS (...), SELECT plan_id, reported_on, rating, change, sample, params):
    every plan's rows, or those of `plan_ids`, or what the actions `action_ids` add to them."""
    where, params = "", []
    if plan_ids is not None:
        where = f"WHERE a.plan_id IN ({', '.join(['%s'] * len(plan_ids))})"
        params = list(plan_ids)
    elif action_ids is not None:
        where = f"WHERE u.action_id IN ({', '.join(['%s'] * len(action_ids))})"
        params = list(action_ids)
    steps = f"""
        WITH steps AS (
            SELECT a.plan_id, u.reported_on, u.rating,
                   CASE WHEN u.is_sample THEN 1 ELSE 0 END AS sample,
                   LAG(u.rating) OVER (
                       PARTITION BY u.action_id ORDER BY u.reported_on, u.created_at, u.id
                   ) AS previous
            FROM plans_ragupdate u JOIN plans_action a ON a.id = u.action_id
            {where}
        )"""
    select = """
        SELECT plan_id, reported_on, rating, SUM(change), SUM(sample) FROM (
            SELECT plan_id, reported_on, rating, 1 AS change, sample FROM steps
            UNION ALL
            SELECT plan_id, reported_on, previous, -1, 0 FROM steps WHERE previous IS NOT NULL
        ) changes
        GROUP BY plan_id, reported_on, rating"""
    return steps, select, params


def plan_rating_changes_rebuild(*, plan_ids: Iterable[int] | None = None) -> None:
    """Work the plans' rows out again from their history (all plans when None).

    Call inside the transaction that added the updates. The plans are locked first (in id
    order), so of two ratings in one plan the later to commit rebuilds with both.
    """
    ids = None if plan_ids is None else sorted(set(plan_ids))
    if ids == []:
        return
    plans_locked(ids)
    stale = PlanRatingChange.objects.all()
    (stale if ids is None else stale.filter(plan__in=ids))._raw_delete(connection.alias)
    steps, select, params = _changes_sql(ids)
    columns = "(plan_id, reported_on, rating, change, sample_updates)"
    insert = f"{steps} INSERT INTO {PlanRatingChange._meta.db_table} {columns} {select}"
    with connection.cursor() as cursor:  # WITH ... INSERT ... SELECT: PostgreSQL and SQLite
        cursor.execute(insert, params)


# What some actions' histories add to their plans' rows: {(plan, date, rating): (change, sample)}
ChangesOf = dict[tuple[int, str, str], tuple[int, int]]


def plan_rating_changes_of(action_ids: list[int]) -> ChangesOf:
    """What these actions' histories add to their plans' rows (1 query).

    Each action's steps depend on its own history only, so a rating's effect on its plan is
    this, taken before and after the update is written (plan_rating_changes_moved).
    """
    if not action_ids:
        return {}
    steps, select, params = _changes_sql(None, action_ids=action_ids)
    with connection.cursor() as cursor:
        cursor.execute(steps + select, params)
        return {
            (plan_id, str(reported_on), rating): (int(change), int(sample))
            for plan_id, reported_on, rating, change, sample in cursor.fetchall()
        }


def plan_rating_changes_moved(before: ChangesOf, after: ChangesOf) -> None:
    """Move the stored rows by what some actions' histories add now (after) rather than then
    (before): a few rows, where a rebuild reads every update of the plan (50 ms at 10,000).

    A row moved to nothing stays (change 0): the consistency check leaves such rows out.
    """
    diff = {}
    for key in before.keys() | after.keys():
        was, now = before.get(key, (0, 0)), after.get(key, (0, 0))
        if was != now:
            diff[key] = (now[0] - was[0], now[1] - was[1])
    if not diff:
        return
    plans_locked({plan_id for plan_id, _, _ in diff})
    stored = PlanRatingChange.objects.filter(
        plan__in={plan_id for plan_id, _, _ in diff},
        reported_on__in={reported_on for _, reported_on, _ in diff},
    )
    rows = {(row.plan_id, str(row.reported_on), row.rating): row for row in stored}
    moved, added = [], []
    for key, (change, sample) in diff.items():
        if (row := rows.get(key)) is not None:
            row.change += change
            row.sample_updates += sample
            moved.append(row)
        else:
            plan_id, reported_on, rating = key
            added.append(
                PlanRatingChange(
                    plan_id=plan_id,
                    reported_on=reported_on,
                    rating=rating,
                    change=change,
                    sample_updates=sample,
                )
            )
    PlanRatingChange.objects.bulk_update(moved, ["change", "sample_updates"])
    PlanRatingChange.objects.bulk_create(added)


def plan_rating_changes_expected() -> set[tuple]:
    """Every plan's rows as the history says, for the consistency check (1 query)."""
    steps, select, params = _changes_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(steps + select, params)
        return {_normalised(row) for row in cursor.fetchall()} - {None}


def plan_rating_changes_stored() -> set[tuple]:
    rows = PlanRatingChange.objects.values_list(
        "plan_id", "reported_on", "rating", "change", "sample_updates"
    )
    return {_normalised(row) for row in rows} - {None}


def _normalised(row) -> tuple | None:
    """A row as a comparable tuple; None for one that changes nothing (both counts 0)."""
    plan_id, reported_on, rating, change, sample = row
    if not change and not sample:
        return None
    return (plan_id, str(reported_on), rating, int(change), int(sample))
