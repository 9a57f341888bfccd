"""components/field.html's control attributes, hint, error and count message (form_tags)."""

from django import forms
from django.template.loader import render_to_string

from plans import limits
from plans.forms import LimitedText


class NoteForm(forms.Form):
    note = LimitedText(
        limit=limits.COMMENTARY,
        help_text="What <em>changed</em>.",
        widget=forms.Textarea(attrs={"rows": 4, "data-x": 'a "b"'}),
    )
    agreed = forms.BooleanField(required=False, label="Agreed")


def rendered(form: forms.Form, name: str) -> str:
    return render_to_string("components/field.html", {"field": form[name]})


def test_a_counted_textarea_lists_count_hint_and_error_in_aria_describedby():
    form = NoteForm({"note": ""})
    form.add_error("note", 'Say "why" & how')
    html = rendered(form, "note")

    assert (
        '<textarea class="nhsuk-textarea nhsuk-textarea--error nhsuk-js-character-count"'
        ' name="note" cols="40" rows="4" data-x="a &quot;b&quot;" id="id_note" required'
        ' aria-invalid="true" aria-describedby="id_note-info id_note-hint id_note-error">'
    ) in html
    assert " maxlength=" not in html
    assert '<div class="nhsuk-hint" id="id_note-hint">What <em>changed</em>.</div>' in html
    assert (
        '<span class="nhsuk-error-message" id="id_note-error"><span class="nhsuk-u-visually-hidden">'
        "Error: </span>This field is required. Say &quot;why&quot; &amp; how</span>"
    ) in html
    assert "You can enter up to 5,000 characters</div>" in html


def test_a_checkbox_without_hint_or_error_has_no_aria_describedby():
    html = rendered(NoteForm(), "agreed")

    assert (
        '<input class="nhsuk-checkboxes__input" type="checkbox" name="agreed" id="id_agreed">'
        in html
    )
