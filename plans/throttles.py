"""Limits on guessing: sign-in failures per address, and password-reset requests.

Sign-in: django-axes locks a username *at* an address (settings.AXES_LOCKOUT_PARAMETERS), so
one person's typos do not lock out their office. That alone lets one address try a common
password against every username ("password spraying"), so AxesHandler adds a second, higher
limit: AXES_IP_FAILURE_LIMIT failures from one address, across usernames, within the same
cool-off, and that address is refused (the same 429 page) until the failures age out.

Password reset: a few requests an hour per address and per e-mail address, counted in the
cache. The response is the same whether or not the e-mail is known or over its limit.
"""

from __future__ import annotations

import hashlib

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum

RESET_WINDOW_SECONDS = 60 * 60


def failures_from_address(request) -> int:
    """Failed sign-ins from the request's address, any username, within the cool-off."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class AxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus the per-address limit across usernames."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Axes records the failure, then flags the request (and so shows the lockout page)
        # when the username-at-address count reaches its limit; flag it at the address's too.
        super().user_login_failed(sender, credentials, request, **kwargs)
        flagged = request is None or getattr(request, "axes_locked_out", False)
        if not flagged and self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    @staticmethod
    def _address_locked(request) -> bool:
        if failures_from_address(request) >= settings.AXES_IP_FAILURE_LIMIT:
            request.actionplan_address_locked = True  # the lockout page says which lock
            return True
        return False


def _count(key: str) -> int:
    """Add one to a counter that lives for RESET_WINDOW_SECONDS from its first use."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


def password_reset_address_allowed(request) -> bool:
    """Count a reset request from this address; False once over the hourly limit."""
    address = get_client_ip_address(request) or "unknown"
    return _count(f"password-reset:address:{address}") <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS


def password_reset_email_allowed(email: str) -> bool:
    """Count a reset request for this e-mail address; False once over the hourly limit."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    key = f"password-reset:email:{digest}"
    return _count(key) <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
