"""Small helpers for the page layouts (templates/layouts/, templates/components/)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

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
