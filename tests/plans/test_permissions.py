import pytest
from django.contrib.auth.models import AnonymousUser

from plans.permissions import (
    actions_of,
    actions_rateable_by,
    can_import,
    can_rate,
    can_read,
    can_read_dashboards,
)
from tests.factories import ActionFactory, LeadFactory

pytestmark = pytest.mark.django_db


def test_commissioner_can_rate_an_action_their_organisation_leads(commissioner, own_action):
    assert can_rate(commissioner, own_action)


def test_commissioner_cannot_rate_other_orgs_action(commissioner, other_action):
    assert not can_rate(commissioner, other_action)


def test_commissioner_can_rate_an_action_they_lead_in_person(commissioner, other_action):
    me = LeadFactory(name="A Williamson", user=commissioner)
    other_action.leads.add(me)
    assert can_rate(commissioner, other_action)


def test_commissioner_can_rate_every_action_of_a_plan_assigned_to_them(commissioner):
    action = ActionFactory()
    action.leads.add(LeadFactory(name="All"))  # a lead with no organisation
    assert not can_rate(commissioner, action)
    action.plan.assignees.add(commissioner)
    assert can_rate(commissioner, action)


def test_my_actions_lists_each_action_once(commissioner, own_action):
    second_lead = LeadFactory(name="JCT deputy")
    second_lead.organisations.add(*own_action.leads.get().organisations.all())
    own_action.leads.add(second_lead)
    own_action.plan.assignees.add(commissioner)
    assert list(actions_of(commissioner)) == [own_action]


def test_admin_can_rate_anything_and_import(admin_user, other_action):
    assert can_rate(admin_user, other_action)
    assert can_import(admin_user)


@pytest.mark.parametrize("persona", ["board_member", "no_role_user"])
def test_board_members_and_users_without_a_role_rate_nothing(request, persona, own_action):
    user = request.getfixturevalue(persona)
    assert not actions_rateable_by(user).exists()
    assert not can_import(user)


def test_commissioner_cannot_import(commissioner):
    assert not can_import(commissioner)


def test_reading_needs_a_role(board_member, no_role_user):
    assert can_read(board_member)
    assert not can_read(no_role_user)
    assert not can_read(AnonymousUser())


def test_dashboards_are_private_unless_made_public(settings):
    assert not can_read_dashboards(AnonymousUser())
    settings.PUBLIC_DASHBOARDS = True
    assert can_read_dashboards(AnonymousUser())
