"""send_round_reminders: one digest per lead with missing updates, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from plans.models import Membership, Organisation, Rating
from plans.roles import Role
from plans.rounds.reminders import reminders_send
from plans.rounds.services import round_update_create
from tests.conftest import _user_in_role
from tests.factories import ActionFactory, LeadFactory

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2026, 12, 5)  # two days before the 7 December deadline
AFTER = datetime.date(2026, 12, 9)


@pytest.fixture
def people(open_round, plan, actions, admin_user):
    """A lead who has updated everything, the plan owner's commissioner, an admin with e-mail."""
    admin_user.email = "admin@example.org"
    admin_user.save()
    done_user = _user_in_role("jct", Role.COMMISSIONER, email="jct@example.org")
    done_lead = LeadFactory(name="JCT", user=done_user)
    done_action = ActionFactory(plan=plan, ref="3.1")
    done_action.leads.add(done_lead)
    round_update_create(
        round=open_round, action=done_action, rating=Rating.GREEN, commentary="", author=None
    )
    owner = _user_in_role("owner", Role.COMMISSIONER, email="owner@halton.example.org")
    Membership.objects.create(
        user=owner, organisation=Organisation.objects.get(name="Halton Borough Council")
    )
    return {"owner": owner}


def test_each_lead_with_missing_updates_gets_one_digest_before_the_deadline(people):
    reminders_send(today=BEFORE, days_before=3)
    to_leads = [m for m in mail.outbox if m.to == ["r.vickers@example.org"]]
    assert len(to_leads) == 1
    (digest,) = to_leads
    assert digest.subject == "2 updates due for November 2026 by 7 December 2026"
    assert "1.1" in digest.body and "1.2" in digest.body and "2.1" not in digest.body
    assert digest.cc == []
    # Nobody writes to the lead who has updated everything.
    assert not [m for m in mail.outbox if "jct@example.org" in m.to]


def test_nothing_is_sent_long_before_the_deadline(people):
    reminders_send(today=datetime.date(2026, 11, 20), days_before=3)
    assert mail.outbox == []


def test_after_the_deadline_the_plan_owner_is_copied(people):
    reminders_send(today=BEFORE, days_before=3)
    mail.outbox.clear()
    reminders_send(today=AFTER, days_before=3)
    (digest,) = [m for m in mail.outbox if m.to == ["r.vickers@example.org"]]
    assert digest.subject.startswith("Overdue: 2 updates for November 2026")
    assert digest.cc == ["owner@halton.example.org"]


def test_a_second_run_sends_no_duplicate(people):
    reminders_send(today=BEFORE, days_before=3)
    sent = len(mail.outbox)
    assert sent == 2  # the lead's digest and the admins' list
    report = reminders_send(today=BEFORE, days_before=3)
    assert len(mail.outbox) == sent
    assert report.skipped == 1


def test_leads_without_an_account_are_listed_for_the_admins(people):
    reminders_send(today=BEFORE, days_before=3)
    (listing,) = [m for m in mail.outbox if m.to == ["admin@example.org"]]
    assert "All providers" in listing.body
    assert "2.1" in listing.body


def test_the_command_runs_for_cron(people, monkeypatch, capsys):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: BEFORE)
    call_command("send_round_reminders", "--base-url", "https://plans.example.org")
    out = capsys.readouterr().out
    assert "reminded R Vickers (r.vickers@example.org)" in out
    assert "All providers has no account or e-mail" in out
    assert "https://plans.example.org/rounds/" in mail.outbox[0].body
