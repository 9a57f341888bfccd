"""QuerySets for the questions people ask of plans, named for the question."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import OuterRef, Q, Subquery


# The conditions behind the questions, shared with the dashboards' counts (plans.dashboards).
def not_complete_q() -> Q:
    """Current rating not blue; a never-rated action has a NULL rating and is not complete."""
    return Q(current_rating__isnull=True) | ~Q(current_rating="blue")


def overdue_q(on: datetime.date) -> Q:
    return not_complete_q() & Q(due_date__lt=on)


def due_soon_q(start: datetime.date, end: datetime.date) -> Q:
    return not_complete_q() & Q(due_date__gte=start, due_date__lte=end)


def stale_q(since: datetime.date) -> Q:
    """No rating on or after `since`: the current rating has the latest reporting date."""
    return Q(current_reported_on__isnull=True) | Q(current_reported_on__lt=since)


class ActionQuerySet(models.QuerySet):
    def with_current_rag(self) -> ActionQuerySet:
        """Add current_is_sample (the current rating is demo data) beside the stored rating.

        current_rating and current_reported_on are fields of the action now, kept by the
        rating service; this looks up the one thing it does not store in the current update.
        A subquery by primary key, not a join: PostgreSQL evaluates it for the rows of the
        page only, where a join to 200,000 updates would come before the sort and LIMIT.
        """
        from plans.models import RagUpdate

        current = RagUpdate.objects.filter(pk=OuterRef("current_update_id"))
        return self.annotate(current_is_sample=Subquery(current.values("is_sample")[:1]))

    def not_complete(self) -> ActionQuerySet:
        """Whose current rating is not blue (never-rated actions included)."""
        return self.filter(not_complete_q())

    def overdue(self, on: datetime.date) -> ActionQuerySet:
        """Due before `on` and not complete (blue). A due month ends on its last day."""
        return self.filter(overdue_q(on))

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
        return self.filter(stale_q(since))

    def rated(self, rating: str) -> ActionQuerySet:
        """Whose current rating is `rating` ("not_rated" includes actions never rated)."""
        from plans.models import Rating

        if rating == Rating.NOT_RATED:
            return self.filter(Q(current_rating=Rating.NOT_RATED) | Q(current_rating__isnull=True))
        return self.filter(current_rating=rating)


class RagUpdateQuerySet(models.QuerySet):
    def newest_first(self) -> RagUpdateQuerySet:
        """The history as a timeline, current rating first."""
        return self.order_by("-reported_on", "-created_at", "-pk")


class LeadQuerySet(models.QuerySet):
    def in_organisations(self, organisations) -> LeadQuerySet:
        """Leads belonging to any of these organisations."""
        return self.filter(organisations__in=organisations).distinct()
