"""Personas for every role, shared by all tests.

Factories are imported inside fixtures so parser tests can run with `-p no:django`.
"""

import pytest


def _user_in_role(username, role, **extra):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username=username, **extra)
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def admin_user(db):
    from plans.roles import Role

    return _user_in_role("admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def commissioner(db):
    """A commissioner at the joint commissioning team (JCT), which leads `own_action`."""
    from plans.models import Membership
    from plans.roles import Role
    from tests.factories import OrganisationFactory

    user = _user_in_role("commissioner", Role.COMMISSIONER)
    Membership.objects.create(user=user, organisation=OrganisationFactory(name="JCT"))
    return user


@pytest.fixture
def board_member(db):
    from plans.roles import Role

    return _user_in_role("board", Role.BOARD_MEMBER)


@pytest.fixture
def no_role_user(db):
    """Signed in but given no role: sees nothing."""
    return _user_in_role("norole", None)


@pytest.fixture
def own_action(db, commissioner):
    """An action led by the commissioner's organisation."""
    from plans.models import Organisation
    from tests.factories import ActionFactory, LeadFactory

    lead = LeadFactory(name="JCT team")
    lead.organisations.add(Organisation.objects.get(name="JCT"))
    action = ActionFactory(ref="1")
    action.leads.add(lead)
    return action


@pytest.fixture
def other_action(db):
    """An action led by someone else, in another plan."""
    from tests.factories import ActionFactory, LeadFactory

    action = ActionFactory(ref="2")
    action.leads.add(LeadFactory(name="Public Health"))
    return action


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 dominates test time; tests don't need strong hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    """Queued tasks (reading uploads) run at once, in the test's own process and database."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db, commissioner, own_action, admin_user):
    """One of everything a URL can point at; the action is led by the commissioner's org,
    its plan is in an open reporting round."""
    import datetime

    from importers.models import PendingImport
    from importers.services import pending_import_read
    from plans.rounds.services import round_open
    from tests.factories import MilestoneFactory, PlanFactory, RagUpdateFactory

    update = RagUpdateFactory(action=own_action, reported_on=datetime.date(2026, 1, 31))
    milestone = MilestoneFactory(action=own_action)
    pending = PendingImport.objects.create(
        filename="small.txt",
        checksum="0" * 64,
        content=b"Ref\tAction\tLead\tTimescale\tRAG\n1\tWrite the strategy\tJCT\tJune 2011\tGreen\n",
        uploaded_by=admin_user,
    )
    pending_import_read(pending_id=pending.pk)  # read as the worker would
    pending.refresh_from_db()
    reporting_round = round_open(
        name="November 2026",
        reported_on=datetime.date(2026, 11, 30),
        deadline=datetime.date(2026, 12, 7),
        plans=[own_action.plan],
        opened_by=admin_user,
    )
    return {
        "action": own_action,
        "plan": own_action.plan,
        "update": update,
        "milestone": milestone,
        "pending": pending,
        "round": reporting_round,  # open, for the action's plan
        "other_plan": PlanFactory(title="A plan in no round"),
    }
