"""Writes for the Excel round trip: store an uploaded workbook's rows; record them; cancel."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from importers.reading.bounded import run_bounded
from importers.reading.rating_workbook import RETURN_LIMITS, read_rating_workbook
from importers.reading.safety import checksum
from plans.models import RagUpdate
from plans.rounds.services import round_update_create
from plans.roundtrip.models import RatingReturn
from plans.roundtrip.review import return_review


class ReturnRefused(Exception):
    """The ratings could not be recorded; nothing was written. The message says why."""


def rating_return_create(
    *, data: bytes, filename: str, uploaded_by: AbstractBaseUser
) -> RatingReturn:
    """Read a returned workbook (in a child process with CPU and memory limits) and hold its
    filled rows for review. Raises UnreadableDocument, writing nothing, if it cannot be read."""
    returned = run_bounded(
        read_rating_workbook, data, filename, RETURN_LIMITS, limits=RETURN_LIMITS
    )
    return RatingReturn.objects.create(
        uploaded_by=uploaded_by,
        filename=filename[:255],
        checksum=checksum(data),
        rows=[asdict(row) | {"values": _kept(row.values)} for row in returned.rows],
    )


# What the review needs of a row; the rest (plan, lead, last rating…) is only for reading.
KEPT_COLUMNS = ("id", "ref", "text", "round", "rating", "commentary", "why")


def _kept(values: dict[str, str]) -> dict[str, str]:
    return {key: values[key] for key in KEPT_COLUMNS if key in values}


@transaction.atomic
def rating_return_apply(
    *,
    rating_return: RatingReturn,
    user: AbstractBaseUser,
    expected_fingerprint: str | None = None,
) -> list[RagUpdate]:
    """Record the rows the review found recordable, as `user`, all or nothing.

    Each goes through the rating service: `round_update_create` when the action's plan has an
    open round, `rag_update_create` otherwise. Raises ReturnRefused (nothing written) for a
    return already recorded (a double confirm) or cancelled, one whose review changed since
    it was shown (`expected_fingerprint`), or one with nothing to record.
    """
    from plans.services import rag_update_create

    locked = (
        RatingReturn.objects.select_for_update()
        .filter(pk=rating_return.pk, uploaded_by=user)
        .first()
    )
    if locked is None:
        raise ReturnRefused("This upload was cancelled; upload the workbook again.")
    if locked.applied_at is not None:
        raise ReturnRefused(
            f"These ratings were already recorded on {timezone.localtime(locked.applied_at):%-d %B %Y at %H:%M}."
        )
    review = return_review(locked, user)
    if expected_fingerprint is not None and expected_fingerprint != review.fingerprint():
        raise ReturnRefused(
            "Something changed since these rows were shown (an action, a round or your "
            "access); check them again below."
        )
    if not review.to_record:
        raise ReturnRefused("No row of this workbook can be recorded.")
    updates = []
    try:
        for item in review.to_record:
            if item.round is not None:
                update = round_update_create(
                    round=item.round,
                    action=item.action,
                    rating=item.rating,
                    commentary=item.commentary,
                    why_and_next=item.why,
                    author=user,
                    source=RagUpdate.Source.IMPORT,
                )
            else:
                update = rag_update_create(
                    action=item.action,
                    rating=item.rating,
                    commentary=item.commentary or item.why,
                    author=user,
                    source=RagUpdate.Source.IMPORT,
                )
                if item.why:  # as a round update keeps it (plans/rounds/services.py)
                    update.why_and_next = item.why
                    update.save(update_fields=["why_and_next"])
            updates.append(update)
    except ValidationError as error:
        raise ReturnRefused(f"Row {item.row}: {' '.join(error.messages)}") from error
    locked.applied_at = timezone.now()
    locked.applied_count = len(updates)
    locked.save(update_fields=["applied_at", "applied_count"])
    return updates


@transaction.atomic
def rating_return_cancel(*, rating_return: RatingReturn, user: AbstractBaseUser) -> bool:
    """Drop an upload not yet recorded; False (and nothing done) once it was recorded."""
    return bool(
        RatingReturn.objects.filter(
            pk=rating_return.pk, uploaded_by=user, applied_at__isnull=True
        ).delete()[0]
    )
