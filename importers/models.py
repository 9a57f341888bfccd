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
    """An uploaded file held between its reading, the admin's review and their confirmation.

    The bytes live in the database (never under MEDIA_ROOT), so the upload is never served
    back. The worker reads the file once and stores the reading here (`document`, `plan`):
    the preview, the mapping step and the confirmation all work on that stored reading.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        FAILED = "failed", "Could not be read"

    class Decision(models.TextChoices):
        UPDATE = "update", "Update that plan"
        NEW = "new", "A different plan"

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10)
    checksum = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the file could not be read.")
    document = models.JSONField(
        null=True, blank=True, help_text="The file as read: tables and paragraphs."
    )
    plan = models.JSONField(null=True, blank=True, help_text="The plan laid out from it.")
    mapping = models.JSONField(
        default=dict, blank=True, help_text="The admin's choices: table, header row, roles."
    )
    template = models.ForeignKey(
        "ImportTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The saved mapping that this upload's header matched, if any.",
    )
    # Re-import (a revised version of a plan held): the admin's answer to "update that plan
    # or a different plan?", and their corrections to how the actions were paired.
    decision = models.CharField(max_length=10, choices=Decision, blank=True)
    target_plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The plan this upload is to update.",
    )
    matches = models.JSONField(
        default=dict,
        blank=True,
        help_text="The admin's corrections: the file's action (position) -> action id, or null: new.",
    )

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)


class ImportTemplate(models.Model):
    """A confirmed column mapping, applied to the next file whose header row is the same.

    Next month's version of a plan has the same header: it maps itself.
    """

    signature = models.CharField(
        max_length=2000,
        unique=True,
        help_text="The header row's cells, normalised and joined by '|'.",
    )
    name = models.CharField(max_length=255, help_text="The file it was first confirmed for.")
    mapping = models.JSONField(default=dict, help_text="Column roles (and header row) to apply.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    times_used = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanVersion(models.Model):
    """One file a plan was imported or re-imported from: what it was and what it changed.

    Kept in the importers app (its own migrations) rather than plans: a version is a record of
    an import. The actions a re-import's file did not have are `missing_actions`; the plan's
    latest version's are flagged "not in the latest version" (never deleted), so a later file
    that has them again clears the flag without anyone touching the action.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="versions")
    filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.JSONField(
        default=dict,
        blank=True,
        help_text="What changed: counts of actions added, changed, missing and ratings added.",
    )
    missing_actions = models.ManyToManyField(
        "plans.Action",
        blank=True,
        related_name="missing_from_versions",
        help_text="The plan's actions this file did not have (kept, flagged).",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double confirm (or two admins at once) applies a file to a plan once.
            models.UniqueConstraint(fields=["plan", "checksum"], name="planversion_file_once")
        ]
        indexes = [
            # The plan page lists a plan's versions newest first; a re-import of a file
            # already applied is found by its checksum (the unique constraint's index).
            models.Index(fields=["plan", "-created_at"], name="planversion_plan_newest"),
            models.Index(fields=["checksum"], name="planversion_checksum"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.filename} ({self.created_at:%Y-%m-%d})"
