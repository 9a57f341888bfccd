"""API test helpers: tokens for the personas, and a clean throttle count for every test."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Token throttling counts in the cache: every test starts uncounted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_token(db):
    """make_token(user, access="read", days=30) -> the token's secret (its record is made too)."""
    from plans.api.token_services import api_token_create

    def make(user, access="read", days=30, name="Power BI"):
        expires_at = timezone.now() + datetime.timedelta(days=days)
        return api_token_create(user=user, name=name, access=access, expires_at=expires_at).token

    return make


def bearer(token: str) -> dict:
    """The header a token is sent in (Django test client keyword)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
