"""Every list takes the same number of queries at 10 and at 150 rows (keyset pages: no COUNT).

Each starts with: session, user, user's groups (roles).
"""

import datetime

import pytest
from django.urls import reverse

from plans.models import Rating
from plans.rounds.services import round_close, round_open, round_publish
from tests.factories import (
    ActionFactory,
    LeadFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [10, 150]


def world_of(size: int, admin) -> dict:
    """`size` of everything: plans, sections, actions (rated, led, with milestones), leads,
    organisations, and a published round of one plan."""
    plan = PlanFactory(title="Big plan")
    for n in range(size):
        organisation = OrganisationFactory(name=f"Organisation {n}")
        lead = LeadFactory(name=f"Lead {n}")
        lead.organisations.add(organisation)
        action = ActionFactory(plan=plan, section=SectionFactory(plan=plan), ref=str(n))
        action.leads.add(lead)
        MilestoneFactory(action=action)
        RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=datetime.date(2026, 1, 31))
        PlanFactory()
    round_ = round_open(
        name="January",
        reported_on=datetime.date(2026, 1, 31),
        deadline=datetime.date(2026, 2, 7),
        plans=[plan],
        opened_by=admin,
    )
    round_close(round=round_, closed_by=admin)
    round_publish(round=round_, published_by=admin)
    return {"plan": plan, "round": round_}


# url name, its arguments from the world, the queries after the three above.
ENDPOINTS = [
    ("api:strategy-list", None, 3),  # strategies, their objectives, adopted objectives
    ("api:objective-list", None, 1),  # objectives
    ("api:organisation-list", None, 1),  # organisations
    ("api:lead-list", None, 2),  # leads, their organisations
    ("api:section-list", None, 1),  # sections
    ("api:milestone-list", None, 1),  # milestones + action
    ("api:rating-history-list", None, 1),  # updates + action + plan + author
    ("api:round-list", None, 2),  # rounds, their plans
    ("api:round-entries", "round", 2),  # the round, entries + action
    ("api:plan-list", None, 1),  # plans + owner
    ("api:action-list", None, 3),  # their keys, actions + plan + section + rating + round, leads
    # by plan, trend, list totals, by organisation (2: with one, with none), by lead,
    # objectives + by objective (2), three lists: their first rows (3), all their leads (1)
    ("api:dashboard", None, 12),
    # the plan, then as above with by section for by plan
    ("api:plan-dashboard", "plan", 13),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "arg", "queries"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_a_list_takes_the_same_queries_at_any_size(
    client, admin_user, board_member, django_assert_num_queries, name, arg, queries, size
):
    world = world_of(size, admin_user)
    url = reverse(name, args=[world[arg].pk] if arg else [])
    client.force_login(board_member)
    with django_assert_num_queries(3 + queries):
        response = client.get(url)
    assert response.status_code == 200
