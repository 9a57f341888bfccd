"""Forms for carry-forward validate; plans/carry_forward/services.py writes."""

from __future__ import annotations

from django import forms

from plans.carry_forward.pairing import SuggestedPair
from plans.models import Action, Plan

NO_EARLIER = "No earlier action"


class PredecessorForm(forms.Form):
    """Which plan this one replaces (asked with GET: it only chooses what to show)."""

    predecessor = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        label="The plan this one replaces",
        help_text="For example last year's plan. It is archived once you confirm.",
        empty_label="Choose a plan",
        error_messages={
            "required": "Choose the plan this one replaces",
            "invalid_choice": "Choose one of the plans listed",
        },
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = plans


def _label(action: Action) -> str:
    text = " ".join(action.text.split())
    text = text if len(text) <= 100 else f"{text[:99]}…"
    return f"{action.ref} {text}".strip() or f"Action {action.pk}"


HOW = {"text": "the same text", "similar": "a similar text", "chosen": "chosen before"}


def _suggestion(pair: SuggestedPair) -> str:
    if pair.predecessor is None:
        return "No earlier action has a similar text."
    alike = f", {round(pair.score * 100)}% of words alike" if pair.score is not None else ""
    return f"Suggested: {HOW.get(pair.how, pair.how)}{alike}."


class PairingForm(forms.Form):
    """For each of the plan's actions, the earlier plan's action it carries on (or none)."""

    def __init__(self, *args, pairs: list[SuggestedPair], earlier: list[Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = pairs
        choices = [("", NO_EARLIER)] + [(str(a.pk), _label(a)) for a in earlier]
        for pair in pairs:
            self.fields[f"pair-{pair.action.pk}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=f"Earlier action for {_label(pair.action)}",
                initial=str(pair.predecessor.pk) if pair.predecessor else "",
                help_text=_suggestion(pair),
            )

    @property
    def rows(self):
        """(suggested pair, its field) for the template."""
        return [(pair, self[f"pair-{pair.action.pk}"]) for pair in self.pairs]

    def clean(self):
        cleaned = super().clean()
        used: dict[int, str] = {}
        for pair in self.pairs:
            name = f"pair-{pair.action.pk}"
            old = cleaned.get(name)
            if old is None:
                continue
            if old in used:
                self.add_error(name, "This earlier action is already paired with another action.")
            used[old] = name
        return cleaned

    def chosen(self) -> dict[int, int | None]:
        return {
            pair.action.pk: self.cleaned_data.get(f"pair-{pair.action.pk}") for pair in self.pairs
        }

    def suggested(self) -> dict[int, tuple[int, str, float | None]]:
        return {
            pair.action.pk: (pair.predecessor.pk, pair.how, pair.score)
            for pair in self.pairs
            if pair.predecessor is not None
        }
