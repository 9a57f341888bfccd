"""Flat lists for BI tools: strategies, objectives, organisations, leads, sections,
milestones and the rating history. Read-only, keyset-paged, filtered by id where useful."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from plans.api.serializers.reference import (
    LeadRowSerializer,
    MilestoneRowSerializer,
    ObjectiveRowSerializer,
    OrganisationSerializer,
    RatingHistorySerializer,
    SectionRowSerializer,
    StrategySerializer,
)
from plans.api.views.base import PlansAPIView
from plans.models import (
    Action,
    Lead,
    Milestone,
    Objective,
    Organisation,
    Plan,
    RagUpdate,
    Section,
    Strategy,
)


class ReadOnly(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]+"
    filter_backends = [DjangoFilterBackend]


class StrategyViewSet(ReadOnly):
    """Strategies with their own objectives and the shared objectives they adopt."""

    serializer_class = StrategySerializer
    keyset_ordering = ["title", "pk"]

    def get_queryset(self):
        return Strategy.objects.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("order", "ref")),
            "adopted_objectives",
        )


class ObjectiveFilter(django_filters.FilterSet):
    strategy = django_filters.ModelChoiceFilter(queryset=Strategy.objects.all())

    class Meta:
        model = Objective
        fields: list[str] = []


class ObjectiveViewSet(ReadOnly):
    """Objectives (the six national ones are those of the national strategy)."""

    serializer_class = ObjectiveRowSerializer
    filterset_class = ObjectiveFilter
    keyset_ordering = ["strategy_id", "order", "pk"]
    queryset = Objective.objects.all()


class OrganisationViewSet(ReadOnly):
    serializer_class = OrganisationSerializer
    keyset_ordering = ["name", "pk"]
    queryset = Organisation.objects.all()


class LeadFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="organisations", distinct=True
    )

    class Meta:
        model = Lead
        fields: list[str] = []


class LeadViewSet(ReadOnly):
    """People and teams as the plans name them, with the organisations they belong to."""

    serializer_class = LeadRowSerializer
    filterset_class = LeadFilter
    keyset_ordering = ["name", "pk"]

    def get_queryset(self):
        return Lead.objects.prefetch_related("organisations")


class SectionFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all())

    class Meta:
        model = Section
        fields: list[str] = []


class SectionViewSet(ReadOnly):
    """Plans' sections (themes, priorities) in document order; `parent` nests them."""

    serializer_class = SectionRowSerializer
    filterset_class = SectionFilter
    keyset_ordering = ["plan_id", "order", "pk"]
    queryset = Section.objects.all()


class MilestoneFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), field_name="action__plan")
    action = django_filters.ModelChoiceFilter(queryset=Action.objects.all())

    class Meta:
        model = Milestone
        fields: list[str] = []


class MilestoneViewSet(ReadOnly):
    serializer_class = MilestoneRowSerializer
    filterset_class = MilestoneFilter
    keyset_ordering = ["action_id", "order", "pk"]

    def get_queryset(self):
        return Milestone.objects.select_related("action")


class RatingHistoryFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), field_name="action__plan")
    action = django_filters.ModelChoiceFilter(queryset=Action.objects.all())
    reported_after = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label="Reported on or after"
    )
    reported_before = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="lte", label="Reported on or before"
    )

    class Meta:
        model = RagUpdate
        fields: list[str] = []


class RatingHistoryViewSet(ReadOnly):
    """Every rating ever given (append-only), oldest first: load it once, then follow `next`
    from where you stopped."""

    serializer_class = RatingHistorySerializer
    filterset_class = RatingHistoryFilter
    keyset_ordering = ["pk"]

    def get_queryset(self):
        return RagUpdate.objects.select_related("action__plan", "author")
