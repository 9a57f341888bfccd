"""The domain: strategies and their objectives, plans, sections, actions, leads and RAG history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from plans import limits
from plans.querysets import ActionQuerySet, LeadQuerySet, RagUpdateQuerySet


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    """Complete."""
    NOT_RATED = "not_rated", "Not yet rated"


def period_end_not_before_start(name: str) -> models.CheckConstraint:
    """A period may be open at either end, but never end before it starts."""
    return models.CheckConstraint(
        condition=Q(period_end__gte=F("period_start"))
        | Q(period_start__isnull=True)
        | Q(period_end__isnull=True),
        name=name,
    )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NHS_BODY = "nhs", "NHS body"
        COUNCIL = "council", "Council"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text='e.g. "SSSFT" or "CCG"')
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user account belongs to one or more organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Lead(models.Model):
    """A person or team as a plan names them ("A Williamson", "JCT", "MH Commissioning CCG")."""

    name = models.CharField(max_length=200)
    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="The name without case, spacing or punctuation: 'R. Vickers' = 'R Vickers'.",
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="leads")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
    )
    history = HistoricalRecords()

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Strategy(models.Model):
    title = models.CharField(max_length=300)
    area = models.CharField(max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    adopted_objectives = models.ManyToManyField(
        "Objective",
        blank=True,
        related_name="adopted_by",
        help_text="Shared objectives (e.g. the six national ones) this strategy works towards.",
    )

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["title"]
        constraints = [period_end_not_before_start("strategy_period_end_not_before_start")]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    ref = models.CharField(max_length=20)
    title = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "order", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="objective_ref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ref}. {self.title}"


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300)
    area = models.CharField(max_length=200, blank=True)
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.ACTIVE)
    # Carry-forward (plans/carry_forward/): the plan this one replaces, which is archived.
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text="The plan this one replaces (2015/16 -> 2016/17).",
    )
    # The plan's own wording for each rating (Telford: green = "On target against milestones").
    legend_red = models.CharField(max_length=200, blank=True)
    legend_amber = models.CharField(max_length=200, blank=True)
    legend_green = models.CharField(max_length=200, blank=True)
    legend_blue = models.CharField(max_length=200, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file")
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_plans",
        help_text="Commissioners who may rate every action of this plan.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["title"]
        constraints = [
            period_end_not_before_start("plan_period_end_not_before_start"),
            # The same file imported twice creates nothing the second time.
            models.UniqueConstraint(
                fields=["source_checksum"],
                condition=~Q(source_checksum=""),
                name="plan_source_checksum_unique",
            ),
        ]
        indexes = [
            # Tables of actions from many plans sort by plan title, then the action's order:
            # read in title order, PostgreSQL sorts a plan's actions at a time (an incremental
            # sort) and stops at the page, instead of sorting all 20,000 (17 ms -> 0.5 ms).
            models.Index(fields=["title", "id"], name="plan_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", args=[self.pk])

    def legend_for(self, rating: str) -> str:
        """The plan's own words for a rating, or the rating's standard label."""
        own = getattr(self, f"legend_{rating}", "") if rating else ""
        return own or Rating(rating or Rating.NOT_RATED).label


class Section(models.Model):
    """A theme, priority or heading of a plan; sections nest (Halton's 2.0 holds 2.1-2.7)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ref = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        indexes = [
            # A plan's sections in document order: filter choices and dashboards by section.
            models.Index(fields=["plan", "order"], name="section_plan_order")
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    ref = models.CharField(max_length=20, blank=True)
    # Typed text is limited (plans.limits; forms and the admin site check, not the database):
    # an imported document's text is kept whatever its length.
    text = models.TextField(blank=True, max_length=limits.ACTION_TEXT.max_length)
    context = models.TextField(
        blank=True,
        max_length=limits.ACTION_CONTEXT.max_length,
        help_text="The aim or commentary the action answers.",
    )
    timescale_text = models.CharField(
        max_length=limits.TIMESCALE.max_length, blank=True, help_text="As written."
    )
    start_date = models.DateField(null=True, blank=True, help_text="First day of the start month")
    due_date = models.DateField(null=True, blank=True, help_text="Last day of the due month")
    outcomes = models.TextField(
        blank=True,
        max_length=limits.ACTION_OUTCOMES.max_length,
        help_text="One expected outcome a line.",
    )
    progress = models.TextField(blank=True, help_text="Progress notes as imported.")
    follow_up = models.TextField(blank=True, max_length=limits.ACTION_FOLLOW_UP.max_length)
    extra_fields = models.JSONField(
        default=dict,
        blank=True,
        help_text="Columns of the imported plan with no field of their own: printed name -> text.",
    )
    leads = models.ManyToManyField(Lead, blank=True, related_name="actions")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="actions")
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit, so a stale form cannot overwrite a newer one."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The current rating, stored (DESIGN.md "Ratings at scale"): the update with the latest
    # reporting date, ties to the later created. Only the rating service writes these
    # (plans.services.action_current_ratings_refresh), with each new update; NULL: never
    # rated. `manage.py check_current_ratings` compares them with the history.
    current_rating = models.CharField(  # noqa: DJ001  NULL (never rated) is not "not_rated"
        max_length=20, choices=Rating, null=True, blank=True, editable=False
    )
    current_reported_on = models.DateField(null=True, blank=True, editable=False)
    current_update = models.ForeignKey(
        "RagUpdate",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(
        # Derived from the rating history, which keeps its own record.
        excluded_fields=["updated_at", "current_rating", "current_reported_on", "current_update"]
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date"))
                | Q(start_date__isnull=True)
                | Q(due_date__isnull=True),
                name="action_due_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(ref=""), name="action_ref_unique_per_plan"
            ),
        ]
        indexes = [
            # The plan table lists a plan's actions in document order.
            models.Index(fields=["plan", "order"], name="action_plan_order"),
            # Overdue and due-soon dashboards filter on due date.
            models.Index(fields=["due_date"], name="action_due_date"),
            # Dashboards count a plan's actions by rating; plan tables filter by rating. With
            # the dates, the dashboards' totals (overdue, due soon, not updated) read this
            # narrow index alone, not every action's row of text.
            models.Index(
                fields=["plan", "current_rating", "due_date", "current_reported_on"],
                name="action_plan_rating_dates",
            ),
            # "Not updated in 90 days" lists and the "Last update" sort.
            models.Index(fields=["current_reported_on"], name="action_current_reported_on"),
        ]

    def __str__(self) -> str:
        label = self.text[:80] or "(no action text)"
        return f"{self.ref} {label}".strip()

    def get_absolute_url(self) -> str:
        return reverse("plans:action-detail", args=[self.pk])

    @property
    def outcome_items(self) -> list[str]:
        return [line for line in self.outcomes.splitlines() if line.strip()]


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.TextField(max_length=limits.MILESTONE_TITLE.max_length)
    due_date = models.DateField(null=True, blank=True)
    done_date = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "order"]

    def __str__(self) -> str:
        return self.title[:80]


class RagUpdate(models.Model):
    """One rating of an action in a reporting round. Append-only: a correction is a new update."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        IMPORT = "import", "Import"
        API = "api", "API"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rag_updates")
    rating = models.CharField(max_length=20, choices=Rating)
    # Typed text is limited (plans.limits, checked by the rating services): imported
    # commentary is kept whatever its length.
    commentary = models.TextField(blank=True, max_length=limits.COMMENTARY.max_length)
    reported_on = models.DateField(help_text="The reporting date (round) this rating is for.")
    round_label = models.CharField(
        max_length=limits.ROUND_LABEL.max_length, blank=True, help_text='e.g. "Q2 2026/27"'
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rag_updates",
    )
    source = models.CharField(max_length=10, choices=Source, default=Source.WEB)
    is_correction = models.BooleanField(
        default=False, help_text="Corrects an earlier rating (history is never edited)."
    )
    is_sample = models.BooleanField(
        default=False, help_text="Demo data: shown as 'sample data' on screen."
    )
    # Reporting rounds (plans/rounds/): the round an update belongs to, and what a round asks.
    round = models.ForeignKey(
        "plans.ReportingRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
        help_text="The reporting round this update was made in.",
    )
    forecast_rating = models.CharField(
        max_length=20, choices=Rating, blank=True, help_text="Expected at the end of the plan year."
    )
    why_and_next = models.TextField(
        blank=True,
        max_length=limits.WHY_AND_NEXT.max_length,
        help_text="For red or amber: why, and what next.",
    )
    outside_control = models.BooleanField(
        default=False, help_text="Depends on something outside our control."
    )
    due_date_was = models.DateField(null=True, blank=True)
    new_due_date = models.DateField(null=True, blank=True, help_text="The due date moved to.")
    due_date_reason = models.TextField(
        blank=True,
        max_length=limits.DUE_DATE_REASON.max_length,
        help_text="Why the due date moved.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RagUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="ragupdate_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(new_due_date__isnull=True) | ~Q(due_date_reason=""),
                name="ragupdate_due_date_move_has_reason",
            ),
        ]
        indexes = [
            # The current rating's rule (latest reporting date, then created, then id) per
            # action: the service's refresh reads it forwards, the trend's LAG backwards.
            models.Index(
                fields=["action", "-reported_on", "-created_at", "-id"], name="ragupdate_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.rating} on {self.reported_on}"

    def save(self, *args, **kwargs):
        """A new update moves its action's stored current rating in the same transaction.

        The rating services (plans.services) create updates this way; so do callers that
        create them directly (test fixtures), which keeps their actions right too.
        bulk_create skips this: its callers write inside plans.services.ratings_written.
        """
        from plans.services import ratings_written

        if not self._state.adding:
            return super().save(*args, **kwargs)
        with ratings_written([self.action_id]):
            super().save(*args, **kwargs)


class AuditRecord(models.Model):
    """What was done that history tables cannot show, e.g. a plan deleted by an admin."""

    when = models.DateTimeField(auto_now_add=True)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=200)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-when"]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.what}"


# Models in modules of their own that belong to this app's migrations: the plans' rating
# changes over time, derived for the dashboards' trend (plans/ratings.py), reporting
# rounds (plans/rounds/models/), personal API tokens (plans/api/tokens.py) and returned
# ratings workbooks (plans/roundtrip/models.py) and carried-forward actions
# (plans/carry_forward/models.py).
from plans.across_plans import AcrossPlansRatingCount  # noqa: E402, F401
from plans.api.tokens import ApiToken  # noqa: E402, F401
from plans.carry_forward.models import ActionPairing  # noqa: E402, F401
from plans.ratings import PlanRatingChange  # noqa: E402, F401
from plans.rollups import PlanRatingCount  # noqa: E402, F401
from plans.rounds.models import (  # noqa: E402, F401
    Direction,
    ReportingRound,
    RoundEntry,
    RoundReminder,
)
from plans.roundtrip.models import RatingReturn  # noqa: E402, F401
