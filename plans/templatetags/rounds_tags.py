"""Template tags for reporting rounds: updates due on My actions, direction of travel."""

from django import template
from django.utils import timezone

from plans.permissions import actions_of
from plans.rounds import selectors

register = template.Library()


@register.inclusion_tag("plans/rounds/includes/updates_due.html", takes_context=True)
def updates_due(context):
    """Each open round's updates due from the signed-in user (two queries; none due: one)."""
    user = context["request"].user
    return {"due_rounds": selectors.updates_due(actions_of(user)), "today": timezone.localdate()}


@register.inclusion_tag("plans/rounds/includes/direction.html")
def direction_tag(action):
    """An action's direction of travel since the last published round (table rows)."""
    return {
        "direction": selectors.direction_of(action),
        "since": getattr(action, "previous_round_name", ""),
    }
