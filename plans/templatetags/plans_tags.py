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


@register.filter
def choice_list(field) -> list[tuple]:
    """A select's (value, label) pairs, read once: cheaper than a subwidget per option for a
    filter's 700 leads, and a list, so the for loop does not COUNT a model choice queryset."""
    pairs = []
    for value, label in field.field.choices:
        if isinstance(label, list | tuple):  # an option group: its options, in a flat list
            pairs += [(str(inner), inner_label) for inner, inner_label in label]
        else:
            pairs.append((str(value), label))
    return pairs
