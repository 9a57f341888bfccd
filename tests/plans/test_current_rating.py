import datetime

import pytest
from django.utils import timezone

from plans.models import Action, Rating
from tests.factories import ActionFactory, PlanFactory, RagUpdateFactory

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 30)
SEPTEMBER = datetime.date(2026, 9, 30)


def current_rating(action):
    return Action.objects.with_current_rag().get(pk=action.pk).current_rating


def test_an_action_never_rated_has_no_current_rating():
    assert current_rating(ActionFactory()) is None


def test_the_update_with_the_latest_reporting_date_is_current():
    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.RED, reported_on=JUNE)
    RagUpdateFactory(action=action, rating=Rating.AMBER, reported_on=SEPTEMBER)
    assert current_rating(action) == Rating.AMBER


def test_backfilling_an_older_round_does_not_change_the_current_rating():
    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=SEPTEMBER)
    RagUpdateFactory(action=action, rating=Rating.RED, reported_on=JUNE)  # entered later
    assert current_rating(action) == Rating.GREEN


def test_a_tie_on_reporting_date_goes_to_the_update_created_later():
    action = ActionFactory()
    first = RagUpdateFactory(action=action, rating=Rating.RED, reported_on=JUNE)
    second = RagUpdateFactory(action=action, rating=Rating.BLUE, reported_on=JUNE)
    # Make the creation order explicit rather than relying on clock resolution.
    type(first).objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert current_rating(action) == Rating.BLUE
    assert second.created_at > type(first).objects.get(pk=first.pk).created_at


def test_current_reported_on_is_annotated_too():
    action = ActionFactory()
    RagUpdateFactory(action=action, reported_on=JUNE)
    assert Action.objects.with_current_rag().get(pk=action.pk).current_reported_on == JUNE


def make_rated_actions(count):
    plan = PlanFactory()
    for index in range(count):
        action = ActionFactory(plan=plan, section=None)
        RagUpdateFactory(action=action, rating=Rating.RED, reported_on=JUNE)
        RagUpdateFactory(
            action=action, rating=Rating.GREEN if index % 2 else Rating.AMBER, reported_on=SEPTEMBER
        )
    return plan


@pytest.mark.parametrize("count", [10, 200])
def test_reading_current_ratings_for_a_list_costs_one_query_whatever_its_size(
    count, django_assert_num_queries
):
    plan = make_rated_actions(count)
    with django_assert_num_queries(1):  # actions with their current rating as a subquery
        ratings = [a.current_rating for a in Action.objects.filter(plan=plan).with_current_rag()]
    assert len(ratings) == count
    assert ratings.count(Rating.GREEN) == count // 2
    assert Rating.RED not in ratings
