"""Each action stores its current rating (DESIGN.md "Ratings at scale"), written with every
new update by the rating service: it must always equal the rule worked out from the history."""

import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from plans import services
from plans.models import Action, PlanRatingChange, RagUpdate, Rating
from plans.ratings import plan_rating_changes_expected, plan_rating_changes_stored
from plans.rollups import plan_rating_counts_expected, plan_rating_counts_stored
from plans.selectors import current_rating_mismatches
from plans.services import RatingInput, rag_update_create, rag_updates_create
from tests.factories import ActionFactory, PlanFactory, RagUpdateFactory

pytestmark = pytest.mark.django_db

ROUNDS = [datetime.date(2025, 3, 31), datetime.date(2025, 6, 30), datetime.date(2025, 9, 30)]


def by_the_rule(action: Action) -> tuple:
    """(update id, rating, reported_on) by the rule, worked out in Python from the history."""
    updates = list(RagUpdate.objects.filter(action=action))
    if not updates:
        return (None, None, None)
    current = max(updates, key=lambda u: (u.reported_on, u.created_at, u.pk))
    return (current.pk, current.rating, current.reported_on)


def stored(action: Action) -> tuple:
    action.refresh_from_db()
    return (action.current_update_id, action.current_rating, action.current_reported_on)


def test_a_new_action_has_no_current_rating():
    assert stored(ActionFactory()) == (None, None, None)


def test_rating_an_action_stores_its_rating_date_and_update_on_the_action():
    action = ActionFactory()
    update = rag_update_create(
        action=action,
        rating=Rating.GREEN,
        commentary="",
        author=None,
        reported_on=ROUNDS[1],
        source="web",
    )
    # The caller's instance is brought up to date too.
    assert (action.current_rating, action.current_reported_on) == (Rating.GREEN, ROUNDS[1])
    assert stored(action) == (update.pk, Rating.GREEN, ROUNDS[1])


def test_a_back_filled_older_update_does_not_change_the_stored_rating():
    action = ActionFactory()
    september = rag_update_create(
        action=action, rating=Rating.GREEN, commentary="", author=None,
        reported_on=ROUNDS[2], source="web",
    )  # fmt: skip
    rag_update_create(
        action=action, rating=Rating.RED, commentary="Late", author=None,
        reported_on=ROUNDS[0], source="web",
    )  # fmt: skip
    assert stored(action) == (september.pk, Rating.GREEN, ROUNDS[2])


def test_a_second_update_for_the_same_date_becomes_current():
    action = ActionFactory()
    rag_update_create(
        action=action, rating=Rating.RED, commentary="Stuck", author=None,
        reported_on=ROUNDS[1], source="web",
    )  # fmt: skip
    correction = rag_update_create(
        action=action, rating=Rating.AMBER, commentary="Moving", author=None,
        reported_on=ROUNDS[1], source="web", is_correction=True,
    )  # fmt: skip
    assert stored(action) == (correction.pk, Rating.AMBER, ROUNDS[1])


def test_a_refused_rating_changes_nothing():
    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=ROUNDS[0])
    before = stored(action)
    with pytest.raises(Exception):  # noqa: B017  ValidationError: red needs commentary
        rag_update_create(
            action=action, rating=Rating.RED, commentary="", author=None,
            reported_on=ROUNDS[2], source="web",
        )  # fmt: skip
    assert stored(action) == before


def test_the_bulk_service_stores_each_actions_current_rating():
    plan = PlanFactory()
    first, second = ActionFactory(plan=plan), ActionFactory(plan=plan)
    RagUpdateFactory(action=second, rating=Rating.BLUE, reported_on=ROUNDS[2])
    rag_updates_create(
        ratings=[
            RatingInput(first, Rating.AMBER, "Behind"),
            RatingInput(second, Rating.GREEN, ""),  # older than its blue: not current
        ],
        reported_on=ROUNDS[1],
        author=None,
        source="web",
    )
    assert stored(first)[1:] == (Rating.AMBER, ROUNDS[1])
    assert stored(second)[1:] == (Rating.BLUE, ROUNDS[2])


@pytest.mark.parametrize("recounted_above", [None, 0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_rating_equals_the_rule_on_random_histories(seed, recounted_above, monkeypatch):
    """Random histories through every way an update is made: one at a time, in bulk, and
    created directly (fixtures), some of them demo data; dates repeat so ties happen, and
    older rounds are back-filled. After every write the stored ratings, the plans' rating
    changes and counts equal what the history says, whether the write moved the plans' rows
    by what changed (up to services.RATED_AT_ONCE_MOVED actions) or counted them again (0)."""
    if recounted_above is not None:
        monkeypatch.setattr(services, "RATED_AT_ONCE_MOVED", recounted_above)
    rng = random.Random(seed)
    plans = [PlanFactory(), PlanFactory()]
    actions = [ActionFactory(plan=rng.choice(plans)) for _ in range(12)]
    for step in range(60):
        rating = rng.choice(Rating.values)
        reported_on = rng.choice(ROUNDS)
        way = rng.random()
        if way < 0.4:
            rag_update_create(
                action=rng.choice(actions), rating=rating, commentary="Why", author=None,
                reported_on=reported_on, source="web", is_correction=rng.random() < 0.2,
            )  # fmt: skip
        elif way < 0.7:
            chosen = rng.sample(actions, rng.randint(1, 4))
            rag_updates_create(
                ratings=[RatingInput(a, rating, "Why") for a in chosen],
                reported_on=reported_on,
                author=None,
                source="import",
                is_sample=rng.random() < 0.3,
            )
        else:
            RagUpdateFactory(action=rng.choice(actions), rating=rating, reported_on=reported_on)
        assert plan_rating_changes_stored() == plan_rating_changes_expected(), step
        assert plan_rating_counts_stored() == plan_rating_counts_expected(), step
    for action in actions:
        assert stored(action) == by_the_rule(action), action.pk
    assert current_rating_mismatches() == []


def test_check_current_ratings_reports_a_wrong_rating_and_fix_repairs_it(capsys):
    action = ActionFactory()
    update = RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=ROUNDS[0])
    call_command("check_current_ratings")
    assert "agrees" in capsys.readouterr().out

    Action.objects.filter(pk=action.pk).update(current_rating=Rating.RED)  # gone wrong
    with pytest.raises(CommandError, match="1 action"):
        call_command("check_current_ratings")
    assert f"action {action.pk}" in capsys.readouterr().out

    call_command("check_current_ratings", "--fix")
    assert stored(action) == (update.pk, Rating.GREEN, ROUNDS[0])
    call_command("check_current_ratings")


def test_check_current_ratings_repairs_a_plans_rating_changes():
    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=ROUNDS[0])
    PlanRatingChange.objects.filter(plan=action.plan).update(change=5)  # gone wrong
    with pytest.raises(CommandError, match="1 plan"):
        call_command("check_current_ratings")
    call_command("check_current_ratings", "--fix")
    assert plan_rating_changes_stored() == plan_rating_changes_expected()


def test_moving_an_action_to_another_plan_moves_its_rating_changes(admin_user):
    from plans.services import action_update

    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.RED, reported_on=ROUNDS[0])
    other = PlanFactory()
    action_update(
        action=action, expected_version=action.version, changes={"plan": other}, editor=admin_user
    )
    assert set(PlanRatingChange.objects.values_list("plan_id", "rating", "change")) == {
        (other.pk, Rating.RED, 1)
    }


def test_the_data_migration_fills_every_actions_current_rating():
    rated, never = ActionFactory(), ActionFactory()
    RagUpdateFactory(action=rated, rating=Rating.RED, reported_on=ROUNDS[2])
    latest = RagUpdateFactory(action=rated, rating=Rating.AMBER, reported_on=ROUNDS[2])
    RagUpdateFactory(action=rated, rating=Rating.GREEN, reported_on=ROUNDS[0])
    Action.objects.update(current_rating=None, current_reported_on=None, current_update=None)

    migration = importlib.import_module("plans.migrations.0006_fill_current_ratings")
    migration.fill_current_ratings(apps, schema_editor=None)

    assert stored(rated) == (latest.pk, Rating.AMBER, ROUNDS[2])
    assert stored(never) == (None, None, None)


def test_the_data_migration_fills_every_plans_rating_changes():
    from django.db import connection

    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.RED, reported_on=ROUNDS[0])
    RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=ROUNDS[1])
    expected = plan_rating_changes_stored()
    PlanRatingChange.objects.all().delete()

    migration = importlib.import_module("plans.migrations.0008_plan_rating_changes")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert plan_rating_changes_stored() == expected == plan_rating_changes_expected()
