"""The demo's plans have an owner and a period (plans/demo_plans.py, issue 14)."""

import datetime

import pytest
from django.core.management import call_command

from plans.demo_plans import (
    financial_year_end,
    financial_year_start,
    plans_owner_and_period_fill,
)
from plans.models import Organisation, Plan, ReportingRound
from tests.factories import ActionFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (datetime.date(2015, 4, 1), datetime.date(2015, 4, 1), datetime.date(2016, 3, 31)),
        (datetime.date(2016, 3, 31), datetime.date(2015, 4, 1), datetime.date(2016, 3, 31)),
        (datetime.date(2010, 12, 1), datetime.date(2010, 4, 1), datetime.date(2011, 3, 31)),
    ],
)
def test_a_day_falls_in_a_uk_financial_year(day, start, end):
    assert (financial_year_start(day), financial_year_end(day)) == (start, end)


def test_a_seed_plan_gets_the_owner_its_document_names_and_the_years_its_actions_span():
    plan = PlanFactory(source_name="003_1cff262c2fde3562.txt", area="Bexley")
    ActionFactory(plan=plan, start_date=datetime.date(2014, 12, 1))
    ActionFactory(plan=plan, due_date=datetime.date(2015, 3, 31))
    ActionFactory(plan=plan)  # no dates: counts for nothing

    assert plans_owner_and_period_fill(plans=Plan.objects.all()) == 1
    plan.refresh_from_db()
    assert plan.owner.name == "NHS Bexley CCG"
    assert plan.owner.kind == Organisation.Kind.NHS_BODY
    assert (plan.period_start, plan.period_end) == (
        datetime.date(2014, 4, 1),
        datetime.date(2015, 3, 31),
    )


def test_another_plan_is_owned_by_its_areas_partnership_board():
    plan = PlanFactory(source_name="other.txt", area="Dudley")
    plans_owner_and_period_fill(plans=Plan.objects.all())
    plan.refresh_from_db()
    assert plan.owner.name == "Dudley partnership board"
    assert plan.period_start is None and plan.period_end is None  # no dated action: no period


def test_what_a_plan_states_itself_is_kept():
    owner = OrganisationFactory(name="Croydon Council")
    plan = PlanFactory(
        source_name="002_5f0a69547a7ca638.txt",
        owner=owner,
        period_start=datetime.date(2014, 4, 1),
        period_end=datetime.date(2019, 3, 31),
    )
    ActionFactory(plan=plan, due_date=datetime.date(2021, 6, 30))

    assert plans_owner_and_period_fill(plans=Plan.objects.all()) == 0
    plan.refresh_from_db()
    assert plan.owner == owner
    assert plan.period_end == datetime.date(2019, 3, 31)


def test_a_period_that_would_end_before_it_starts_is_left_alone():
    plan = PlanFactory(area="", period_end=datetime.date(2012, 3, 31))
    ActionFactory(plan=plan, start_date=datetime.date(2015, 6, 1))
    plans_owner_and_period_fill(plans=Plan.objects.all())
    plan.refresh_from_db()
    assert (plan.period_start, plan.period_end) == (None, datetime.date(2012, 3, 31))


def test_the_demo_gives_every_seed_plan_an_owner_and_a_period_and_opens_a_round(capsys):
    call_command("demo_data")

    plans = list(Plan.objects.select_related("owner"))
    assert len(plans) == 5
    assert all(plan.owner and plan.period_start and plan.period_end for plan in plans), [
        (plan.title, plan.owner, plan.period_start, plan.period_end) for plan in plans
    ]
    # Croydon's import brings a published round of its own; the demo still opens one.
    assert ReportingRound.objects.filter(state=ReportingRound.State.OPEN).exists()
