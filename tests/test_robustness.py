"""Nonsense in the query string never costs a 500, on any page (both databases in CI)."""

import pytest

from tests.test_access_matrix import URL_NAMES, url_for

NONSENSE = [
    {"sort": "-", "page": "abc"},
    {"page": "99999", "rating": "purple", "section": "x", "lead": "-1", "organisation": "'; drop"},
    {"due_after": "31/02/2026", "due_before": "not a date", "not_updated_since": "0000-00-00"},
    {"overdue": "maybe", "objective": "99", "plan": "1e9", "q": "\x00<script>"},
    {"q": "a" * 5000, "sort": "rating" * 100},
]


@pytest.mark.parametrize("params", NONSENSE)
@pytest.mark.parametrize("name", URL_NAMES)
def test_nonsense_query_parameters_never_cause_a_server_error(
    client, admin_user, world, name, params
):
    client.raise_request_exception = False
    client.force_login(admin_user)
    response = client.get(url_for(name, world), params)
    assert response.status_code < 500, (name, params, response.status_code)
