"""Carry-forward on the plan and action pages: what a plan replaces, and what an action
carries on. No query for a plan in no chain, so ordinary pages cost nothing more."""

from django import template

from plans.carry_forward.models import ActionPairing
from plans.models import Plan, RagUpdate
from plans.permissions import can_link_predecessor

register = template.Library()

HISTORY_SHOWN = 50


@register.inclusion_tag("plans/carry_forward/includes/plan_lineage.html", takes_context=True)
def plan_lineage(context, plan):
    """ "Replaces …" / "Replaced by …" and, for admins, the link to set it (a query each, only
    for a plan that replaces one or is archived)."""
    request = context.get("request")
    predecessor = None
    if plan.predecessor_id:
        predecessor = Plan.objects.only("pk", "title").filter(pk=plan.predecessor_id).first()
    successors = []
    if plan.status == Plan.Status.ARCHIVED:
        successors = list(plan.successors.only("pk", "title").order_by("title", "pk"))
    return {
        "plan": plan,
        "predecessor": predecessor,
        "successors": successors,
        "can_link": request is not None and can_link_predecessor(request.user),
    }


@register.inclusion_tag("plans/carry_forward/includes/predecessor_history.html")
def predecessor_history(action):
    """The earlier action this one carries on and its rating history, newest first (no query
    unless the action's plan replaces one; then two)."""
    if not action.plan.predecessor_id:
        return {"pairing": None}
    pairing = (
        ActionPairing.objects.select_related("predecessor__plan")
        .filter(action_id=action.pk)
        .first()
    )
    if pairing is None:
        return {"pairing": None}
    updates = list(
        RagUpdate.objects.filter(action_id=pairing.predecessor_id)
        .select_related("author")
        .newest_first()[: HISTORY_SHOWN + 1]
    )
    return {
        "pairing": pairing,
        "earlier": pairing.predecessor,
        "updates": updates[:HISTORY_SHOWN],
        "more": len(updates) > HISTORY_SHOWN,
    }
