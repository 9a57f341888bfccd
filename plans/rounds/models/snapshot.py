"""What a published round froze: each action's rating and words as reported to the board."""

from __future__ import annotations

from django.db import models

from plans.models import Rating


class Direction(models.TextChoices):
    """An action's rating against its rating in the previous round of the same plan."""

    BETTER = "better", "Better"
    WORSE = "worse", "Worse"
    SAME = "same", "Same"
    NEW = "new", "New"
    """No earlier rating to compare with."""

    @property
    def symbol(self) -> str:
        return {"better": "↑", "worse": "↓", "same": "→", "new": "★"}[self.value]


class RoundEntry(models.Model):
    """One action in a published round: never changed after publishing."""

    round = models.ForeignKey(
        "plans.ReportingRound", on_delete=models.CASCADE, related_name="entries"
    )
    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="round_entries"
    )
    update = models.ForeignKey(
        "plans.RagUpdate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The update the entry was copied from (none for a never-rated action).",
    )
    updated_in_round = models.BooleanField(
        default=False, help_text="Whether the lead gave an update in this round."
    )
    rating = models.CharField(max_length=20, choices=Rating, default=Rating.NOT_RATED)
    forecast_rating = models.CharField(max_length=20, choices=Rating, blank=True)
    commentary = models.TextField(blank=True)
    why_and_next = models.TextField(blank=True)
    outside_control = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)
    due_date_was = models.DateField(null=True, blank=True)
    due_date_reason = models.TextField(blank=True)
    previous_rating = models.CharField(max_length=20, choices=Rating, blank=True)
    direction = models.CharField(max_length=10, choices=Direction, default=Direction.NEW)

    class Meta:
        app_label = "plans"
        ordering = ["round", "action__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="roundentry_one_per_action"),
        ]
        indexes = [
            # Direction in tables: an action's entry in the last published round before now.
            models.Index(fields=["action", "round"], name="roundentry_action"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.action_id}: {self.rating}"
