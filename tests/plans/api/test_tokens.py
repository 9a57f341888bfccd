"""Personal API tokens: made on the account page, shown once, stored as a hash, used,
expired, revoked, read-only on writes, and throttled per token."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.api.tokens import ApiToken
from plans.models import RagUpdate
from tests.plans.api.conftest import bearer

pytestmark = pytest.mark.django_db

AMBER = {"rating": "amber", "commentary": "Behind: recruiting."}


def make_on_the_page(client, **data):
    form = {"name": "Power BI", "lifetime": "90", "access": "read", **data}
    return client.post(reverse("account:tokens"), form)


def shown_token(response) -> str:
    import re

    return re.search(
        r'<code class="app-token" id="new-token">([^<]+)</code>', response.content.decode()
    ).group(1)


def rate(client, action, token):
    url = reverse("api:action-rag-updates", args=[action.pk])
    return client.post(url, AMBER, content_type="application/json", **bearer(token))


# Making one ----------------------------------------------------------------------------------


def test_a_user_makes_a_token_on_their_account_page_and_sees_it_once(client, board_member):
    client.force_login(board_member)
    response = make_on_the_page(client, name="Power BI refresh")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = shown_token(response)
    assert token.startswith("apt_") and len(token) > 40
    record = ApiToken.objects.get()
    assert (record.user, record.name, record.access) == (board_member, "Power BI refresh", "read")
    expected_expiry = timezone.now() + datetime.timedelta(days=90)
    assert abs(record.expires_at - expected_expiry) < datetime.timedelta(minutes=1)
    again = client.get(reverse("account:tokens"))
    assert token not in again.content.decode()
    assert "Power BI refresh" in again.content.decode()


def test_only_a_hash_of_the_token_is_stored(client, board_member):
    client.force_login(board_member)
    token = shown_token(make_on_the_page(client))
    stored = ApiToken.objects.values().get()
    assert stored["key_hash"] == hashlib.sha256(token.encode()).hexdigest()
    secret = token.removeprefix("apt_")
    for value in stored.values():
        assert secret[:12] not in str(value), "part of the secret is stored"


def test_a_token_needs_a_name_and_an_allowed_lifetime(client, board_member):
    client.force_login(board_member)
    response = make_on_the_page(client, name="", lifetime="5000")
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_without_a_role_cannot_make_tokens(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("account:tokens")).status_code == 403
    assert make_on_the_page(client).status_code == 403
    assert not ApiToken.objects.exists()


# Using one -----------------------------------------------------------------------------------


def test_a_token_reads_the_api_as_its_user(client, board_member, make_token, own_action):
    token = make_token(board_member)
    response = client.get(reverse("api:action-list"), **bearer(token))
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [own_action.pk]
    assert ApiToken.objects.get().last_used_at is not None


def test_the_word_token_works_as_well_as_bearer(client, board_member, make_token):
    token = make_token(board_member)
    response = client.get(reverse("api:plan-list"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer apt_not-a-real-token", "Bearer", "Bearer two words", "Basic Ym9hcmQ6cGFzc3dvcmQ="],
)
def test_a_wrong_token_or_basic_auth_is_a_401_with_a_bearer_challenge(client, header, board_member):
    response = client.get(reverse("api:plan-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_anonymous_requests_are_a_401(client):
    response = client.get(reverse("api:plan-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(client, board_member, make_token):
    token = make_token(board_member)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("api:plan-list"), **bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired: make a new one."


def test_a_token_of_an_inactive_user_is_refused(client, board_member, make_token):
    token = make_token(board_member)
    board_member.is_active = False
    board_member.save()
    assert client.get(reverse("api:plan-list"), **bearer(token)).status_code == 401


def test_a_token_carries_no_more_than_its_users_role(client, no_role_user, make_token):
    from plans.api.token_services import api_token_create

    with pytest.raises(Exception, match="no role"):
        api_token_create(
            user=no_role_user,
            name="x",
            access="read",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )


def test_a_user_who_loses_their_role_loses_the_api(client, board_member, make_token):
    token = make_token(board_member)
    board_member.groups.clear()
    assert client.get(reverse("api:plan-list"), **bearer(token)).status_code == 403


# Writing -------------------------------------------------------------------------------------


def test_a_read_only_token_is_refused_on_post(client, commissioner, own_action, make_token):
    token = make_token(commissioner, access="read")
    response = rate(client, own_action, token)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not RagUpdate.objects.exists()


def test_a_read_write_token_rates_what_its_user_may_rate(
    client, commissioner, own_action, make_token
):
    token = make_token(commissioner, access="write")
    response = rate(client, own_action, token)
    assert response.status_code == 201
    update = RagUpdate.objects.get()
    assert (update.author, update.source) == (commissioner, RagUpdate.Source.API)


def test_a_read_write_token_cannot_rate_what_its_user_may_not(
    client, commissioner, other_action, board_member, own_action, make_token
):
    assert rate(client, other_action, make_token(commissioner, access="write")).status_code == 403
    assert rate(client, own_action, make_token(board_member, access="write")).status_code == 403
    assert not RagUpdate.objects.exists()


def test_token_requests_need_no_csrf_token(commissioner, own_action, make_token):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert rate(strict, own_action, make_token(commissioner, access="write")).status_code == 201


# Revoking ------------------------------------------------------------------------------------


def test_a_user_revokes_their_token_and_it_stops_working(client, board_member, make_token):
    token = make_token(board_member)
    record = ApiToken.objects.get()
    client.force_login(board_member)
    response = client.post(reverse("account:token-revoke", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None and record.revoked_by == board_member
    client.logout()
    response = client.get(reverse("api:plan-list"), **bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked."


def test_a_user_cannot_revoke_or_see_someone_elses_token(
    client, board_member, commissioner, make_token
):
    make_token(commissioner, name="Commissioner's feed")
    record = ApiToken.objects.get()
    client.force_login(board_member)
    assert "Commissioner's feed" not in client.get(reverse("account:tokens")).content.decode()
    assert client.post(reverse("account:token-revoke", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.revoked_at is None


def test_admins_list_and_revoke_anyones_tokens(client, admin_user, board_member, make_token):
    token = make_token(board_member, name="Board's feed")
    record = ApiToken.objects.get()
    client.force_login(admin_user)
    listing = client.get(reverse("account:all-tokens"))
    assert listing.status_code == 200
    assert "Board&#x27;s feed" in listing.content.decode()
    assert token not in listing.content.decode()
    response = client.post(reverse("account:token-revoke", args=[record.pk]))
    assert response["Location"] == reverse("account:all-tokens")
    record.refresh_from_db()
    assert record.revoked_by == admin_user
    assert client.get(reverse("api:plan-list"), **bearer(token)).status_code == 401


def test_only_admins_list_everyones_tokens(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("account:all-tokens")).status_code == 403


# Throttling ----------------------------------------------------------------------------------


def test_each_token_is_throttled_on_its_own(client, board_member, make_token, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }
    first, second = make_token(board_member), make_token(board_member, name="Excel")
    url = reverse("api:plan-list")
    assert [client.get(url, **bearer(first)).status_code for _ in range(3)] == [200] * 3
    throttled = client.get(url, **bearer(first))
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert client.get(url, **bearer(second)).status_code == 200  # its own count
    client.force_login(board_member)
    assert [client.get(url).status_code for _ in range(5)] == [200] * 5  # sessions: not here
