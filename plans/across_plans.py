"""The plans' stored counts (plans.rollups) summed over every plan that is not archived: the
cross-plan dashboard's counts by lead, lead organisation and national objective.

Summed from the per-plan rows on every view, the lead ranking read a row per plan and lead
(17,600 at 20,000 actions: leads seldom lead more than one action of a plan). Summed ahead,
it is a row a lead. Derived data, kept with the per-plan rows in the same transaction: a
rating adds what it changed (an upsert, so ratings in different plans add up without
waiting for each other); whatever counts plans again, or archives, restores or deletes one,
sums them all again. `manage.py check_current_ratings` compares them.
"""

from __future__ import annotations

from django.db import connection, models

from plans.rollups import TALLIES, CountedGroup, PlanRatingCount

Grouping = PlanRatingCount.Grouping


class AcrossPlansRatingCount(CountedGroup):
    """How many actions of plans not archived under this grouping have each current rating."""

    # The lead, organisation or objective the grouping names (0 for none): one row each.
    key = models.BigIntegerField()
    # Not PositiveIntegerField: a change is added in SQL before anything could check it.
    red = models.IntegerField(default=0)
    amber = models.IntegerField(default=0)
    green = models.IntegerField(default=0)
    blue = models.IntegerField(default=0)
    not_rated = models.IntegerField(default=0)

    class Meta:
        app_label = "plans"
        constraints = [
            models.UniqueConstraint(fields=["grouping", "key"], name="acrossplans_one_row_a_key")
        ]


KEY = ("grouping", "lead", "organisation", "objective")
_COLUMNS = '"grouping", "key", lead_id, organisation_id, objective_id, ' + ", ".join(TALLIES)
_OVERWRITE = ", ".join(f"{name} = excluded.{name}" for name in TALLIES)
_ADD = ", ".join(f"{name} = c.{name} + excluded.{name}" for name in TALLIES)


def _sums_sql() -> tuple[str, list]:
    """Every row as the per-plan rows of plans not archived sum up (in KEY, TALLIES order)."""
    from plans.models import Plan

    sums = ", ".join(f"SUM(c.{name})" for name in TALLIES)
    sql = f"""
        SELECT c."grouping", COALESCE(c.lead_id, c.organisation_id, c.objective_id, 0),
               c.lead_id, c.organisation_id, c.objective_id, {sums}
        FROM {PlanRatingCount._meta.db_table} c JOIN {Plan._meta.db_table} p ON p.id = c.plan_id
        WHERE p.status <> %s AND c."grouping" <> %s
        GROUP BY c."grouping", c.lead_id, c.organisation_id, c.objective_id"""
    return sql, [Plan.Status.ARCHIVED.value, Grouping.PLAN.value]


def across_plans_rebuild() -> None:
    """Sum every row again from the per-plan rows (call inside the writing transaction).

    ON CONFLICT: a rating committed meanwhile may have added a row this sum also counts.
    """
    select, params = _sums_sql()
    table = AcrossPlansRatingCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} ({_COLUMNS}) {select} "
            f'ON CONFLICT ("grouping", "key") DO UPDATE SET {_OVERWRITE}',
            params,
        )


def across_plans_moved(diff: dict[tuple, tuple[int, ...]]) -> None:
    """Add per-plan changes ({(plan, grouping, lead, organisation, objective): tallies}, as
    plans.rollups.plan_rating_counts_moved made them) to the rows of plans not archived."""
    from plans.models import Plan

    plans = {key[0] for key in diff}
    counted = set(
        Plan.objects.filter(pk__in=plans)
        .exclude(status=Plan.Status.ARCHIVED)
        .values_list("pk", flat=True)
    )
    changes: dict[tuple, list[int]] = {}
    for (plan_id, grouping, *ids), change in diff.items():
        if plan_id in counted and grouping != Grouping.PLAN:
            total = changes.setdefault((grouping, *ids), [0] * len(TALLIES))
            for n, d in enumerate(change):
                total[n] += d
    rows = [
        (grouping, next((i for i in ids if i is not None), 0), *ids, *change)
        for (grouping, *ids), change in sorted(changes.items(), key=str)  # one lock order
        if any(change)
    ]
    if not rows:
        return
    table = AcrossPlansRatingCount._meta.db_table
    one = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS c ({_COLUMNS}) VALUES {', '.join([one] * len(rows))} "
            f'ON CONFLICT ("grouping", "key") DO UPDATE SET {_ADD}',
            [value for row in rows for value in row],
        )
    # Only the rows just moved: other transactions' rows are theirs to lock.
    moved = models.Q()
    for grouping, key, *_ in rows:
        moved |= models.Q(grouping=grouping, key=key)
    changed = AcrossPlansRatingCount.objects.filter(moved)
    changed.filter(**{name: 0 for name in TALLIES}).delete()
    below_zero = models.Q()
    for name in TALLIES:
        below_zero |= models.Q(**{f"{name}__lt": 0})
    if changed.filter(below_zero).exists():  # the rows were already wrong
        across_plans_rebuild()


def across_plans_expected() -> set[tuple]:
    select, params = _sums_sql()
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        return {_normalised(row[:1] + row[2:]) for row in cursor.fetchall()}


def across_plans_stored() -> set[tuple]:
    rows = AcrossPlansRatingCount.objects.values_list(*KEY, *TALLIES)
    return {_normalised(row) for row in rows}


def _normalised(row) -> tuple:
    return (*row[: len(KEY)], *(int(count) for count in row[len(KEY) :]))
