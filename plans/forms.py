"""Forms validate; services write (plans/services.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils import timezone

from plans import limits
from plans.models import Action
from plans.naming import LABEL_LENGTH, action_name
from plans.rating_controls import rating_choices, rating_radio_field
from plans.rules import COMMENTARY_REQUIRED_MESSAGE, commentary_required, reported_on_problem
from plans.services import ACTION_EDITABLE_FIELDS

NO_RATINGS_MESSAGE = "You did not enter any ratings: choose a new rating for at least one action"


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


class LimitedText(forms.CharField):
    """Text people type, at most `limit.max_length` characters (plans.limits).

    A line break counts as one character, as NHS.UK's character count counts it (browsers
    send two). Text equal to `keep` (what is saved now, say a long imported text) passes
    whatever its length: a limit never stops someone saving a form they did not change.
    components/field.html shows the character count from `max_length`; there is no maxlength
    attribute, so pasted text is never cut off unseen.
    """

    def __init__(self, *, limit: limits.TextLimit, keep: str = "", message: str = "", **kwargs):
        super().__init__(**kwargs)
        self.max_length = limit.max_length
        self.message = message or limit.message
        self.keep = keep

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_length and not _same_words(value, self.keep):
            raise forms.ValidationError(self.message, code="max_length")


class ReportingDateMixin(forms.Form):
    """The reporting round a rating is for: blank means today, within plans.rules' bounds.

    `plan` (optional) is the plan being rated, whose period start is the earliest date.
    """

    plan = None

    reported_on = forms.DateField(
        required=False,
        error_messages={"invalid": "Enter the reporting date as a real date, like 31 3 2026"},
        label="Reporting date",
        help_text="The reporting round this rating is for. Leave blank for today.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_reported_on(self):
        today = timezone.localdate()
        reported_on = self.cleaned_data["reported_on"] or today
        problem = reported_on_problem(reported_on, today=today, plan=self.plan)
        if problem:
            raise forms.ValidationError(problem)
        return reported_on


class RagUpdateForm(ReportingDateMixin):
    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is not None:
            self.fields["rating"].widget.for_plan(plan)

    rating = rating_radio_field(
        label="RAG rating", error_messages={"required": "Select a RAG rating"}
    )
    commentary = LimitedText(
        limit=limits.COMMENTARY,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What has happened since the last update. Required for red or amber.",
    )
    is_correction = forms.BooleanField(
        required=False,
        label="This corrects an earlier rating",
        help_text="Ratings are never edited: a correction is a new rating that says so.",
    )

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("rating")
        commentary = cleaned.get("commentary", "").strip()
        if rating and commentary_required(rating) and not commentary and "commentary" in cleaned:
            self.add_error("commentary", COMMENTARY_REQUIRED_MESSAGE)
        return cleaned


class BulkRagUpdateForm(ReportingDateMixin):
    """One reporting round for many actions: a rating and commentary a row; blank rows skipped."""

    def __init__(self, *args, actions: list[Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        self.names = {action.pk: action_name(action, LABEL_LENGTH) for action in actions}
        for action in actions:
            name = self.names[action.pk]
            self.fields[f"rating-{action.pk}"] = forms.ChoiceField(
                choices=rating_choices(action.plan, blank="No change"),
                required=False,
                error_messages={"invalid_choice": f"{name}: select a rating from the list"},
                label=f"Rating for {name}",
            )
            self.fields[f"commentary-{action.pk}"] = LimitedText(
                limit=limits.COMMENTARY,
                message=f"{name}: {limits.COMMENTARY.message}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                label=f"Commentary for {name}",
            )

    def rows(self):
        """(action, rating field, commentary field) for the template."""
        for action in self.actions:
            yield action, self[f"rating-{action.pk}"], self[f"commentary-{action.pk}"]

    def clean(self):
        cleaned = super().clean()
        unknown = [
            key
            for key in self.data
            if key.startswith(("rating-", "commentary-")) and key not in self.fields
        ]
        if unknown:
            # A row for an action not on this page: a forged or stale form.
            raise forms.ValidationError(
                "The form names actions you cannot update here; reload the page and try again."
            )
        for action in self.actions:
            name = self.names[action.pk]
            rating = cleaned.get(f"rating-{action.pk}")
            commentary = cleaned.get(f"commentary-{action.pk}", "").strip()
            if f"commentary-{action.pk}" not in cleaned:  # already refused (too long)
                continue
            if commentary and not rating:
                self.add_error(
                    f"rating-{action.pk}", f"{name}: choose a rating to go with the commentary."
                )
            if rating and commentary_required(rating) and not commentary:
                self.add_error(f"commentary-{action.pk}", f"{name}: {COMMENTARY_REQUIRED_MESSAGE}")
        if not self.errors and not any(self.updates()):
            raise forms.ValidationError(NO_RATINGS_MESSAGE, code="empty")
        self._check_reporting_date_against_plans(cleaned)
        return cleaned

    def _check_reporting_date_against_plans(self, cleaned):
        """The date must suit the plan of every row being rated (each plan's period start)."""
        reported_on = cleaned.get("reported_on")
        if reported_on is None or "reported_on" in self.errors:
            return
        today = timezone.localdate()
        for action in self.actions:
            if cleaned.get(f"rating-{action.pk}"):
                problem = reported_on_problem(reported_on, today=today, plan=action.plan)
                if problem:
                    self.add_error("reported_on", problem)
                    return

    def updates(self):
        """(action, rating, commentary) for the rows filled in."""
        for action in self.actions:
            rating = self.cleaned_data.get(f"rating-{action.pk}")
            if rating:
                yield action, rating, self.cleaned_data.get(f"commentary-{action.pk}", "").strip()


def limit_action_fields(form: forms.ModelForm) -> None:
    """An action form's typed fields as LimitedText: plans.limits' limits and messages, and
    a text saved longer (from an import) kept while it is left unchanged."""
    for name, limit in limits.ACTION_FIELD_LIMITS.items():
        if name not in form.fields:
            continue
        model_field = form.fields[name]
        model_field.widget.attrs.pop("maxlength", None)  # the character count says it
        form.fields[name] = LimitedText(
            limit=limit,
            keep=getattr(form.instance, name),
            required=False,
            label=model_field.label,
            help_text=model_field.help_text,
            widget=model_field.widget,
        )


class ActionEditForm(forms.ModelForm):
    """An admin's edit of an action; `version` is the one the form was loaded with."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = [*ACTION_EDITABLE_FIELDS, "leads"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 4}),
            "context": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"text": "Action", "context": "Aim or commentary", "timescale_text": "Timescale"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        limit_action_fields(self)

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date cannot be before the start date.")
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestoneDoneForm(forms.Form):
    done_date = forms.DateField(
        required=False,
        label="Done on",
        help_text="Leave blank to mark it not done.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form (it e-mails only active accounts with that address), NHS.UK wording."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The email address on your account. We will send a link to reset your password.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = "Type the same password again."
