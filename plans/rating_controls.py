"""The ratings a person may choose, each shown with the plan's own words for it.

DESIGN.md: a plan's legend relabels the ratings (Telford: green = "On target against
milestones") and is shown beside every rating. Radios show it as the hint under each rating's
name; selects and the ratings workbook's drop-down put it in the option ("Green – On target
against milestones").
"""

from __future__ import annotations

from django import forms

from plans.models import Plan, Rating

# "Not yet rated" is what an action is before anyone rates it, never a rating to choose.
CHOOSABLE_RATINGS = [rating for rating in Rating if rating != Rating.NOT_RATED]
RATING_NAMES = [(rating.value, rating.label) for rating in CHOOSABLE_RATINGS]
NOT_A_CHOICE_MESSAGE = "Select red, amber, green or blue"


def rating_choices(plan: Plan, *, blank: str | None = None) -> list[tuple[str, str]]:
    """Each rating a person may choose, with the plan's own legend beside it ("Green – On
    target against milestones"), for selects and the ratings workbook's drop-down."""
    choices = [("", blank)] if blank else []
    for rating in CHOOSABLE_RATINGS:
        legend = plan.legend_for(rating)
        label = rating.label if legend == rating.label else f"{rating.label} – {legend}"
        if rating == Rating.BLUE and legend == rating.label:
            label = "Blue – complete"
        choices.append((rating.value, label))
    return choices


def rating_hints(plan: Plan) -> dict[str, str]:
    """The plan's own words for each rating, as the hint under its radio (blue: "Complete"
    when the plan says nothing else); a rating the plan does not describe has no hint."""
    hints = {Rating.BLUE.value: "Complete"}
    for rating in CHOOSABLE_RATINGS:
        legend = plan.legend_for(rating)
        if legend != rating.label:
            hints[rating.value] = legend
    return hints


class RatingRadios(forms.RadioSelect):
    """Radios for a rating: each rating's name with the plan's words as a hint under it
    (components/field.html shows `option_hints`). Call `for_plan` once the plan is known."""

    option_hints: dict[str, str] = {}

    def for_plan(self, plan: Plan) -> None:
        self.option_hints = rating_hints(plan)


def rating_radio_field(**kwargs) -> forms.ChoiceField:
    """A rating chosen by radios from the ratings a person may choose."""
    error_messages = {"invalid_choice": NOT_A_CHOICE_MESSAGE, **kwargs.pop("error_messages", {})}
    return forms.ChoiceField(
        choices=RATING_NAMES, widget=RatingRadios, error_messages=error_messages, **kwargs
    )
