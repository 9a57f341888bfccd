import html

from django import template
from django.utils.safestring import mark_safe

from plans.models import Plan
from plans.templatetags.rag_tags import rag_tag_html

register = template.Library()


@register.simple_tag
def rag_tag(rating: str | None, plan: Plan | None = None):
    """A rating as an NHS.UK tag with its name and the plan's own legend wording (built in
    Python, not an inclusion tag: tables draw one a row)."""
    return rag_tag_html(rating, plan)


@register.filter
def attr_of(obj, name: str):
    """obj.<name>, for showing the saved value of a form field by name."""
    return getattr(obj, name, "")


@register.filter
def select_options(field) -> str:
    """A select's <option>s, the chosen one selected, written in one pass.

    A filter's 700 leads through the template's for loop cost 25 ms of every table page
    (a few variable lookups an option); this is a tenth of that. Option groups are flattened.
    """
    chosen = "" if field.value() is None else str(field.value())
    pairs = []
    for value, label in field.field.choices:
        if isinstance(label, list | tuple):  # an option group: its options, in a flat list
            pairs += [(str(inner), inner_label) for inner, inner_label in label]
        else:
            pairs.append((str(value), label))
    # f-strings and html.escape, not format_html: the same markup at a ninth of the cost.
    return mark_safe(  # every value and label below is escaped
        "\n".join(
            f'<option value="{html.escape(value)}"{" selected" if value == chosen else ""}>'
            f"{_escaped(label)}</option>"
            for value, label in pairs
        )
    )


def _escaped(text) -> str:
    """conditional_escape without its lazy-string wrapper: safe text as it is, else escaped."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))
