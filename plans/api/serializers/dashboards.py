"""The dashboards' numbers as JSON: the count tables, the trend and the lists' totals."""

from __future__ import annotations

from rest_framework import serializers


class RagCountsSerializer(serializers.Serializer):
    """Actions per current rating; not_rated includes actions never rated."""

    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()
    blue = serializers.IntegerField()
    not_rated = serializers.IntegerField()
    total = serializers.IntegerField()


class RagRowSerializer(serializers.Serializer):
    """One row of a count table: what is counted (its id, null for the 'none' row) and counts."""

    id = serializers.IntegerField(source="pk", allow_null=True)
    label = serializers.CharField()
    counts = RagCountsSerializer()


class TrendPointSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    counts = RagCountsSerializer()


class ListActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    plan = serializers.IntegerField(source="plan_id")
    ref = serializers.CharField()
    text = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    current_rating = serializers.CharField(allow_null=True)
    current_reported_on = serializers.DateField(allow_null=True)
    leads = serializers.ListField(child=serializers.CharField(), source="lead_names")


class ShortListSerializer(serializers.Serializer):
    """The first actions of a dashboard list, how many there are, and the API query for all."""

    total = serializers.IntegerField()
    rows = ListActionSerializer(many=True)
    actions_url = serializers.CharField(help_text="/api/actions/ filtered as the list is.")


class DashboardSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="Today: what overdue, due soon and stale are counted at.")
    plan = serializers.IntegerField(allow_null=True, help_text="The plan, for a plan's dashboard.")
    current = RagCountsSerializer(help_text="Every action's current rating.")
    has_sample_data = serializers.BooleanField()
    grouped_by = serializers.ChoiceField(choices=["plan", "section"])
    groups = RagRowSerializer(many=True, help_text="By plan (all plans) or section (one plan).")
    by_organisation = RagRowSerializer(many=True)
    by_lead = RagRowSerializer(many=True, help_text="The leads with most red, then amber.")
    by_objective = RagRowSerializer(many=True)
    trend = TrendPointSerializer(many=True)
    overdue = ShortListSerializer()
    due_soon = ShortListSerializer()
    stale = ShortListSerializer()
