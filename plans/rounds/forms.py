"""Forms for rounds validate; plans/rounds/services.py writes."""

from __future__ import annotations

from django import forms

from plans import limits
from plans.forms import LimitedText
from plans.models import Plan
from plans.rating_controls import rating_choices, rating_radio_field
from plans.rounds import rules

__all__ = ["RoundOpenForm", "RoundUpdateForm", "rating_choices"]  # the workbook reads its choices


class RoundOpenForm(forms.Form):
    name = LimitedText(
        limit=limits.ROUND_NAME,
        label="Name",
        help_text='What the board calls the round, for example "October 2016".',
        error_messages={"required": 'Enter a name for the round, like "October 2016"'},
    )
    reported_on = forms.DateField(
        label="Date it reports on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date the round reports on"},
    )
    deadline = forms.DateField(
        label="Deadline for updates",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the deadline for updates"},
    )
    plans = forms.ModelMultipleChoiceField(
        queryset=Plan.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        label="Plans in this round",
        error_messages={"required": "Choose at least one plan"},
    )


class RoundUpdateForm(forms.Form):
    """One action's update for a round; starts from its last rating and commentary."""

    rating = rating_radio_field(
        label="Current rating",
        help_text="Where the action is now.",
        error_messages={"required": "Select the current rating"},
    )
    forecast_rating = forms.ChoiceField(
        required=False,
        label="Forecast rating at the end of the plan year",
        help_text="Where you expect it to be at year end. Optional.",
    )
    commentary = LimitedText(
        limit=limits.COMMENTARY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Commentary",
        help_text="What has happened since the last update.",
    )
    why_and_next = LimitedText(
        limit=limits.WHY_AND_NEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why, and what next",
        help_text="Required for red or amber: why it is off track and what happens next.",
    )
    outside_control = forms.BooleanField(
        required=False, label="Depends on something outside our control"
    )
    new_due_date = forms.DateField(
        required=False,
        label="New due date",
        help_text="Only if the due date moves.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the new due date as a real date, like 31 3 2027"},
    )
    due_date_reason = LimitedText(
        limit=limits.DUE_DATE_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason the due date moves",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["rating"].widget.for_plan(action.plan)
        self.fields["forecast_rating"].choices = rating_choices(action.plan, blank="No forecast")

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("rating")
        why = cleaned.get("why_and_next")
        if rules.why_required(rating) and why is not None and not why.strip():
            self.add_error("why_and_next", rules.WHY_REQUIRED_MESSAGE)
        if "new_due_date" not in self.errors:
            problems = rules.due_date_move_problems(
                current=self.action.due_date,
                new=cleaned.get("new_due_date"),
                reason=cleaned.get("due_date_reason", ""),
                start=self.action.start_date,
            )
            for name, message in problems.items():
                self.add_error(name, message)
        return cleaned
