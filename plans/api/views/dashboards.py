"""The dashboards' numbers: the same selectors (plans.dashboards), called with the same
arguments as the dashboard pages (plans.views.dashboards), so the API and the page agree."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from plans import dashboard_lists, dashboards
from plans.api.permissions import DashboardsPermission
from plans.api.serializers.dashboards import DashboardSerializer
from plans.api.views.base import PlansAPIView
from plans.models import Action, Plan
from plans.rag_counts import RagCounts, RagRow
from plans.views.dashboards import LEADS_SHOWN, SOON_DAYS, STALE_DAYS


def _counts(counts: RagCounts) -> dict:
    return {**dict(counts.by_rating()), "total": counts.total}


def _rows(rows: list[RagRow]) -> list[dict]:
    return [{"pk": row.pk, "label": row.label, "counts": _counts(row.counts)} for row in rows]


def _short(short: dashboard_lists.ShortList, url: str) -> dict:
    return {"total": short.total, "rows": short.rows, "actions_url": url}


def dashboard_numbers(
    *, plans, actions, groups, grouped_by: str, on: datetime.date, plan=None, counted=None
):
    """What a dashboard page shows for these plans' actions, as plain data (`counted`: as
    for plans.views.dashboards._context)."""
    counted = plans if counted is None else counted
    total = sum(row.counts.total for row in groups)
    trend = dashboards.rag_trend(plans=plans, total_actions=total)
    lists = dashboard_lists.short_lists(actions=actions, on=on, days=SOON_DAYS)
    api = reverse("api:action-list")
    scope = {"plan": plan.pk} if plan is not None else {}
    soon = on + datetime.timedelta(days=SOON_DAYS)
    since = on - datetime.timedelta(days=STALE_DAYS)
    urls = {
        "overdue": {**scope, "overdue": "true"},
        "due_soon": {**scope, "due_after": on, "due_before": soon, "open": "true"},
        "stale": {**scope, "not_updated_since": since, "open": "true"},
    }
    urls = {name: f"{api}?{urlencode(query)}" for name, query in urls.items()}
    return {
        "on": on,
        "plan": plan.pk if plan is not None else None,
        "current": _counts(trend.current),
        "has_sample_data": trend.has_sample_data,
        "grouped_by": grouped_by,
        "groups": _rows(groups),
        "by_organisation": _rows(dashboards.rag_by_organisation(plans=counted)),
        "by_lead": _rows(dashboards.rag_by_lead(plans=counted, limit=LEADS_SHOWN)),
        "by_objective": _rows(dashboards.rag_by_objective(plans=counted)),
        "trend": [
            {"reported_on": p.reported_on, "counts": _counts(p.counts)} for p in trend.points
        ],
        **{name: _short(short, urls[name]) for name, short in lists.items()},
    }


class Dashboard(PlansAPIView, APIView):
    """Every plan that is not archived: the numbers of /dashboard/."""

    permission_classes = [DashboardsPermission]

    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        plans = Plan.objects.exclude(status=Plan.Status.ARCHIVED)
        actions = Action.objects.filter(plan__in=plans)
        data = dashboard_numbers(
            plans=plans,
            actions=actions,
            groups=dashboards.rag_by_plan(plans=plans),
            grouped_by="plan",
            on=timezone.localdate(),
            counted=dashboards.EVERY_PLAN,
        )
        return Response(DashboardSerializer(data).data)


class PlanDashboard(PlansAPIView, APIView):
    """One plan: the numbers of /plans/<id>/dashboard/."""

    permission_classes = [DashboardsPermission]

    @extend_schema(responses=DashboardSerializer)
    def get(self, request, pk: int):
        plan = get_object_or_404(Plan, pk=pk)
        data = dashboard_numbers(
            plans=Plan.objects.filter(pk=plan.pk),
            actions=Action.objects.filter(plan=plan),
            groups=dashboards.rag_by_section(plan=plan),
            grouped_by="section",
            on=timezone.localdate(),
            plan=plan,
        )
        return Response(DashboardSerializer(data).data)
