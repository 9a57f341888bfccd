"""Dashboards across all plans and for one plan: call the selectors, render."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans import dashboards
from plans.models import Action, Plan
from plans.permissions import can_read_dashboards, require

# A dashboard is for scanning: the leads needing attention, not every lead named in a plan.
LEADS_SHOWN = 20


def _context(*, actions, labels, groups_chart, on) -> dict:
    """What both dashboards show for these actions, after their first chart (by plan/section)."""
    trend = dashboards.rag_trend(actions=actions)
    by_organisation = dashboards.rag_by_organisation(actions=actions)
    by_objective = dashboards.rag_by_objective(actions=actions)
    by_lead = dashboards.rag_by_lead(actions=actions, limit=LEADS_SHOWN)
    return {
        "on": on,
        "current": trend.current,
        "has_sample_data": trend.has_sample_data,
        "groups_chart": groups_chart,
        "organisation_chart": dashboards.rag_chart(
            by_organisation,
            labels=labels,
            id="ratings-by-organisation",
            caption="Current ratings by lead organisation",
            heading="Lead organisation",
        ),
        "lead_chart": dashboards.rag_chart(
            by_lead,
            labels=labels,
            id="ratings-by-lead",
            caption=f"Current ratings of the {LEADS_SHOWN} leads with most red and amber actions",
            heading="Lead",
        ),
        "leads_shown": LEADS_SHOWN,
        "objective_chart": dashboards.rag_chart(
            by_objective,
            labels=labels,
            id="ratings-by-objective",
            caption="Current ratings by national objective",
            heading="National objective",
        ),
        "trend_chart": dashboards.trend_chart(
            trend, labels=labels, id="ratings-over-time", caption="Ratings at each reporting date"
        ),
        "overdue": dashboards.overdue_actions(actions=actions, on=on),
        "due_soon": dashboards.due_soon(actions=actions, on=on),
        "stale": dashboards.stale_actions(actions=actions, on=on),
    }


@require(can_read_dashboards)
@require_safe
def dashboard(request):
    """Every plan that is not archived."""
    actions = Action.objects.exclude(plan__status=Plan.Status.ARCHIVED)
    labels = dashboards.rating_labels()
    groups_chart = dashboards.rag_chart(
        dashboards.rag_by_plan(actions=actions),
        labels=labels,
        id="ratings-by-plan",
        caption="Current ratings by plan",
        heading="Plan",
    )
    context = _context(
        actions=actions, labels=labels, groups_chart=groups_chart, on=timezone.localdate()
    )
    return render(request, "plans/dashboard.html", {**context, "plan": None})


@require(can_read_dashboards)
@require_safe
def plan_dashboard(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    labels = dashboards.rating_labels(plan=plan)
    groups_chart = dashboards.rag_chart(
        dashboards.rag_by_section(plan=plan),
        labels=labels,
        id="ratings-by-section",
        caption="Current ratings by section",
        heading="Section",
    )
    context = _context(
        actions=Action.objects.filter(plan=plan),
        labels=labels,
        groups_chart=groups_chart,
        on=timezone.localdate(),
    )
    breadcrumbs = [("Plans", reverse("plans:home")), (plan.title, plan.get_absolute_url())]
    return render(
        request,
        "plans/dashboard.html",
        {**context, "plan": plan, "breadcrumbs": breadcrumbs, "nav_section": "plans"},
    )
