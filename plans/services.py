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
) -> RagUpdate:
    """Append a rating to an action's history; reported_on defaults to today.

    Raises ValidationError, saving nothing, for a rating outside the scheme, red or amber
    without commentary, or a reporting date after today. Who may rate is the caller's
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
    if not rules.reported_on_allowed(reported_on, today=today):
        raise ValidationError({"reported_on": rules.FUTURE_REPORTED_ON_MESSAGE})
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
    )
