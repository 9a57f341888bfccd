"""Reporting rounds and what a published round froze (its snapshot)."""

from __future__ import annotations

from rest_framework import serializers

from plans.models import ReportingRound, RoundEntry


class ReportingRoundSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:round-detail")
    plans = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    entries_url = serializers.SerializerMethodField(
        help_text="The frozen snapshot, once the round is published (null before)."
    )

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "url",
            "name",
            "plans",
            "reported_on",
            "deadline",
            "state",
            "opened_at",
            "closed_at",
            "published_at",
            "entries_url",
        ]

    def get_entries_url(self, round_: ReportingRound) -> str | None:
        if not round_.is_published:
            return None
        from rest_framework.reverse import reverse

        request = self.context.get("request")
        return reverse("api:round-entries", args=[round_.pk], request=request)


class RoundEntrySerializer(serializers.ModelSerializer):
    """One action as the published round reported it to the board."""

    plan = serializers.IntegerField(source="action.plan_id", read_only=True)
    action_ref = serializers.CharField(source="action.ref", read_only=True)
    action_text = serializers.CharField(source="action.text", read_only=True)

    class Meta:
        model = RoundEntry
        fields = [
            "id",
            "round",
            "action",
            "plan",
            "action_ref",
            "action_text",
            "update",
            "updated_in_round",
            "rating",
            "forecast_rating",
            "commentary",
            "why_and_next",
            "outside_control",
            "due_date",
            "due_date_was",
            "due_date_reason",
            "previous_rating",
            "direction",
        ]
