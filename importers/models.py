import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# An upload nobody confirmed or cancelled within this time is dropped.
PENDING_IMPORT_LIFETIME = datetime.timedelta(days=1)


class PendingImportQuerySet(models.QuerySet):
    def expired(self, *, now=None):
        """Uploads older than PENDING_IMPORT_LIFETIME."""
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_IMPORT_LIFETIME)


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

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
