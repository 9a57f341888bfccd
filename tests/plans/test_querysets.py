import datetime

import pytest

from plans.models import Action, Rating
from tests.factories import (
    ActionFactory,
    LeadFactory,
    OrganisationFactory,
    RagUpdateFactory,
)

pytestmark = pytest.mark.django_db

END_OF_JUNE_2011 = datetime.date(2011, 6, 30)  # an action "due June 2011"


def test_an_action_due_in_june_is_not_overdue_on_the_last_day_of_june():
    action = ActionFactory(due_date=END_OF_JUNE_2011)
    assert action not in Action.objects.overdue(on=datetime.date(2011, 6, 30))


def test_an_action_due_in_june_is_overdue_on_the_first_of_july():
    action = ActionFactory(due_date=END_OF_JUNE_2011)
    assert action in Action.objects.overdue(on=datetime.date(2011, 7, 1))


def test_a_completed_action_is_never_overdue():
    action = ActionFactory(due_date=END_OF_JUNE_2011)
    RagUpdateFactory(action=action, rating=Rating.BLUE)
    assert action not in Action.objects.overdue(on=datetime.date(2012, 1, 1))


def test_an_action_with_no_due_date_is_not_overdue():
    action = ActionFactory(due_date=None)
    assert action not in Action.objects.overdue(on=datetime.date(2030, 1, 1))


def test_overdue_counts_actions_rated_red_or_not_rated():
    red = ActionFactory(due_date=END_OF_JUNE_2011)
    RagUpdateFactory(action=red, rating=Rating.RED)
    unrated = ActionFactory(due_date=END_OF_JUNE_2011)
    assert set(Action.objects.overdue(on=datetime.date(2011, 7, 1))) == {red, unrated}


def test_due_between_includes_both_ends():
    first = ActionFactory(due_date=datetime.date(2015, 3, 31))
    last = ActionFactory(due_date=datetime.date(2015, 6, 30))
    ActionFactory(due_date=datetime.date(2015, 7, 31))
    ActionFactory(due_date=datetime.date(2015, 2, 28))
    found = Action.objects.due_between(datetime.date(2015, 3, 31), datetime.date(2015, 6, 30))
    assert set(found) == {first, last}


def test_led_by_a_lead():
    lead = LeadFactory(name="R Vickers")
    led = ActionFactory()
    led.leads.add(lead)
    ActionFactory()
    assert list(Action.objects.led_by(lead)) == [led]


def test_led_by_an_organisation_covers_its_leads_once_each():
    pct = OrganisationFactory(name="Halton and St Helens PCT")
    vickers = LeadFactory(name="R Vickers")
    marsden = LeadFactory(name="L Marsden")
    vickers.organisations.add(pct)
    marsden.organisations.add(pct)
    action = ActionFactory()
    action.leads.add(vickers, marsden)  # two leads of one organisation: listed once
    ActionFactory().leads.add(LeadFactory(name="All"))  # a lead with no organisation
    assert list(Action.objects.led_by(pct)) == [action]


def test_a_joint_post_leads_for_each_of_its_organisations():
    council = OrganisationFactory(name="Halton Borough Council")
    pct = OrganisationFactory(name="Halton and St Helens PCT")
    crisp = LeadFactory(name="E Crisp")
    crisp.organisations.add(council, pct)
    action = ActionFactory()
    action.leads.add(crisp)
    assert list(Action.objects.led_by(council)) == [action]
    assert list(Action.objects.led_by(pct)) == [action]


def test_led_by_refuses_other_objects():
    with pytest.raises(TypeError):
        Action.objects.led_by("R Vickers")


def test_stale_means_no_update_reported_since_the_date():
    since = datetime.date(2026, 6, 1)
    fresh = ActionFactory()
    RagUpdateFactory(action=fresh, reported_on=since)  # on the day counts as fresh
    old = ActionFactory()
    RagUpdateFactory(action=old, reported_on=datetime.date(2026, 5, 31))
    never = ActionFactory()
    assert set(Action.objects.stale(since=since)) == {old, never}


def test_rated_not_rated_includes_actions_never_rated():
    never = ActionFactory()
    explicit = ActionFactory()
    RagUpdateFactory(action=explicit, rating=Rating.NOT_RATED)
    green = ActionFactory()
    RagUpdateFactory(action=green, rating=Rating.GREEN)
    assert set(Action.objects.rated(Rating.NOT_RATED)) == {never, explicit}
    assert list(Action.objects.rated(Rating.GREEN)) == [green]
