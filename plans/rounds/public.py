"""What the public sees when dashboards are public (settings.PUBLIC_DASHBOARDS): published
rounds only. Each plan's numbers are its latest published round's snapshot (RoundEntry), as
reported to the board; ratings made since appear when the next round is published.

Each function reads in a fixed number of queries whatever the number of plans and actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from plans.models import Plan, ReportingRound, RoundEntry
from plans.rag_counts import RATINGS, RagCounts, RagRow

_COUNTS = {rating.value: Count("pk", filter=Q(rating=rating.value)) for rating in RATINGS}


@dataclass(frozen=True)
class PublishedNumbers:
    """A dashboard's numbers from published rounds: the rounds, the total and a row per group
    (per plan across plans, per section for one plan)."""

    rounds: list[ReportingRound]
    total: RagCounts
    rows: list[RagRow]


def _total(rows: list[RagRow]) -> RagCounts:
    return RagCounts(
        **{r.value: sum(getattr(row.counts, r.value) for row in rows) for r in RATINGS}
    )


def latest_published_by_plan(plans: QuerySet[Plan]) -> dict[int, ReportingRound]:
    """{plan id: the latest published round the plan was in} (one query)."""
    rounds = (
        ReportingRound.objects.published()
        .filter(plans__in=plans)
        .annotate(for_plan=F("plans"))
        .order_by("reported_on", "pk")
    )
    return {round_.for_plan: round_ for round_ in rounds}  # the latest wins


def _unique(rounds) -> list[ReportingRound]:
    by_pk = {round_.pk: round_ for round_ in rounds}
    return sorted(by_pk.values(), key=lambda r: (r.reported_on, r.pk), reverse=True)


def across_plans(plans: QuerySet[Plan]) -> PublishedNumbers:
    """Each plan's counts in its latest published round, by plan title (two queries)."""
    latest = latest_published_by_plan(plans)
    grouped = (
        RoundEntry.objects.filter(
            round__in={round_.pk for round_ in latest.values()}, action__plan_id__in=list(latest)
        )
        .values("round_id", "action__plan_id", "action__plan__title")
        .annotate(**_COUNTS)
        .order_by("action__plan__title", "action__plan_id")
    )
    rows = [
        RagRow(
            label=f"{row['action__plan__title']} ({latest[row['action__plan_id']].name})",
            counts=RagCounts.from_row(row),
            pk=row["action__plan_id"],
        )
        for row in (grouped if latest else [])
        if latest[row["action__plan_id"]].pk == row["round_id"]
    ]
    return PublishedNumbers(rounds=_unique(latest.values()), total=_total(rows), rows=rows)


def for_plan(plan: Plan) -> PublishedNumbers:
    """The plan's counts in its latest published round, by section (two queries)."""
    round_ = latest_published_by_plan(Plan.objects.filter(pk=plan.pk)).get(plan.pk)
    if round_ is None:
        return PublishedNumbers(rounds=[], total=RagCounts(), rows=[])
    grouped = (
        RoundEntry.objects.filter(round=round_, action__plan=plan)
        .values("action__section_id", "action__section__ref", "action__section__title")
        .annotate(**_COUNTS)
        .order_by(F("action__section__order").asc(nulls_last=True), "action__section_id")
    )
    rows = [
        RagRow(
            label=(
                f"{row['action__section__ref']} {row['action__section__title']}".strip()
                if row["action__section_id"]
                else "Actions without a section"
            ),
            counts=RagCounts.from_row(row),
            pk=row["action__section_id"],
        )
        for row in grouped
    ]
    return PublishedNumbers(rounds=[round_], total=_total(rows), rows=rows)
