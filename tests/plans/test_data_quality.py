"""The data-quality page for admins (plans/quality.py, plans/views/quality.py): each rule lists
what breaks it and nothing else, with a link to fix each problem."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import quality
from plans.models import Plan, Rating
from tests.factories import (
    ActionFactory,
    LeadFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 6, 30)


@pytest.fixture
def today():
    return timezone.localdate()


def rated(rating, **fields):
    """An action with a lead and a due date (so it breaks no other rule) rated `rating`."""
    fields.setdefault("due_date", datetime.date(2099, 3, 31))
    action = ActionFactory(**fields)
    action.leads.add(LeadFactory())
    RagUpdateFactory(action=action, rating=rating)
    return action


def good_plan(**fields):
    return PlanFactory(
        owner=OrganisationFactory(),
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        **fields,
    )


def section(response, slug: str) -> str:
    """The markup of one rule's section of the data-quality page."""
    markup = response.content.decode()
    found = re.search(rf'<section[^>]*aria-labelledby="{slug}".*?</section>', markup, re.S)
    assert found, f"no section {slug}"
    return found[0]


def linked_actions(markup: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', markup)]


def linked_plans(markup: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/plans/(\d+)/"', markup)]


# The rules ------------------------------------------------------------------------------------


def test_green_and_amber_actions_past_their_due_date_are_listed_oldest_first(today):
    green_late = rated(Rating.GREEN, due_date=today - datetime.timedelta(days=1))
    amber_long_late = rated(Rating.AMBER, due_date=LONG_AGO)
    rated(Rating.RED, due_date=LONG_AGO)
    rated(Rating.BLUE, due_date=LONG_AGO)
    rated(Rating.GREEN, due_date=today)  # due today: not yet overdue
    rated(Rating.GREEN, due_date=None)
    ActionFactory(due_date=LONG_AGO)  # never rated: another rule
    # The current rating counts, not an earlier one: green once, red now.
    was_green = rated(Rating.GREEN, due_date=LONG_AGO)
    RagUpdateFactory(action=was_green, rating=Rating.RED, reported_on=datetime.date(2026, 9, 30))

    found = list(quality.actions_overdue_but_on_track(today=today))

    assert found == [amber_long_late, green_late]


def test_actions_with_no_lead_are_listed(today):
    leaderless = ActionFactory()
    rated(Rating.GREEN)

    assert list(quality.actions_without_a_lead(today=today)) == [leaderless]


def test_actions_with_no_due_date_are_listed(today):
    undated = rated(Rating.GREEN, due_date=None)
    rated(Rating.GREEN, due_date=LONG_AGO)

    assert list(quality.actions_without_a_due_date(today=today)) == [undated]


def test_actions_never_rated_are_listed(today):
    never = ActionFactory()
    rated(Rating.RED)
    rated(Rating.NOT_RATED)  # rated "not yet rated" in a round: it was asked and answered

    assert list(quality.actions_never_rated(today=today)) == [never]


def test_plans_with_no_owner_are_listed(today):
    ownerless = PlanFactory(owner=None)
    good_plan()

    assert list(quality.plans_without_an_owner(today=today)) == [ownerless]


def test_plans_with_no_period_are_listed(today):
    no_period = PlanFactory(owner=OrganisationFactory())
    good_plan()
    PlanFactory(owner=OrganisationFactory(), period_start=datetime.date(2026, 4, 1))

    assert list(quality.plans_without_a_period(today=today)) == [no_period]


def test_archived_plans_and_their_actions_are_left_out(today):
    archived = PlanFactory(status=Plan.Status.ARCHIVED)
    ActionFactory(plan=archived, due_date=None)

    assert all(finding.count == 0 for finding in quality.findings(today=today))


# The page -------------------------------------------------------------------------------------


def test_each_rule_lists_its_problems_with_links_to_fix_them(client, admin_user, today):
    plan = good_plan()
    overdue = rated(Rating.GREEN, plan=plan, due_date=LONG_AGO)
    leaderless = ActionFactory(plan=plan, due_date=datetime.date(2099, 3, 31))
    RagUpdateFactory(action=leaderless, rating=Rating.AMBER)
    undated = rated(Rating.RED, plan=plan, due_date=None)
    ownerless = PlanFactory(owner=None, period_start=datetime.date(2026, 4, 1))
    never = ActionFactory(plan=ownerless, due_date=datetime.date(2099, 3, 31))
    never.leads.add(LeadFactory())
    no_period = PlanFactory(owner=OrganisationFactory())
    client.force_login(admin_user)

    response = client.get(reverse("plans:data-quality"))

    assert response.status_code == 200
    expected = {
        "overdue-but-on-track": (
            overdue,
            [f"/actions/{overdue.pk}/#rate", f"/actions/{overdue.pk}/edit/#id_due_date"],
        ),
        "no-lead": (leaderless, [f"/actions/{leaderless.pk}/edit/#id_leads"]),
        "no-due-date": (undated, [f"/actions/{undated.pk}/edit/#id_due_date"]),
        "never-rated": (never, [f"/actions/{never.pk}/#rate"]),
    }
    for slug, (action, fix_links) in expected.items():
        markup = section(response, slug)
        assert linked_actions(markup) == [action.pk], slug
        assert re.findall(r'href="([^"]*(?:#[\w-]+|/change/))"', markup) == fix_links, slug
        assert "1 action<" in markup  # one, not "1 actions"
    for slug, listed in [("plan-no-owner", ownerless), ("plan-no-period", no_period)]:
        markup = section(response, slug)
        assert linked_plans(markup) == [listed.pk]
        assert f'href="/admin/plans/plan/{listed.pk}/change/"' in markup


def test_an_overdue_action_says_how_long_past_due(client, admin_user, today):
    rated(Rating.AMBER, due_date=today - datetime.timedelta(days=3 * 365 + 40))
    client.force_login(admin_user)

    response = client.get(reverse("plans:data-quality"))

    assert re.search(
        r"3 years, 1 month past due", page_text(section(response, "overdue-but-on-track"))
    )


def test_a_rule_that_finds_nothing_says_so(client, admin_user):
    good_plan()
    client.force_login(admin_user)

    response = client.get(reverse("plans:data-quality"))

    assert "None found: nothing to fix here." in page_text(section(response, "no-lead"))
    assert "Actions with no lead Found 0 actions" in page_text(response.content.decode())


def test_the_page_shows_the_first_ten_and_links_to_the_rest(client, admin_user, today):
    plan = good_plan()
    leaderless = [ActionFactory(plan=plan, order=n) for n in range(12)]
    client.force_login(admin_user)

    markup = section(client.get(reverse("plans:data-quality")), "no-lead")

    assert linked_actions(markup) == [action.pk for action in leaderless[: quality.FIRST_N]]
    assert f"The first {quality.FIRST_N} of 12 actions" in page_text(markup)
    all_url = reverse("plans:data-quality-rule", args=["no-lead"])
    assert f'href="{all_url}"' in markup
    assert "See all 12 actions" in page_text(markup)

    every = client.get(all_url)

    assert linked_actions(every.content.decode()) == [action.pk for action in leaderless]
    assert "12 actions" in page_text(every.content.decode())


def test_a_rules_full_list_is_paged(client, admin_user, monkeypatch):
    monkeypatch.setattr("plans.views.quality.PROBLEMS_PER_PAGE", 5)
    plan = good_plan()
    leaderless = [ActionFactory(plan=plan, order=n) for n in range(7)]
    client.force_login(admin_user)
    url = reverse("plans:data-quality-rule", args=["no-lead"])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert linked_actions(first.content.decode()) == [a.pk for a in leaderless[:5]]
    assert linked_actions(second.content.decode()) == [a.pk for a in leaderless[5:]]
    assert "Showing 6 to 7 of 7 actions" in page_text(second.content.decode())


def test_an_unknown_rule_is_not_found(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("plans:data-quality-rule", args=["no-such-rule"]))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "board_member", "no_role_user"])
@pytest.mark.parametrize("url", ["plans:data-quality", "plans:data-quality-rule"])
def test_only_admins_see_data_quality(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    args = ["no-lead"] if url == "plans:data-quality-rule" else []

    assert client.get(reverse(url, args=args)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("plans:data-quality"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Query counts ---------------------------------------------------------------------------------


def make_problems(size: int) -> None:
    """`size` problems of every kind, in as many plans."""
    for n in range(size):
        plan = PlanFactory(owner=None)  # no owner, no period
        rated(Rating.GREEN, plan=plan, due_date=LONG_AGO)
        rated(Rating.AMBER, plan=plan, due_date=None)
        ActionFactory(plan=plan, order=n)  # no lead, no due date, never rated


@pytest.mark.parametrize("size", [2, 30])
def test_the_page_runs_the_same_queries_however_many_problems(
    client, admin_user, django_assert_num_queries, size
):
    make_problems(size)
    client.force_login(admin_user)
    # session, user, user's groups (roles), then for each of the six rules: how many, and the
    # first ten (actions with their plan; plans with their owner and action count)
    with django_assert_num_queries(3 + 6 * 2):
        response = client.get(reverse("plans:data-quality"))
    assert response.status_code == 200
    assert len(linked_actions(section(response, "no-lead"))) == min(size, quality.FIRST_N)


@pytest.mark.parametrize("size", [2, 30])
def test_a_rules_full_list_runs_the_same_queries_however_many_problems(
    client, admin_user, django_assert_num_queries, size
):
    make_problems(size)
    client.force_login(admin_user)
    # session, user, user's groups (roles), how many (pagination), the page's plans
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:data-quality-rule", args=["plan-no-owner"]))
    assert len(linked_plans(response.content.decode())) == size
