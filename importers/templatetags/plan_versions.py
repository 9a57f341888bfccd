"""The versions of a plan (the files it was imported from) and what its latest one left out."""

from django import template

from importers.models import PlanVersion
from plans.models import Action

register = template.Library()

VERSIONS_SHOWN = 10
MISSING_SHOWN = 20


@register.inclusion_tag("importers/includes/plan_versions.html")
def plan_versions(plan):
    """The plan's latest versions, newest first, and the actions its latest file did not have
    (two queries, three with any such actions; bounded lists)."""
    versions = list(
        PlanVersion.objects.filter(plan=plan)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[: VERSIONS_SHOWN + 1]
    )
    missing = []
    if versions and versions[0].summary.get("missing"):
        missing = list(
            Action.objects.filter(missing_from_versions=versions[0])
            .order_by("order", "pk")
            .only("pk", "ref", "text")[: MISSING_SHOWN + 1]
        )
    return {
        "plan": plan,
        "versions": versions[:VERSIONS_SHOWN],
        "more_versions": len(versions) > VERSIONS_SHOWN,
        "missing": missing[:MISSING_SHOWN],
        "missing_count": versions[0].summary.get("missing", 0) if versions else 0,
    }


@register.simple_tag
def not_in_latest_version(action) -> bool:
    """Whether the plan's latest version's file left this action out (one query)."""
    latest = PlanVersion.objects.filter(plan_id=action.plan_id).order_by("-created_at", "-pk")
    return PlanVersion.missing_actions.through.objects.filter(
        planversion_id__in=latest.values("pk")[:1], action_id=action.pk
    ).exists()
