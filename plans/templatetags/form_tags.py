"""What components/field.html needs to know about a field beyond Django's own markup."""

from __future__ import annotations

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Inputs a person types words into; a date or a number has no character count.
TYPED_INPUTS = {"text", "search"}


@register.filter
def widget_kind(field) -> str:
    """Django's widget_type, with subclasses of the radios and checkboxes (RatingRadios) as
    their parents, whose NHS.UK markup they share."""
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxselectmultiple"
    if isinstance(widget, forms.RadioSelect):
        return "radioselect"
    return field.widget_type


@register.filter
def character_limit(field) -> int | None:
    """The most characters a textarea or text input takes, for NHS.UK's character count.

    None for other controls, for fields with no limit, and for fields the browser fills in
    (an `autocomplete` attribute: a username is not words someone composes).
    """
    limit = getattr(field.field, "max_length", None)
    widget = field.field.widget
    if not limit or "autocomplete" in widget.attrs:
        return None
    if field.widget_type == "textarea" or getattr(widget, "input_type", None) in TYPED_INPUTS:
        return limit
    return None


@register.filter
def option_hint(field, value) -> str:
    """The hint under one radio (e.g. the plan's legend under a rating), if its widget has one."""
    return getattr(field.field.widget, "option_hints", {}).get(str(value), "")


@register.simple_tag
def control_attrs(field, attrs: dict, char_limit: int | None = None) -> str:
    """A control's attributes after its class (field.html): the widget's own (id, required,
    aria-invalid, …) but class, and maxlength under a character count; then aria-describedby.

    Written here, not by a template loop: My actions draws 100 controls, and the loop and its
    include cost 20 ms of the page.
    """
    written = []
    for name, value in attrs.items():
        if value is None or value is False or name in ("class", "aria-describedby"):
            continue
        if char_limit and name == "maxlength":
            continue
        written.append(f" {conditional_escape(name)}")
        if value is not True:
            written.append(f'="{conditional_escape(value)}"')
    ids = described_by(field, counted=bool(char_limit))
    if ids:
        written.append(f' aria-describedby="{conditional_escape(ids)}"')
    return mark_safe("".join(written))  # every name and value above is escaped


@register.simple_tag
def hint_and_error(field) -> str:
    """A field's hint (its help_text, which is trusted HTML) and error message, ids
    "<id>-hint" and "<id>-error". A tag, not an include: a page of 100 fields paid for 100
    includes."""
    hint = error = ""
    if field.help_text:  # trusted HTML written by us, as the template's |safe said
        hint = format_html(
            '<div class="nhsuk-hint" id="{}-hint">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
    if field.errors:
        error = format_html(
            '<span class="nhsuk-error-message" id="{}-error">'
            '<span class="nhsuk-u-visually-hidden">Error: </span>{}</span>',
            field.auto_id,
            mark_safe(" ".join(conditional_escape(message) for message in field.errors)),
        )
    return mark_safe(f"\n{hint}\n{error}\n")  # the include's line breaks, kept


@register.simple_tag
def character_count_message(field, char_limit: int) -> str:
    """NHS.UK character count's message under a control; nhsuk-frontend's script hides it and
    counts down instead."""
    return format_html(
        '\n<div class="nhsuk-hint nhsuk-character-count__message" id="{}-info">'
        "You can enter up to {} characters</div>\n",
        field.auto_id,
        intcomma(char_limit),
    )


def described_by(field, counted: bool = False) -> str:
    """The ids a control's aria-describedby lists: count message, hint, error (NHS.UK's order)."""
    ids = [f"{field.auto_id}-info"] if counted else []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
