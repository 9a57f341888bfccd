from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from importers.reading.document import UnreadableDocument
from importers.reading.mapping import ROLE_LABELS, Mapping, Reading
from importers.reading.parse import checksum
from importers.reading.safety import check_size, sniff_format
from importers.services import import_limits

FORMAT_CHOICES = [
    ("", "Work it out from the file"),
    ("docx", "Word"),
    ("xlsx", "Excel"),
    ("csv", "CSV"),
    ("markdown", "Markdown"),
    ("text", "Text"),
]


class UploadForm(forms.Form):
    """Takes the file only: reading it is the worker's job, never the web request's."""

    file = forms.FileField(
        label="Plan file",
        help_text="A Word (.docx), Excel (.xlsx), CSV, Markdown or text (.txt) action plan.",
        error_messages={
            "required": "Choose a plan file to upload",
            "empty": "The file is empty.",
        },
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Format")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > settings.IMPORT_OFFICE_MAX_BYTES:
            # Refuse before reading it all into memory.
            self.add_error(
                "file",
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(settings.IMPORT_OFFICE_MAX_BYTES)}.",
            )
            return cleaned
        data = upload.read()
        try:
            # Cheap and bounded (magic bytes, the zip directory, the size): a file that is
            # plainly not a plan is refused here; the reading itself is the worker's.
            check_size(data, sniff_format(data, upload.name), import_limits())
        except UnreadableDocument as exc:
            self.add_error("file", str(exc))
            return cleaned
        cleaned["data"] = data
        cleaned["checksum"] = checksum(data)
        return cleaned


ROLE_CHOICES = list(ROLE_LABELS.items())


class MappingForm(forms.Form):
    """The admin's answer to how a file was read: which table, which header row, each role.

    Built from the stored `Reading`: one role field per column of the chosen table.
    """

    table = forms.TypedChoiceField(coerce=int, label="Table to import")
    header_row = forms.IntegerField(
        min_value=1,
        max_value=50,
        label="Row with the column names",
        help_text="Counted from the top of the table, starting at 1.",
    )

    def __init__(self, *args, reading: Reading, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading = reading
        self.fields["table"].choices = [
            (c.index, c.description or f"Table {c.index + 1}") for c in reading.candidates
        ] or [(reading.table or 0, "Table 1")]
        self.fields["table"].initial = reading.table
        self.fields["header_row"].initial = (reading.header_row or 0) + 1
        self.column_fields = []
        for column in reading.columns:
            name = f"role_{column.index}"
            label = column.label or f"Column {column.index + 1} (no header)"
            self.fields[name] = forms.ChoiceField(
                choices=ROLE_CHOICES, initial=column.role, label=f"Role of '{label}'"
            )
            self.column_fields.append((column, self[name]))

    def mapping(self) -> Mapping:
        """The choices as a `Mapping`; a new table or header row lets the roles be inferred."""
        table = self.cleaned_data["table"]
        header_row = self.cleaned_data["header_row"] - 1
        if table != self.reading.table or header_row != self.reading.header_row:
            return Mapping(table=table, header_row=header_row)
        labels = [c.label for c in self.reading.columns if c.label]
        roles = {}
        for column in self.reading.columns:
            role = self.cleaned_data[f"role_{column.index}"]
            # By label where it names one column, so a template survives moved columns.
            unique = column.label and labels.count(column.label) == 1
            roles[column.label if unique else f"#{column.index}"] = role
        return Mapping(table=table, header_row=header_row, roles=roles)


class DecisionForm(forms.Form):
    """Is the file a new version of a plan held (which one), or a different plan?"""

    choice = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Is this a new version of a plan already held?",
        error_messages={
            "required": "Choose whether this file updates a plan or is a different plan",
            "invalid_choice": "Choose one of the plans listed, or a different plan",
        },
    )

    def __init__(self, *args, likely: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {str(plan.pk): plan for plan, _, _ in likely}
        choices = [
            (str(plan.pk), f"Yes: update '{plan.title}'{f' ({plan.area})' if plan.area else ''}")
            for plan, _, _ in likely
        ]
        choices.append(("new", "No: this is a different plan, import it as a new plan"))
        self.fields["choice"].choices = choices

    def decision(self):
        """(decision, plan): the admin's answer as `pending_import_decide` takes it."""
        from importers.models import PendingImport

        choice = self.cleaned_data["choice"]
        if choice == "new":
            return PendingImport.Decision.NEW, None
        return PendingImport.Decision.UPDATE, self.plans[choice]


NEW_ACTION = "new"


def _action_label(action) -> str:
    text = " ".join((action.text or "(no action text)").split())
    text = text if len(text) <= 90 else text[:89] + "…"
    return f"{action.ref}: {text}" if action.ref else text


class MatchForm(forms.Form):
    """Which of the plan's actions each new, changed or guessed row of the file is (or new).

    One select per row to review; its choices are the action it is paired with now, the
    plan's actions the file does not otherwise have, and "a new action".
    """

    def __init__(self, *args, diff, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        free = [(str(a.pk), _action_label(a)) for a in diff.missing]
        for row in diff.to_review:
            choices = [(str(row.action.pk), _action_label(row.action))] if row.action else []
            choices += free + [(NEW_ACTION, "A new action: add it to the plan")]
            text = " ".join((row.parsed.text or "(no action text)").split())[:80]
            name = f"match_{row.index}"
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                initial=str(row.action.pk) if row.action else NEW_ACTION,
                label=f"Row {row.index + 1} of the file, '{text}', is",
            )
            self.rows.append((row, self[name]))

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for name, value in list(cleaned.items()):
            if value == NEW_ACTION:
                continue
            if value in seen:
                self.add_error(
                    name,
                    "This action is already chosen for another row of the file: choose "
                    "another, or a new action",
                )
            seen[value] = name
        return cleaned

    def matches(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("match_")): None if value == NEW_ACTION else int(value)
            for name, value in self.cleaned_data.items()
        }
