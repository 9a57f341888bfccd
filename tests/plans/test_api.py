import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Milestone, RagUpdate, Rating
from plans.national import national_objectives
from tests.factories import (
    ActionFactory,
    LeadFactory,
    MilestoneFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

AMBER_WITH_WORDS = {"rating": "amber", "commentary": "Venue delayed; opening in May."}


def rag_updates_url(action):
    return reverse("api:action-rag-updates", args=[action.pk])


def post(client, action, data):
    return client.post(rag_updates_url(action), data, content_type="application/json")


@pytest.fixture
def rated(own_action):
    """own_action with one green update on record."""
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=datetime.date(2026, 1, 31))
    return own_action


def every_url(action):
    update = action.rag_updates.first()
    return [
        reverse("api:plan-list"),
        reverse("api:plan-detail", args=[action.plan_id]),
        reverse("api:action-list"),
        reverse("api:action-detail", args=[action.pk]),
        rag_updates_url(action),
        reverse("api:rag-update-detail", args=[action.pk, update.pk]),
    ]


# Who may read --------------------------------------------------------------------------------


def test_anonymous_visitors_get_401_everywhere(client, rated):
    for url in every_url(rated):
        assert client.get(url).status_code == 401, url
    assert post(client, rated, AMBER_WITH_WORDS).status_code == 401
    assert rated.rag_updates.count() == 1


def test_a_user_without_a_role_gets_403_everywhere(client, no_role_user, rated):
    client.force_login(no_role_user)
    for url in every_url(rated):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["board_member", "commissioner", "admin_user"])
def test_every_role_reads_every_endpoint(request, client, persona, rated):
    client.force_login(request.getfixturevalue(persona))
    for url in every_url(rated):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"


# Who may rate --------------------------------------------------------------------------------


def test_board_member_cannot_rate(client, board_member, own_action):
    client.force_login(board_member)
    response = post(client, own_action, AMBER_WITH_WORDS)
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not rate this action."}
    assert not RagUpdate.objects.exists()


def test_commissioner_rates_an_action_their_organisation_leads(client, commissioner, own_action):
    client.force_login(commissioner)
    response = post(client, own_action, AMBER_WITH_WORDS)
    assert response.status_code == 201
    update = own_action.rag_updates.get()
    assert (update.rating, update.commentary) == (Rating.AMBER, AMBER_WITH_WORDS["commentary"])
    assert update.source == RagUpdate.Source.API
    assert update.author == commissioner
    assert update.reported_on == timezone.localdate()
    assert response.json()["id"] == update.pk
    assert response.json()["rating_text"] == "Amber"


def test_commissioner_cannot_rate_other_orgs_action(client, commissioner, other_action):
    client.force_login(commissioner)
    assert post(client, other_action, AMBER_WITH_WORDS).status_code == 403
    assert not RagUpdate.objects.exists()


def test_commissioner_rates_an_action_they_lead_in_person(client, commissioner, other_action):
    other_action.leads.add(LeadFactory(name="A Williamson", user=commissioner))
    client.force_login(commissioner)
    assert post(client, other_action, AMBER_WITH_WORDS).status_code == 201


def test_commissioner_rates_any_action_of_a_plan_assigned_to_them(
    client, commissioner, other_action
):
    other_action.plan.assignees.add(commissioner)
    client.force_login(commissioner)
    assert post(client, other_action, AMBER_WITH_WORDS).status_code == 201


def test_admin_rates_anything(client, admin_user, other_action):
    client.force_login(admin_user)
    response = post(client, other_action, {"rating": "blue"})
    assert response.status_code == 201
    assert other_action.rag_updates.get().author == admin_user


def test_forbidden_comes_before_validation(client, board_member, own_action):
    client.force_login(board_member)
    assert post(client, own_action, {"rating": "purple"}).status_code == 403


def test_rating_an_action_that_does_not_exist_is_not_found(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("api:action-rag-updates", args=[999999]),
        AMBER_WITH_WORDS,
        content_type="application/json",
    )
    assert response.status_code == 404


# What a rating must say ------------------------------------------------------------------------


def test_a_rating_outside_the_scheme_is_refused_and_nothing_saved(client, admin_user, own_action):
    client.force_login(admin_user)
    response = post(client, own_action, {"rating": "purple", "commentary": "Hmm."})
    assert response.status_code == 400
    assert response.json()["rating"] == [
        '"purple" is not a rating: use one of red, amber, green, blue, not_rated.'
    ]
    assert not RagUpdate.objects.exists()


def test_a_rating_is_required(client, admin_user, own_action):
    client.force_login(admin_user)
    response = post(client, own_action, {"commentary": "Going well."})
    assert response.status_code == 400
    assert "rating" in response.json()
    assert not RagUpdate.objects.exists()


@pytest.mark.parametrize("rating", ["red", "amber"])
@pytest.mark.parametrize("commentary", [None, "", "   "])
def test_red_and_amber_need_commentary(client, admin_user, own_action, rating, commentary):
    client.force_login(admin_user)
    data = (
        {"rating": rating} if commentary is None else {"rating": rating, "commentary": commentary}
    )
    response = post(client, own_action, data)
    assert response.status_code == 400
    assert response.json()["commentary"] == ["Enter a commentary to explain a red or amber rating."]
    assert not RagUpdate.objects.exists()


@pytest.mark.parametrize("rating", ["green", "blue", "not_rated"])
def test_green_blue_and_not_rated_need_no_commentary(client, admin_user, own_action, rating):
    client.force_login(admin_user)
    assert post(client, own_action, {"rating": rating}).status_code == 201


def test_a_reporting_date_in_the_future_is_refused(client, admin_user, own_action):
    client.force_login(admin_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post(client, own_action, {"rating": "green", "reported_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert response.json()["reported_on"] == ["The reporting date cannot be in the future."]
    assert not RagUpdate.objects.exists()


def test_back_filling_an_earlier_round_keeps_its_date_and_label(client, admin_user, rated):
    client.force_login(admin_user)
    data = {
        "rating": "red",
        "commentary": "Late.",
        "reported_on": "2025-12-31",
        "round_label": "Q3",
    }
    assert post(client, rated, data).status_code == 201
    earlier = rated.rag_updates.get(reported_on=datetime.date(2025, 12, 31))
    assert earlier.round_label == "Q3"
    current = client.get(reverse("api:action-detail", args=[rated.pk])).json()
    assert current["current_rating"] == "green"  # back-filling does not change the current rating


def test_the_client_cannot_choose_source_author_or_sample(
    client, commissioner, own_action, admin_user
):
    client.force_login(commissioner)
    data = {**AMBER_WITH_WORDS, "source": "import", "author": admin_user.pk, "is_sample": True}
    assert post(client, own_action, data).status_code == 201
    update = own_action.rag_updates.get()
    assert (update.source, update.author, update.is_sample) == ("api", commissioner, False)


# Append-only --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_rag_updates_cannot_be_changed_or_removed(client, admin_user, rated, method):
    client.force_login(admin_user)
    update = rated.rag_updates.get()
    before = RagUpdate.objects.values().get()
    change = {"rating": "red", "commentary": "Rewriting history."}
    for url in [
        rag_updates_url(rated),
        reverse("api:rag-update-detail", args=[rated.pk, update.pk]),
    ]:
        response = getattr(client, method)(url, change, content_type="application/json")
        assert response.status_code == 405, url
    assert list(RagUpdate.objects.values()) == [before]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_plans_and_actions_are_read_only(client, admin_user, rated, method):
    client.force_login(admin_user)
    urls = [
        reverse("api:plan-list"),
        reverse("api:plan-detail", args=[rated.plan_id]),
        reverse("api:action-list"),
        reverse("api:action-detail", args=[rated.pk]),
    ]
    for url in urls:
        response = getattr(client, method)(url, {"title": "x"}, content_type="application/json")
        assert response.status_code == 405, url
    rated.refresh_from_db()
    assert rated.text.startswith("Do the thing")


def test_a_rag_update_belongs_to_the_action_in_its_url(client, board_member, rated, other_action):
    client.force_login(board_member)
    update = rated.rag_updates.get()
    url = reverse("api:rag-update-detail", args=[other_action.pk, update.pk])
    assert client.get(url).status_code == 404


# What the endpoints say --------------------------------------------------------------------


def test_plans_carry_their_own_legend(client, board_member):
    plan = PlanFactory(title="Telford plan", legend_green="On target against milestones")
    SectionFactory(plan=plan, ref="1", title="Prevention")
    client.force_login(board_member)
    listed = client.get(reverse("api:plan-list")).json()["results"]
    assert [p["title"] for p in listed] == ["Telford plan"]
    assert listed[0]["legend"]["green"] == "On target against milestones"
    assert listed[0]["legend"]["red"] == "Red"
    detail = client.get(listed[0]["url"]).json()
    assert [s["title"] for s in detail["sections"]] == ["Prevention"]


def test_action_detail_has_leads_section_objectives_milestones_and_history(
    client, board_member, own_action
):
    own_action.objectives.add(national_objectives().first())
    MilestoneFactory(action=own_action, title="Task group established")
    RagUpdateFactory(action=own_action, rating=Rating.AMBER, reported_on=datetime.date(2026, 1, 31))
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=datetime.date(2026, 4, 30))
    client.force_login(board_member)
    body = client.get(reverse("api:action-detail", args=[own_action.pk])).json()
    assert [lead["name"] for lead in body["leads"]] == ["JCT team"]
    assert body["section"]["id"] == own_action.section_id
    assert len(body["objectives"]) == 1
    assert [m["title"] for m in body["milestones"]] == [Milestone.objects.get().title]
    assert body["current_rating"] == "green"
    assert body["current_reported_on"] == "2026-04-30"
    assert [u["rating"] for u in body["rag_history"]] == ["green", "amber"]  # newest first
    assert body["rag_updates_url"].endswith(rag_updates_url(own_action))


def test_rag_updates_list_is_the_history_newest_first(client, board_member, own_action):
    own_action.plan.legend_green = "On target against milestones"
    own_action.plan.save()
    RagUpdateFactory(
        action=own_action,
        rating=Rating.RED,
        commentary="Stuck.",
        reported_on=datetime.date(2026, 1, 31),
    )
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=datetime.date(2026, 4, 30))
    client.force_login(board_member)
    results = client.get(rag_updates_url(own_action)).json()["results"]
    assert [(u["rating"], u["rating_text"]) for u in results] == [
        ("green", "Green – On target against milestones"),
        ("red", "Red"),
    ]


def test_actions_are_filtered_by_the_tables_filters(client, board_member, own_action, other_action):
    RagUpdateFactory(action=own_action, rating=Rating.RED, commentary="Stuck.")
    client.force_login(board_member)
    url = reverse("api:action-list")
    red = client.get(url, {"rating": "red"}).json()["results"]
    assert [a["id"] for a in red] == [own_action.pk]
    in_plan = client.get(url, {"plan": other_action.plan_id}).json()["results"]
    assert [a["id"] for a in in_plan] == [other_action.pk]
    unrated = client.get(url, {"rating": "not_rated"}).json()["results"]
    assert [(a["id"], a["current_rating"]) for a in unrated] == [(other_action.pk, "not_rated")]


def test_actions_are_sorted_like_the_tables(client, board_member, own_action, other_action):
    RagUpdateFactory(action=other_action, rating=Rating.RED, commentary="Stuck.")
    RagUpdateFactory(action=own_action, rating=Rating.GREEN)
    client.force_login(board_member)
    results = client.get(reverse("api:action-list"), {"sort": "rating"}).json()["results"]
    assert [a["id"] for a in results] == [other_action.pk, own_action.pk]


def test_an_invalid_filter_value_is_a_clear_400(client, board_member, own_action):
    client.force_login(board_member)
    response = client.get(reverse("api:action-list"), {"rating": "purple"})
    assert response.status_code == 400
    assert "rating" in response.json()


# Query counts --------------------------------------------------------------------------------


def make_actions(count: int):
    """`count` actions in one plan, each with two leads and two ratings."""
    plan = PlanFactory()
    section = SectionFactory(plan=plan)
    leads = [LeadFactory(), LeadFactory()]
    for n in range(count):
        action = ActionFactory(plan=plan, section=section, ref=str(n + 1), order=n)
        action.leads.add(*leads)
        RagUpdateFactory(action=action, rating=Rating.GREEN, reported_on=datetime.date(2026, 1, 31))
        RagUpdateFactory(action=action, rating=Rating.AMBER, commentary="Late.")
    return plan


@pytest.mark.parametrize("count", [10, 200])
def test_action_list_takes_the_same_queries_however_many_actions(
    client, board_member, django_assert_num_queries, count
):
    make_actions(count)
    client.force_login(board_member)
    # session, user, user's groups (roles), the page's keys,
    # actions + plan + section + current rating + previous round (subqueries), leads
    # (keyset pages: no count)
    with django_assert_num_queries(6):
        response = client.get(reverse("api:action-list"), {"rating": "amber", "sort": "due"})
    assert len(response.json()["results"]) == min(count, 100)


@pytest.mark.parametrize("count", [10, 200])
def test_plan_list_takes_the_same_queries_however_many_plans(
    client, board_member, django_assert_num_queries, count
):
    for _ in range(count):
        PlanFactory()
    client.force_login(board_member)
    # session, user, user's groups (roles), plans + owner (keyset pages: no count)
    with django_assert_num_queries(4):
        response = client.get(reverse("api:plan-list"))
    assert len(response.json()["results"]) == min(count, 100)
    assert (response.json()["next"] is None) == (count <= 100)


@pytest.mark.parametrize("count", [10, 200])
def test_rag_history_takes_the_same_queries_however_many_updates(
    client, board_member, django_assert_num_queries, count
):
    action = ActionFactory()
    for n in range(count):
        RagUpdateFactory(
            action=action, reported_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        )
    client.force_login(board_member)
    # session, user, user's groups (roles), action + plan, updates + author (no count)
    with django_assert_num_queries(5):
        response = client.get(rag_updates_url(action))
    assert len(response.json()["results"]) == min(count, 100)


@pytest.mark.parametrize("count", [10, 200])
def test_action_detail_takes_the_same_queries_however_long_its_history(
    client, board_member, django_assert_num_queries, count
):
    action = ActionFactory()
    action.leads.add(LeadFactory(), LeadFactory())
    for n in range(count):
        RagUpdateFactory(
            action=action, reported_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        )
        MilestoneFactory(action=action, order=n)
    client.force_login(board_member)
    # session, user, user's groups (roles), action + plan + section + current rating,
    # leads, objectives, milestones, rag history + author
    with django_assert_num_queries(8):
        response = client.get(reverse("api:action-detail", args=[action.pk]))
    assert len(response.json()["rag_history"]) == count
