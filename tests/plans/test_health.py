import json

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_health_check_says_ok_without_signing_in(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session started


def test_the_health_check_fails_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    client.get(reverse("healthz"))  # the session and CSRF middleware need no database
    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"


def test_the_health_check_only_answers_get_and_head(client):
    assert client.post(reverse("healthz")).status_code == 405
