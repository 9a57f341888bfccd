"""Dashboards across all plans and for one plan: call the selectors, render.

Every count links to the table of those actions (the drill-down): the cross-plan dashboard
to all actions, a plan's dashboard to the plan's table, filtered as the count was made.
"""

import datetime
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans import charts, dashboard_lists, dashboards
from plans.models import Action, Plan
from plans.permissions import can_read, can_read_dashboards, require
from plans.rounds import public

# A dashboard is for scanning: the leads, plans and organisations needing attention most,
# not all of them (each row links to its actions; the home page lists every plan).
LEADS_SHOWN = 20
PLANS_SHOWN = ORGANISATIONS_SHOWN = 25


def _most_in_need(rows: list, limit: int) -> list:
    """The rows with most red, then amber, actions; rows without a pk (none) stay last."""
    named = sorted(
        (row for row in rows if row.pk is not None),
        key=lambda row: (-row.counts.red, -row.counts.amber, row.label),
    )
    return named[:limit] + [row for row in rows if row.pk is None]


SOON_DAYS = STALE_DAYS = 90  # list_totals counts both windows with one number of days


def _drill(list_url: str, field: str):
    """The table of a count table's row: `list_url?field=<pk>` (None for a row without pk)."""
    return lambda row: f"{list_url}?{field}={row.pk}" if row.pk is not None else None


def _list_links(list_url: str, on: datetime.date) -> dict[str, str]:
    """The tables behind the dashboard's lists: the same filters the lists use."""
    soon = on + datetime.timedelta(days=SOON_DAYS)
    since = on - datetime.timedelta(days=STALE_DAYS)
    return {
        "overdue": f"{list_url}?overdue=on",
        "due_soon": f"{list_url}?{urlencode({'due_after': on, 'due_before': soon, 'open': 'on'})}",
        "stale": f"{list_url}?{urlencode({'not_updated_since': since, 'open': 'on'})}",
    }


def _context(*, plans, actions, labels, groups, groups_chart, on, list_url, counted=None) -> dict:
    """What both dashboards show for these plans' actions, after their first chart (`groups`,
    by plan or section, which counts every action once). `counted`: where the counts by
    organisation, objective and lead come from (the plans' own rows, unless given)."""
    counted = plans if counted is None else counted
    total = sum(row.counts.total for row in groups)
    trend = dashboards.rag_trend(plans=plans, total_actions=total)
    lists = dashboard_lists.short_lists(actions=actions, on=on, days=SOON_DAYS)
    by_organisation = dashboards.rag_by_organisation(plans=counted)
    organisations = [row for row in by_organisation if row.pk is not None]
    by_objective = dashboards.rag_by_objective(plans=counted)
    by_lead = dashboards.rag_by_lead(plans=counted, limit=LEADS_SHOWN)
    return {
        "on": on,
        "list_url": list_url,
        "list_links": _list_links(list_url, on),
        "current": trend.current,
        "has_sample_data": trend.has_sample_data,
        "groups_chart": groups_chart,
        "organisations_total": len(organisations),
        "organisations_shown": min(len(organisations), ORGANISATIONS_SHOWN),
        "organisation_chart": charts.rag_chart(
            _most_in_need(by_organisation, ORGANISATIONS_SHOWN),
            labels=labels,
            id="ratings-by-organisation",
            caption="Current ratings by lead organisation",
            heading="Lead organisation",
            drill=_drill(list_url, "organisation"),
        ),
        "lead_chart": charts.rag_chart(
            by_lead,
            labels=labels,
            id="ratings-by-lead",
            caption=(
                f"Current ratings of the {len(by_lead)} leads with most red and amber actions"
                if len(by_lead) == LEADS_SHOWN
                else "Current ratings by lead"
            ),
            heading="Lead",
            drill=_drill(list_url, "lead"),
        ),
        "leads_shown": LEADS_SHOWN,
        "objective_chart": charts.rag_chart(
            by_objective,
            labels=labels,
            id="ratings-by-objective",
            caption="Current ratings by national objective",
            heading="National objective",
            drill=_drill(list_url, "objective"),
        ),
        "trend_chart": charts.trend_chart(
            trend, labels=labels, id="ratings-over-time", caption="Ratings at each reporting date"
        ),
        **lists,
    }


def _public_dashboard(request, plan: Plan | None):
    """What the public sees: each plan's latest published round, as reported to the board."""
    if plan is None:
        numbers = public.across_plans(Plan.objects.exclude(status=Plan.Status.ARCHIVED))
        chart = {"id": "published-by-plan", "caption": "Ratings by plan", "heading": "Plan"}
    else:
        numbers = public.for_plan(plan)
        chart = {
            "id": "published-by-section",
            "caption": "Ratings by section",
            "heading": "Section",
        }
    context = {
        "plan": plan,
        "numbers": numbers,
        "chart": charts.rag_chart(numbers.rows, labels=charts.rating_labels(plan=plan), **chart),
    }
    return render(request, "plans/public_dashboard.html", context)


@require(can_read_dashboards)
@require_safe
def dashboard(request):
    """Every plan that is not archived."""
    if not can_read(request.user):
        return _public_dashboard(request, None)
    plans = Plan.objects.exclude(status=Plan.Status.ARCHIVED)
    actions = Action.objects.filter(plan__in=plans)
    labels = charts.rating_labels()
    list_url = reverse("plans:action-list")
    groups = dashboards.rag_by_plan(plans=plans)
    groups_chart = charts.rag_chart(
        _most_in_need(groups, PLANS_SHOWN),
        labels=labels,
        id="ratings-by-plan",
        caption="Current ratings by plan",
        heading="Plan",
        drill=_drill(list_url, "plan"),
    )
    context = _context(
        plans=plans,
        actions=actions,
        labels=labels,
        groups=groups,
        groups_chart=groups_chart,
        on=timezone.localdate(),
        list_url=list_url,
        counted=dashboards.EVERY_PLAN,  # the same plans, summed ahead (plans.across_plans)
    )
    shown = {"groups_total": len(groups), "groups_shown": min(len(groups), PLANS_SHOWN)}
    return render(request, "plans/dashboard.html", {**context, **shown, "plan": None})


@require(can_read_dashboards)
@require_safe
def plan_dashboard(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    if not can_read(request.user):
        return _public_dashboard(request, plan)
    labels = charts.rating_labels(plan=plan)
    list_url = plan.get_absolute_url()
    groups = dashboards.rag_by_section(plan=plan)
    groups_chart = charts.rag_chart(
        groups,
        labels=labels,
        id="ratings-by-section",
        caption="Current ratings by section",
        heading="Section",
        drill=_drill(list_url, "section"),
    )
    context = _context(
        plans=Plan.objects.filter(pk=plan.pk),
        actions=Action.objects.filter(plan=plan),
        labels=labels,
        groups=groups,
        groups_chart=groups_chart,
        on=timezone.localdate(),
        list_url=list_url,
    )
    breadcrumbs = [("Plans", reverse("plans:home")), (plan.title, list_url)]
    return render(
        request,
        "plans/dashboard.html",
        {**context, "plan": plan, "breadcrumbs": breadcrumbs, "nav_section": "plans"},
    )
