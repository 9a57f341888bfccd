"""Direction of travel across rounds, completeness counts and "updates due"."""

import datetime

import pytest

from plans.models import Action, Rating
from plans.permissions import actions_of
from plans.rounds import selectors
from plans.rounds.services import round_close, round_open, round_publish, round_update_create

pytestmark = pytest.mark.django_db


def rate(round_, action, rating, commentary="Noted."):
    why = "Behind; recovery plan agreed." if rating in (Rating.RED, Rating.AMBER) else ""
    return round_update_create(
        round=round_,
        action=action,
        rating=rating,
        commentary=commentary,
        why_and_next=why,
        author=None,
    )


def run_round(plan, name, reported_on, ratings, admin):
    round_ = round_open(
        name=name,
        reported_on=reported_on,
        deadline=reported_on + datetime.timedelta(days=7),
        plans=[plan],
        opened_by=admin,
    )
    for action, rating in ratings:
        rate(round_, action, rating)
    round_close(round=round_, closed_by=admin)
    return round_publish(round=round_, published_by=admin)


def directions(round_):
    return {entry.action.ref: entry.direction for entry in selectors.round_entries(round_)}


def test_direction_of_travel_across_three_rounds(plan, actions, admin_user, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2027, 3, 1))
    first, second, third = actions
    august = run_round(
        plan,
        "August 2026",
        datetime.date(2026, 8, 31),
        [(first, Rating.GREEN), (second, Rating.AMBER)],
        admin_user,
    )
    september = run_round(
        plan,
        "September 2026",
        datetime.date(2026, 9, 30),
        [(first, Rating.AMBER), (second, Rating.GREEN), (third, Rating.RED)],
        admin_user,
    )
    october = run_round(
        plan,
        "October 2026",
        datetime.date(2026, 10, 31),
        [(first, Rating.AMBER), (second, Rating.BLUE), (third, Rating.AMBER)],
        admin_user,
    )
    # 2.1 was never rated before September: new, then better.
    assert directions(august) == {"1.1": "new", "1.2": "new", "2.1": "new"}
    assert directions(september) == {"1.1": "worse", "1.2": "better", "2.1": "new"}
    assert directions(october) == {"1.1": "same", "1.2": "better", "2.1": "better"}

    # Tables compare the current rating with the last published round before it.
    rows = {
        a.ref: selectors.direction_of(a)
        for a in selectors.with_previous_round_rating(Action.objects.with_current_rag())
    }
    assert rows == {"1.1": "same", "1.2": "better", "2.1": "better"}


def test_completeness_counts_by_plan_section_organisation_and_lead(open_round, actions):
    rate(open_round, actions[0], Rating.GREEN)
    done = selectors.round_completeness(open_round)
    assert (done.overall.done, done.overall.total, done.overall.percent) == (1, 3, 33)
    assert [(t.label, t.done, t.total) for t in done.by_plan] == [("Crisis care plan", 1, 3)]
    assert [(t.label, t.done, t.total) for t in done.by_section] == [
        ("Crisis care plan: 1 Access", 1, 2),
        ("Crisis care plan: 2 Recovery", 0, 1),
    ]
    assert [(t.label, t.done, t.total) for t in done.by_organisation] == [
        ("CCG", 1, 2),
        ("No organisation", 0, 1),
    ]
    assert [(t.label, t.done, t.total) for t in done.by_lead] == [
        ("All providers", 0, 1),
        ("R Vickers", 1, 2),
    ]
    assert [a.ref for a in done.missing] == ["1.2", "2.1"]


def test_updates_due_lists_a_leads_actions_not_yet_updated(open_round, actions, lead_user):
    rate(open_round, actions[0], Rating.AMBER, commentary="Behind.")
    (due,) = selectors.updates_due(actions_of(lead_user))
    assert due.round == open_round
    assert due.count == 1
    ((plan_group, sections),) = due.plans
    assert plan_group.title == "Crisis care plan"
    assert [(s.title, [a.ref for a in s.actions]) for s in sections] == [("1 Access", ["1.2"])]


def test_no_updates_due_without_an_open_round(actions, lead_user):
    assert selectors.updates_due(actions_of(lead_user)) == []
