"""Row locks that order concurrent writes to a plan's derived data."""

from __future__ import annotations

from collections.abc import Iterable


def plans_locked(plan_ids: Iterable[int] | None) -> None:
    """Lock the plans' rows (all plans when None) until the transaction ends, in id order.

    Writers of a plan's derived rows (its rating changes and counts) take it first, so of two
    writes to one plan the later to commit sees the earlier's rows. FOR NO KEY UPDATE: it
    does not block inserting actions that point at the plan.
    """
    from plans.models import Plan

    plans = Plan.objects.select_for_update(no_key=True).order_by("pk")
    if plan_ids is not None:
        plans = plans.filter(pk__in=sorted(set(plan_ids)))
    list(plans.values_list("pk", flat=True))
