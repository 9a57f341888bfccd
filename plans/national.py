"""The national strategy whose six objectives every plan maps to (fixtures/national_objectives.json)."""

NATIONAL_STRATEGY_TITLE = "No Health Without Mental Health"


def national_objectives():
    """The six shared objectives, in order."""
    from plans.models import Objective

    return Objective.objects.filter(strategy__title=NATIONAL_STRATEGY_TITLE).order_by("order")
