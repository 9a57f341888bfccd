"""The header and footer link only to what the reader's role may use (plans/templatetags/
nav_tags.py asks plans.permissions), and every link they show opens."""

import re

import pytest
from django.urls import reverse

from plans.templatetags.nav_tags import FOOTER, HEADER
from tests.pages import page_text

pytestmark = pytest.mark.django_db

EVERY_ROLE_READS = ["Plans", "All actions", "Rounds", "Dashboard"]


def header_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="nhsuk-header__navigation".*?</nav>', page, flags=re.S)
    if nav is None:
        return []
    links = re.findall(r'<a class="nhsuk-header__navigation-link"[^>]*>(.*?)</a>', nav[0], re.S)
    return [page_text(link) for link in links]


def footer_links(page: str) -> list[str]:
    footer = re.search(r"<footer.*?</footer>", page, flags=re.S)[0]
    links = re.findall(r'<a class="nhsuk-footer__list-item-link"[^>]*>(.*?)</a>', footer, re.S)
    return [page_text(link) for link in links]


def home_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("plans:home")).content.decode()


def test_an_admin_sees_every_item(client, admin_user):
    page = home_page(client, admin_user)
    assert header_links(page) == [
        "Plans",
        "All actions",
        "My actions",
        "Rounds",
        "Dashboard",
        "Import",
        "Data quality",
    ]
    assert footer_links(page) == ["Plans", "API tokens", "API documentation", "Administration"]


def test_a_commissioner_sees_my_actions_but_not_import_or_administration(client, commissioner):
    page = home_page(client, commissioner)
    assert header_links(page) == ["Plans", "All actions", "My actions", "Rounds", "Dashboard"]
    assert footer_links(page) == ["Plans", "API tokens", "API documentation"]


def test_a_board_member_who_rates_nothing_gets_no_my_actions_item(client, board_member):
    page = home_page(client, board_member)
    assert header_links(page) == EVERY_ROLE_READS
    assert footer_links(page) == ["Plans", "API tokens", "API documentation"]


def test_an_account_without_a_role_gets_no_items(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("plans:home"))
    assert response.status_code == 403
    assert header_links(response.content.decode()) == []
    assert footer_links(response.content.decode()) == ["Plans"]


def test_an_anonymous_visitor_gets_no_items(client):
    page = client.get(reverse("login")).content.decode()
    assert header_links(page) == []
    assert footer_links(page) == ["Plans"]


def test_with_public_dashboards_the_public_gets_the_dashboard_and_rounds(client, settings):
    settings.PUBLIC_DASHBOARDS = True
    page = client.get(reverse("plans:dashboard")).content.decode()
    assert header_links(page) == ["Rounds", "Dashboard"]


def test_the_page_you_are_on_is_marked_current(client, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("plans:my-actions")).content.decode()
    assert (
        '<a class="nhsuk-header__navigation-link" href="/my-actions/" aria-current="page">'
    ) in page


@pytest.mark.parametrize("role", ["admin_user", "commissioner", "board_member"])
def test_every_link_shown_opens_for_that_role(client, request, role):
    """The links and the views ask the same predicates: no link leads to a refusal."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = client.get(reverse("plans:home")).content.decode()
    shown = header_links(page) + footer_links(page)
    for link in [*HEADER, *FOOTER]:
        if link.text in shown:
            response = client.get(reverse(link.view))
            assert response.status_code == 200, (role, link.view, response.status_code)
