import datetime

import pytest
from django.db import IntegrityError, transaction

from plans.models import Action, Objective, Plan, RagUpdate, Rating, Strategy
from plans.national import NATIONAL_STRATEGY_TITLE, national_objectives
from tests.factories import ActionFactory, PlanFactory, RagUpdateFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_the_six_national_objectives_are_loaded_once_in_order():
    objectives = list(national_objectives())
    assert [o.ref for o in objectives] == ["1", "2", "3", "4", "5", "6"]
    assert objectives[0].title == "More people will have good mental health"
    assert objectives[5].title == "Fewer people will experience stigma and discrimination"
    assert Strategy.objects.filter(title=NATIONAL_STRATEGY_TITLE).count() == 1


def test_objective_refs_are_unique_within_a_strategy():
    strategy = Strategy.objects.get(title=NATIONAL_STRATEGY_TITLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(strategy=strategy, ref="1", title="A copy")


def test_action_due_date_cannot_be_before_its_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(start_date=datetime.date(2015, 3, 1), due_date=datetime.date(2014, 12, 31))


def test_action_may_have_a_due_date_without_a_start():
    action = ActionFactory(start_date=None, due_date=datetime.date(2007, 6, 30))
    assert action.pk


def test_action_refs_are_unique_within_a_plan_but_blank_refs_repeat():
    plan = PlanFactory()
    ActionFactory(plan=plan, ref="12")
    ActionFactory(plan=plan, ref="")
    ActionFactory(plan=plan, ref="")
    ActionFactory(ref="12")  # another plan
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(plan=plan, ref="12")


def test_plan_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(period_start=datetime.date(2015, 4, 1), period_end=datetime.date(2012, 3, 31))


def test_the_same_source_file_cannot_be_imported_as_two_plans():
    PlanFactory(source_checksum="a" * 64)
    PlanFactory(source_checksum="")
    PlanFactory(source_checksum="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(source_checksum="a" * 64)


def test_a_rating_outside_the_scheme_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RagUpdateFactory(rating="purple")


def test_plan_legend_uses_the_plans_own_words_and_falls_back_to_the_standard_label():
    plan = PlanFactory(legend_green="On target against milestones")
    assert plan.legend_for(Rating.GREEN) == "On target against milestones"
    assert plan.legend_for(Rating.RED) == "Red"
    assert plan.legend_for(None) == "Not yet rated"


def test_sections_nest():
    parent = SectionFactory(ref="2.0", title="Commissioning")
    child = SectionFactory(plan=parent.plan, parent=parent, ref="2.1", title="Partnership")
    assert list(parent.children.all()) == [child]


def test_deleting_a_plan_removes_its_actions_and_history():
    update = RagUpdateFactory()
    update.action.plan.delete()
    assert not Action.objects.exists()
    assert not RagUpdate.objects.exists()
    assert not Plan.objects.exists()
