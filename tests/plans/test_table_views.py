"""The plan list, one plan's action table and the all-actions list (plans/views/tables.py)."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Rating
from plans.national import national_objectives
from tests.factories import (
    ActionFactory,
    LeadFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
    UserFactory,
)
from tests.pages import action_pks, page_text

pytestmark = pytest.mark.django_db


# --- Reading the page ---------------------------------------------------------------------


def row_text(response, containing: str) -> str:
    """The text of the one table row that mentions `containing`."""
    rows = [
        page_text(row)
        for row in re.findall(r"<tr\b.*?</tr>", response.content.decode(), flags=re.S)
    ]
    matches = [row for row in rows if containing in row]
    assert len(matches) == 1, f"{len(matches)} rows mention {containing!r}"
    return matches[0]


def section_headings(response) -> list[str]:
    return [
        page_text(heading)
        for heading in re.findall(
            r'<h2 class="nhsuk-heading-m">(.*?)</h2>', response.content.decode(), flags=re.S
        )
    ]


def link_query(response, pattern: str) -> dict[str, list[str]]:
    """The query string of the first link whose tag matches `pattern`, parsed."""
    for tag in re.findall(r"<a\b[^>]*>", response.content.decode()):
        if re.search(pattern, tag):
            href = html.unescape(re.search(r'href="([^"]*)"', tag).group(1))
            return parse_qs(urlsplit(href).query)
    raise AssertionError(f"no link matching {pattern!r}")


def rate(action, rating, on, **extra):
    return RagUpdateFactory(action=action, rating=rating, reported_on=on, **extra)


# --- The plan list (home) -----------------------------------------------------------------


def test_home_lists_every_plan_with_period_owner_action_count_and_rag_summary(client, board_member):
    owner = OrganisationFactory(name="Telford and Wrekin CCG")
    plan = PlanFactory(
        title="Telford mental health plan",
        owner=owner,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2028, 3, 31),
    )
    for rating in [Rating.RED, Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE]:
        rate(ActionFactory(plan=plan), rating, on=datetime.date(2026, 6, 30))
    ActionFactory(plan=plan)  # never rated
    rate(ActionFactory(plan=plan), Rating.NOT_RATED, on=datetime.date(2026, 6, 30))
    PlanFactory(title="Halton suicide prevention plan")  # no actions, no owner, no period

    client.force_login(board_member)
    response = client.get(reverse("plans:home"))

    assert response.status_code == 200
    telford = row_text(response, "Telford mental health plan")
    assert "Apr 2025 to Mar 2028" in telford
    assert "Owner: Telford and Wrekin CCG" in telford
    assert "Actions 7 " in telford
    assert "Red: 2 (29%)" in telford
    assert "Amber: 1 (14%)" in telford
    assert "Green: 1 (14%)" in telford
    assert "Blue (complete): 1 (14%)" in telford
    assert "Not yet rated: 2 (29%)" in telford
    halton = row_text(response, "Halton suicide prevention plan")
    # A plan that states no period or owner: nothing printed for them, no dash.
    assert "Not stated" not in halton and "Owner" not in halton and "–" not in halton
    assert "Actions 0 " in halton
    assert "Red: 0" in halton
    assert "Not yet rated: 0" in halton


def test_home_counts_each_actions_current_rating_not_its_history(client, board_member):
    plan = PlanFactory(title="Telford mental health plan")
    action = ActionFactory(plan=plan)
    rate(action, Rating.RED, on=datetime.date(2026, 3, 31))
    rate(action, Rating.GREEN, on=datetime.date(2026, 6, 30))
    client.force_login(board_member)

    row = row_text(client.get(reverse("plans:home")), "Telford mental health plan")

    assert "Actions 1 " in row
    assert "Red: 0" in row
    assert "Green: 1 (100%)" in row


def test_home_links_each_plan_to_its_action_table(client, board_member):
    plan = PlanFactory()
    client.force_login(board_member)
    response = client.get(reverse("plans:home"))
    assert f'href="{reverse("plans:plan-detail", args=[plan.pk])}"' in response.content.decode()


def test_home_without_plans_says_so(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("plans:home"))
    assert response.status_code == 200
    assert "No plans yet." in page_text(response.content.decode())
    assert "<table" not in response.content.decode()


# --- One plan's action table ---------------------------------------------------------------


@pytest.fixture
def telford():
    """A plan of five actions in two sections (one nested), rated every way there is.

    In document order:
      1 Prevention
        1.1 a1 Public Health (Telford and Wrekin Council)  due Mar 2026  green, 30 Jun 2026
        1.2 a2 GP lead (Shropshire CCG)                    due Mar 2027  red, 30 Sep 2026
      2 Access › 2.1 Crisis care
        2.1.1 a3 Telford Mind (Mind), objective 1           due Dec 2025  never rated
        2.1.2 a4 Public Health                              due Sep 2025  blue, 31 Oct 2025
        2.1.3 a5 no lead                                    due Mar 2028  not rated, 31 Jan 2026
    """
    plan = PlanFactory(
        title="Telford mental health plan", legend_green="On target against milestones"
    )
    council = OrganisationFactory(name="Telford and Wrekin Council")
    ccg = OrganisationFactory(name="Shropshire CCG")
    mind = OrganisationFactory(name="Mind")
    public_health = LeadFactory(name="Public Health")
    public_health.organisations.add(council)
    gp_lead = LeadFactory(name="GP lead")
    gp_lead.organisations.add(ccg)
    telford_mind = LeadFactory(name="Telford Mind")
    telford_mind.organisations.add(mind)
    prevention = SectionFactory(plan=plan, ref="1", title="Prevention", order=1)
    access = SectionFactory(plan=plan, ref="2", title="Access", order=2)
    crisis = SectionFactory(plan=plan, ref="2.1", title="Crisis care", parent=access, order=3)

    def action(ref, section, text, lead, due, order):
        made = ActionFactory(
            plan=plan, section=section, ref=ref, text=text, due_date=due, order=order
        )
        if lead:
            made.leads.add(lead)
        return made

    a1 = action(
        "1.1",
        prevention,
        "Promote wellbeing in schools",
        public_health,
        datetime.date(2026, 3, 31),
        1,
    )
    a2 = action(
        "1.2",
        prevention,
        "Train GPs in suicide prevention",
        gp_lead,
        datetime.date(2027, 3, 31),
        2,
    )
    a3 = action("2.1.1", crisis, "Open a crisis cafe", telford_mind, datetime.date(2025, 12, 31), 3)
    a4 = action(
        "2.1.2", crisis, "Street triage pilot", public_health, datetime.date(2025, 9, 30), 4
    )
    a5 = action(
        "2.1.3", crisis, "Review out of area placements", None, datetime.date(2028, 3, 31), 5
    )
    a3.objectives.add(national_objectives().first())
    rate(a1, Rating.GREEN, on=datetime.date(2026, 6, 30))
    rate(a2, Rating.GREEN, on=datetime.date(2026, 3, 31))
    rate(a2, Rating.RED, on=datetime.date(2026, 9, 30), commentary="Funding withdrawn.")
    rate(a4, Rating.BLUE, on=datetime.date(2025, 10, 31))
    rate(a5, Rating.NOT_RATED, on=datetime.date(2026, 1, 31))
    ActionFactory(text="Another plan's action")  # never shown in this plan's table
    return {
        "plan": plan,
        "actions": [a1, a2, a3, a4, a5],
        "sections": {"prevention": prevention, "access": access, "crisis": crisis},
        "leads": {"public_health": public_health, "gp_lead": gp_lead},
        "organisations": {"council": council, "ccg": ccg},
    }


def plan_table(client, plan, **query):
    response = client.get(reverse("plans:plan-detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def test_plan_table_groups_actions_by_section_in_document_order(client, board_member, telford):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"])
    a1, a2, a3, a4, a5 = telford["actions"]
    assert action_pks(response) == [a1.pk, a2.pk, a3.pk, a4.pk, a5.pk]
    assert section_headings(response) == ["1 Prevention", "2 Access › 2.1 Crisis care"]
    assert "5 actions" in page_text(response.content.decode())


def test_plan_table_shows_each_actions_ref_lead_due_date_rating_and_last_update(
    client, board_member, telford
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"])
    row = row_text(response, "Train GPs in suicide prevention")
    assert row.startswith("Ref 1.2 Action Train GPs in suicide prevention Lead GP lead")
    assert "Due Mar 2027" in row
    assert "RAG Red" in row
    assert "Last update 30 Sep 2026" in row


def test_plan_table_rag_badge_shows_the_plans_own_legend_wording_as_text(
    client, board_member, telford
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"])
    assert "RAG Green: On target against milestones" in row_text(response, "Promote wellbeing")
    assert "RAG Blue: complete" in row_text(response, "Street triage pilot")
    assert "RAG Not yet rated" in row_text(response, "Open a crisis cafe")
    assert "RAG Not yet rated" in row_text(response, "Review out of area placements")


def test_plan_table_last_update_is_the_current_ratings_reporting_date_or_never(
    client, board_member, telford
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"])
    assert "Last update 30 Jun 2026" in row_text(response, "Promote wellbeing")
    assert "Last update 31 Jan 2026" in row_text(response, "Review out of area placements")
    assert "Last update Never" in row_text(response, "Open a crisis cafe")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "crisis"}, ["a3"]),  # action text
        ({"q": "SCHOOLS wellbeing"}, ["a1"]),  # every word, any case
        ({"q": "1.2"}, ["a2"]),  # ref
        ({"q": "mind"}, ["a3"]),  # lead name
        ({"q": "nothing like this"}, []),
        ({"section": "prevention"}, ["a1", "a2"]),
        ({"section": "crisis"}, ["a3", "a4", "a5"]),
        ({"lead": "public_health"}, ["a1", "a4"]),
        ({"organisation": "ccg"}, ["a2"]),
        ({"rating": "red"}, ["a2"]),
        ({"rating": "green"}, ["a1"]),
        ({"rating": "blue"}, ["a4"]),
        ({"rating": "not_rated"}, ["a3", "a5"]),  # never rated counts as not rated
        ({"objective": "first"}, ["a3"]),
        ({"due_after": "2026-01-01"}, ["a1", "a2", "a5"]),
        ({"due_before": "2026-03-31"}, ["a1", "a3", "a4"]),  # on the day counts
        ({"not_updated_since": "2026-06-01"}, ["a3", "a4", "a5"]),  # never rated too
        ({"not_updated_since": "2026-06-30"}, ["a3", "a4", "a5"]),  # on the day is updated
    ],
)
def test_plan_table_filters_narrow_the_rows(client, board_member, telford, query, expected):
    lookups = {
        "section": telford["sections"],
        "lead": telford["leads"],
        "organisation": telford["organisations"],
    }
    params = {}
    for name, value in query.items():
        if name in lookups:
            value = lookups[name][value].pk
        elif name == "objective":
            value = national_objectives().first().pk
        params[name] = value
    by_name = dict(zip(["a1", "a2", "a3", "a4", "a5"], telford["actions"], strict=True))
    client.force_login(board_member)

    response = plan_table(client, telford["plan"], **params)

    assert action_pks(response) == [by_name[name].pk for name in expected]


def test_plan_table_filters_combine(client, board_member, telford):
    a1, a2, a3, a4, a5 = telford["actions"]
    client.force_login(board_member)
    lead = telford["leads"]["public_health"].pk

    assert action_pks(plan_table(client, telford["plan"], lead=lead, rating="green")) == [a1.pk]
    assert action_pks(
        plan_table(client, telford["plan"], due_after="2026-01-01", due_before="2027-12-31")
    ) == [a1.pk, a2.pk]
    assert action_pks(plan_table(client, telford["plan"], lead=lead, rating="red")) == []


def test_plan_table_overdue_means_past_the_last_day_of_the_due_month_and_not_complete(
    client, board_member, telford, monkeypatch
):
    a1, a2, a3, a4, a5 = telford["actions"]  # a1 is due March 2026, stored as 31 March
    client.force_login(board_member)

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 31))
    on_due_day = action_pks(plan_table(client, telford["plan"], overdue="on"))
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 4, 1))
    day_after = action_pks(plan_table(client, telford["plan"], overdue="on"))

    # a3 is overdue and never rated; a4 is past due but blue (complete).
    assert on_due_day == [a3.pk]
    assert day_after == [a1.pk, a3.pk]


def test_plan_table_overdue_unticked_shows_every_action(client, board_member, telford):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], overdue="")
    assert len(action_pks(response)) == 5


@pytest.mark.parametrize(
    "query",
    [
        {"section": "not-a-number"},
        {"section": "999999"},
        {"lead": "999999"},
        {"organisation": "-1"},
        {"rating": "purple"},
        {"objective": "x"},
        {"due_after": "31/13/2026"},
        {"due_before": "2026-02-30"},
        {"not_updated_since": "yesterday"},
    ],
)
def test_plan_table_ignores_an_invalid_filter_value_and_says_so(
    client, board_member, telford, query
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], **query)
    assert len(action_pks(response)) == 5
    (name,) = query
    assert f'id="id_{name}-error"' in response.content.decode()


def test_plan_table_treats_any_overdue_value_as_ticked(client, board_member, telford):
    client.force_login(board_member)
    ticked = action_pks(plan_table(client, telford["plan"], overdue="on"))
    assert action_pks(plan_table(client, telford["plan"], overdue="maybe")) == ticked


def test_plan_table_section_filter_offers_only_this_plans_sections(client, board_member, telford):
    other_section = SectionFactory(title="Someone else's theme")
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], section=other_section.pk)
    assert len(action_pks(response)) == 5
    assert "Someone else&#x27;s theme" not in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("ref", ["a1", "a2", "a3", "a4", "a5"]),
        ("-ref", ["a5", "a4", "a3", "a2", "a1"]),
        ("plan", ["a1", "a2", "a3", "a4", "a5"]),
        ("action", ["a3", "a1", "a5", "a4", "a2"]),
        ("-action", ["a2", "a4", "a5", "a1", "a3"]),
        ("due", ["a4", "a3", "a1", "a2", "a5"]),
        ("-due", ["a5", "a2", "a1", "a3", "a4"]),
        ("rating", ["a2", "a1", "a4", "a3", "a5"]),  # worst first; not rated last
        ("-rating", ["a3", "a5", "a4", "a1", "a2"]),
    ],
)
def test_plan_table_sorts_by_each_whitelisted_column(client, board_member, telford, sort, expected):
    by_name = dict(zip(["a1", "a2", "a3", "a4", "a5"], telford["actions"], strict=True))
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], sort=sort)
    assert action_pks(response) == [by_name[name].pk for name in expected]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("updated", ["a4", "a5", "a1", "a2"]),
        ("-updated", ["a2", "a1", "a5", "a4"]),
    ],
)
def test_plan_table_sorts_by_last_update(client, board_member, telford, sort, expected):
    by_name = dict(zip(["a1", "a2", "a3", "a4", "a5"], telford["actions"], strict=True))
    client.force_login(board_member)
    shown = action_pks(plan_table(client, telford["plan"], sort=sort))
    # a3 was never rated: databases disagree on whether NULL sorts first or last.
    assert [pk for pk in shown if pk != by_name["a3"].pk] == [by_name[name].pk for name in expected]


@pytest.mark.parametrize("sort", ["password", "-section__title", "plan__owner__name", "-"])
def test_plan_table_ignores_an_unknown_sort_and_keeps_document_order_by_section(
    client, board_member, telford, sort
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], sort=sort)
    assert action_pks(response) == [action.pk for action in telford["actions"]]
    assert section_headings(response) == ["1 Prevention", "2 Access › 2.1 Crisis care"]


def test_plan_table_sort_links_keep_the_filters_and_flip_the_current_column(
    client, board_member, telford
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], rating="red", sort="due")
    assert link_query(response, r"sorted ascending") == {"rating": ["red"], "sort": ["-due"]}


def test_plan_table_with_no_matching_actions_offers_to_clear_the_filters(
    client, board_member, telford
):
    client.force_login(board_member)
    response = plan_table(client, telford["plan"], q="zebra")
    assert "No actions match these filters." in page_text(response.content.decode())


def test_plan_table_of_a_missing_plan_is_not_found(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-detail", args=[999999]))
    assert response.status_code == 404


# --- All actions ---------------------------------------------------------------------------


def all_actions(client, **query):
    response = client.get(reverse("plans:action-list"), query)
    assert response.status_code == 200
    return response


def test_all_actions_lists_actions_from_every_plan_with_the_plan_named(client, board_member):
    telford = ActionFactory(plan=PlanFactory(title="Telford plan"), text="Open a crisis cafe")
    halton = ActionFactory(plan=PlanFactory(title="Halton plan"), text="Street triage pilot")
    client.force_login(board_member)

    response = all_actions(client)

    assert sorted(action_pks(response)) == sorted([telford.pk, halton.pk])
    assert row_text(response, "Open a crisis cafe").startswith("Plan Telford plan")
    assert row_text(response, "Street triage pilot").startswith("Plan Halton plan")


def test_all_actions_finds_every_red_action_led_by_an_organisation(client, board_member):
    ccg = OrganisationFactory(name="Shropshire CCG")
    commissioning, finance = LeadFactory(name="Commissioning"), LeadFactory(name="Finance")
    commissioning.organisations.add(ccg)
    finance.organisations.add(ccg)
    elsewhere = LeadFactory(name="Public Health")
    june = datetime.date(2026, 6, 30)

    def action(plan_title, *leads, rating):
        made = ActionFactory(plan=PlanFactory(title=plan_title))
        made.leads.add(*leads)
        rate(made, rating, on=june)
        return made

    red_in_telford = action("Telford", commissioning, rating=Rating.RED)
    red_in_halton = action("Halton", finance, rating=Rating.RED)
    red_led_twice = action("Walsall", commissioning, finance, rating=Rating.RED)
    action("Telford 2", commissioning, rating=Rating.GREEN)
    action("Telford 3", elsewhere, rating=Rating.RED)
    client.force_login(board_member)

    response = all_actions(client, rating="red", organisation=ccg.pk)

    # Once each, even when two of the organisation's leads share an action.
    assert sorted(action_pks(response)) == sorted(
        [red_in_telford.pk, red_in_halton.pk, red_led_twice.pk]
    )
    assert "3 actions" in page_text(response.content.decode())


def test_all_actions_can_be_narrowed_to_one_plan(client, board_member):
    telford = ActionFactory()
    ActionFactory()
    client.force_login(board_member)
    assert action_pks(all_actions(client, plan=telford.plan.pk)) == [telford.pk]


def make_actions(count, *, plan=None, rating=None):
    plan = plan or PlanFactory()
    actions = [ActionFactory(plan=plan, section=None, order=n) for n in range(count)]
    if rating:
        for action in actions:
            rate(action, rating, on=datetime.date(2026, 6, 30), commentary="Late.")
    return actions


def test_all_actions_shows_fifty_a_page(client, board_member):
    actions = make_actions(120)
    client.force_login(board_member)

    first = all_actions(client)
    last = all_actions(client, page=3)

    assert action_pks(first) == [action.pk for action in actions[:50]]
    assert action_pks(last) == [action.pk for action in actions[100:]]
    assert "120 actions" in page_text(first.content.decode())


def test_all_actions_out_of_range_or_unreadable_page_numbers_still_show_a_page(
    client, board_member
):
    actions = make_actions(60)
    client.force_login(board_member)
    assert action_pks(all_actions(client, page=99)) == [a.pk for a in actions[50:]]
    assert action_pks(all_actions(client, page="x")) == [a.pk for a in actions[:50]]


def test_all_actions_pagination_links_keep_the_filters_and_sort(client, board_member):
    make_actions(60, rating=Rating.RED)
    make_actions(10, rating=Rating.GREEN)
    client.force_login(board_member)

    first = all_actions(client, rating="red", sort="due")
    second = all_actions(client, rating="red", sort="due", page=2)

    assert "60 actions" in page_text(first.content.decode())
    assert link_query(first, r'rel="next"') == {"rating": ["red"], "sort": ["due"], "page": ["2"]}
    assert link_query(second, r'rel="prev"') == {
        "rating": ["red"],
        "sort": ["due"],
        "page": ["1"],
    }
    assert len(action_pks(second)) == 10


def test_all_actions_sort_links_keep_the_filters_and_go_back_to_the_first_page(
    client, board_member
):
    make_actions(60, rating=Rating.RED)
    client.force_login(board_member)
    response = all_actions(client, rating="red", page=2)
    # The "Due" column header: same filters, sorted by due date, from page one.
    assert link_query(response, r'href="[^"]*sort=due"') == {"rating": ["red"], "sort": ["due"]}


def test_all_actions_sorts_across_plans_by_plan_title(client, board_member):
    walsall = ActionFactory(plan=PlanFactory(title="Walsall"))
    halton = ActionFactory(plan=PlanFactory(title="Halton"))
    telford = ActionFactory(plan=PlanFactory(title="Telford"))
    client.force_login(board_member)
    assert action_pks(all_actions(client, sort="plan")) == [halton.pk, telford.pk, walsall.pk]
    assert action_pks(all_actions(client, sort="-plan")) == [walsall.pk, telford.pk, halton.pk]


@pytest.mark.parametrize(
    "query",
    [{"plan": "x"}, {"organisation": "999999"}, {"rating": "purple"}, {"sort": "password"}],
)
def test_all_actions_ignores_invalid_filter_values_rather_than_failing(client, board_member, query):
    actions = make_actions(3)
    client.force_login(board_member)
    assert action_pks(all_actions(client, **query)) == [a.pk for a in actions]


def test_all_actions_with_none_matching_says_so(client, board_member):
    make_actions(2)
    client.force_login(board_member)
    response = all_actions(client, rating="red")
    assert "No actions match these filters." in page_text(response.content.decode())


# --- Who may see the tables -----------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["plans:home", "plans:action-list"])
def test_tables_send_anonymous_visitors_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["plans:home", "plans:action-list"])
def test_tables_refuse_a_user_without_a_role(client, no_role_user, url_name):
    client.force_login(no_role_user)
    assert client.get(reverse(url_name)).status_code == 403


# --- Query counts ---------------------------------------------------------------------------


def make_plans_of_rated_actions(size: int, plan_count: int = 1):
    """`size` actions spread over `plan_count` plans, each action with everything a row shows.

    Every action sits in its own subsection (so section headings name a parent), has two
    leads in an organisation, a national objective, a milestone and a rating by a named
    author.
    """
    owner = OrganisationFactory(name="Telford and Wrekin Council")
    leads = [LeadFactory(), LeadFactory()]
    for lead in leads:
        lead.organisations.add(owner)
    author = UserFactory(first_name="Ann", last_name="Author")
    objective = national_objectives().first()
    plans = [PlanFactory(owner=owner, legend_green="On target") for _ in range(plan_count)]
    ratings = list(Rating)
    for n in range(size):
        plan = plans[n % plan_count]
        theme = SectionFactory(plan=plan)
        action = ActionFactory(
            plan=plan,
            section=SectionFactory(plan=plan, parent=theme),
            order=n,
            due_date=datetime.date(2026, 3, 31),
        )
        action.leads.add(*leads)
        action.objectives.add(objective)
        MilestoneFactory(action=action)
        rate(action, ratings[n % len(ratings)], on=datetime.date(2026, 6, 30), author=author)
    return plans


@pytest.mark.parametrize("size", [10, 200])
def test_home_runs_the_same_queries_however_many_plans_and_actions(
    client, board_member, django_assert_num_queries, size
):
    make_plans_of_rated_actions(size, plan_count=size // 5)
    client.force_login(board_member)
    # session, user, user's groups (roles), plans + owner, rating counts per plan
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:home"))
    assert response.status_code == 200
    assert response.content.decode().count('class="nhsuk-table__row"') == size // 5


@pytest.mark.parametrize("query", [{"q": "thing"}, {"sort": "rating"}], ids=["filtered", "sorted"])
@pytest.mark.parametrize("size", [10, 200])
def test_plan_table_runs_the_same_queries_however_many_actions(
    client, board_member, django_assert_num_queries, size, query
):
    (plan,) = make_plans_of_rated_actions(size)
    client.force_login(board_member)
    # session, user, user's groups (roles), plan + owner + strategy, how many (pagination),
    # the page's keys in order, then its actions + section + parent section + current
    # rating (stored), their leads,
    # filter choices: this plan's sections, this plan's leads, organisations, objectives,
    # the plan's versions (importers' plan_versions tag)
    with django_assert_num_queries(13):
        response = client.get(reverse("plans:plan-detail", args=[plan.pk]), query)
    assert len(action_pks(response)) == min(size, 50)


@pytest.mark.parametrize("size", [10, 200])
def test_all_actions_runs_the_same_queries_however_many_actions(
    client, board_member, django_assert_num_queries, size
):
    make_plans_of_rated_actions(size, plan_count=size // 5)
    client.force_login(board_member)
    # session, user, user's groups (roles), count (pagination),
    # filter choices: plans, leads, organisations, objectives,
    # the page's keys in order, then its actions + plan + section + current rating (stored),
    # their leads
    with django_assert_num_queries(11):
        response = client.get(reverse("plans:action-list"), {"sort": "due", "q": "thing"})
    assert len(action_pks(response)) == min(size, 50)


def test_filtering_by_a_parent_section_includes_its_sub_sections(client, board_member):
    parent = SectionFactory(ref="2.0", title="Commissioning")
    child = SectionFactory(plan=parent.plan, parent=parent, ref="2.1", title="Partnership")
    in_child = ActionFactory(plan=parent.plan, section=child, text="Child section action")
    ActionFactory(
        plan=parent.plan, section=SectionFactory(plan=parent.plan), text="Elsewhere action"
    )
    client.force_login(board_member)
    response = client.get(parent.plan.get_absolute_url(), {"section": parent.pk})
    assert in_child.text.encode() in response.content
    assert b"Elsewhere action" not in response.content


def test_sample_ratings_are_labelled_on_the_home_page_and_tables(client, board_member):
    action = ActionFactory()
    RagUpdateFactory(action=action, is_sample=True)
    client.force_login(board_member)
    for url in (
        reverse("plans:home"),
        action.plan.get_absolute_url(),
        reverse("plans:action-list"),
    ):
        assert b"Sample data" in client.get(url).content, url


def test_real_ratings_carry_no_sample_label(client, board_member):
    action = ActionFactory()
    RagUpdateFactory(action=action, is_sample=False)
    client.force_login(board_member)
    for url in (
        reverse("plans:home"),
        action.plan.get_absolute_url(),
        reverse("plans:action-list"),
    ):
        assert b"Sample data" not in client.get(url).content, url


@pytest.mark.parametrize("sort", ["", "due", "-rating", "updated"])
def test_a_deep_page_holds_the_same_rows_as_slicing_the_whole_sorted_table(
    client, board_member, sort
):
    make_plans_of_rated_actions(120, plan_count=6)
    client.force_login(board_member)
    everything = []
    for page in (1, 2, 3):
        response = client.get(reverse("plans:action-list"), {"sort": sort, "page": page})
        everything += action_pks(response)
    assert len(everything) == len(set(everything)) == 120
