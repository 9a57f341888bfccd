"""The dashboards' tags that draw in Python what their templates drew: a short list's row
(action_table_tags.dashboard_list_cells), a chart's table rows (layout_tags.chart_rows) and
its data (layout_tags.chart_json). Each is checked against the template markup it replaced."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils.html import json_script

from tests.factories import ActionFactory, PlanFactory

# The row's cells as plans/includes/dashboard_action_list.html drew them before the tag.
TEMPLATE_CELLS = """{% load plans_tags rounds_tags %}
{% if not plan %}<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Plan </span><a href="{% url 'plans:plan-dashboard' action.plan_id %}">{{ action.plan.title }}</a></td>{% endif %}
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Ref </span>{{ action.ref|default:"–" }}</td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Action </span><a href="{{ action.get_absolute_url }}">{{ action.text|default:"(no action text)"|truncatewords:30 }}</a></td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Lead </span><span class="app-cell">{{ action.lead_names|join:", "|default:"–" }}</span></td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Due </span>{% if action.due_date %}<time datetime="{{ action.due_date|date:'Y-m-d' }}">{{ action.due_date|date:"M Y" }}</time>{% else %}–{% endif %}</td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">RAG </span>{% rag_tag action.current_rating action.plan %}</td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Since last round </span>{% if action.previous_round_name %}{% direction_tag action %}{% else %}–{% endif %}</td>
<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Last update </span>{{ action.current_reported_on|date:"j M Y"|default:"Never" }}</td>
"""


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def lines(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if line.strip()]


def short_list_row(**fields):
    """An action as plans.dashboards' short lists give it: current rating, lead names and the
    previous round's rating."""
    extra = {
        name: fields.pop(name, default)
        for name, default in [
            ("lead_names", []),
            ("current_rating", None),
            ("current_reported_on", None),
            ("previous_round_name", None),
            ("previous_round_rating", None),
        ]
    }
    plan = PlanFactory(title=fields.pop("plan_title", "Plan A"), legend_green="On <track>")
    action = ActionFactory(plan=plan, **fields)
    for name, value in extra.items():
        setattr(action, name, value)
    return action


ROWS = [
    # Nothing stated, never rated, no round before.
    {"ref": "", "text": "", "due_date": None},
    # Long text, stored markup, two leads, a rating with the plan's wording, reported.
    {
        "ref": "1.2 <b>",
        "text": "word " * 40 + "<script>",
        "due_date": datetime.date(2026, 3, 31),
        "lead_names": ["A & Co", "<B>"],
        "current_rating": "green",
        "current_reported_on": datetime.date(2025, 11, 7),
        "plan_title": "Plan <&> B",
    },
    # Better since a published round.
    {
        "current_rating": "green",
        "current_reported_on": datetime.date(2026, 1, 2),
        "previous_round_name": "Autumn <2025>",
        "previous_round_rating": "red",
    },
    # The same as in a round.
    {"current_rating": "amber", "previous_round_name": "R1", "previous_round_rating": "amber"},
    # Rated for the first time since a round: new.
    {"current_rating": "blue", "previous_round_name": "R1", "previous_round_rating": None},
]


@pytest.mark.django_db
@pytest.mark.parametrize("fields", ROWS)
@pytest.mark.parametrize("on_plan", [False, True])
def test_dashboard_list_cells_write_what_the_template_wrote(fields, on_plan):
    action = short_list_row(**dict(fields))
    plan = action.plan if on_plan else None
    expected = render(TEMPLATE_CELLS, action=action, plan=plan)
    html = render("{% load action_table_tags %}{% dashboard_list_cells a p %}", a=action, p=plan)
    assert lines(html) == lines(expected)
    assert ("Plan </span>" in html) is not on_plan
    assert ("app-direction--" in html) is bool(fields.get("previous_round_name"))


@pytest.mark.django_db
def test_dashboard_list_cells_escape_what_is_stored_and_say_never_for_no_update():
    action = short_list_row(**ROWS[1])
    html = render("{% load action_table_tags %}{% dashboard_list_cells a %}", a=action)
    assert "<script>" not in html and "<B>" not in html and "<b>" not in html
    assert "A &amp; Co, &lt;B&gt;" in html
    assert "Plan &lt;&amp;&gt; B</a>" in html
    assert "Last update </span>7 Nov 2025</td>" in html
    never = render("{% load action_table_tags %}{% dashboard_list_cells a %}", a=short_list_row())
    assert "Last update </span>Never</td>" in never
    assert "Since last round </span>–</td>" in never


# --- charts ---------------------------------------------------------------------------------

CHART = {
    "id": "ratings-by-plan",
    "caption": "Current <ratings>",
    "label_heading": "Plan & co",
    "columns": [{"name": "Red", "rating": "red"}, {"name": "<Amber>", "rating": "amber"}],
    "rows": [
        {
            "label": "A </script> & <b>",
            "values": [2, 0],
            "url": "/actions/?plan=1&x=<y>",
            "cells": [
                {"value": 2, "url": "/actions/?plan=1&rating=red"},
                {"value": 0, "url": "/actions/?plan=1&rating=amber"},
            ],
        },
        {"label": "No links", "values": [1, "3<"]},
    ],
    "has_counts": True,
}

# The body rows as components/chart.html drew them cell by cell (before chart_rows).
TEMPLATE_ROWS = """{% load layout_tags %}{% for row in chart.rows %}
<tr role="row" class="nhsuk-table__row">
<th class="nhsuk-table__header app-text-cell" scope="row" role="rowheader"><span class="nhsuk-table-responsive__heading">{{ chart.label_heading }} </span><span class="app-cell">{% if row.url %}<a href="{{ row.url }}">{{ row.label }}</a>{% else %}{{ row.label }}{% endif %}</span></th>
{% for cell in row|named_cells:chart.columns %}
<td role="cell" class="nhsuk-table__cell nhsuk-table__cell--numeric"><span class="nhsuk-table-responsive__heading">{{ cell.name }} </span>{% if cell.url and cell.value %}<a href="{{ cell.url }}">{{ cell.value }}</a>{% else %}{{ cell.value }}{% endif %}</td>
{% endfor %}
</tr>
{% endfor %}"""


def test_chart_rows_write_what_the_template_wrote():
    html = render("{% load layout_tags %}{% chart_rows chart %}", chart=CHART)
    assert lines(html) == lines(render(TEMPLATE_ROWS, chart=CHART))
    assert ">0</td>" in html  # a count of 0 is not linked
    assert "3&lt;</td>" in html


def test_chart_json_is_json_script_byte_for_byte():
    html = render("{% load layout_tags %}{{ chart|chart_json:'ratings-data' }}", chart=CHART)
    assert html == json_script(CHART, "ratings-data")
    assert "</script>" not in html.removesuffix("</script>")
    assert re.search(r"\\u003C/script\\u003E \\u0026 \\u003Cb\\u003E", html)
