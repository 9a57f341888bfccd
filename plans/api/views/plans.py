"""Read-only plans and actions; RAG updates may be appended (POST) but never changed or removed."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from plans.api.permissions import PlansPermission
from plans.api.serializers import (
    ActionDetailSerializer,
    ActionSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    RagUpdateSerializer,
)
from plans.filters import ActionFilter, sort_actions
from plans.models import Action, Plan, RagUpdate
from plans.selectors import action_table_rows
from plans.services import rag_update_create


class PlansAPIView:
    """What every endpoint shares: JSON only (the browsable API's inline script breaks our CSP),
    and permissions decided by plans.permissions."""

    renderer_classes = [JSONRenderer]
    permission_classes = [PlansPermission]


class PlanViewSet(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        plans = Plan.objects.select_related("owner").order_by("title", "pk")
        if self.action == "retrieve":
            plans = plans.prefetch_related("sections")
        return plans

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer


class ActionViewSet(PlansAPIView, viewsets.ReadOnlyModelViewSet):
    """Actions, filtered by the same ActionFilter (and ?sort=) as the web tables."""

    lookup_value_regex = r"[0-9]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActionFilter

    def get_queryset(self):
        actions = action_table_rows(Action.objects.all())
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
        return sort_actions(queryset, self.request.query_params.get("sort"))

    def get_serializer_class(self):
        return ActionDetailSerializer if self.action == "retrieve" else ActionSerializer


class ActionRagUpdates(PlansAPIView, generics.ListCreateAPIView):
    """An action's RAG history, newest first; POST appends a rating (source "api")."""

    serializer_class = RagUpdateSerializer

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
