"""A plan in a reporting round: three actions, two leads (one with an account), an owner."""

import datetime

import pytest


@pytest.fixture
def today(monkeypatch):
    """Tests run on a fixed day: 10 November 2026."""
    from django.utils import timezone

    day = datetime.date(2026, 11, 10)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture
def plan(db):
    from tests.factories import OrganisationFactory, PlanFactory

    return PlanFactory(
        title="Crisis care plan",
        owner=OrganisationFactory(name="Halton Borough Council"),
        legend_green="On target against milestones",
    )


@pytest.fixture
def lead_user(db):
    from plans.models import Membership, Organisation
    from plans.roles import Role
    from tests.conftest import _user_in_role

    user = _user_in_role("rvickers", Role.COMMISSIONER, email="r.vickers@example.org")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get_or_create(name="CCG")[0]
    )
    return user


@pytest.fixture
def actions(plan, lead_user):
    """Three actions: 1 and 2 led by R Vickers (an account), 3 by "All providers" (none)."""
    from plans.models import Organisation
    from tests.factories import ActionFactory, LeadFactory, SectionFactory

    vickers = LeadFactory(name="R Vickers", user=lead_user)
    vickers.organisations.add(Organisation.objects.get(name="CCG"))
    everyone = LeadFactory(name="All providers")
    first = SectionFactory(plan=plan, title="Access", ref="1", order=1)
    second = SectionFactory(plan=plan, title="Recovery", ref="2", order=2)
    made = [
        ActionFactory(plan=plan, section=first, ref="1.1", due_date=datetime.date(2027, 3, 31)),
        ActionFactory(plan=plan, section=first, ref="1.2", due_date=datetime.date(2027, 6, 30)),
        ActionFactory(plan=plan, section=second, ref="2.1"),
    ]
    made[0].leads.add(vickers)
    made[1].leads.add(vickers)
    made[2].leads.add(everyone)
    return made


@pytest.fixture
def open_round(plan, actions, admin_user, today):
    from plans.rounds.services import round_open

    return round_open(
        name="November 2026",
        reported_on=datetime.date(2026, 11, 30),
        deadline=datetime.date(2026, 12, 7),
        plans=[plan],
        opened_by=admin_user,
    )
