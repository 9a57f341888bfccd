"""An action of a new plan paired with the action of the plan it replaces that it carries on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ActionPairing(models.Model):
    """One to one: each action carries on at most one earlier action, and is carried on by at
    most one later action. Made by plans.carry_forward.services.plan_predecessor_link."""

    class How(models.TextChoices):
        SIMILAR = "similar", "Suggested: similar text"
        SAME_TEXT = "text", "Suggested: the same text"
        CHOSEN = "chosen", "Chosen by an admin"

    action = models.OneToOneField(
        "plans.Action", on_delete=models.CASCADE, related_name="predecessor_pairing"
    )
    predecessor = models.OneToOneField(
        "plans.Action", on_delete=models.CASCADE, related_name="successor_pairing"
    )
    how = models.CharField(max_length=10, choices=How)
    score = models.FloatField(null=True, blank=True, help_text="Text similarity, 0 to 1.")
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=F("predecessor")), name="actionpairing_not_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} -> {self.action_id}"
