"""Small helpers for the page layouts (templates/layouts/, templates/components/)."""

import json

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def applied_filters(filterset) -> int:
    """How many of a django-filter FilterSet's fields the request gives a value (an unticked
    checkbox or an empty choice is no filter)."""
    form = filterset.form
    if not form.is_bound:
        return 0
    return sum(1 for field in form if field.value() not in (None, "", False, [], ()))


@register.filter
def counted(count: int, nouns: str) -> str:
    """The count and its noun: 1 action, 2,000 actions. `nouns` is the plural ("actions"),
    or "singular,plural" where the plural is not the singular and an s."""
    singular, _, plural = nouns.partition(",")
    if not plural:
        plural = singular
        singular = plural.removesuffix("s")
    return f"{intcomma(count)} {singular if count == 1 else plural}"


@register.filter
def named_cells(row: dict, columns: list[dict]) -> list[dict]:
    """A chart row's counts (plans.charts), each with its column's name (for the heading of a
    responsive table's cell) and its drill-down link where the row has one."""
    cells = row.get("cells") or [{"value": value, "url": None} for value in row["values"]]
    return [{**cell, "name": column["name"]} for cell, column in zip(cells, columns, strict=True)]


def _linked(value, url) -> str:
    """The value, escaped, as a link when there is a url (the drill-down to those actions).
    A count is an int: its digits need no escaping (conditional_escape costs more than the
    rest of a cell)."""
    value = str(value) if type(value) is int else conditional_escape(value)
    return f'<a href="{conditional_escape(url)}">{value}</a>' if url else value


@register.simple_tag
def chart_rows(chart: dict) -> SafeString:
    """The body rows of a chart's table (components/chart.html): the row's label, then a count
    a column, each linking to its actions where the row has links. Drawn in Python: a
    dashboard's five tables have some 500 cells, which cost more drawn one by one in the
    template. A count of 0 is not linked (an empty table is no use)."""
    heading = conditional_escape(chart.get("label_heading", ""))
    # A column's cells all open alike, with its name as their responsive heading (as in
    # named_cells): written once a column, not once a cell.
    openings = [
        '\n<td role="cell" class="nhsuk-table__cell nhsuk-table__cell--numeric">'
        f'<span class="nhsuk-table-responsive__heading">{conditional_escape(column["name"])} </span>'
        for column in chart["columns"]
    ]
    rows = []
    for row in chart["rows"]:
        if row.get("cells"):
            counts = [(cell["value"], cell.get("url")) for cell in row["cells"]]
        else:
            counts = [(value, None) for value in row["values"]]
        cells = "".join(
            f"{opening}{_linked(value, url if value else None)}</td>"
            for opening, (value, url) in zip(openings, counts, strict=True)
        )
        rows.append(
            '<tr role="row" class="nhsuk-table__row">\n'
            '<th class="nhsuk-table__header app-text-cell" scope="row" role="rowheader">'
            f'<span class="nhsuk-table-responsive__heading">{heading} </span>'
            f'<span class="app-cell">{_linked(row["label"], row.get("url"))}</span></th>'
            f"{cells}\n</tr>"
        )
    return mark_safe("\n".join(rows))  # every value escaped above


# json_script's escapes (django.utils.html), so the JSON cannot end its <script> element.
_JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@register.filter
def chart_json(chart: dict, element_id: str) -> SafeString:
    """json_script's <script id=… type="application/json"> of a chart's data, the same bytes,
    its three escapes made by str.replace: a dashboard's charts are some 35 kB of JSON, and
    json_script's str.translate of them took longer than the rest of their five tables."""
    data = json.dumps(chart, cls=DjangoJSONEncoder)
    for char, escaped in _JSON_SCRIPT_ESCAPES:
        data = data.replace(char, escaped)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(data)
    )
