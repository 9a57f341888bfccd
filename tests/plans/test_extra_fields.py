"""Imported columns with no field of their own are kept per action and shown everywhere."""

import pytest
from django.urls import reverse

from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

EXTRA = {"Budget": "£20k from the BCF", "Which partners are involved": "<b>Age UK</b>"}


def test_the_action_page_shows_each_extra_field_by_its_printed_name(client, admin_user):
    action = ActionFactory(ref="3", extra_fields=EXTRA)
    client.force_login(admin_user)
    page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert "Budget" in page and "£20k from the BCF" in page
    assert "Which partners are involved" in page
    assert "&lt;b&gt;Age UK&lt;/b&gt;" in page  # escaped, never markup


def test_the_api_gives_the_extra_fields_of_an_action(client, admin_user):
    action = ActionFactory(ref="3", extra_fields=EXTRA)
    client.force_login(admin_user)
    data = client.get(reverse("api:action-detail", args=[action.pk])).json()
    assert data["extra_fields"] == EXTRA
