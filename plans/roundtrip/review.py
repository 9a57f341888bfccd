"""Checking a returned workbook's rows by the web form's rules (reads only).

Each filled row is either a rating to record or a problem to report: a formula in a cell, an
id that is not one of ours, an action the uploader may not rate, an action text changed (in
the workbook, or on the plan since the download), a round that has closed, a rating not on
the plan's list, red or amber without why and what next, or words over their limit
(plans.limits). The same checks run again at
confirm, and the fingerprint of what would be recorded must match what was shown.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone

from importers.reading.rating_workbook import ReturnedRow
from plans import limits, rules
from plans.models import Action, ReportingRound
from plans.permissions import actions_rateable_by
from plans.rounds import rules as round_rules
from plans.roundtrip.models import RatingReturn
from plans.roundtrip.workbook import clean_text, label_ratings, open_rounds_by_plan, rating_key

UNKNOWN_ID = (
    "The hidden Id cell was changed or is not one of ours, so this row cannot be matched "
    "to an action. Download a new workbook."
)
NOT_YOURS = "You may not rate this action."
TEXT_CHANGED = (
    "The action's ref or text differs from the plan's (changed in the workbook, or the "
    "action was edited since you downloaded it). Download a new workbook."
)
NO_RATING = "Choose a new rating: a commentary alone is not recorded."
ROUND_CLOSED = "The round '{name}' this workbook was made for has closed. Download a new workbook."


@dataclass
class RowRating:
    """A row to record: the action, its rating and words, and the open round it joins."""

    row: int
    action: Action
    rating: str
    commentary: str
    why: str
    round: ReportingRound | None = None


@dataclass
class RowProblem:
    row: int
    ref: str
    text: str
    message: str
    action: Action | None = None


@dataclass
class ReturnReview:
    to_record: list[RowRating] = field(default_factory=list)
    reported: list[RowProblem] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Short hash of exactly what would be recorded: a confirm of an older review is refused."""
        content = [
            (r.row, r.action.pk, r.action.version, r.rating, r.commentary, r.why)
            + ((r.round.pk,) if r.round else ())
            for r in self.to_record
        ]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:16]


def _same(a: str, b: str) -> bool:
    return " ".join(clean_text(a).split()) == " ".join(clean_text(b).split())


def _action_id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**63 else None


def reported_on_for(round_: ReportingRound | None, today: datetime.date) -> datetime.date:
    """A round's update reports on its date (never in the future); otherwise today."""
    return min(round_.reported_on, today) if round_ else today


def return_review(rating_return: RatingReturn, user) -> ReturnReview:
    """Every filled row as a rating to record or a problem to report (four queries)."""
    rows = [ReturnedRow(**row) for row in rating_return.rows]
    ids = {pk for row in rows if (pk := _action_id(row.get("id"))) is not None}
    actions = Action.objects.select_related("plan").defer("extra_fields").in_bulk(ids)
    rateable = set(actions_rateable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    rounds = open_rounds_by_plan({a.plan_id for a in actions.values()})
    ratings_of = {}
    seen: dict[int, int] = {}
    today = timezone.localdate()
    review = ReturnReview()
    for row in rows:
        action = actions.get(_action_id(row.get("id")) or 0)
        plan = action.plan if action else None
        if plan is not None and plan.pk not in ratings_of:
            ratings_of[plan.pk] = label_ratings(plan)
        round_ = rounds.get(plan.pk) if plan else None
        problem = _problem(row, action, rateable, round_, seen, ratings_of, today)
        if problem:
            review.reported.append(
                RowProblem(row.row, row.get("ref"), row.get("text"), problem, action)
            )
            continue
        seen[action.pk] = row.row
        review.to_record.append(
            RowRating(
                row=row.row,
                action=action,
                rating=ratings_of[plan.pk][rating_key(row.get("rating"))],
                commentary=row.get("commentary").strip(),
                why=row.get("why").strip(),
                round=round_,
            )
        )
    return review


def _problem(row, action, rateable, round_, seen, ratings_of, today) -> str | None:
    """Why this row is not recorded, or None when it is."""
    if row.formulas:
        columns = ", ".join(row.formulas)
        return (
            f"A formula is in {columns}: type the words themselves. Formulas are never "
            "worked out or saved."
        )
    if action is None:
        return UNKNOWN_ID
    if action.pk not in rateable:
        return NOT_YOURS
    if action.pk in seen:
        return f"This action is already rated on row {seen[action.pk]}."
    if not (_same(row.get("ref"), action.ref) and _same(row.get("text"), action.text)):
        return TEXT_CHANGED
    workbook_round = row.get("round").strip()
    if workbook_round and (round_ is None or round_.name != workbook_round):
        return ROUND_CLOSED.format(name=workbook_round)
    typed = row.get("rating")
    if not typed.strip():
        return NO_RATING
    rating = ratings_of[action.plan_id].get(rating_key(typed))
    if rating is None:
        return f"“{typed.strip()}” is not one of this plan's ratings: choose one from the list."
    if round_rules.why_required(rating) and not row.get("why").strip():
        return round_rules.WHY_REQUIRED_MESSAGE
    too_long = limits.COMMENTARY.problem(row.get("commentary").strip())
    if too_long or (too_long := limits.WHY_AND_NEXT.problem(row.get("why").strip())):
        return too_long
    problem = rules.reported_on_problem(
        reported_on_for(round_, today), today=today, plan=action.plan
    )
    return problem or None
