"""Each plan's stored counts (plans.rollups), which the dashboards' count tables sum, must always
equal what the plan's actions say, whichever way the actions, their links or ratings change."""

import datetime
import importlib
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from importers.services import plan_import
from plans import dashboards
from plans.across_plans import across_plans_expected, across_plans_stored
from plans.models import (
    AcrossPlansRatingCount,
    Action,
    Lead,
    Objective,
    Organisation,
    Plan,
    PlanRatingCount,
    Rating,
)
from plans.national import national_objectives
from plans.rag_counts import RagCounts
from plans.rollups import plan_rating_counts_expected, plan_rating_counts_stored
from plans.services import RatingInput, action_update, plan_delete, rag_updates_create
from tests.factories import ActionFactory, LeadFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db

ROUND = datetime.date(2025, 6, 30)
SMALL_PLAN = (
    b"Ref\tAction\tLead\tTimescale\tRAG\n"
    b"1\tWrite the strategy\tJoint Commissioning Team\tJune 2011\tGreen\n"
    b"2\tAgree the pathway\tJoint Commissioning Team\tMarch 2012\t\n"
)


def assert_counts_agree():
    assert plan_rating_counts_stored() == plan_rating_counts_expected()
    assert across_plans_stored() == across_plans_expected()


def rate(actions, rating):
    rag_updates_create(
        ratings=[RatingInput(a, rating, "Why") for a in actions],
        reported_on=ROUND,
        author=None,
        source="web",
    )


def edit(action, user, **changes):
    action.refresh_from_db()
    action_update(action=action, expected_version=action.version, changes=changes, editor=user)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_counts_equal_the_actions_after_every_kind_of_change(seed, admin_user):
    """Random changes through every way the counted facts change: actions created, rated,
    edited (leads, objectives, plan), linked directly, leads joining and leaving
    organisations either way round, and actions, leads and organisations deleted."""
    rng = random.Random(seed)
    plans = [PlanFactory() for _ in range(3)]
    organisations = [OrganisationFactory() for _ in range(3)]
    leads = [LeadFactory() for _ in range(5)]
    objectives = list(national_objectives())
    actions = [ActionFactory(plan=rng.choice(plans)) for _ in range(10)]
    assert_counts_agree()
    for step in range(40):
        way = rng.randrange(12)
        action = rng.choice(actions)
        if way == 0:
            actions.append(ActionFactory(plan=rng.choice(plans)))
        elif way == 1:
            rate(rng.sample(actions, 3), rng.choice(Rating.values))
        elif way == 2:
            edit(action, admin_user, leads=rng.sample(leads, rng.randint(0, 2)))
        elif way == 3:
            edit(action, admin_user, objectives=rng.sample(objectives, rng.randint(0, 2)))
        elif way == 4:
            edit(action, admin_user, plan=rng.choice(plans))
        elif way == 5:
            action.leads.add(rng.choice(leads))
        elif way == 6:
            rng.choice(leads).organisations.add(rng.choice(organisations))
        elif way == 7:
            lead = rng.choice(leads)
            lead.organisations.remove(*lead.organisations.all()[:1])
        elif way == 8:
            rng.choice(organisations).leads.add(rng.choice(leads))
        elif way == 9 and len(actions) > 3:
            actions.remove(action)
            action.delete()
        elif way == 10:
            rng.choice(leads).actions.add(action)
        elif way == 11:  # archived or restored: its counts leave or join those across plans
            plan = rng.choice(plans)
            plan.status = rng.choice(Plan.Status.values)
            plan.save()
        assert plan_rating_counts_stored() == plan_rating_counts_expected(), (step, way)
        assert across_plans_stored() == across_plans_expected(), (step, way)
    leads[0].delete()
    assert_counts_agree()
    organisations[0].delete()
    assert_counts_agree()
    organisations[1].leads.clear()
    assert_counts_agree()
    plan_delete(plan=plans[0], deleted_by=admin_user)
    assert_counts_agree()


@pytest.mark.parametrize("seed", [4, 5])
def test_the_count_tables_from_stored_counts_equal_those_counted_from_the_actions(seed):
    rng = random.Random(seed)
    plans = [PlanFactory() for _ in range(4)]
    organisations = [OrganisationFactory() for _ in range(3)]
    leads = [LeadFactory() for _ in range(6)]
    for lead in leads:
        lead.organisations.set(rng.sample(organisations, rng.randint(0, 2)))
    objectives = list(national_objectives())
    actions = [ActionFactory(plan=rng.choice(plans)) for _ in range(40)]
    for action in actions:
        action.leads.set(rng.sample(leads, rng.randint(0, 3)))
        action.objectives.set(rng.sample(objectives, rng.randint(0, 2)))
    for rating in Rating.values:
        rate(rng.sample(actions, 6), rating)
    chosen = Plan.objects.filter(pk__in=[p.pk for p in plans[:3]])
    of_actions = Action.objects.filter(plan__in=chosen)
    for table in ("rag_by_plan", "rag_by_organisation", "rag_by_objective"):
        select = getattr(dashboards, table)
        assert select(plans=chosen) == select(actions=of_actions), table
        assert select(plans=chosen), table
    assert dashboards.rag_by_lead(plans=chosen, limit=4) == dashboards.rag_by_lead(
        actions=of_actions, limit=4
    )
    # The sums kept across every plan not archived, as the cross-plan dashboard reads them.
    plans[3].status = Plan.Status.ARCHIVED
    plans[3].save()
    for table in ("rag_by_organisation", "rag_by_objective"):
        select = getattr(dashboards, table)
        assert select(plans=dashboards.EVERY_PLAN) == select(actions=of_actions), table
    assert dashboards.rag_by_lead(plans=dashboards.EVERY_PLAN, limit=4) == dashboards.rag_by_lead(
        actions=of_actions, limit=4
    )


def test_an_import_counts_its_plan_once():
    with CaptureQueriesContext(connection) as captured:
        outcome = plan_import(data=SMALL_PLAN, filename="plan.txt")
    assert outcome.created, outcome.message
    table = PlanRatingCount._meta.db_table
    rebuilds = [q for q in captured if q["sql"].startswith(f"INSERT INTO {table}")]
    assert len(rebuilds) == 1
    assert_counts_agree()
    plan = Plan.objects.get()
    assert dashboards.rag_by_plan(plans=Plan.objects.all())[0].counts == RagCounts(
        green=1, not_rated=1
    )
    assert plan.actions.count() == 2


def test_check_current_ratings_reports_wrong_counts_and_fix_repairs_them(capsys):
    action = ActionFactory()
    rate([action], Rating.GREEN)
    PlanRatingCount.objects.filter(plan=action.plan).update(red=7)  # gone wrong
    with pytest.raises(CommandError, match="1 plan"):
        call_command("check_current_ratings")
    assert f"dashboard counts differ for plan(s) [{action.plan_id}]" in capsys.readouterr().out
    call_command("check_current_ratings", "--fix")
    assert_counts_agree()
    call_command("check_current_ratings")


def test_check_current_ratings_reports_wrong_sums_across_plans_and_fix_repairs_them(capsys):
    action = ActionFactory()
    action.leads.add(LeadFactory())
    rate([action], Rating.AMBER)
    AcrossPlansRatingCount.objects.update(amber=5)  # gone wrong
    with pytest.raises(CommandError, match="sums across plans disagree"):
        call_command("check_current_ratings")
    assert "summed across plans differ" in capsys.readouterr().out
    call_command("check_current_ratings", "--fix")
    assert_counts_agree()
    assert AcrossPlansRatingCount.objects.get(grouping="lead").amber == 1


def test_a_rating_that_would_take_a_wrong_sum_below_zero_sums_again():
    action = ActionFactory()
    action.leads.add(LeadFactory())
    rate([action], Rating.AMBER)
    AcrossPlansRatingCount.objects.filter(grouping="lead").update(amber=0)  # gone wrong
    rate([action], Rating.GREEN)  # amber 0 - 1: the sums are summed again
    assert_counts_agree()
    assert AcrossPlansRatingCount.objects.get(grouping="lead").green == 1


def test_the_data_migration_fills_the_sums_across_plans():
    lead = LeadFactory()
    led = ActionFactory()
    led.leads.add(lead)
    ActionFactory(plan=PlanFactory(status=Plan.Status.ARCHIVED)).leads.add(lead)
    rate(list(Action.objects.all()), Rating.RED)
    expected = across_plans_stored()
    AcrossPlansRatingCount.objects.all().delete()

    migration = importlib.import_module("plans.migrations.0017_across_plans_rating_counts")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert across_plans_stored() == expected == across_plans_expected()
    assert AcrossPlansRatingCount.objects.get(grouping="lead").red == 1  # not the archived


def test_the_data_migration_fills_every_plans_counts():
    organisation = OrganisationFactory()
    lead = LeadFactory()
    lead.organisations.add(organisation)
    led, alone = ActionFactory(), ActionFactory()
    led.leads.add(lead)
    led.objectives.add(Objective.objects.first())
    rate([led], Rating.RED)
    expected = plan_rating_counts_stored()
    PlanRatingCount.objects.all().delete()

    migration = importlib.import_module("plans.migrations.0014_plan_rating_count_columns")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert plan_rating_counts_stored() == expected == plan_rating_counts_expected()
    assert alone.plan_id in {row[0] for row in expected}
    assert Lead.objects.count() == Organisation.objects.count() == 1


def test_leads_with_no_red_come_after_those_with_red_from_stored_counts():
    """A rating a lead has no rows for sums to 0, not NULL (which PostgreSQL sorts first)."""
    plan = PlanFactory()
    amber_only, one_red = LeadFactory(name="Amber only"), LeadFactory(name="One red")
    for lead, ratings in ((amber_only, [Rating.AMBER] * 3), (one_red, [Rating.RED])):
        actions = [ActionFactory(plan=plan) for _ in ratings]
        for action, rating in zip(actions, ratings, strict=True):
            action.leads.add(lead)
            rate([action], rating)
    rows = dashboards.rag_by_lead(plans=Plan.objects.all())
    assert [(row.label, row.counts.red) for row in rows] == [("One red", 1), ("Amber only", 0)]


@pytest.mark.django_db(transaction=True)
def test_changes_made_outside_a_transaction_are_counted_too():
    """A script or shell in autocommit: the receivers' rebuild opens its own transaction (on
    PostgreSQL its row lock needs one)."""
    organisation, lead = OrganisationFactory(), LeadFactory()
    action = ActionFactory()
    action.leads.add(lead)
    lead.organisations.add(organisation)
    assert_counts_agree()
    assert dashboards.rag_by_organisation(plans=Plan.objects.all())[0].label == organisation.name
