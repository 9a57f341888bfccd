"""Personal API tokens: a user makes one on their account page and sees it once.

Only a SHA-256 hash of the token is stored (a token is 32 random bytes, so a fast hash is
enough: nobody can guess their way back to it), with its first characters to tell tokens
apart on the account page. Imported at the bottom of plans/models.py (the plans app).
Writes go through plans/api/token_services.py.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "apt_"
# How many characters of the token the account page shows to tell tokens apart.
SHOWN_CHARACTERS = len(TOKEN_PREFIX) + 6


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now: datetime.datetime | None = None) -> ApiTokenQuerySet:
        """Not revoked and not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    class Access(models.TextChoices):
        READ = "read", "Read only"
        """GET, HEAD and OPTIONS only."""
        WRITE = "write", "Read and write"
        """May also rate actions, where the user may."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text='What it is for, e.g. "Power BI refresh".')
    access = models.CharField(max_length=10, choices=Access, default=Access.READ)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    shown = models.CharField(
        max_length=20, editable=False, help_text="The token's first characters."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        app_label = "plans"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(access__in=["read", "write"]), name="apitoken_access_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…)"

    @property
    def is_read_only(self) -> bool:
        return self.access == self.Access.READ

    def state(self, now: datetime.datetime | None = None) -> str:
        """ "revoked", "expired" or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"
