"""Refuse an anonymous request's oversized body before anything reads it.

Anonymous visitors only ever post small forms (sign in, password reset), yet Django would
parse a 100 MB POST to /login/ up to its general limits. A body over ANONYMOUS_MAX_BODY_BYTES
from someone not signed in gets 413 at once, judged by its Content-Length; a body of unknown
length (chunked) from someone not signed in gets 411. Signed-in users keep the upload limits
(DATA_UPLOAD_MAX_MEMORY_SIZE, FILE_UPLOAD_MAX_MEMORY_SIZE, the import limits).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class AnonymousBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        if refusal is not None:
            return render(request, "413.html", {"status": refusal}, status=refusal)
        return self.get_response(request)

    @staticmethod
    def _refusal(request) -> int | None:
        """413 or 411 for an anonymous request whose body is too big or of unknown size."""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body with a malformed length
        if not chunked and length <= settings.ANONYMOUS_MAX_BODY_BYTES:
            return None  # the common case: decided without touching the session
        if request.user.is_authenticated:
            return None
        return 411 if chunked else 413
