"""Writes. Every change to plans goes through a function here, never a view, form or serializer."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from plans import rules
from plans.models import Action, RagUpdate, Rating


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
) -> RagUpdate:
    """Append a rating to an action's history; reported_on defaults to today.

    Raises ValidationError, saving nothing, for a rating outside the scheme, red or amber
    without commentary, or a reporting date out of bounds (rules.reported_on_problem: never
    in the future, nor before the plan's start or 1990). Who may rate is the caller's
    question (plans.permissions.can_rate); forms and serializers check the same rules first
    so people see them beside the field.
    """
    today = timezone.localdate()
    reported_on = reported_on or today
    commentary = commentary.strip()
    if rating not in Rating.values:
        choices = ", ".join(Rating.values)
        raise ValidationError({"rating": f'"{rating}" is not a rating: use one of {choices}.'})
    if rules.commentary_required(rating) and not commentary:
        raise ValidationError({"commentary": rules.COMMENTARY_REQUIRED_MESSAGE})
    problem = rules.reported_on_problem(reported_on, today=today, plan=action.plan)
    if problem:
        raise ValidationError({"reported_on": problem})
    if source not in RagUpdate.Source.values:
        raise ValidationError({"source": f'"{source}" is not a source.'})
    return RagUpdate.objects.create(
        action=action,
        rating=rating,
        commentary=commentary,
        reported_on=reported_on,
        round_label=round_label.strip(),
        author=author,
        source=source,
        is_correction=is_correction,
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
    """Change an action's fields, refusing a save based on an out-of-date version.

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
    for field, value in changes.items():
        if field not in ACTION_UPDATABLE_RELATIONS:
            setattr(action, field, value)
    action._change_reason = reason
    action._history_user = editor
    action.save()  # records the before/after in the action's history
    for relation in ACTION_UPDATABLE_RELATIONS:
        if relation in changes:
            getattr(action, relation).set(changes[relation])
    return action


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
