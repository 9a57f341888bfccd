"""Headings and page titles name the thing: an action by its ref and text, shortened at a
word with the whole text below (plans/naming.py)."""

import re

import pytest
from django.urls import reverse

from plans.models import Action
from plans.naming import action_name, shortened
from tests.factories import ActionFactory, PlanFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

LONG = (
    "Develop a crisis pathway with the ambulance service, both acute trusts and the police, "
    "so that people in crisis are seen within four hours wherever they first ask for help"
)


def heading(page: str) -> str:
    (h1,) = re.findall(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)
    return page_text(h1)


def title(page: str) -> str:
    return page_text(re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1))


def test_shortened_cuts_at_a_word_and_says_so():
    assert shortened("Open a crisis cafe", 80) == "Open a crisis cafe"
    assert shortened(LONG, 40) == "Develop a crisis pathway with the…"
    assert shortened("x" * 3_000, 10) == "xxxxxxxxx…"  # one unbroken word is cut inside
    assert shortened("Line one\n\nline  two", 80) == "Line one line two"


def test_an_action_without_text_or_ref_is_still_named():
    assert action_name(Action(ref="", text="")) == "(no action text)"
    assert action_name(Action(ref="3", text="")) == "3 (no action text)"


def test_the_action_page_is_headed_by_its_ref_and_text(client, board_member):
    action = ActionFactory(ref="1.2", text="Open a crisis cafe", plan=PlanFactory(title="Telford"))
    client.force_login(board_member)
    page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert heading(page) == "1.2 Open a crisis cafe"
    assert title(page) == "1.2 Open a crisis cafe – Telford – Action plans"
    assert page.count("Open a crisis cafe") == 2  # title and heading: not repeated below


def test_a_long_action_text_is_shortened_in_the_heading_and_shown_whole_below(client, board_member):
    action = ActionFactory(ref="1.2", text=LONG)
    client.force_login(board_member)
    page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert heading(page) == (
        "1.2 Develop a crisis pathway with the ambulance service, both acute trusts and the…"
    )
    assert f'<p class="nhsuk-body-l">{LONG}</p>' in page


def test_the_edit_page_names_the_action(client, admin_user):
    action = ActionFactory(ref="1.2", text="Open a crisis cafe")
    client.force_login(admin_user)
    page = client.get(reverse("plans:action-edit", args=[action.pk])).content.decode()
    assert heading(page) == "Edit 1.2 Open a crisis cafe"
    assert title(page) == "Edit 1.2 Open a crisis cafe – Action plans"


def test_the_edit_pages_heading_names_the_action_as_saved_when_the_form_has_errors(
    client, admin_user
):
    action = ActionFactory(ref="1.2", text="Open a crisis cafe")
    client.force_login(admin_user)
    response = client.post(
        reverse("plans:action-edit", args=[action.pk]),
        {"version": action.version, "text": "x" * 2_001},
    )
    assert response.status_code == 400
    assert heading(response.content.decode()) == "Edit 1.2 Open a crisis cafe"
    assert title(response.content.decode()).startswith("Error: Edit 1.2 Open a crisis cafe")
