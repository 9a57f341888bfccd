"""Requests made with a personal API token are counted per token (settings.API_TOKEN_RATE,
"600/min" unless set); over the rate, 429 with Retry-After. Browser sessions are not counted
here (the pages' own limits apply)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from plans.api.tokens import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        """Read when a request comes (not at import), so a changed setting takes effect."""
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None  # not a token request: not throttled here
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
