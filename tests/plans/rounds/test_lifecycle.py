"""A round's life: open, updates belong to it, close refuses late changes, publish freezes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.models import Action, RagUpdate, Rating, ReportingRound
from plans.rounds.services import round_close, round_open, round_publish, round_update_create

pytestmark = pytest.mark.django_db


def update(round_, action, rating=Rating.GREEN, **extra):
    extra.setdefault("commentary", "On track.")
    extra.setdefault("author", None)
    if rating in (Rating.RED, Rating.AMBER):
        extra.setdefault("why_and_next", "Recruitment delayed; agency staff from January.")
    return round_update_create(round=round_, action=action, rating=rating, **extra)


def test_an_admin_opens_a_round_for_a_plan(open_round, plan):
    assert open_round.state == ReportingRound.State.OPEN
    assert list(open_round.plans.all()) == [plan]
    assert open_round.name == "November 2026"


def test_a_plan_is_in_one_open_round_at_a_time(open_round, plan):
    with pytest.raises(ValidationError, match="already in the open round November 2026"):
        round_open(
            name="Again",
            reported_on=datetime.date(2026, 11, 30),
            deadline=datetime.date(2026, 12, 7),
            plans=[plan],
            opened_by=None,
        )


def test_an_update_in_an_open_round_belongs_to_it(open_round, actions, today):
    saved = update(open_round, actions[0], forecast_rating=Rating.GREEN)
    assert saved.round == open_round
    assert saved.round_label == "November 2026"
    assert saved.forecast_rating == Rating.GREEN
    # The round reports on 30 November; today is the 10th and a rating is never in the future.
    assert saved.reported_on == today


def test_red_or_amber_needs_why_and_what_next(open_round, actions):
    with pytest.raises(ValidationError) as error:
        round_update_create(
            round=open_round,
            action=actions[0],
            rating=Rating.AMBER,
            commentary="Behind.",
            why_and_next="  ",
            author=None,
        )
    assert "why_and_next" in error.value.message_dict
    assert not RagUpdate.objects.exists()


def test_a_due_date_moves_with_a_reason_kept_in_history(open_round, actions, lead_user):
    action = actions[0]
    with pytest.raises(ValidationError) as error:
        update(open_round, action, new_due_date=datetime.date(2027, 9, 30))
    assert "due_date_reason" in error.value.message_dict

    saved = update(
        open_round,
        action,
        new_due_date=datetime.date(2027, 9, 30),
        due_date_reason="Provider re-tender.",
        author=lead_user,
    )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2027, 9, 30)
    assert (saved.due_date_was, saved.new_due_date) == (
        datetime.date(2027, 3, 31),
        datetime.date(2027, 9, 30),
    )
    latest = action.history.order_by("-history_date").first()
    assert "Provider re-tender." in latest.history_change_reason
    assert latest.history_user == lead_user


def test_a_closed_round_refuses_late_changes(open_round, actions, admin_user):
    round_close(round=open_round, closed_by=admin_user)
    with pytest.raises(ValidationError, match="closed"):
        update(open_round, actions[0])
    assert not RagUpdate.objects.exists()


def test_publish_needs_a_closed_round(open_round, admin_user):
    with pytest.raises(ValidationError, match="Close the round"):
        round_publish(round=open_round, published_by=admin_user)


def test_the_snapshot_is_unchanged_by_a_later_update(open_round, actions, admin_user, today):
    update(open_round, actions[0], rating=Rating.AMBER, forecast_rating=Rating.GREEN)
    update(open_round, actions[1], rating=Rating.GREEN, outside_control=True)
    round_close(round=open_round, closed_by=admin_user)
    round_publish(round=open_round, published_by=admin_user)

    entries = {entry.action_id: entry for entry in open_round.entries.all()}
    assert len(entries) == 3
    first = entries[actions[0].pk]
    assert (first.rating, first.forecast_rating, first.updated_in_round) == (
        Rating.AMBER,
        Rating.GREEN,
        True,
    )
    assert first.why_and_next.startswith("Recruitment delayed")
    assert entries[actions[1].pk].outside_control
    assert entries[actions[2].pk].rating == Rating.NOT_RATED
    assert not entries[actions[2].pk].updated_in_round

    # Later: a new round, a new rating. What the board saw stays as it was.
    later = round_open(
        name="December 2026",
        reported_on=datetime.date(2026, 12, 31),
        deadline=datetime.date(2027, 1, 7),
        plans=[actions[0].plan],
        opened_by=admin_user,
    )
    newer = update(later, actions[0], rating=Rating.RED, commentary="Worse.")
    assert newer.round == later
    first.refresh_from_db()
    assert (first.rating, first.commentary) == (Rating.AMBER, "On track.")
    assert Action.objects.with_current_rag().get(pk=actions[0].pk).current_rating == Rating.RED


def test_a_rating_from_the_action_page_belongs_to_the_open_round(open_round, actions):
    from plans.services import rag_update_create

    saved = rag_update_create(
        action=actions[0], rating=Rating.GREEN, commentary="", author=None, source="web"
    )
    assert saved.round == open_round
    assert saved.round_label == "November 2026"


def test_after_close_a_rating_belongs_to_no_round_and_the_closed_one_refuses_it(
    open_round, actions, admin_user
):
    from plans.services import rag_update_create

    round_close(round=open_round, closed_by=admin_user)
    later = rag_update_create(
        action=actions[0], rating=Rating.GREEN, commentary="", author=None, source="web"
    )
    assert later.round is None
    open_round.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        rag_update_create(
            action=actions[0],
            rating=Rating.GREEN,
            commentary="",
            author=None,
            source="web",
            round=open_round,
        )
