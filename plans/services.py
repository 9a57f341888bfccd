"""Writes. Every change to plans goes through a function here, never a view, form or serializer."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from plans import limits, rules
from plans.models import Action, RagUpdate, Rating
from plans.ratings import (
    plan_rating_changes_moved,
    plan_rating_changes_of,
    plan_rating_changes_rebuild,
)
from plans.rollups import (
    plan_rating_counts_moved,
    plan_rating_counts_of,
    plan_rating_counts_rebuild,
)


def _rating_problems(
    *,
    plan,
    rating: str,
    commentary: str,
    reported_on: datetime.date,
    source: str,
    today,
    round_label: str = "",
) -> dict[str, str]:
    """What is wrong with a rating, by field (empty when it may be saved)."""
    problems = {}
    if rating not in Rating.values:
        choices = ", ".join(Rating.values)
        problems["rating"] = f'"{rating}" is not a rating: use one of {choices}.'
    elif rules.commentary_required(rating) and not commentary:
        problems["commentary"] = rules.COMMENTARY_REQUIRED_MESSAGE
    elif too_long := limits.COMMENTARY.problem(commentary):
        problems["commentary"] = too_long
    if too_long := limits.ROUND_LABEL.problem(round_label):
        problems["round_label"] = too_long
    problem = rules.reported_on_problem(reported_on, today=today, plan=plan)
    if problem:
        problems["reported_on"] = problem
    if source not in RagUpdate.Source.values:
        problems["source"] = f'"{source}" is not a source.'
    return problems


def _still_open(round):
    """The round an update was asked to belong to; a closed round refuses late changes."""
    from plans.models import ReportingRound
    from plans.rounds.rules import CLOSED_ROUND_MESSAGE

    if round.state != ReportingRound.State.OPEN:
        raise ValidationError({"round": CLOSED_ROUND_MESSAGE})
    return round


def _round_for(action: Action, round=None):
    """The open reporting round an update of this action belongs to (plans/rounds/)."""
    from plans.models import ReportingRound

    if round is not None:
        return _still_open(round)
    return ReportingRound.objects.open().filter(plans=action.plan_id).order_by("pk").first()


def _rounds_for(plan_ids: set[int], round=None) -> dict:
    """_round_for for many plans in one query: {plan id: the open round its updates belong to}.

    The open rounds are locked (FOR UPDATE) until the transaction ends, so a round cannot
    close between being chosen here and the updates being saved into it.
    """
    from plans.models import ReportingRound

    if round is not None:
        return dict.fromkeys(plan_ids, _still_open(round))
    open_rounds = (
        ReportingRound.objects.open()
        .filter(plans__in=plan_ids)
        .annotate(for_plan=F("plans"))
        .select_for_update(of=("self",))
        .order_by("-pk")
    )
    return {round_.for_plan: round_ for round_ in open_rounds}  # the lowest pk wins


@transaction.atomic
def rag_update_create(
    *,
    action: Action,
    rating: str,
    commentary: str,
    author: AbstractBaseUser | None,
    reported_on: datetime.date | None = None,
    round_label: str = "",
    source: str,
    is_correction: bool = False,
    round=None,
) -> RagUpdate:
    """Append a rating to an action's history; reported_on defaults to today.

    An update made while a reporting round is open for the action's plan belongs to it (or
    to `round`, which must be open: a closed round refuses late changes).

    Raises ValidationError, saving nothing, for a rating outside the scheme, red or amber
    without commentary, text over its limit (plans.limits), or a reporting date out of
    bounds (rules.reported_on_problem: never in the future, nor before the plan's start or
    1990). Who may rate is the caller's question (plans.permissions.can_rate); forms and
    serializers check the same rules first so people see them beside the field.
    """
    today = timezone.localdate()
    reported_on = reported_on or today
    commentary = commentary.strip()
    problems = _rating_problems(
        plan=action.plan,
        rating=rating,
        commentary=commentary,
        reported_on=reported_on,
        source=source,
        today=today,
        round_label=round_label.strip(),
    )
    if problems:
        # One field at a time, in the order people fix them (rating before commentary).
        field = next(iter(problems))
        raise ValidationError({field: problems[field]})
    round = _round_for(action, round)
    update = RagUpdate.objects.create(  # RagUpdate.save() refreshes the current rating
        action=action,
        rating=rating,
        commentary=commentary,
        reported_on=reported_on,
        round=round,
        round_label=round_label.strip() or (round.name if round else ""),
        author=author,
        source=source,
        is_correction=is_correction,
    )
    action.refresh_from_db(fields=CURRENT_RATING_FIELDS)
    return update


@dataclass(frozen=True)
class RatingInput:
    """One row of a bulk rating: the action (with its plan loaded), rating and commentary."""

    action: Action
    rating: str
    commentary: str


@transaction.atomic
def rag_updates_create(
    *,
    ratings: list[RatingInput],
    reported_on: datetime.date,
    author: AbstractBaseUser | None,
    source: str,
    round_label: str = "",
    is_correction: bool = False,
    is_sample: bool = False,
    round=None,
) -> list[RagUpdate]:
    """Append many ratings for one reporting date at once (a round), by the same rules.

    As for one update, each belongs to the reporting round open for its plan (or to `round`,
    which must be open: a closed round refuses late changes). All or nothing: the first row
    breaking a rule raises ValidationError and saves nothing.
    """
    today = timezone.localdate()
    rounds = _rounds_for({row.action.plan_id for row in ratings}, round)
    updates = []
    for row in ratings:
        commentary = row.commentary.strip()
        problems = _rating_problems(
            plan=row.action.plan,
            rating=row.rating,
            commentary=commentary,
            reported_on=reported_on,
            source=source,
            today=today,
            round_label=round_label.strip(),
        )
        if problems:
            field = next(iter(problems))
            raise ValidationError({field: f"{row.action}: {problems[field]}"})
        row_round = rounds.get(row.action.plan_id)
        updates.append(
            RagUpdate(
                action=row.action,
                rating=row.rating,
                commentary=commentary,
                reported_on=reported_on,
                round=row_round,
                round_label=round_label.strip() or (row_round.name if row_round else ""),
                author=author,
                source=source,
                is_correction=is_correction,
                is_sample=is_sample,
            )
        )
    with ratings_written(row.action.pk for row in ratings):
        created = RagUpdate.objects.bulk_create(updates, batch_size=2000)
    return created


CURRENT_RATING_FIELDS = ["current_rating", "current_reported_on", "current_update"]


@transaction.atomic
def action_current_ratings_refresh(
    *, action_ids: Iterable[int] | None = None, actions: QuerySet[Action] | None = None
) -> int:
    """Store each action's current rating from its history, and count its plans again (their
    rating changes, plans.ratings, and counts, plans.rollups); returns how many actions were
    written. For a repair, or after a bulk write; a rating is written in
    `ratings_written()`, which moves the plans' rows by what changed.

    The rule (DESIGN.md "Ratings"): the update with the latest reporting date, ties to the
    later created (then the higher id), so a back-filled older round changes nothing. The
    actions are locked first (FOR NO KEY UPDATE, in id order): a concurrent rating of the same
    action waits, then its refresh sees this one's update, so the last to commit is right.
    Pass `action_ids`, or `actions` (a queryset, e.g. all of them for a repair).
    """
    scope = actions.values("pk") if actions is not None else list(action_ids or [])
    plan_ids = _actions_locked(scope)
    written = _current_ratings_stored(scope)
    plan_rating_changes_rebuild(plan_ids=plan_ids)
    plan_rating_counts_rebuild(plan_ids=plan_ids)
    return written


# Up to this many actions rated at once, their plans' rows are moved by what changed; more
# (an import, a whole plan's round) and the plans are counted again, which is then cheaper.
RATED_AT_ONCE_MOVED = 200


@contextlib.contextmanager
def ratings_written(action_ids: Iterable[int]):
    """Around writing rating updates of these actions: in one transaction, locks them (in id
    order, as the refresh), then stores their current ratings and moves their plans' rating
    changes and counts by what the new updates changed (plans.ratings, plans.rollups).

    A rating of one action of a 1,000-action plan: 60 ms counting the plan again, 5 ms this way.
    """
    ids = sorted(set(action_ids))
    with transaction.atomic():
        if len(ids) > RATED_AT_ONCE_MOVED:
            yield
            action_current_ratings_refresh(action_ids=ids)
            return
        _actions_locked(ids)
        changes_before, counts_before = plan_rating_changes_of(ids), plan_rating_counts_of(ids)
        yield
        _current_ratings_stored(ids)
        plan_rating_changes_moved(changes_before, plan_rating_changes_of(ids))
        plan_rating_counts_moved(counts_before, plan_rating_counts_of(ids))


def _actions_locked(scope) -> set[int]:
    """Lock the actions (in id order) until the transaction ends; returns their plans."""
    locked = Action.objects.select_for_update(no_key=True).filter(pk__in=scope).order_by("pk")
    return {plan_id for _, plan_id in locked.values_list("pk", "plan_id")}


def _current_ratings_stored(scope) -> int:
    latest = RagUpdate.objects.filter(action=OuterRef("pk")).newest_first()
    return Action.objects.filter(pk__in=scope).update(
        current_update=Subquery(latest.values("pk")[:1]),
        current_rating=Subquery(latest.values("rating")[:1]),
        current_reported_on=Subquery(latest.values("reported_on")[:1]),
    )


class StaleEdit(Exception):
    """Someone else saved the object since this form was loaded; nothing was written."""

    def __init__(self, current):
        super().__init__("This action was changed by someone else while you were editing it.")
        self.current = current


# What the web app's edit form changes; the admin site and the API change these too.
ACTION_EDITABLE_FIELDS = (
    "text",
    "context",
    "timescale_text",
    "start_date",
    "due_date",
    "outcomes",
    "follow_up",
)
# Everything an edit may change (the admin site's form has them all); the version is the
# service's to bump, never a caller's to set.
ACTION_UPDATABLE_FIELDS = (*ACTION_EDITABLE_FIELDS, "plan", "section", "ref", "progress", "order")
ACTION_UPDATABLE_RELATIONS = ("leads", "objectives")
ACTION_EDIT_REASONS = {
    "web": "edited in the web app",
    "admin": "edited in the admin site",
    "api": "edited through the API",
    "import": "updated by a re-import of the plan",
}


@transaction.atomic
def action_update(
    *,
    action: Action,
    expected_version: int,
    changes: dict,
    editor: AbstractBaseUser,
    via: str = "web",
) -> Action:
    """Change an action's fields, refusing a save based on an out-of-date version, or typed
    text over its limit (ValidationError; plans.limits, except for re-imports).

    The one way an action is edited, whether from the web app, the admin site or the API
    (`via`, recorded as the history's change reason): every edit bumps the version, so an
    editor who loaded an older one gets StaleEdit and nothing is written. The version is
    claimed with one conditional UPDATE, which both SQLite and PostgreSQL run atomically: of
    two editors who loaded the same version, exactly one succeeds.
    """
    unknown = set(changes) - set(ACTION_UPDATABLE_FIELDS) - set(ACTION_UPDATABLE_RELATIONS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    reason = ACTION_EDIT_REASONS[via]
    claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise StaleEdit(Action.objects.get(pk=action.pk))
    action.refresh_from_db()
    if via != "import":  # a document's text is kept whatever its length
        _check_typed_lengths(action, changes)  # against what is saved (rolls the claim back)
    plan_before = action.plan_id
    for field, value in changes.items():
        if field not in ACTION_UPDATABLE_RELATIONS:
            setattr(action, field, value)
    action._change_reason = reason
    action._history_user = editor
    action.save()  # records the before/after in the action's history
    for relation in ACTION_UPDATABLE_RELATIONS:
        if relation in changes:
            getattr(action, relation).set(changes[relation])
    if action.plan_id != plan_before:  # its ratings now count for another plan
        plan_rating_changes_rebuild(plan_ids=[plan_before, action.plan_id])
        plan_rating_counts_rebuild(plan_ids=[plan_before, action.plan_id])
    return action


def _check_typed_lengths(action: Action, changes: dict) -> None:
    """Typed text over its limit (plans.limits) is refused; text left as saved is kept."""
    for field, limit in limits.ACTION_FIELD_LIMITS.items():
        value = changes.get(field)
        if value is None or str(value).split() == str(getattr(action, field)).split():
            continue
        if too_long := limit.problem(value):
            raise ValidationError({field: too_long})


@transaction.atomic
def milestone_set_done(*, milestone, done_on: datetime.date | None, editor: AbstractBaseUser):
    """Record (or clear) the date a milestone was done."""
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_date": "The done date cannot be in the future."})
    milestone.done_date = done_on
    milestone._change_reason = "done date set in the web app"
    milestone.save(update_fields=["done_date"])
    return milestone


@transaction.atomic
def plan_delete(*, plan, deleted_by: AbstractBaseUser | None) -> None:
    """Delete a plan and everything in it, keeping an audit record of what went."""
    from plans.models import AuditRecord

    AuditRecord.objects.create(
        who=deleted_by,
        what="plan deleted",
        details={
            "plan": plan.pk,
            "title": plan.title,
            "source": plan.source_name,
            "checksum": plan.source_checksum,
            "actions": plan.actions.count(),
            "rag_updates": RagUpdate.objects.filter(action__plan=plan).count(),
        },
    )
    plan.delete()
