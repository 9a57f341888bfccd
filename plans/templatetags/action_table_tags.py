"""The cells of an action table's row (plans/includes/action_table.html), drawn in Python.

A page of the plan table or of all actions has 50 rows of 9 cells; drawn cell by cell in the
template, with an include for the sample-data tag, the rows cost more than the rest of the
page. Django's admin builds its result rows in Python for the same reason. The headings, and
the cells drawn by other modules' tags (direction of travel), stay in the template.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date, truncatewords
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from plans.templatetags.rag_tags import rag_tag_html

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


def _due(action) -> str:
    if not action.due_date:
        return "–"
    return (
        f'<time datetime="{date(action.due_date, "Y-m-d")}">{date(action.due_date, "M Y")}</time>'
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
