"""JSON shapes for plans, actions and RAG updates. Serializers validate; services write."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans import limits, rules
from plans.exports import rating_text
from plans.models import Action, Lead, Milestone, Objective, Plan, RagUpdate, Rating, Section
from plans.rounds.models import Direction
from plans.rounds.selectors import direction_of

RATING_CHOICES_TEXT = ", ".join(Rating.values)
RATING_FIELD = serializers.ChoiceField(choices=Rating.choices)
DIRECTION_FIELD = serializers.ChoiceField(choices=Direction.choices, allow_null=True)


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "ref", "title", "parent", "order"]


class PlanSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:plan-detail")
    owner = serializers.CharField(
        source="owner.name", read_only=True, allow_null=True, help_text="The owning organisation."
    )
    legend = serializers.SerializerMethodField(help_text="The plan's own words for each rating.")

    class Meta:
        model = Plan
        fields = [
            "id",
            "url",
            "title",
            "area",
            "strategy",
            "status",
            "period_start",
            "period_end",
            "owner",
            "legend",
        ]

    def get_legend(self, plan: Plan) -> dict[str, str]:
        return {rating: plan.legend_for(rating) for rating in Rating.values}


class PlanDetailSerializer(PlanSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections"]


class LeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lead
        fields = ["id", "name"]


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "ref", "title"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done_date"]


class RagUpdateSerializer(serializers.ModelSerializer):
    """Reads an update; on POST validates rating, commentary, reported_on and round_label."""

    rating = serializers.ChoiceField(
        choices=Rating.choices,
        error_messages={
            "invalid_choice": f'"{{input}}" is not a rating: use one of {RATING_CHOICES_TEXT}.'
        },
    )
    rating_text = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    forecast_rating = serializers.ChoiceField(
        choices=Rating.choices,
        allow_blank=True,
        read_only=True,
        help_text="Expected at the end of the plan year (blank: no forecast given).",
    )

    class Meta:
        model = RagUpdate
        fields = [
            "id",
            "rating",
            "rating_text",
            "commentary",
            "reported_on",
            "round_label",
            "author",
            "source",
            "is_correction",
            "is_sample",
            "created_at",
            "round",
            "forecast_rating",
            "why_and_next",
            "outside_control",
            "due_date_was",
            "new_due_date",
            "due_date_reason",
        ]
        read_only_fields = [
            "source",
            "is_sample",
            "created_at",
            "round",
            "forecast_rating",
            "why_and_next",
            "outside_control",
            "due_date_was",
            "new_due_date",
            "due_date_reason",
        ]
        extra_kwargs = {
            "reported_on": {"required": False, "help_text": "Defaults to today."},
            # plans.limits, as the web forms and the rating service say them
            "commentary": {"error_messages": {"max_length": limits.COMMENTARY.message}},
            "round_label": {"error_messages": {"max_length": limits.ROUND_LABEL.message}},
        }

    def get_rating_text(self, update: RagUpdate) -> str:
        return rating_text(update.action.plan, update.rating)

    def get_author(self, update: RagUpdate) -> str:
        if update.author is None:
            return ""
        return update.author.get_full_name() or update.author.get_username()

    def validate_reported_on(self, value):
        plan = self.context.get("plan")  # the rated action's plan, given by the view
        problem = rules.reported_on_problem(value, today=timezone.localdate(), plan=plan)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate(self, attrs: dict) -> dict:
        if (
            rules.commentary_required(attrs.get("rating"))
            and not attrs.get("commentary", "").strip()
        ):
            raise serializers.ValidationError({"commentary": rules.COMMENTARY_REQUIRED_MESSAGE})
        return attrs


class ActionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:action-detail")
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    section = SectionSerializer(read_only=True)
    leads = LeadSerializer(many=True, read_only=True)
    current_rating = serializers.SerializerMethodField()
    current_rating_text = serializers.SerializerMethodField()
    current_reported_on = serializers.DateField(read_only=True)
    direction = serializers.SerializerMethodField(
        help_text="The current rating against the last published round before it: better,"
        " worse, same, or new (no rating to compare); null when no round was published before."
    )
    previous_round_name = serializers.CharField(
        read_only=True, allow_null=True, help_text="That published round."
    )
    previous_round_rating = serializers.ChoiceField(
        choices=Rating.choices, read_only=True, allow_null=True
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "url",
            "plan",
            "plan_title",
            "section",
            "ref",
            "text",
            "timescale_text",
            "start_date",
            "due_date",
            "leads",
            "current_rating",
            "current_rating_text",
            "current_reported_on",
            "direction",
            "previous_round_name",
            "previous_round_rating",
            "extra_fields",
        ]
        extra_kwargs = {
            "extra_fields": {
                "help_text": "Columns of the imported plan with no field of their own: name → text."
            }
        }

    @extend_schema_field(RATING_FIELD)
    def get_current_rating(self, action: Action) -> str:
        return action.current_rating or Rating.NOT_RATED

    def get_current_rating_text(self, action: Action) -> str:
        return rating_text(action.plan, action.current_rating)

    @extend_schema_field(DIRECTION_FIELD)
    def get_direction(self, action: Action) -> str | None:
        return direction_of(action)


class ActionDetailSerializer(ActionSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    outcomes = serializers.ListField(
        child=serializers.CharField(), source="outcome_items", read_only=True
    )
    rag_history = RagUpdateSerializer(source="rag_updates", many=True, read_only=True)
    rag_updates_url = serializers.HyperlinkedIdentityField(view_name="api:action-rag-updates")

    class Meta(ActionSerializer.Meta):
        fields = [
            *ActionSerializer.Meta.fields,
            "context",
            "outcomes",
            "progress",
            "follow_up",
            "objectives",
            "milestones",
            "rag_history",
            "rag_updates_url",
        ]
