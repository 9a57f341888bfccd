"""Forms for rounds validate; plans/rounds/services.py writes."""

from __future__ import annotations

from django import forms

from plans.models import Plan, Rating
from plans.rounds import rules


def rating_choices(plan: Plan, *, blank: str | None = None) -> list[tuple[str, str]]:
    """Each rating with the plan's own legend beside it ("Green – On target against milestones")."""
    choices = [("", blank)] if blank else []
    for rating in Rating:
        legend = plan.legend_for(rating)
        label = rating.label if legend == rating.label else f"{rating.label} – {legend}"
        if rating == Rating.BLUE and legend == rating.label:
            label = "Blue – complete"
        choices.append((rating.value, label))
    return choices


class RoundOpenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
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

    rating = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Current rating",
        help_text="Where the action is now.",
        error_messages={"required": "Select the current rating"},
    )
    forecast_rating = forms.ChoiceField(
        required=False,
        label="Forecast rating at the end of the plan year",
        help_text="Where you expect it to be at year end. Optional.",
    )
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Commentary",
        help_text="What has happened since the last update.",
    )
    why_and_next = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
    due_date_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason the due date moves",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["rating"].choices = rating_choices(action.plan)
        self.fields["forecast_rating"].choices = rating_choices(action.plan, blank="No forecast")

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("rating")
        if rules.why_required(rating) and not cleaned.get("why_and_next", "").strip():
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
