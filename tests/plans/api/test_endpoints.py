"""The read endpoints: what each returns, filters, keyset pages, and the CSV of the table."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Rating
from plans.national import national_objectives
from plans.rounds.services import round_close, round_open, round_publish
from tests.factories import (
    ActionFactory,
    LeadFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
)
from tests.plans.api.conftest import bearer

pytestmark = pytest.mark.django_db

JANUARY = datetime.date(2026, 1, 31)
APRIL = datetime.date(2026, 4, 30)


def get(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url, params=None):
    """Every row of a keyset-paged list, following `next`."""
    rows, pages = [], 0
    body = client.get(url, params or {}).json()
    while True:
        rows += body["results"]
        pages += 1
        if body["next"] is None:
            return rows, pages
        body = client.get(body["next"]).json()


# Reference lists -----------------------------------------------------------------------------


def test_strategies_come_with_their_objectives(client, board_member):
    client.force_login(board_member)
    national = get(client, "api:strategy-list")["results"]
    assert [s["title"] for s in national] == ["No Health Without Mental Health"]
    assert [o["id"] for o in national[0]["objectives"]] == [o.pk for o in national_objectives()]
    objectives = get(client, "api:objective-list", strategy=national[0]["id"])["results"]
    assert len(objectives) == 6


def test_leads_carry_their_organisations_and_filter_by_one(client, board_member):
    council = OrganisationFactory(name="Telford Council")
    joint = LeadFactory(name="Joint post")
    joint.organisations.add(council, OrganisationFactory(name="Telford CCG"))
    LeadFactory(name="All providers")
    client.force_login(board_member)
    leads = get(client, "api:lead-list")["results"]
    assert [(lead["name"], len(lead["organisations"])) for lead in leads] == [
        ("All providers", 0),
        ("Joint post", 2),
    ]
    in_council = get(client, "api:lead-list", organisation=council.pk)["results"]
    assert [lead["name"] for lead in in_council] == ["Joint post"]
    organisations = get(client, "api:organisation-list")["results"]
    assert [o["name"] for o in organisations] == ["Telford CCG", "Telford Council"]


def test_sections_and_milestones_filter_by_plan(client, board_member, own_action, other_action):
    MilestoneFactory(action=own_action, title="Group set up", due_date=APRIL)
    MilestoneFactory(action=other_action, title="Elsewhere")
    client.force_login(board_member)
    milestones = get(client, "api:milestone-list", plan=own_action.plan_id)["results"]
    assert [(m["title"], m["action"], m["plan"], m["due_date"]) for m in milestones] == [
        ("Group set up", own_action.pk, own_action.plan_id, "2026-04-30")
    ]
    sections = get(client, "api:section-list", plan=own_action.plan_id)["results"]
    assert [s["id"] for s in sections] == [own_action.section_id]


def test_rating_history_lists_every_rating_with_its_action_and_plan(
    client, board_member, own_action, other_action
):
    RagUpdateFactory(action=own_action, rating=Rating.AMBER, reported_on=JANUARY)
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=APRIL)
    RagUpdateFactory(action=other_action, rating=Rating.RED, reported_on=APRIL)
    client.force_login(board_member)
    history = get(client, "api:rating-history-list")["results"]
    assert [(u["action"], u["plan"], u["rating"]) for u in history] == [
        (own_action.pk, own_action.plan_id, "amber"),
        (own_action.pk, own_action.plan_id, "green"),
        (other_action.pk, other_action.plan_id, "red"),
    ]
    since = get(client, "api:rating-history-list", reported_after="2026-02-01")["results"]
    assert [u["rating"] for u in since] == ["green", "red"]
    of_plan = get(client, "api:rating-history-list", plan=other_action.plan_id)["results"]
    assert [u["rating"] for u in of_plan] == ["red"]


# Actions -------------------------------------------------------------------------------------


def test_actions_carry_extra_fields_and_their_direction_since_the_last_published_round(
    client, admin_user, board_member, own_action
):
    own_action.extra_fields = {"Cost": "£2,000"}
    own_action.save()
    first = round_open(
        name="January 2026",
        reported_on=JANUARY,
        deadline=JANUARY,
        plans=[own_action.plan],
        opened_by=admin_user,
    )
    RagUpdateFactory(action=own_action, rating=Rating.AMBER, reported_on=JANUARY, round=first)
    round_close(round=first, closed_by=admin_user)
    round_publish(round=first, published_by=admin_user)
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=APRIL)
    client.force_login(board_member)
    [action] = get(client, "api:action-list")["results"]
    assert action["extra_fields"] == {"Cost": "£2,000"}
    assert (action["current_rating"], action["previous_round_rating"]) == ("green", "amber")
    assert (action["direction"], action["previous_round_name"]) == ("better", "January 2026")
    detail = get(client, "api:action-detail", own_action.pk)
    assert detail["direction"] == "better"

    rounds = get(client, "api:round-list")["results"]
    assert [(r["name"], r["state"]) for r in rounds] == [("January 2026", "published")]
    entries = client.get(rounds[0]["entries_url"]).json()["results"]
    assert [(e["action"], e["rating"], e["direction"]) for e in entries] == [
        (own_action.pk, "amber", "new")
    ]


def test_a_round_has_no_snapshot_until_it_is_published(
    client, admin_user, board_member, own_action
):
    open_round = round_open(
        name="April 2026",
        reported_on=APRIL,
        deadline=APRIL,
        plans=[own_action.plan],
        opened_by=admin_user,
    )
    client.force_login(board_member)
    assert get(client, "api:round-detail", open_round.pk)["entries_url"] is None
    response = client.get(reverse("api:round-entries", args=[open_round.pk]))
    assert response.status_code == 404


def test_actions_without_a_published_round_have_no_direction(client, board_member, own_action):
    client.force_login(board_member)
    [action] = get(client, "api:action-list")["results"]
    assert action["direction"] is None


# Keyset pages --------------------------------------------------------------------------------


@pytest.fixture
def many_actions():
    """250 actions in two plans, with ties in every sortable column, some never rated."""
    plans = [PlanFactory(title="A plan"), PlanFactory(title="B plan")]
    for n in range(250):
        plan = plans[n % 2]
        action = ActionFactory(
            plan=plan,
            section=None,
            order=n // 2,
            text=f"Action {n % 7}",
            due_date=None if n % 5 == 0 else datetime.date(2026, 1 + n % 12, 1),
        )
        if n % 3:
            RagUpdateFactory(
                action=action,
                rating=[Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE][n % 4],
                reported_on=datetime.date(2025, 1 + n % 12, 1),
                commentary="x",
            )


@pytest.mark.parametrize(
    "sort",
    [
        "",
        "ref",
        "due",
        "-due",
        "rating",
        "-rating",
        "updated",
        "-updated",
        "action",
        "plan",
        "-plan",
    ],
)
def test_following_next_reads_every_action_once_in_order(client, board_member, many_actions, sort):
    client.force_login(board_member)
    url = reverse("api:action-list")
    one_page = client.get(url, {"sort": sort, "page_size": 1000}).json()
    assert one_page["next"] is None
    every = [a["id"] for a in one_page["results"]]
    assert len(every) == 250
    walked, pages = walk(client, url, {"sort": sort, "page_size": 40})
    assert [a["id"] for a in walked] == every
    assert pages == 7


def test_pages_of_filtered_actions_keep_the_filter(client, board_member, many_actions):
    client.force_login(board_member)
    walked, _ = walk(client, reverse("api:action-list"), {"rating": "red", "page_size": 10})
    assert walked and {a["current_rating"] for a in walked} == {"red"}
    assert len(walked) == len({a["id"] for a in walked})


@pytest.mark.parametrize("cursor", ["not base64!", "WzFd", "W10", "WyJ4IiwieCIsIngiXQ", "bnVsbA"])
def test_a_bad_cursor_is_a_400(client, board_member, many_actions, cursor):
    client.force_login(board_member)
    response = client.get(reverse("api:action-list"), {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("size", ["0", "1001", "ten"])
def test_a_page_size_out_of_range_is_a_400(client, board_member, size):
    client.force_login(board_member)
    response = client.get(reverse("api:action-list"), {"page_size": size})
    assert response.status_code == 400


# The CSV -------------------------------------------------------------------------------------


def test_the_csv_is_the_tables_download_with_the_same_filters(
    client, board_member, own_action, other_action, make_token
):
    RagUpdateFactory(action=own_action, rating=Rating.RED, commentary="Stuck.")
    token = make_token(board_member)
    response = client.get(reverse("api:action-csv"), {"rating": "red"}, **bearer(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(board_member)
    page = client.get(reverse("plans:action-list-export", args=["csv"]), {"rating": "red"})
    assert response.content == page.content
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and own_action.text in lines[1]


def test_the_csv_refuses_a_bad_filter_in_json(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("api:action-csv"), {"rating": "purple"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "rating" in response.json()


def test_the_csv_is_for_readers_only(client, no_role_user):
    assert client.get(reverse("api:action-csv")).status_code == 401
    client.force_login(no_role_user)
    assert client.get(reverse("api:action-csv")).status_code == 403
