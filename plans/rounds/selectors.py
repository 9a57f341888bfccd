"""Reads for reporting rounds: ratings in a round, updates due, completeness, direction.

Each function reads in a fixed number of queries whatever the number of actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from plans.models import Action, Lead, RagUpdate, Rating, ReportingRound, RoundEntry
from plans.rounds import rules


def round_actions(round_: ReportingRound) -> QuerySet[Action]:
    """Every action of the round's plans."""
    return Action.objects.filter(plan__reporting_rounds=round_)


def _updated_in(round_: ReportingRound) -> Exists:
    """Whether the action (OuterRef pk) has an update belonging to this round."""
    if round_.is_published:
        return Exists(
            RoundEntry.objects.filter(round=round_, action=OuterRef("pk"), updated_in_round=True)
        )
    return Exists(RagUpdate.objects.filter(round=round_, action=OuterRef("pk")))


def _previous_entry(before: datetime.date | OuterRef) -> QuerySet[RoundEntry]:
    """The action's (OuterRef pk) entry in the latest published round reporting before `before`."""
    return RoundEntry.objects.filter(
        action=OuterRef("pk"),
        round__state=ReportingRound.State.PUBLISHED,
        round__reported_on__lt=before,
    ).order_by("-round__reported_on", "-round_id")


@dataclass
class RoundRating:
    """An action's rating in a round: its update there, or the one carried from before."""

    action_id: int
    update: RagUpdate | None
    updated_in_round: bool
    due_date: datetime.date | None
    previous_rating: str | None

    @property
    def rating(self) -> str:
        return self.update.rating if self.update else Rating.NOT_RATED


def round_ratings(round_: ReportingRound) -> list[RoundRating]:
    """Each action of the round with the update it is reported by, in two queries.

    The update is the latest one made in the round; an action not updated in the round
    carries its latest update reported on or before the round's date. previous_rating is the
    action's rating in the latest published round before this one.
    """
    in_round = RagUpdate.objects.filter(action=OuterRef("pk"), round=round_).order_by(
        "-created_at", "-pk"
    )
    carried = RagUpdate.objects.filter(
        action=OuterRef("pk"), reported_on__lte=round_.reported_on
    ).newest_first()
    rows = list(
        round_actions(round_)
        .annotate(
            round_update_id=Subquery(in_round.values("pk")[:1]),
            carried_update_id=Subquery(carried.values("pk")[:1]),
            previous_rating=Subquery(_previous_entry(round_.reported_on).values("rating")[:1]),
        )
        .order_by("plan_id", "order", "pk")
        .values("pk", "due_date", "round_update_id", "carried_update_id", "previous_rating")
    )
    wanted = {row["round_update_id"] or row["carried_update_id"] for row in rows} - {None}
    updates = RagUpdate.objects.in_bulk(wanted)
    return [
        RoundRating(
            action_id=row["pk"],
            update=updates.get(row["round_update_id"] or row["carried_update_id"]),
            updated_in_round=row["round_update_id"] is not None,
            due_date=row["due_date"],
            previous_rating=row["previous_rating"],
        )
        for row in rows
    ]


# Direction of travel in tables ------------------------------------------------------------


def with_previous_round_rating(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """Annotate previous_round_rating and previous_round_name: the action's entry in the
    latest published round reporting before its current rating (same query as the rows)."""
    previous = _previous_entry(OuterRef("current_reported_on"))
    return queryset.annotate(
        previous_round_rating=Subquery(previous.values("rating")[:1]),
        previous_round_name=Subquery(previous.values("round__name")[:1]),
    )


def direction_of(action: Action) -> str | None:
    """better/worse/same/new since the last published round; None when there was none."""
    if not getattr(action, "previous_round_name", None):
        return None
    return rules.direction(getattr(action, "current_rating", None), action.previous_round_rating)


# My actions: updates due ------------------------------------------------------------------


@dataclass
class DueGroup:
    """A plan's or a section's actions due in a round."""

    title: str
    actions: list[Action] = field(default_factory=list)


@dataclass
class DueRound:
    round: ReportingRound
    plans: list[tuple[DueGroup, list[DueGroup]]]
    count: int


def updates_due(actions: QuerySet[Action]) -> list[DueRound]:
    """Open rounds with those of `actions` not yet updated in them, by plan and section.

    Each action carries current_rating and current_commentary (to carry forward or change).
    Two queries: the open rounds, and the actions due in any of them.
    """
    rounds = {r.pk: r for r in ReportingRound.objects.open().order_by("deadline", "pk")}
    if not rounds:
        return []
    latest = RagUpdate.objects.filter(action=OuterRef("pk")).newest_first()
    due = (
        Action.objects.filter(pk__in=actions.values("pk"), plan__reporting_rounds__in=list(rounds))
        .annotate(due_round_id=F("plan__reporting_rounds"))
        .exclude(
            Exists(RagUpdate.objects.filter(action=OuterRef("pk"), round=OuterRef("due_round_id")))
        )
        .select_related("plan", "section")
        .with_current_rag()
        .annotate(
            current_commentary=Subquery(latest.values("commentary")[:1]),
            current_why_and_next=Subquery(latest.values("why_and_next")[:1]),
        )
        .order_by("plan__title", "plan_id", "section__order", "order", "pk")
    )
    by_round: dict[int, list[Action]] = {}
    for action in due:
        by_round.setdefault(action.due_round_id, []).append(action)
    return [
        DueRound(round=round_, plans=_group(by_round[pk]), count=len(by_round[pk]))
        for pk, round_ in rounds.items()
        if pk in by_round
    ]


def _group(actions: list[Action]) -> list[tuple[DueGroup, list[DueGroup]]]:
    plans: list[tuple[DueGroup, list[DueGroup]]] = []
    for action in actions:
        if not plans or plans[-1][0].actions[0].plan_id != action.plan_id:
            plans.append((DueGroup(title=action.plan.title), []))
        plan_group, sections = plans[-1]
        plan_group.actions.append(action)
        section_title = str(action.section) if action.section_id else "No section"
        if not sections or sections[-1].title != section_title:
            sections.append(DueGroup(title=section_title))
        sections[-1].actions.append(action)
    return plans


# Completeness -----------------------------------------------------------------------------


@dataclass
class Tally:
    label: str
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def missing(self) -> int:
        return self.total - self.done


@dataclass
class Completeness:
    overall: Tally
    by_plan: list[Tally]
    by_section: list[Tally]
    by_organisation: list[Tally]
    by_lead: list[Tally]
    missing: list[Action]


def _count(tallies: dict, key, label: str, done: bool) -> None:
    tally = tallies.setdefault(key, Tally(label=label))
    tally.total += 1
    tally.done += done


def round_completeness(round_: ReportingRound) -> Completeness:
    """How many of the round's actions have an update, by plan, section, lead organisation and
    lead, with the missing ones (plan, section and leads loaded). Three queries."""
    actions = list(
        round_actions(round_)
        .select_related("plan", "section")
        .prefetch_related(
            Prefetch(
                "leads", queryset=Lead.objects.order_by("name").prefetch_related("organisations")
            )
        )
        .annotate(updated=_updated_in(round_))
        .order_by("plan__title", "plan_id", "section__order", "order", "pk")
    )
    overall = Tally(label="All actions")
    plans: dict = {}
    sections: dict = {}
    organisations: dict = {}
    leads: dict = {}
    for action in actions:
        done = bool(action.updated)
        _count({0: overall}, 0, overall.label, done)
        _count(plans, action.plan_id, action.plan.title, done)
        section = str(action.section) if action.section_id else "No section"
        _count(
            sections, (action.plan_id, action.section_id), f"{action.plan.title}: {section}", done
        )
        action_leads = list(action.leads.all())
        if not action_leads:
            _count(leads, None, "No lead named", done)
        orgs = {org.pk: org for lead in action_leads for org in lead.organisations.all()}
        for lead in action_leads:
            _count(leads, lead.pk, lead.name, done)
        for org in orgs.values():
            _count(organisations, org.pk, org.name, done)
        if action_leads and not orgs:
            _count(organisations, None, "No organisation", done)
    by_label = lambda tallies: sorted(tallies.values(), key=lambda t: t.label.lower())  # noqa: E731
    return Completeness(
        overall=overall,
        by_plan=list(plans.values()),
        by_section=list(sections.values()),
        by_organisation=by_label(organisations),
        by_lead=by_label(leads),
        missing=[action for action in actions if not action.updated],
    )


def round_entries(round_: ReportingRound) -> list[RoundEntry]:
    """A published round's snapshot rows with their actions, plans, sections and leads."""
    return list(
        round_.entries.select_related("action", "action__plan", "action__section")
        .prefetch_related(Prefetch("action__leads", queryset=Lead.objects.order_by("name")))
        .order_by(
            "action__plan__title", "action__plan_id", "action__section__order", "action__order"
        )
    )


def round_for_page(pk: int) -> ReportingRound:
    """The round with its plans, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(ReportingRound.objects.prefetch_related("plans"), pk=pk)
