"""Personal API tokens as a DRF authentication class: `Authorization: Bearer <token>`.

The token is looked up by its hash; a revoked or expired one, or one whose user is inactive,
is a 401 (so is a malformed header). What the user may then do is decided by
plans.permissions, as for the pages; a read-only token also only reads (PlansPermission).
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from plans.api.token_services import api_token_touch
from plans.api.tokens import ApiToken, token_hash

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`); request.auth is the ApiToken."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None  # no token: the next class (the browser session) may answer
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer <token>`, with no spaces in it."
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        record = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
        now = timezone.now()
        if record is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if record.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if record.expires_at <= now:
            raise exceptions.AuthenticationFailed("This token has expired: make a new one.")
        if not record.user.is_active:
            raise exceptions.AuthenticationFailed("This token's user account is inactive.")
        api_token_touch(token=record, now=now)
        return record.user, record

    def authenticate_header(self, request) -> str:
        """Makes an unauthenticated request a 401 with this challenge, not a 403."""
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the schema (and Swagger UI's Authorize button) describes the token."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token from your account page (/account/tokens/), sent as"
                " `Authorization: Bearer apt_…`. Read-only tokens may only GET."
            ),
        }
