"""QuerySets for the questions people ask of plans, named for the question."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery


def _latest_update(field: str) -> Subquery:
    """One field of an action's current RagUpdate: latest reporting date, ties to the later one."""
    from plans.models import RagUpdate

    latest = RagUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at", "-pk"
    )
    return Subquery(latest.values(field)[:1])


class ActionQuerySet(models.QuerySet):
    def with_current_rag(self) -> ActionQuerySet:
        """Annotate current_rating, current_reported_on and current_is_sample in one query."""
        return self.annotate(
            current_rating=_latest_update("rating"),
            current_reported_on=_latest_update("reported_on"),
            current_is_sample=_latest_update("is_sample"),
        )

    def overdue(self, on: datetime.date) -> ActionQuerySet:
        """Due before `on` and not complete (blue). A due month ends on its last day."""
        from plans.models import Rating

        qs = self if "current_rating" in self.query.annotations else self.with_current_rag()
        # A never-rated action has a NULL rating; exclude() alone would drop it too.
        not_complete = Q(current_rating__isnull=True) | ~Q(current_rating=Rating.BLUE)
        return qs.filter(not_complete, due_date__lt=on)

    def due_between(self, start: datetime.date, end: datetime.date) -> ActionQuerySet:
        """Due on or after `start` and on or before `end`."""
        return self.filter(due_date__gte=start, due_date__lte=end)

    def led_by(self, lead_or_organisation) -> ActionQuerySet:
        """Led by this Lead, or by any lead belonging to this Organisation."""
        from plans.models import Lead, Organisation

        if isinstance(lead_or_organisation, Lead):
            return self.filter(leads=lead_or_organisation).distinct()
        if isinstance(lead_or_organisation, Organisation):
            return self.filter(leads__organisations=lead_or_organisation).distinct()
        raise TypeError("led_by() takes a Lead or an Organisation")

    def stale(self, since: datetime.date) -> ActionQuerySet:
        """No rating reported on or after `since` (never-rated actions are stale too)."""
        from plans.models import RagUpdate

        recent = RagUpdate.objects.filter(action=OuterRef("pk"), reported_on__gte=since)
        return self.filter(~Exists(recent))

    def rated(self, rating: str) -> ActionQuerySet:
        """Whose current rating is `rating` ("not_rated" includes actions never rated)."""
        from plans.models import Rating

        qs = self if "current_rating" in self.query.annotations else self.with_current_rag()
        if rating == Rating.NOT_RATED:
            return qs.filter(Q(current_rating=Rating.NOT_RATED) | Q(current_rating__isnull=True))
        return qs.filter(current_rating=rating)


class RagUpdateQuerySet(models.QuerySet):
    def newest_first(self) -> RagUpdateQuerySet:
        """The history as a timeline, current rating first."""
        return self.order_by("-reported_on", "-created_at", "-pk")


class LeadQuerySet(models.QuerySet):
    def in_organisations(self, organisations) -> LeadQuerySet:
        """Leads belonging to any of these organisations."""
        return self.filter(organisations__in=organisations).distinct()
