"""Naming an action in headings, titles and labels by its ref and text (plans/naming.py)."""

from __future__ import annotations

from django import template

from plans import naming

register = template.Library()


@register.filter
def action_name(action, limit: int = naming.HEADING_LENGTH) -> str:
    """ "1.2 Develop a crisis pathway…": `{{ action|action_name }}`, or `|action_name:40`."""
    return naming.action_name(action, int(limit))


@register.filter
def name_is_shortened(action, limit: int = naming.HEADING_LENGTH) -> bool:
    """Whether the name leaves text out, so the page shows the whole text as well."""
    return naming.is_shortened(action, int(limit))
