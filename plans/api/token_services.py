"""Writes for personal API tokens: create (the only time the token is seen), revoke, touch."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from plans import permissions
from plans.api.tokens import SHOWN_CHARACTERS, TOKEN_PREFIX, ApiToken, token_hash

# The longest a token may live; the account page offers shorter ones.
MAX_LIFETIME = datetime.timedelta(days=366)
# last_used_at is written at most this often per token: a busy token does not write per request.
TOUCH_EVERY = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    """A token just made: `token` is the secret, shown once and never stored."""

    record: ApiToken
    token: str


@transaction.atomic
def api_token_create(*, user, name: str, access: str, expires_at: datetime.datetime) -> NewToken:
    """Make a token for `user`; only its hash and first characters are kept."""
    if not permissions.can_have_api_tokens(user):
        raise PermissionDenied("Your account has no role here yet: ask an admin for access.")
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": "Choose an expiry date in the future."})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": "A token may last a year at most."})
    if access not in ApiToken.Access.values:
        raise ValidationError({"access": "Choose read only, or read and write."})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        access=access,
        key_hash=token_hash(token),
        shown=token[:SHOWN_CHARACTERS],
        expires_at=expires_at,
    )
    return NewToken(record=record, token=token)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token at once (its owner, or an admin); revoking twice changes nothing."""
    if not permissions.can_revoke_api_token(by, token):
        raise PermissionDenied("You may not revoke this token.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record that the token was used, at most once every TOUCH_EVERY (one UPDATE, no read)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
