"""Plans and actions (read-only); RAG updates may be appended (POST), never changed or removed."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status, viewsets
from rest_framework.response import Response

from plans.api.serializers.plans import (
    ActionDetailSerializer,
    ActionSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    RagUpdateSerializer,
)
from plans.api.views.base import PlansAPIView
from plans.filters import RATING_SEVERITY, ActionFilter
from plans.models import Action, Plan, RagUpdate
from plans.rounds.selectors import with_previous_round_rating
from plans.selectors import action_table_rows
from plans.services import rag_update_create

# ?sort= on /api/actions/, as on the tables; each a non-null key (no due date sorts last,
# never rated first among "updated"), so the keyset order is total. Ties in document order.
DOCUMENT_ORDER = ["plan__title", "order", "pk"]
NO_DATE_LAST = datetime.date(9999, 12, 31)
NO_DATE_FIRST = datetime.date(1, 1, 1)
SORT_KEYS = {
    "ref": None,
    "action": F("text"),
    "due": Coalesce("due_date", Value(NO_DATE_LAST)),
    "rating": RATING_SEVERITY,
    "updated": Coalesce("current_reported_on", Value(NO_DATE_FIRST)),
    "plan": None,
}


def _sort(request) -> tuple[str | None, bool]:
    """The ?sort= column asked for (None: document order) and whether it is descending."""
    sort = request.query_params.get("sort") or ""
    column = sort.lstrip("-")
    if column not in SORT_KEYS or SORT_KEYS[column] is None:
        return None, sort.startswith("-") and column == "plan"
    return column, sort.startswith("-")


class PlanViewSet(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]+"
    keyset_ordering = ["title", "pk"]

    def get_queryset(self):
        plans = Plan.objects.select_related("owner")
        if self.action == "retrieve":
            plans = plans.prefetch_related("sections")
        return plans

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=[*SORT_KEYS, *(f"-{column}" for column in SORT_KEYS)],
                description="Sort by a table column ('-' reverses it); ties, and anything"
                " else, in document order. No due date sorts after every date.",
            )
        ]
    )
)
class ActionViewSet(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    """Actions, filtered by the same ActionFilter (and ?sort=) as the web tables."""

    lookup_value_regex = r"[0-9]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActionFilter

    def get_queryset(self):
        actions = with_previous_round_rating(action_table_rows(Action.objects.all()))
        if self.action == "retrieve":
            history = RagUpdate.objects.newest_first().select_related("author")
            actions = actions.prefetch_related(
                "objectives", "milestones", Prefetch("rag_updates", queryset=history)
            )
        return actions

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        queryset = super().filter_queryset(queryset)
        column, _descending = _sort(self.request)
        if column is not None:
            queryset = queryset.annotate(sort_key=SORT_KEYS[column])
        return queryset

    # Sort keys alone first: the rows are wide (plan, sections, subqueries) and 20,000 deep.
    keyset_ids_first = True

    def get_keyset_ordering(self) -> list[str]:
        column, descending = _sort(self.request)
        if column is None:
            return ["-plan__title", "order", "pk"] if descending else DOCUMENT_ORDER
        return ["-sort_key" if descending else "sort_key", *DOCUMENT_ORDER]

    def get_serializer_class(self):
        return ActionDetailSerializer if self.action == "retrieve" else ActionSerializer


class ActionRagUpdates(PlansAPIView, generics.ListCreateAPIView):
    """An action's RAG history, newest first; POST appends a rating (source "api")."""

    serializer_class = RagUpdateSerializer
    keyset_ordering = ["-reported_on", "-created_at", "-pk"]

    def get_action(self) -> Action:
        """The action in the URL, once; rating it (POST) needs plans.permissions.can_rate."""
        if not hasattr(self, "_action"):
            action = get_object_or_404(Action.objects.select_related("plan"), pk=self.kwargs["pk"])
            self.check_object_permissions(self.request, action)
            self._action = action
        return self._action

    def get_queryset(self):
        return self.get_action().rag_updates.newest_first().select_related("author")

    def create(self, request, *args, **kwargs):
        action = self.get_action()  # 404 / 403 before the body is looked at
        context = {**self.get_serializer_context(), "plan": action.plan}
        serializer = self.get_serializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            update = rag_update_create(
                action=action,
                rating=data["rating"],
                commentary=data.get("commentary", ""),
                author=request.user,
                reported_on=data.get("reported_on"),
                round_label=data.get("round_label", ""),
                source=RagUpdate.Source.API,
                is_correction=data.get("is_correction", False),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)


class RagUpdateDetail(PlansAPIView, generics.RetrieveAPIView):
    """One RAG update. There is no PUT, PATCH or DELETE: a correction is a new update."""

    serializer_class = RagUpdateSerializer

    def get_object(self) -> RagUpdate:
        update = get_object_or_404(
            RagUpdate.objects.select_related("action__plan", "author"),
            pk=self.kwargs["update_pk"],
            action_id=self.kwargs["pk"],
        )
        self.check_object_permissions(self.request, update)
        return update
