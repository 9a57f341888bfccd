from django import template

from plans.models import Plan, Rating

register = template.Library()


@register.inclusion_tag("components/rag_tag.html")
def rag_tag(rating: str | None, plan: Plan | None = None):
    """A rating as an NHS.UK tag with its name and the plan's own legend wording."""
    rating = rating or Rating.NOT_RATED
    return {"rating": rating, "label": plan.legend_for(rating) if plan is not None else ""}


@register.filter
def attr_of(obj, name: str):
    """obj.<name>, for showing the saved value of a form field by name."""
    return getattr(obj, name, "")
