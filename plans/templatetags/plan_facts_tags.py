"""What a plan states about itself (area, period, owner), drawn in Python: the home page shows
it for each of its 100 plans, and two includes a plan cost more than the rest of the row."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def plan_period(plan, short: bool = False) -> str:
    """The plan's period in words: "April 2014 to March 2019", "From April 2014", "Until
    March 2019"; `short` months as "Apr 2014". For a plan that states a start or an end."""
    fmt = "M Y" if short else "F Y"
    if plan.period_start and plan.period_end:
        return f"{date(plan.period_start, fmt)} to {date(plan.period_end, fmt)}"
    if plan.period_start:
        return f"From {date(plan.period_start, fmt)}"
    return f"Until {date(plan.period_end, fmt)}"


@register.simple_tag
def plan_facts(plan, short=False) -> SafeString | str:
    """A list of the plan's area, period and owner, each only when the plan has it (nothing is
    printed as a dash or "not stated"); nothing for a plan with none. `short`: for tables."""
    facts = []
    if plan.area:
        facts.append(plan.area)
    if plan.period_start or plan.period_end:
        facts.append(plan_period(plan, short))
    if plan.owner:
        facts.append(f"Owner: {plan.owner.name}")
    if not facts:
        return ""
    items = "\n".join(f"<li>{conditional_escape(fact)}</li>" for fact in facts)
    short_class = " app-plan-facts--short" if short else ""
    return mark_safe(f'<ul class="app-plan-facts{short_class}">\n{items}\n</ul>')  # escaped
