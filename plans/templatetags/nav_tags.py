"""The header's and footer's links, each shown only to those plans.permissions lets use it.

The rules stay in plans/permissions.py: each link names the predicate its page's view asks,
so a link appears exactly when its page would open. A new page's link is one more row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import template

from plans import permissions

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    text: str
    view: str  # the URL name of the link's page
    allowed: Callable  # plans.permissions predicate, given the user
    section: str = ""  # the `nav_section` pages below it set (templates/base.html)


HEADER = [
    NavLink("Plans", "plans:home", permissions.can_read, "plans"),
    NavLink("All actions", "plans:action-list", permissions.can_read, "actions"),
    NavLink("My actions", "plans:my-actions", permissions.can_rate_some, "my-actions"),
    NavLink("Rounds", "plans:round-list", permissions.can_read_rounds, "rounds"),
    NavLink("Dashboard", "plans:dashboard", permissions.can_read_dashboards, "dashboard"),
    NavLink("Import", "importers:upload", permissions.can_import, "import"),
    NavLink("Data quality", "plans:data-quality", permissions.is_admin, "data-quality"),
]

FOOTER = [
    NavLink("API tokens", "account:tokens", permissions.can_have_api_tokens),
    NavLink("API documentation", "api:docs", permissions.can_read),
    NavLink("Administration", "admin:index", permissions.is_admin),
]


def _allowed(links: list[NavLink], user) -> list[NavLink]:
    if not hasattr(user, "is_authenticated"):  # a page drawn without a request (500.html)
        return []
    return [link for link in links if link.allowed(user)]


@register.simple_tag
def header_links(user) -> list[NavLink]:
    """The header's links this user may use (none for a visitor who may read nothing)."""
    return _allowed(HEADER, user)


@register.simple_tag
def footer_links(user) -> list[NavLink]:
    return _allowed(FOOTER, user)
