from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from importers.reading.document import UnreadableDocument
from importers.reading.parse import checksum
from importers.reading.parsed import ParsedPlan
from importers.services import plan_preview


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="A Word (.docx), Excel (.xlsx) or text (.txt) action plan.",
        error_messages={
            "required": "Choose a plan file to upload",
            "empty": "The file is empty.",
        },
    )
    format = forms.ChoiceField(
        choices=[
            ("", "Work it out from the file"),
            ("docx", "Word"),
            ("xlsx", "Excel"),
            ("text", "Text"),
        ],
        required=False,
        label="Format",
    )

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
            self.parsed: ParsedPlan = plan_preview(
                data=data, filename=upload.name, fmt=cleaned.get("format") or None
            )
        except UnreadableDocument as exc:
            self.add_error("file", str(exc))
            return cleaned
        cleaned["data"] = data
        cleaned["checksum"] = checksum(data)
        return cleaned
