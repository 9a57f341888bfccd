"""The action table as one flat CSV file, for BI tools that want a file: the same columns
as the table's CSV download, the same filters and ?sort= (all rows, not a page)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.http import content_disposition_header
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from plans import exports
from plans.api.views.base import PlansAPIView
from plans.filters import SORTABLE_COLUMNS, ActionFilter, sort_actions
from plans.models import Action
from plans.rounds.selectors import with_previous_round_rating
from plans.selectors import action_table_rows


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data.encode("utf-8-sig")  # the BOM makes Excel read UTF-8 correctly


class ActionTableCSV(PlansAPIView, APIView):
    renderer_classes = [CSVRenderer]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActionFilter
    pagination_class = None

    def get_queryset(self):
        return with_previous_round_rating(action_table_rows(Action.objects.all()))

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors (400, 401, 403, 429) are JSON like the rest of the API, not CSV."""
        if getattr(response, "exception", False):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        summary="The action table as CSV",
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=[*SORTABLE_COLUMNS, *(f"-{c}" for c in SORTABLE_COLUMNS)],
                description="A table column to sort by; '-' reverses it.",
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="UTF-8 with a byte-order mark, a header row."
            ),
        },
    )
    def get(self, request):
        actions = DjangoFilterBackend().filter_queryset(request, self.get_queryset(), self)
        actions = sort_actions(actions, request.query_params.get("sort"))
        response = Response(exports.actions_to_csv(actions))
        filename = exports.download_name("Actions", on=timezone.localdate(), ext="csv")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
