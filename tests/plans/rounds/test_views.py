"""Round pages: open, update, close, publish through the web; each page in a fixed number of
queries at two data sizes."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Action, RagUpdate, Rating, ReportingRound
from plans.rounds.services import round_close, round_publish, round_update_create

pytestmark = pytest.mark.django_db


def test_an_admin_opens_a_round_from_the_form(client, admin_user, plan):
    client.force_login(admin_user)
    response = client.post(
        reverse("plans:round-open"),
        {
            "name": "October 2016",
            "reported_on": "2016-10-31",
            "deadline": "2016-11-07",
            "plans": [plan.pk],
        },
    )
    round_ = ReportingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == round_.get_absolute_url()
    assert round_.name == "October 2016"
    assert list(round_.plans.all()) == [plan]


def test_my_actions_shows_the_updates_due(client, lead_user, open_round, actions):
    client.force_login(lead_user)
    response = client.get(reverse("plans:my-actions"))
    assert "2 updates due for November 2026" in response.content.decode()
    assert reverse("plans:round-update", args=[open_round.pk, actions[0].pk]) in (
        response.content.decode()
    )


def test_the_update_form_carries_forward_and_shows_the_plan_legend(
    client, lead_user, open_round, actions
):
    RagUpdate.objects.create(
        action=actions[0],
        rating=Rating.GREEN,
        commentary="Going well.",
        reported_on=datetime.date(2026, 10, 31),
    )
    client.force_login(lead_user)
    url = reverse("plans:round-update", args=[open_round.pk, actions[0].pk])
    page = client.get(url).content.decode()
    assert "Green – On target against milestones" in page
    assert "Going well." in page
    assert 'value="green" id="id_rating_2" checked' in page


def test_an_amber_update_without_why_is_refused_beside_the_field(
    client, lead_user, open_round, actions
):
    client.force_login(lead_user)
    url = reverse("plans:round-update", args=[open_round.pk, actions[0].pk])
    response = client.post(url, {"rating": "amber", "commentary": "Behind."})
    assert response.status_code == 400
    assert "Say why the action is red or amber" in response.content.decode()
    response = client.post(
        url,
        {
            "rating": "amber",
            "commentary": "Behind.",
            "why_and_next": "Staff off sick; cover from January.",
            "forecast_rating": "green",
            "new_due_date": "2027-06-30",
            "due_date_reason": "Cover starts late.",
        },
    )
    assert response.status_code == 302
    update = RagUpdate.objects.get()
    assert (update.round, update.forecast_rating, update.new_due_date) == (
        open_round,
        Rating.GREEN,
        datetime.date(2027, 6, 30),
    )


def test_a_closed_round_refuses_a_late_update_from_the_web(
    client, lead_user, admin_user, open_round, actions
):
    round_close(round=open_round, closed_by=admin_user)
    client.force_login(lead_user)
    url = reverse("plans:round-update", args=[open_round.pk, actions[0].pk])
    response = client.post(url, {"rating": "green"})
    assert response.status_code == 409
    assert not RagUpdate.objects.exists()


def test_the_round_page_shows_completeness_and_links_the_missing(
    client, board_member, open_round, actions
):
    round_update_create(
        round=open_round, action=actions[0], rating=Rating.GREEN, commentary="", author=None
    )
    client.force_login(board_member)
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert "<strong>33%</strong> of actions updated: 1 of 3." in page
    assert actions[1].get_absolute_url() in page
    assert actions[2].get_absolute_url() in page


def test_admin_closes_then_publishes_and_the_page_shows_the_snapshot(
    client, admin_user, open_round, actions
):
    client.force_login(admin_user)
    client.post(reverse("plans:round-close", args=[open_round.pk]))
    client.post(reverse("plans:round-publish", args=[open_round.pk]))
    open_round.refresh_from_db()
    assert open_round.state == ReportingRound.State.PUBLISHED
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert "As reported to the board, November 2026" in page


def test_the_public_sees_published_rounds_only(client, admin_user, open_round, settings):
    settings.PUBLIC_DASHBOARDS = True
    assert client.get(open_round.get_absolute_url()).status_code == 403
    round_close(round=open_round, closed_by=admin_user)
    round_publish(round=open_round, published_by=admin_user)
    assert client.get(open_round.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:round-list")).status_code == 200


def _grow(plan, size):
    """`size` more actions in the plan, half with a rating."""
    from tests.factories import ActionFactory, LeadFactory

    lead = LeadFactory(name=f"Lead of {size}")
    for index in range(size):
        action = ActionFactory(plan=plan, ref=f"9.{index}")
        action.leads.add(lead)
        if index % 2:
            RagUpdate.objects.create(
                action=action,
                rating=Rating.AMBER,
                commentary="Behind.",
                reported_on=datetime.date(2026, 10, 31),
            )


@pytest.mark.parametrize("size", [5, 60])
def test_the_round_page_costs_the_same_queries_at_any_size(
    client, board_member, open_round, plan, size, django_assert_num_queries
):
    _grow(plan, size)
    client.force_login(board_member)
    # session, user, groups (roles), round, its plans; actions (with plan, section and
    # whether updated), their leads, the leads' organisations
    with django_assert_num_queries(8):
        assert client.get(open_round.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_a_published_round_page_costs_the_same_queries_at_any_size(
    client, board_member, admin_user, open_round, plan, size, django_assert_num_queries
):
    _grow(plan, size)
    round_close(round=open_round, closed_by=admin_user)
    round_publish(round=open_round, published_by=admin_user)
    client.force_login(board_member)
    # as above, then the snapshot's entries (with actions, plans, sections) and their leads
    with django_assert_num_queries(10):
        assert client.get(open_round.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_the_update_form_costs_the_same_queries_at_any_size(
    client, lead_user, open_round, plan, actions, size, django_assert_num_queries
):
    _grow(plan, size)
    client.force_login(lead_user)
    url = reverse("plans:round-update", args=[open_round.pk, actions[0].pk])
    # session, user; round, its plans; action (plan, section), its leads, its ratings;
    # can_rate: groups, rateable check
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_my_actions_updates_due_cost_two_queries_at_any_size(
    client, lead_user, open_round, plan, size, django_assert_num_queries
):
    from plans.models import Lead

    _grow(plan, size)
    Lead.objects.get(name=f"Lead of {size}").organisations.add(
        *lead_user.memberships.values_list("organisation", flat=True)
    )
    client.force_login(lead_user)
    response = client.get(reverse("plans:my-actions"))
    assert f"{2 + size} updates due" in response.content.decode()
    # Whatever My actions costs, the updates due add two queries: the open rounds and the
    # actions due in them (with plan, section, last rating and commentary).
    from plans.permissions import actions_of
    from plans.rounds import selectors

    with django_assert_num_queries(2):
        (due,) = selectors.updates_due(actions_of(lead_user))
    assert due.count == 2 + size
    assert Action.objects.filter(plan=plan).count() == 3 + size
