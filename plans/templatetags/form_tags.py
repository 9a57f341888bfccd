"""What components/field.html needs to know about a field, and the parts of its markup written
in Python (a page of 100 fields paid more for template lookups than for anything else)."""

from __future__ import annotations

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from plans.templatetags.plans_tags import select_options

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


SELECT_KINDS = {"select", "selectmultiple", "nullbooleanselect", "boolean"}


@register.simple_tag
def field_control(field, kind: str, char_limit: int | None = None, width=None) -> str:
    """The control of a one-control field in field.html: a select, textarea, file or other
    input with NHS.UK's classes (a width for inputs), then the character count's message.

    Written here, not by template branches: My actions draws 100 fields, and the branches'
    lookups cost more than the rest of each field.
    """
    invalid = bool(field.errors)
    if kind in SELECT_KINDS:
        return _select(field, kind, invalid, char_limit)
    widget = field.field.widget
    if kind not in ("textarea", "file", "clearablefile") and not getattr(widget, "input_type", ""):
        return conditional_escape(field)  # another widget: Django's own HTML
    data = field.subwidgets[0].data
    attrs = control_attrs(field, data["attrs"], char_limit)
    counted = " nhsuk-js-character-count" if char_limit else ""
    if kind == "textarea":
        control = format_html(
            '<textarea class="nhsuk-textarea{}{}" name="{}"{}>\n{}</textarea>',
            " nhsuk-textarea--error" if invalid else "",
            counted,
            data["name"],
            attrs,
            data["value"] or "",
        )
    elif kind in ("file", "clearablefile"):
        control = format_html(
            '<input class="nhsuk-file-upload__input{}" type="file" name="{}"{}>',
            " nhsuk-file-upload__input--error" if invalid else "",
            data["name"],
            attrs,
        )
    else:
        value = data["value"]
        control = format_html(
            '<input class="nhsuk-input{}{}{}" type="{}" name="{}"{}{}>',
            format_html(" nhsuk-input--width-{}", width) if width else "",
            " nhsuk-input--error" if invalid else "",
            counted,
            data["type"],
            data["name"],
            format_html(' value="{}"', value) if value is not None else "",
            attrs,
        )
    if char_limit:
        return format_html("{}\n  {}", control, character_count_message(field, char_limit))
    return control


def _select(field, kind: str, invalid: bool, char_limit) -> str:
    widget = field.field.widget
    if kind == "select":
        options = select_options(field)
    else:
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option.data["value"],
                    " selected" if option.data["selected"] else "",
                    option.choice_label,
                )
                for option in field.subwidgets
            ),
        )
    return format_html(
        '<select class="nhsuk-select{}" id="{}" name="{}"{}{}{}{}>\n{}\n  </select>',
        " nhsuk-select--error" if invalid else "",
        field.auto_id,
        field.html_name,
        " multiple" if widget.allow_multiple_selected else "",
        " disabled" if field.field.disabled else "",
        mark_safe(' aria-invalid="true"') if invalid else "",
        control_attrs(field, widget.attrs, char_limit),
        options,
    )


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


def character_count_message(field, char_limit: int) -> str:
    """NHS.UK character count's message under a control; nhsuk-frontend's script hides it and
    counts down instead."""
    return format_html(
        '<div class="nhsuk-hint nhsuk-character-count__message" id="{}-info">'
        "You can enter up to {} characters</div>",
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
