"""The action filters' plan, lead and organisation selects read (pk, name) rows, not models."""

import pytest

from plans.filters import ActionFilter
from plans.models import Action, Lead, Organisation, Plan
from tests.factories import ActionFactory, LeadFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


def choices(filterset: ActionFilter, name: str) -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in filterset.form.fields[name].choices]


def as_models_would_show_them(queryset) -> list[tuple[str, str]]:
    return [("", "---------")] + [(str(obj.pk), str(obj)) for obj in queryset]


def test_each_option_reads_as_the_models_own_name_in_the_models_order():
    for title in ["Zebra plan", "Alpha plan"]:
        PlanFactory(title=title)
    for name in ["Ward <B>", "Adult care"]:
        LeadFactory(name=name)
        OrganisationFactory(name=name)
    filterset = ActionFilter({}, queryset=Action.objects.all())

    assert choices(filterset, "plan") == as_models_would_show_them(Plan.objects.all())
    assert choices(filterset, "lead") == as_models_would_show_them(Lead.objects.all())
    assert choices(filterset, "organisation") == as_models_would_show_them(
        Organisation.objects.all()
    )


def test_within_a_plan_the_lead_select_lists_its_leads_once_each(django_assert_num_queries):
    plan = PlanFactory()
    shared, other = LeadFactory(name="Shared"), LeadFactory(name="Elsewhere")
    for _ in range(2):
        ActionFactory(plan=plan).leads.add(shared)
    ActionFactory().leads.add(other)
    filterset = ActionFilter({}, queryset=Action.objects.filter(plan=plan), plan=plan)

    with django_assert_num_queries(1):  # the plan's distinct leads
        assert choices(filterset, "lead") == [("", "---------"), (str(shared.pk), "Shared")]


def test_a_chosen_lead_still_filters_and_validates_against_the_database():
    lead = LeadFactory()
    ActionFactory().leads.add(lead)
    ActionFactory()

    assert list(ActionFilter({"lead": str(lead.pk)}, queryset=Action.objects.all()).qs) == list(
        lead.actions.all()
    )
    assert not ActionFilter({"lead": "999999"}, queryset=Action.objects.all()).form.is_valid()
