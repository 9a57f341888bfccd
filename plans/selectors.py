"""Reads for action tables: one place that decides what a table row preloads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from plans.models import Action, Lead, Plan, PlanRatingChange, PlanRatingCount, RagUpdate, Rating


def action_table_rows(queryset: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """Actions with their plan, section, leads and current rating, in a fixed number of queries.

    The current rating and its date are stored on the action; with_current_rag() adds
    whether it is sample data.
    """
    queryset = Action.objects.all() if queryset is None else queryset
    return (
        # The plan table heads each group with the section's parent ("2 Access › 2.1 Crisis").
        queryset.select_related("plan", "section", "section__parent")
        .prefetch_related(Prefetch("leads", queryset=Lead.objects.order_by("name")))
        .with_current_rag()
    )


RATING_ORDER = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE, Rating.NOT_RATED]


def plans_with_rag_summary() -> list[Plan]:
    """Every plan with `rag_counts` (rating → count, plus total) set, in two queries.

    `has_sample_data`: some rating in the plan's history is demo data (from its stored rating
    changes, plans.ratings, not a join of every action to its current update).
    """
    sample = PlanRatingChange.objects.filter(plan=OuterRef("pk"), sample_updates__gt=0)
    plans = list(
        Plan.objects.select_related("owner")
        .annotate(has_sample_data=Exists(sample))
        .order_by("title")
    )
    # Each plan's stored counts (plans.rollups): a few rows a plan, not all its actions.
    counts: dict[int, dict] = {}
    stored = PlanRatingCount.objects.filter(grouping=PlanRatingCount.Grouping.PLAN)
    ratings = [r.value for r in RATING_ORDER]
    for plan_id, *tallies in stored.values_list("plan_id", *ratings):
        counts[plan_id] = dict(zip(ratings, tallies, strict=True)) | {"total": sum(tallies)}
    for plan in plans:
        plan.rag_counts = counts.get(plan.pk, {"total": 0})
    return plans


def action_field_changes(action: Action, *, limit: int = 50) -> list[dict]:
    """The action's edits, newest first: who, when, and each changed field's before and after.

    One query: the history rows are read once and compared with their neighbours in Python.
    """
    records = list(
        action.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(changes) == limit:
            break
        fields = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["version"])
            fields = [(c.field, c.old, c.new) for c in delta.changes]
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "fields": fields,
            }
        )
    return changes


@dataclass(frozen=True)
class CurrentRatingMismatch:
    action_id: int
    stored: tuple
    expected: tuple


def current_rating_mismatches() -> list[CurrentRatingMismatch]:
    """Actions whose stored current rating is not what their history says (2 queries).

    The history's answer is worked out here independently of the service's UPDATE: every
    update read once, in the rule's order (reporting date, then created, then id), the last
    per action winning; then compared with the stored fields of every action.
    """
    expected: dict[int, tuple] = {}
    history = RagUpdate.objects.order_by("action_id", "reported_on", "created_at", "pk")
    for action_id, pk, rating, reported_on in history.values_list(
        "action_id", "pk", "rating", "reported_on"
    ).iterator(chunk_size=5000):
        expected[action_id] = (pk, rating, reported_on)
    stored = Action.objects.values_list(
        "pk", "current_update_id", "current_rating", "current_reported_on"
    ).order_by("pk")
    return [
        CurrentRatingMismatch(pk, tuple(fields), expected.get(pk, (None, None, None)))
        for pk, *fields in stored.iterator(chunk_size=5000)
        if tuple(fields) != expected.get(pk, (None, None, None))
    ]
