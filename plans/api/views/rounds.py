"""Reporting rounds, and the frozen snapshot of a published round."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import generics, viewsets

from plans.api.serializers.rounds import ReportingRoundSerializer, RoundEntrySerializer
from plans.api.views.base import PlansAPIView
from plans.models import Plan, ReportingRound, RoundEntry


class RoundViewSet(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    """Rounds, latest reporting date first."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = ReportingRoundSerializer
    keyset_ordering = ["-reported_on", "-pk"]

    def get_queryset(self):
        return ReportingRound.objects.prefetch_related(
            Prefetch("plans", queryset=Plan.objects.only("pk"))
        )


class RoundEntries(PlansAPIView, generics.ListAPIView):
    """What a published round reported to the board, one row per action, as frozen; 404
    until the round is published."""

    serializer_class = RoundEntrySerializer
    keyset_ordering = ["pk"]

    def get_queryset(self):
        round_ = get_object_or_404(ReportingRound, pk=self.kwargs["pk"])
        if not round_.is_published:
            raise Http404("This round is not published yet: it has no snapshot.")
        return RoundEntry.objects.filter(round=round_).select_related("action")
