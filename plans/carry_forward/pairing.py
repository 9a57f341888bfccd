"""Which plans a plan may replace, and how their actions pair (reads only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from importers.reading.matching import Candidate, match_actions
from plans.carry_forward.models import ActionPairing
from plans.models import Action, Plan

# How many earlier plans up a chain are walked to refuse a loop (2014/15 <- 2015/16 <- ...).
MAX_CHAIN = 50


def predecessor_choices(plan: Plan) -> QuerySet[Plan]:
    """Plans this one may replace: any other plan that does not (however far back) replace it."""
    return Plan.objects.exclude(pk__in=[plan.pk, *later_plan_ids(plan)]).order_by("title", "pk")


def later_plan_ids(plan: Plan) -> set[int]:
    """Plans that replace this one, directly or further on (a query per generation)."""
    found: set[int] = set()
    frontier = {plan.pk}
    for _ in range(MAX_CHAIN):
        frontier = (
            set(Plan.objects.filter(predecessor__in=frontier).values_list("pk", flat=True)) - found
        )
        if not frontier:
            break
        found |= frontier
    return found


@dataclass
class SuggestedPair:
    action: Action
    predecessor: Action | None
    how: str = ""
    """text | similar | chosen (saved earlier) | '' (none)"""
    score: float | None = None


def _actions(plan: Plan) -> list[Action]:
    return list(
        Action.objects.filter(plan=plan)
        .only("pk", "ref", "text", "plan_id")
        .order_by("order", "pk")
    )


def suggested_pairs(plan: Plan, predecessor: Plan) -> tuple[list[SuggestedPair], list[Action]]:
    """Each of the plan's actions with the predecessor's action it most likely carries on,
    and the predecessor's actions (for the choice lists). Pairings saved earlier between these
    two plans win; the rest pair by text (three queries)."""
    new, old = _actions(plan), _actions(predecessor)
    old_by_pk = {a.pk: a for a in old}
    saved = {
        p.action_id: p
        for p in ActionPairing.objects.filter(action__plan=plan, predecessor__plan=predecessor)
    }
    # Refs are left out: next year's plan renumbers last year's actions.
    matching = match_actions(
        [Candidate(a.pk, None, a.text) for a in old],
        [Candidate(a.pk, None, a.text) for a in new],
        chosen={pk: pairing.predecessor_id for pk, pairing in saved.items()},
    )
    matched = matching.by_incoming()
    pairs = []
    for action in new:
        match = matched.get(action.pk)
        if match is None:
            pairs.append(SuggestedPair(action, None))
            continue
        how = saved[action.pk].how if match.how == "chosen" else match.how
        score = saved[action.pk].score if match.how == "chosen" else match.score
        pairs.append(SuggestedPair(action, old_by_pk[match.existing], how, score))
    return pairs, old
