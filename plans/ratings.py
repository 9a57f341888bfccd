"""How many actions of a plan changed to and from each rating on each reporting date.

The dashboards' "ratings over time" needs, for every reporting date, each action's rating as
of that date. Worked out from 200,000 updates on every page view that costs a quarter of a
second; stored per plan it is a few hundred rows. Each update, taken per action in the
current rating's order (reporting date, then created, then id), adds one to its rating and
takes one from the action's previous update's rating, at its own reporting date: running
totals of these changes over the dates give the counts (plans.dashboards.rag_trend).

Derived data, never history: the rating service rebuilds a plan's rows whenever one of its
actions gets an update (plans.services.action_current_ratings_refresh), in the same
transaction; `manage.py check_current_ratings` compares them with the history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models


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


def _changes_sql(plan_ids: list[int] | None) -> tuple[str, str, list]:
    """(WITH steps AS (...), SELECT plan_id, reported_on, rating, change, sample, params)."""
    where, params = "", []
    if plan_ids is not None:
        where = f"WHERE a.plan_id IN ({', '.join(['%s'] * len(plan_ids))})"
        params = list(plan_ids)
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
    from plans.models import Plan

    ids = None if plan_ids is None else sorted(set(plan_ids))
    if ids == []:
        return
    plans = Plan.objects.select_for_update(no_key=True).order_by("pk")
    list((plans if ids is None else plans.filter(pk__in=ids)).values_list("pk", flat=True))
    stale = PlanRatingChange.objects.all()
    (stale if ids is None else stale.filter(plan__in=ids))._raw_delete(connection.alias)
    steps, select, params = _changes_sql(ids)
    columns = "(plan_id, reported_on, rating, change, sample_updates)"
    insert = f"{steps} INSERT INTO {PlanRatingChange._meta.db_table} {columns} {select}"
    with connection.cursor() as cursor:  # WITH ... INSERT ... SELECT: PostgreSQL and SQLite
        cursor.execute(insert, params)


def plan_rating_changes_expected() -> set[tuple]:
    """Every plan's rows as the history says, for the consistency check (1 query)."""
    steps, select, params = _changes_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(steps + select, params)
        return {_normalised(row) for row in cursor.fetchall()}


def plan_rating_changes_stored() -> set[tuple]:
    rows = PlanRatingChange.objects.values_list(
        "plan_id", "reported_on", "rating", "change", "sample_updates"
    )
    return {_normalised(row) for row in rows}


def _normalised(row) -> tuple:
    plan_id, reported_on, rating, change, sample = row
    return (plan_id, str(reported_on), rating, int(change), int(sample))
