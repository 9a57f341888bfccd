from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """An uploaded file held between its preview and the admin's confirmation.

    The bytes live in the database (never under MEDIA_ROOT), so the upload is never served
    back, and confirming reads exactly the file that was previewed.
    """

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10)
    checksum = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
