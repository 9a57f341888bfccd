"""What components/field.html needs to know about a field beyond Django's own markup."""

from __future__ import annotations

from django import forms, template

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
def described_by(field, counted: bool = False) -> str:
    """The ids a control's aria-describedby lists: count message, hint, error (NHS.UK's order)."""
    ids = [f"{field.auto_id}-info"] if counted else []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
