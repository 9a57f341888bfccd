"""Demo data: an owner and a period for each seed plan (`manage.py demo_data`).

The importer keeps only what a document states (DESIGN.md: nothing is invented), and most of
the seed documents name no owning organisation or period in a form it reads, so the demo's
plan list looked broken (issue 14). The demo fills in what is empty, and only that:
- the owner: the body each seed document is written for (its title or cover, as described in
  fixtures/seeds/README.md); a plan from another file gets one named after its area;
- the period: the UK financial years its actions' own dates span (first start or due date to
  last due date), so it never claims more than the plan's actions do.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Min

from plans.models import Organisation, Plan

# Seed file -> (owner, kind). Bexley's and Southwark's are joint plans: the first body named.
SEED_OWNERS = {
    "000_2c7d5c915c81b674.txt": ("Telford and Wrekin Council", Organisation.Kind.COUNCIL),
    "001_820319acd0f582be.txt": ("Halton Borough Council", Organisation.Kind.COUNCIL),
    "002_5f0a69547a7ca638.txt": ("NHS Croydon CCG", Organisation.Kind.NHS_BODY),
    "003_1cff262c2fde3562.txt": ("NHS Bexley CCG", Organisation.Kind.NHS_BODY),
    "004_2d59c09477797877.txt": ("Southwark Council", Organisation.Kind.COUNCIL),
}


def financial_year_start(day: datetime.date) -> datetime.date:
    """1 April of the UK financial year holding `day` (2015/16 runs April 2015 to March 2016)."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_end(day: datetime.date) -> datetime.date:
    """31 March that ends the UK financial year holding `day`."""
    return datetime.date(financial_year_start(day).year + 1, 3, 31)


def _owner_for(plan: Plan) -> Organisation | None:
    name, kind = SEED_OWNERS.get(plan.source_name, (None, Organisation.Kind.OTHER))
    if name is None and plan.area:
        name = f"{plan.area} partnership board"
    if name is None:
        return None
    owner, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return owner


@transaction.atomic
def plans_owner_and_period_fill(*, plans) -> int:
    """Give each plan with no owner, or no period, one (see the module's docstring); returns
    how many plans changed. A plan's own owner, start or end is never replaced."""
    changed = 0
    dated = plans.annotate(
        first_start=Min("actions__start_date"),
        first_due=Min("actions__due_date"),
        last_due=Max("actions__due_date"),
    )
    for plan in dated:
        fields = []
        if plan.owner_id is None and (owner := _owner_for(plan)) is not None:
            plan.owner = owner
            fields.append("owner")
        first = min(filter(None, [plan.first_start, plan.first_due]), default=None)
        start = plan.period_start or (first and financial_year_start(first))
        end = plan.period_end or (plan.last_due and financial_year_end(plan.last_due))
        if start and end and start > end:  # the plan's own end is before its actions: leave it
            start, end = plan.period_start, plan.period_end
        if start != plan.period_start:
            plan.period_start = start
            fields.append("period_start")
        if end != plan.period_end:
            plan.period_end = end
            fields.append("period_end")
        if fields:
            plan.save(update_fields=fields)
            changed += 1
    return changed
