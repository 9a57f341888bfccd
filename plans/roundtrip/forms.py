"""The upload form takes the file only; reading it is the service's (in a bounded child)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

from importers.reading.rating_workbook import RETURN_LIMITS


class RatingReturnForm(forms.Form):
    file = forms.FileField(
        label="Ratings workbook",
        help_text="The .xlsx you downloaded, with the New rating, Commentary and Why columns "
        "filled in.",
        error_messages={
            "required": "Choose the ratings workbook to upload",
            "empty": "The file is empty.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > RETURN_LIMITS.office_bytes:  # refused before it is read into memory
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; a ratings workbook is at most "
                f"{filesizeformat(RETURN_LIMITS.office_bytes)}."
            )
        return upload
