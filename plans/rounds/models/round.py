"""A reporting round: "October 2016", the date it reports on and a deadline for updates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse


class ReportingRoundQuerySet(models.QuerySet):
    def open(self) -> ReportingRoundQuerySet:
        """Rounds taking updates now."""
        return self.filter(state=ReportingRound.State.OPEN)

    def published(self) -> ReportingRoundQuerySet:
        """Rounds whose snapshot the board has seen."""
        return self.filter(state=ReportingRound.State.PUBLISHED)

    def covering(self, plan) -> ReportingRoundQuerySet:
        """Rounds that include this plan (a Plan or its pk)."""
        return self.filter(plans=plan)

    def newest_first(self) -> ReportingRoundQuerySet:
        """Latest reporting date first, ties to the later opened."""
        return self.order_by("-reported_on", "-pk")


class ReportingRound(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        """Taking updates."""
        CLOSED = "closed", "Closed"
        """Locked: no new or changed updates; a later update belongs to the next round."""
        PUBLISHED = "published", "Published"
        """Closed, with a frozen snapshot of what the board saw."""

    name = models.CharField(max_length=100, help_text='e.g. "October 2016"')
    plans = models.ManyToManyField("plans.Plan", related_name="reporting_rounds")
    reported_on = models.DateField(help_text="The date the round reports on.")
    deadline = models.DateField(help_text="The last day for updates.")
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        app_label = "plans"
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["open", "closed", "published"]),
                name="reportinground_state_valid",
            ),
        ]
        indexes = [
            # Open rounds of a plan: every rating looks for the round it belongs to.
            models.Index(fields=["state", "reported_on"], name="reportinground_state_date"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:round-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def days_to_deadline(self, today: datetime.date) -> int:
        """Days left before the deadline (negative once it has passed)."""
        return (self.deadline - today).days
