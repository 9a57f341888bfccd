"""Flat JSON shapes for the lists BI tools load as tables: strategies, objectives,
organisations, leads, sections, milestones and the whole rating history."""

from __future__ import annotations

from rest_framework import serializers

from plans.api.serializers.plans import RagUpdateSerializer
from plans.models import Lead, Milestone, Objective, Organisation, Section, Strategy


class ObjectiveRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "strategy", "ref", "title", "order"]


class StrategySerializer(serializers.ModelSerializer):
    objectives = ObjectiveRowSerializer(many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id",
            "title",
            "area",
            "period_start",
            "period_end",
            "objectives",
            "adopted_objectives",
        ]
        extra_kwargs = {
            "adopted_objectives": {
                "help_text": "Shared objectives (e.g. the six national ones) it works towards."
            }
        }


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind"]


class LeadRowSerializer(serializers.ModelSerializer):
    organisations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Lead
        fields = ["id", "name", "organisations"]
        extra_kwargs = {"organisations": {"help_text": "The organisations the lead belongs to."}}


class SectionRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "plan", "parent", "ref", "title", "order"]


class MilestoneRowSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="action.plan_id", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "action", "plan", "title", "due_date", "done_date", "order"]


class RatingHistorySerializer(RagUpdateSerializer):
    """Every rating ever given, one row each, with its action and plan."""

    plan = serializers.IntegerField(source="action.plan_id", read_only=True)

    class Meta(RagUpdateSerializer.Meta):
        fields = ["action", "plan", *RagUpdateSerializer.Meta.fields]
        read_only_fields = fields
