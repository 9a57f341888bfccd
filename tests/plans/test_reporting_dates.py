"""A reporting date has sane bounds, by one rule (plans.rules) used by form, API and service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from plans.models import RagUpdate
from plans.rules import reported_on_problem
from plans.services import rag_update_create

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
PLAN_START = datetime.date(2012, 4, 1)


class PlanStub:
    def __init__(self, period_start):
        self.period_start = period_start


def test_the_rule_allows_today_and_a_past_date_within_the_plan():
    plan = PlanStub(PLAN_START)
    assert reported_on_problem(TODAY, today=TODAY, plan=plan) is None
    assert reported_on_problem(PLAN_START, today=TODAY, plan=plan) is None


def test_the_rule_refuses_the_year_one():
    problem = reported_on_problem(datetime.date(1, 1, 1), today=TODAY)
    assert problem == "The reporting date must be on or after 1 January 1990."


def test_the_rule_refuses_a_date_before_the_plan_starts():
    problem = reported_on_problem(
        datetime.date(2012, 3, 31), today=TODAY, plan=PlanStub(PLAN_START)
    )
    assert problem == "The reporting date must be on or after 1 April 2012, when this plan starts."


def test_a_plan_starting_before_1990_still_has_the_1990_floor():
    plan = PlanStub(datetime.date(1980, 1, 1))
    assert reported_on_problem(datetime.date(1985, 1, 1), today=TODAY, plan=plan) == (
        "The reporting date must be on or after 1 January 1990."
    )


def test_the_rule_refuses_any_future_date_so_nothing_absurdly_far_ahead():
    for ahead in (datetime.timedelta(days=1), datetime.timedelta(days=366 * 5000)):
        problem = reported_on_problem(TODAY + ahead, today=TODAY)
        assert problem == "The reporting date cannot be in the future."


@pytest.fixture
def plan_from_2012(own_action):
    own_action.plan.period_start = PLAN_START
    own_action.plan.save()
    return own_action


def test_the_rating_form_refuses_the_year_one(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[own_action.pk]),
        {"rating": "green", "commentary": "", "reported_on": "0001-01-01"},
    )
    assert response.status_code == 400
    assert "The reporting date must be on or after 1 January 1990." in response.content.decode()
    assert not RagUpdate.objects.exists()


def test_the_rating_form_refuses_a_date_before_the_plan_starts(
    client, commissioner, plan_from_2012
):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[plan_from_2012.pk]),
        {"rating": "green", "commentary": "", "reported_on": "2011-12-31"},
    )
    assert response.status_code == 400
    assert "on or after 1 April 2012, when this plan starts" in response.content.decode()
    assert not RagUpdate.objects.exists()


def test_the_bulk_form_refuses_a_date_before_a_rated_actions_plan_starts(
    client, commissioner, plan_from_2012
):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:my-actions"),
        {
            "reported_on": "2011-12-31",
            f"rating-{plan_from_2012.pk}": "green",
            f"commentary-{plan_from_2012.pk}": "",
        },
    )
    assert response.status_code == 400
    assert "on or after 1 April 2012, when this plan starts" in response.content.decode()
    assert not RagUpdate.objects.exists()


def test_the_api_refuses_the_year_one_and_a_date_before_the_plan(
    client, commissioner, plan_from_2012
):
    client.force_login(commissioner)
    url = reverse("api:action-rag-updates", args=[plan_from_2012.pk])
    for date, message in [
        (
            "0001-01-01",
            "The reporting date must be on or after 1 April 2012, when this plan starts.",
        ),
        (
            "2012-03-31",
            "The reporting date must be on or after 1 April 2012, when this plan starts.",
        ),
    ]:
        response = client.post(
            url, {"rating": "green", "reported_on": date}, content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["reported_on"] == [message]
    assert not RagUpdate.objects.exists()


def test_the_service_refuses_what_the_form_and_api_refuse(plan_from_2012, commissioner):
    with pytest.raises(ValidationError) as refused:
        rag_update_create(
            action=plan_from_2012,
            rating="green",
            commentary="",
            author=commissioner,
            reported_on=datetime.date(1, 1, 1),
            source=RagUpdate.Source.WEB,
        )
    assert "when this plan starts" in refused.value.message_dict["reported_on"][0]
    assert not RagUpdate.objects.exists()


def test_a_date_on_the_plans_first_day_is_accepted(client, commissioner, plan_from_2012):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[plan_from_2012.pk]),
        {"rating": "green", "commentary": "", "reported_on": PLAN_START.isoformat()},
    )
    assert response.status_code == 302
    assert RagUpdate.objects.get().reported_on == PLAN_START
    assert timezone.localdate() > PLAN_START
