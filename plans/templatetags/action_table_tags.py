"""The cells of an action table's row (plans/includes/action_table.html), drawn in Python.

A page of the plan table or of all actions has 50 rows of 9 cells; drawn cell by cell in the
template, with an include for the sample-data tag, the rows cost more than the rest of the
page. Django's admin builds its result rows in Python for the same reason. The headings, and
the cells drawn by other modules' tags (direction of travel), stay in the template.

The rows of a dashboard's short lists (plans/includes/dashboard_action_list.html) are drawn
here too, every cell of them: the direction of travel by its own template.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date, truncatewords
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from plans.templatetags.rag_tags import rag_tag_html
from plans.templatetags.rounds_tags import direction_tag

register = template.Library()

SAMPLE_DATA_TAG = (
    '<strong class="nhsuk-tag nhsuk-tag--yellow app-sample-data-tag">Sample data</strong>'
)


def _cell(heading: str, content, *, wrap: bool = False) -> str:
    """A responsive table cell: its column's heading (shown on narrow screens), then content,
    in an app-cell span when `wrap` (long or several-part content)."""
    if wrap:
        content = f'<span class="app-cell">{content}</span>'
    return (
        f'<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">'
        f"{heading} </span>{content}</td>"
    )


@lru_cache(maxsize=4096)
def _date_in(value: datetime.date, fmt: str, language: str) -> str:
    return date(value, fmt)


def _date(value: datetime.date | None, fmt: str) -> str:
    """The date filter's words for a DateField's value, remembered: a table's dates are a few
    months over and over, and the filter looks up the language's formats and month names each
    time (a third of a short list's row). Not for datetimes: the template's filter first turns
    those to local time."""
    if value is None:
        return ""
    return _date_in(value, fmt, get_language())


def _due(action) -> str:
    if not action.due_date:
        return "–"
    return (
        f'<time datetime="{_date(action.due_date, "Y-m-d")}">{_date(action.due_date, "M Y")}</time>'
    )


@register.simple_tag
def action_cells(action, show_plan=False) -> SafeString:
    """Plan (when `show_plan`), ref, action, lead, timescale, due and RAG cells of one row.
    Every value from the database goes through conditional_escape."""
    e = conditional_escape
    text = truncatewords(action.text or "(no action text)", 30)
    names = [e(lead.name) for lead in action.leads.all()]
    leads = ", ".join(names) if names else "–"
    rating = rag_tag_html(action.current_rating, action.plan)
    if getattr(action, "current_is_sample", False):  # annotated by action_table_rows()
        rating = f"{rating} {SAMPLE_DATA_TAG}"
    cells = [
        _cell("Ref", e(action.ref or "–")),
        _cell("Action", f'<a href="{e(action.get_absolute_url())}">{e(text)}</a>'),
        _cell("Lead", leads, wrap=True),
        _cell("Timescale", e(action.timescale_text or "–"), wrap=True),
        _cell("Due", _due(action)),
        _cell("RAG", rating, wrap=True),
    ]
    if show_plan:
        plan = action.plan
        cells.insert(
            0, _cell("Plan", f'<a href="{e(plan.get_absolute_url())}">{e(plan.title)}</a>')
        )
    return mark_safe("\n".join(cells))  # each value escaped above


@register.simple_tag
def dashboard_list_cells(action, on_plan=None) -> SafeString:
    """Every cell of a row of a dashboard's short list (plans/includes/dashboard_action_list.html):
    plan (not on one plan's dashboard, `on_plan`), ref, action, lead, due, RAG, direction of
    travel and last update. Not action_cells: the plan links to its dashboard, the leads are
    the list's preloaded `lead_names`, there is no timescale, and the rating is neither wrapped
    nor marked as sample data. Three lists of 10 rows drawn cell by cell in the template cost
    a third of the dashboard's template time."""
    e = conditional_escape
    text = truncatewords(action.text or "(no action text)", 30)
    leads = ", ".join(e(name) for name in getattr(action, "lead_names", ())) or "–"
    direction = "–"
    if getattr(action, "previous_round_name", None):  # rounds_tags' markup, as action tables
        direction = render_to_string("plans/rounds/includes/direction.html", direction_tag(action))
    cells = [
        _cell("Ref", e(action.ref or "–")),
        _cell("Action", f'<a href="{e(action.get_absolute_url())}">{e(text)}</a>'),
        _cell("Lead", leads, wrap=True),
        _cell("Due", _due(action)),
        _cell("RAG", rag_tag_html(action.current_rating, action.plan)),
        _cell("Since last round", direction),
        _cell("Last update", _date(action.current_reported_on, "j M Y") or "Never"),
    ]
    if on_plan is None:
        url = reverse("plans:plan-dashboard", args=[action.plan_id])
        cells.insert(0, _cell("Plan", f'<a href="{e(url)}">{e(action.plan.title)}</a>'))
    return mark_safe("\n".join(cells))  # each value escaped above
