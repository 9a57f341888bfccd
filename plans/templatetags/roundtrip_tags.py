"""Links to the Excel round trip, shown to those who rate (no queries: roles are cached)."""

from django import template

from plans.permissions import can_use_rating_workbooks

register = template.Library()


@register.inclusion_tag("plans/roundtrip/includes/links.html", takes_context=True)
def rating_workbook_links(context, plan=None):
    """Download (my actions, or this plan's actions I may rate) and upload links."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and can_use_rating_workbooks(user), "plan": plan}
