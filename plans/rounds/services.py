"""Writes for reporting rounds: open, close, publish (the snapshot), and an update for a round.

Every function is keyword-only and atomic. An update for a round goes through the one rating
service, plans.services.rag_update_create, so the rules for every rating hold here too.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from plans import limits
from plans.models import Action, Plan, RagUpdate, ReportingRound, RoundEntry
from plans.rounds import rules, selectors


def _first_problem(problems: dict[str, str]) -> None:
    if problems:
        field = next(iter(problems))
        raise ValidationError({field: problems[field]})


@transaction.atomic
def round_open(
    *,
    name: str,
    reported_on: datetime.date,
    deadline: datetime.date,
    plans: list[Plan],
    opened_by: AbstractBaseUser | None,
) -> ReportingRound:
    """Open a round for one or more plans. A plan is in at most one open round at a time."""
    name = name.strip()
    problems = {}
    if not name:
        problems["name"] = 'Enter a name for the round, like "October 2016".'
    elif too_long := limits.ROUND_NAME.problem(name):
        problems["name"] = too_long
    if not plans:
        problems["plans"] = "Choose at least one plan."
    busy = ReportingRound.objects.open().filter(plans__in=plans).values_list("name", flat=True)
    if plans and busy.exists():
        problems["plans"] = f"A chosen plan is already in the open round {busy.first()}."
    _first_problem(problems)
    round_ = ReportingRound.objects.create(
        name=name, reported_on=reported_on, deadline=deadline, opened_by=opened_by
    )
    round_.plans.set(plans)
    return round_


def _locked(round_: ReportingRound) -> ReportingRound:
    """The round re-read under a row lock, so a close and an update cannot interleave."""
    return ReportingRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def round_close(*, round: ReportingRound, closed_by: AbstractBaseUser | None) -> ReportingRound:
    """Lock the round: no new or changed updates for it from now on."""
    round_ = _locked(round)
    if round_.state != ReportingRound.State.OPEN:
        raise ValidationError({"state": "Only an open round can be closed."})
    round_.state = ReportingRound.State.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["state", "closed_at"])
    return round_


@transaction.atomic
def round_publish(
    *, round: ReportingRound, published_by: AbstractBaseUser | None
) -> ReportingRound:
    """Freeze every action's rating, forecast, words and direction as reported to the board."""
    round_ = _locked(round)
    if round_.state != ReportingRound.State.CLOSED:
        raise ValidationError({"state": "Close the round before publishing it."})
    RoundEntry.objects.bulk_create(
        [_entry(round_, row) for row in selectors.round_ratings(round_)], batch_size=2000
    )
    round_.state = ReportingRound.State.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["state", "published_at"])
    return round_


def _entry(round_: ReportingRound, row: selectors.RoundRating) -> RoundEntry:
    update, previous = row.update, row.previous_rating
    return RoundEntry(
        round=round_,
        action_id=row.action_id,
        update=update,
        updated_in_round=row.updated_in_round,
        rating=row.rating,
        forecast_rating=update.forecast_rating if update else "",
        commentary=update.commentary if update else "",
        why_and_next=update.why_and_next if update else "",
        outside_control=update.outside_control if update else False,
        due_date=row.due_date,
        due_date_was=update.due_date_was if update and row.updated_in_round else None,
        due_date_reason=update.due_date_reason if update and row.updated_in_round else "",
        previous_rating=previous or "",
        direction=rules.direction(row.rating, previous),
    )


def round_update_problems(
    *,
    round: ReportingRound,
    action: Action,
    rating: str,
    why_and_next: str,
    new_due_date,
    due_date_reason: str,
) -> dict[str, str]:
    """What stops this update joining the round, by field (empty when it may be saved)."""
    problems = {}
    if round.state != ReportingRound.State.OPEN:
        problems["round"] = rules.CLOSED_ROUND_MESSAGE
    elif not round.plans.filter(pk=action.plan_id).exists():
        problems["round"] = rules.NOT_IN_ROUND_MESSAGE
    if rules.why_required(rating) and not why_and_next.strip():
        problems["why_and_next"] = rules.WHY_REQUIRED_MESSAGE
    elif too_long := limits.WHY_AND_NEXT.problem(why_and_next.strip()):
        problems["why_and_next"] = too_long
    if too_long := limits.DUE_DATE_REASON.problem(due_date_reason.strip()):
        problems["due_date_reason"] = too_long
    problems |= rules.due_date_move_problems(
        current=action.due_date, new=new_due_date, reason=due_date_reason, start=action.start_date
    )
    return problems


def round_reported_on(round_: ReportingRound, today: datetime.date) -> datetime.date:
    """An update in a round reports on the round's date (never in the future)."""
    return min(round_.reported_on, today)


@transaction.atomic
def round_update_create(
    *,
    round: ReportingRound,
    action: Action,
    rating: str,
    commentary: str,
    author: AbstractBaseUser | None,
    source: str = RagUpdate.Source.WEB,
    forecast_rating: str = "",
    why_and_next: str = "",
    outside_control: bool = False,
    new_due_date: datetime.date | None = None,
    due_date_reason: str = "",
) -> RagUpdate:
    """An action's update for an open round: its rating, forecast, words and any due-date move.

    Refused (ValidationError, nothing saved) once the round is closed, for an action whose
    plan is not in the round, for red or amber without why-and-what-next, or for a due-date
    move without a reason. Who may update is the caller's question (permissions.can_rate).
    """
    from plans.services import rag_update_create

    round_ = _locked(round)
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _first_problem(
        round_update_problems(
            round=round_,
            action=action,
            rating=rating,
            why_and_next=why_and_next,
            new_due_date=new_due_date,
            due_date_reason=due_date_reason,
        )
    )
    update = rag_update_create(
        action=action,
        rating=rating,
        commentary=commentary or why_and_next,
        author=author,
        reported_on=round_reported_on(round_, timezone.localdate()),
        round_label=round_.name,
        source=source,
        round=round_,
    )
    update.forecast_rating = forecast_rating or ""
    update.why_and_next = why_and_next.strip()
    update.outside_control = outside_control
    if new_due_date is not None:
        update.due_date_was = action.due_date
        update.new_due_date = new_due_date
        update.due_date_reason = due_date_reason.strip()
        _move_due_date(action, new_due_date, due_date_reason.strip(), author)
    update.save(
        update_fields=[
            "forecast_rating",
            "why_and_next",
            "outside_control",
            "due_date_was",
            "new_due_date",
            "due_date_reason",
        ]
    )
    return update


def _move_due_date(action: Action, new_due_date, reason: str, author) -> None:
    """The action's due date moves, with the reason in its history (and its version bumped)."""
    action.due_date = new_due_date
    action.version += 1
    action._change_reason = f"due date moved in a round update: {reason}"[:100]
    action._history_user = author
    action.save(update_fields=["due_date", "version", "updated_at"])
