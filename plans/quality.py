"""Data quality: what an admin should fix in the plans, one question a rule.

Each rule's function answers its question as a QuerySet of the problems, in the order to fix
them; `findings()` counts each in SQL and reads only the first few. Archived plans (replaced by
a newer plan, plans/carry_forward/) are history: their actions and they are left out.
The current rating is the one stored on each action (plans.services keeps it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from plans.models import Action, Plan, Rating

# How many problems of each kind the summary page lists; the rest are a "see all" page away.
FIRST_N = 5

# Actions are listed plan by plan, in the plan's own order, unless a rule says otherwise.
DOCUMENT_ORDER = ("plan__title", "plan_id", "order", "pk")


def actions_in_use() -> QuerySet[Action]:
    """Actions of plans that are not archived, with their plan (its legend labels the rating)."""
    return Action.objects.exclude(plan__status=Plan.Status.ARCHIVED).select_related("plan")


def plans_in_use() -> QuerySet[Plan]:
    """Plans that are not archived, each with `action_count`."""
    return (
        Plan.objects.exclude(status=Plan.Status.ARCHIVED)
        .select_related("owner")
        .annotate(action_count=Count("actions"))
        .order_by("title", "pk")
    )


# The rules -----------------------------------------------------------------------------------


def actions_overdue_but_on_track(*, today: datetime.date) -> QuerySet[Action]:
    """Rated green or amber now, though due before today: the oldest due date first."""
    return (
        actions_in_use()
        .filter(current_rating__in=[Rating.GREEN, Rating.AMBER], due_date__lt=today)
        .order_by("due_date", *DOCUMENT_ORDER)
    )


def actions_without_a_lead(*, today: datetime.date) -> QuerySet[Action]:
    """No lead is named for the action."""
    named = Action.leads.through.objects.filter(action_id=OuterRef("pk"))
    return actions_in_use().filter(~Exists(named)).order_by(*DOCUMENT_ORDER)


def actions_without_a_due_date(*, today: datetime.date) -> QuerySet[Action]:
    """No due date, so the action can never show as overdue."""
    return actions_in_use().filter(due_date__isnull=True).order_by(*DOCUMENT_ORDER)


def actions_never_rated(*, today: datetime.date) -> QuerySet[Action]:
    """No rating in the action's history at all (the stored current rating is empty)."""
    return actions_in_use().filter(current_rating__isnull=True).order_by(*DOCUMENT_ORDER)


def plans_without_an_owner(*, today: datetime.date) -> QuerySet[Plan]:
    """No organisation owns the plan."""
    return plans_in_use().filter(owner__isnull=True)


def plans_without_a_period(*, today: datetime.date) -> QuerySet[Plan]:
    """Neither a start nor an end date for the plan's period ("Not stated" on the plans page)."""
    return plans_in_use().filter(period_start__isnull=True, period_end__isnull=True)


# What the pages show for each rule ------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """A link that fixes one problem: `view` takes the problem's primary key."""

    label: str
    view: str
    anchor: str = ""


EDIT_PLAN = Fix("Edit plan", "admin:plans_plan_change")


@dataclass(frozen=True)
class Rule:
    slug: str
    title: str
    explanation: str
    noun: str  # "action" or "plan": what the problems are
    problems: Callable[..., QuerySet]
    fixes: tuple[Fix, ...]
    shows_time_past_due: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        slug="overdue-but-on-track",
        title="Overdue but rated on track",
        explanation=(
            "Rated green or amber, but the due date has passed. Rate the action again "
            "(red if late, blue if complete) or correct its due date. Oldest first."
        ),
        noun="action",
        problems=actions_overdue_but_on_track,
        fixes=(
            Fix("Rate", "plans:action-detail", "#rate"),
            Fix("Edit due date", "plans:action-edit", "#id_due_date"),
        ),
        shows_time_past_due=True,
    ),
    Rule(
        slug="no-lead",
        title="Actions with no lead",
        explanation="Nobody is named to lead these actions, so no commissioner is asked to rate them.",
        noun="action",
        problems=actions_without_a_lead,
        fixes=(Fix("Add a lead", "plans:action-edit", "#id_leads"),),
    ),
    Rule(
        slug="no-due-date",
        title="Actions with no due date",
        explanation="Without a due date an action never shows as overdue.",
        noun="action",
        problems=actions_without_a_due_date,
        fixes=(Fix("Add a due date", "plans:action-edit", "#id_due_date"),),
    ),
    Rule(
        slug="never-rated",
        title="Actions never rated",
        explanation="These actions have no rating at all, in any reporting round.",
        noun="action",
        problems=actions_never_rated,
        fixes=(Fix("Rate", "plans:action-detail", "#rate"),),
    ),
    Rule(
        slug="plan-no-owner",
        title="Plans with no owner",
        explanation="No organisation is recorded as owning these plans.",
        noun="plan",
        problems=plans_without_an_owner,
        fixes=(EDIT_PLAN,),
    ),
    Rule(
        slug="plan-no-period",
        title="Plans with no period",
        explanation="Neither a start nor an end date is recorded for these plans.",
        noun="plan",
        problems=plans_without_a_period,
        fixes=(EDIT_PLAN,),
    ),
)

RULES_BY_SLUG = {rule.slug: rule for rule in RULES}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    count: int
    first: list  # the first problems, at most FIRST_N

    @property
    def has_more(self) -> bool:
        return self.count > len(self.first)


def findings(*, today: datetime.date, limit: int = FIRST_N) -> list[Finding]:
    """Every rule's count and first problems: two queries a rule, whatever the data size."""
    results = []
    for rule in RULES:
        problems = rule.problems(today=today)
        results.append(Finding(rule, count=problems.count(), first=list(problems[:limit])))
    return results
