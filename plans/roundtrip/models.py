"""A returned ratings workbook, held between its upload and the commissioner's confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class RatingReturn(models.Model):
    """The filled rows of an uploaded ratings workbook, as read (every cell as text).

    The file itself is not kept: the rows are all the review and the confirmation need. Once
    confirmed, `applied_at` is set, so a second confirm records nothing.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_returns"
    )
    filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    rows = models.JSONField(
        default=list,
        blank=True,
        help_text="The filled rows as read: row number, each column's text, formulas found.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_count = models.PositiveIntegerField(default=0, help_text="Ratings recorded.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_by_id})"

    def get_absolute_url(self) -> str:
        return reverse("plans:rating-return", args=[self.pk])
