"""Reminders sent for a round, so the same one never goes twice."""

from __future__ import annotations

from django.db import models


class RoundReminder(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", "Before the deadline"
        AFTER = "after", "After the deadline"
        """Also copied to the plan owner's people."""

    round = models.ForeignKey(
        "plans.ReportingRound", on_delete=models.CASCADE, related_name="reminders"
    )
    lead = models.ForeignKey("plans.Lead", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list, blank=True)
    actions_listed = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "plans"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "lead", "kind"], name="roundreminder_once_per_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.kind} → {self.lead_id}"
