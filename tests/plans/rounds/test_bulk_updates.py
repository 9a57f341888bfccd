"""Ratings saved together on My actions (plans.services.rag_updates_create) belong to the open
round of their plan, as a single update does; a closed round refuses late changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import RagUpdate, Rating
from plans.permissions import actions_of
from plans.rounds import selectors
from plans.rounds.services import round_close
from plans.services import RatingInput, rag_updates_create
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def save(*rows, **kwargs):
    return rag_updates_create(
        ratings=[RatingInput(action, rating, "Noted.") for action, rating in rows],
        reported_on=kwargs.pop("reported_on", None) or kwargs.pop("today"),
        author=None,
        source=RagUpdate.Source.WEB,
        **kwargs,
    )


def test_bulk_ratings_belong_to_the_open_round_of_their_plan(open_round, actions, today, lead_user):
    elsewhere = ActionFactory(ref="9")  # a plan in no round
    save((actions[0], Rating.GREEN), (elsewhere, Rating.GREEN), today=today)
    updates = {update.action_id: update for update in RagUpdate.objects.all()}
    assert updates[actions[0].pk].round == open_round
    assert updates[actions[0].pk].round_label == "November 2026"
    assert updates[elsewhere.pk].round is None
    assert updates[elsewhere.pk].round_label == ""
    (due,) = selectors.updates_due(actions_of(lead_user))
    assert due.count == 1  # 1.2 only: 1.1 is updated for the round
    assert selectors.round_completeness(open_round).overall.done == 1


def test_bulk_ratings_after_the_round_closed_belong_to_the_next_round_not_that_one(
    open_round, actions, admin_user, today
):
    round_close(round=open_round, closed_by=admin_user)
    save((actions[0], Rating.GREEN), today=today)
    assert RagUpdate.objects.get().round is None
    assert not RagUpdate.objects.filter(round=open_round).exists()


def test_bulk_ratings_for_a_closed_round_are_refused_and_nothing_is_saved(
    open_round, actions, admin_user, today
):
    closed = round_close(round=open_round, closed_by=admin_user)
    with pytest.raises(ValidationError, match="closed"):
        save((actions[0], Rating.GREEN), (actions[1], Rating.GREEN), today=today, round=closed)
    assert not RagUpdate.objects.exists()


@pytest.mark.parametrize("size", [1, 8])
def test_bulk_ratings_read_the_open_rounds_in_one_query_however_many_plans(
    open_round, actions, today, size
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [(action, Rating.GREEN) for action in [*actions, *ActionFactory.create_batch(size)]]
    with CaptureQueriesContext(connection) as captured:
        save(*rows, today=today)
    rounds_read = [q for q in captured if 'FROM "plans_reportinground"' in q["sql"]]
    assert len(rounds_read) == 1
    assert RagUpdate.objects.filter(round=open_round).count() == 3


def test_saving_on_my_actions_completes_the_round_update(client, open_round, actions, lead_user):
    client.force_login(lead_user)
    response = client.post(
        reverse("plans:my-actions"),
        {
            "reported_on": "2026-11-10",
            f"rating-{actions[0].pk}": "green",
            f"commentary-{actions[0].pk}": "On track.",
        },
    )
    assert response.status_code == 302
    assert RagUpdate.objects.get().round == open_round
