import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import charts, dashboard_lists, dashboards
from plans.models import Action, Objective, Plan, RagUpdate, Rating, Strategy
from plans.national import national_objectives
from plans.rag_counts import RagCounts, RagRow
from plans.services import action_current_ratings_refresh
from tests.factories import (
    ActionFactory,
    LeadFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 30)
SEPTEMBER = datetime.date(2026, 9, 30)
DECEMBER = datetime.date(2026, 12, 31)


def rate(action, rating, on=JUNE, **extra):
    return RagUpdateFactory(action=action, rating=rating, reported_on=on, **extra)


def counts_by_label(rows: list[RagRow]) -> dict[str, RagCounts]:
    return {row.label: row.counts for row in rows}


# --- Counts -------------------------------------------------------------------------------


def test_rag_counts_total_every_rating_including_not_rated():
    counts = RagCounts(red=1, amber=2, green=3, blue=4, not_rated=5)
    assert counts.total == 15
    assert counts.by_rating() == [
        ("red", 1),
        ("amber", 2),
        ("green", 3),
        ("blue", 4),
        ("not_rated", 5),
    ]


def test_rag_by_section_counts_each_sections_current_ratings_in_document_order():
    plan = PlanFactory()
    access = SectionFactory(plan=plan, ref="2", title="Access", order=2)
    prevention = SectionFactory(plan=plan, ref="1", title="Prevention", order=1)
    rate(ActionFactory(plan=plan, section=prevention), Rating.RED)
    rate(ActionFactory(plan=plan, section=prevention), Rating.RED)
    ActionFactory(plan=plan, section=prevention)  # never rated
    rate(ActionFactory(plan=plan, section=access), Rating.GREEN)
    rate(ActionFactory(plan=plan, section=access), Rating.BLUE)
    rate(ActionFactory(plan=plan, section=access), Rating.NOT_RATED)
    rate(ActionFactory(plan=plan, section=None), Rating.AMBER)
    SectionFactory(plan=plan, title="Empty heading", order=3)  # no actions: no row
    rate(ActionFactory(), Rating.RED)  # another plan's action

    rows = dashboards.rag_by_section(plan=plan)

    assert [row.label for row in rows] == ["1 Prevention", "2 Access", "No section"]
    assert rows[0].counts == RagCounts(red=2, not_rated=1)
    assert rows[1].counts == RagCounts(green=1, blue=1, not_rated=1)
    assert rows[2].counts == RagCounts(amber=1)
    assert rows[0].pk == prevention.pk


def test_a_back_filled_older_rating_does_not_change_the_counts():
    plan = PlanFactory()
    action = ActionFactory(plan=plan)
    rate(action, Rating.GREEN, on=SEPTEMBER)
    rate(action, Rating.RED, on=JUNE)  # entered later, for an older round
    (row,) = dashboards.rag_by_section(plan=plan)
    assert row.counts == RagCounts(green=1)


def test_rag_by_plan_counts_each_plan_by_title():
    telford = PlanFactory(title="Telford")
    halton = PlanFactory(title="Halton")
    rate(ActionFactory(plan=telford), Rating.RED)
    rate(ActionFactory(plan=telford), Rating.AMBER)
    rate(ActionFactory(plan=halton), Rating.GREEN)
    ActionFactory(plan=halton)

    rows = dashboards.rag_by_plan(actions=Action.objects.all())

    assert [(row.label, row.pk) for row in rows] == [("Halton", halton.pk), ("Telford", telford.pk)]
    assert rows[0].counts == RagCounts(green=1, not_rated=1)
    assert rows[1].counts == RagCounts(red=1, amber=1)


def test_rag_by_plan_counts_only_the_actions_given():
    plan = PlanFactory(title="Telford")
    kept = ActionFactory(plan=plan)
    rate(kept, Rating.RED)
    rate(ActionFactory(plan=plan), Rating.GREEN)
    (row,) = dashboards.rag_by_plan(actions=Action.objects.filter(pk=kept.pk))
    assert row.counts == RagCounts(red=1)


def test_rag_by_organisation_counts_an_action_once_per_organisation_of_its_leads():
    council = OrganisationFactory(name="Halton Borough Council")
    pct = OrganisationFactory(name="Halton and St Helens PCT")
    vickers = LeadFactory(name="R Vickers")
    marsden = LeadFactory(name="L Marsden")
    crisp = LeadFactory(name="E Crisp")  # a joint post
    everyone = LeadFactory(name="All providers")  # no organisation
    vickers.organisations.add(pct)
    marsden.organisations.add(pct)
    crisp.organisations.add(council, pct)

    two_pct_leads = ActionFactory()
    two_pct_leads.leads.add(vickers, marsden)
    rate(two_pct_leads, Rating.RED)
    joint = ActionFactory()
    joint.leads.add(crisp)
    rate(joint, Rating.GREEN)
    pct_and_everyone = ActionFactory()
    pct_and_everyone.leads.add(vickers, everyone)
    only_everyone = ActionFactory()
    only_everyone.leads.add(everyone)
    rate(only_everyone, Rating.AMBER)
    ActionFactory()  # no leads at all, never rated

    rows = dashboards.rag_by_organisation(actions=Action.objects.all())

    assert counts_by_label(rows) == {
        "Halton Borough Council": RagCounts(green=1),
        "Halton and St Helens PCT": RagCounts(red=1, green=1, not_rated=1),
        "No lead organisation": RagCounts(amber=1, not_rated=1),
    }
    assert [row.label for row in rows][-1] == "No lead organisation"
    assert rows[0].pk == council.pk


def test_rag_by_organisation_leaves_out_the_no_organisation_row_when_it_is_empty():
    pct = OrganisationFactory(name="PCT")
    lead = LeadFactory(name="R Vickers")
    lead.organisations.add(pct)
    ActionFactory().leads.add(lead)
    rows = dashboards.rag_by_organisation(actions=Action.objects.all())
    assert [row.label for row in rows] == ["PCT"]


def test_rag_by_organisation_is_not_inflated_by_a_joined_actions_queryset():
    pct = OrganisationFactory(name="PCT")
    first, second = LeadFactory(name="A"), LeadFactory(name="B")
    first.organisations.add(pct)
    second.organisations.add(pct)
    action = ActionFactory()
    action.leads.add(first, second)
    rate(action, Rating.RED)
    # Filtering across a many-to-many join repeats the action once per lead.
    actions = Action.objects.filter(leads__organisations=pct)
    assert actions.count() == 2
    assert counts_by_label(dashboards.rag_by_organisation(actions=actions)) == {
        "PCT": RagCounts(red=1)
    }


def test_rag_by_objective_always_lists_the_six_national_objectives_in_order():
    one, _, _, four, _, six = national_objectives()
    recovery = ActionFactory()
    recovery.objectives.add(one, four)
    rate(recovery, Rating.AMBER)
    rate(ActionFactory(), Rating.RED)  # linked to no objective: not counted
    stigma = ActionFactory()
    stigma.objectives.add(six)
    local = Objective.objects.create(
        strategy=Strategy.objects.create(title="A local strategy"), ref="1", title="Local"
    )
    ActionFactory().objectives.add(local)  # not a national objective

    rows = dashboards.rag_by_objective(actions=Action.objects.all())

    assert [row.pk for row in rows] == [o.pk for o in national_objectives()]
    assert rows[0].label == "1. More people will have good mental health"
    assert [row.counts for row in rows] == [
        RagCounts(amber=1),
        RagCounts(),
        RagCounts(),
        RagCounts(amber=1),
        RagCounts(),
        RagCounts(not_rated=1),
    ]


# --- Lists --------------------------------------------------------------------------------

END_OF_JUNE_2011 = datetime.date(2011, 6, 30)  # an action "due June 2011"


def test_an_action_due_in_june_is_not_overdue_on_the_last_day_of_june():
    ActionFactory(due_date=END_OF_JUNE_2011)
    on = datetime.date(2011, 6, 30)
    assert dashboard_lists.overdue_actions(actions=Action.objects.all(), on=on).rows == []


def test_an_action_due_in_june_is_overdue_on_the_first_of_july():
    action = ActionFactory(due_date=END_OF_JUNE_2011)
    on = datetime.date(2011, 7, 1)
    assert dashboard_lists.overdue_actions(actions=Action.objects.all(), on=on).rows == [action]


def test_overdue_lists_oldest_due_first_and_leaves_out_complete_actions():
    late = ActionFactory(due_date=datetime.date(2011, 3, 31))
    rate(late, Rating.RED)
    later = ActionFactory(due_date=datetime.date(2011, 5, 31))
    rate(ActionFactory(due_date=datetime.date(2011, 4, 30)), Rating.BLUE)
    ActionFactory(due_date=None)

    overdue = dashboard_lists.overdue_actions(
        actions=Action.objects.all(), on=datetime.date(2011, 7, 1)
    )

    assert overdue.rows == [late, later]
    assert overdue.total == 2
    assert [a.current_rating for a in overdue.rows] == [Rating.RED, None]


def test_due_soon_covers_today_to_ninety_days_ahead_both_included():
    on = datetime.date(2026, 1, 1)
    today = ActionFactory(due_date=on)
    last_day = ActionFactory(due_date=on + datetime.timedelta(days=90))
    ActionFactory(due_date=on + datetime.timedelta(days=91))
    ActionFactory(due_date=on - datetime.timedelta(days=1))  # overdue, not due soon
    rate(ActionFactory(due_date=on + datetime.timedelta(days=10)), Rating.BLUE)  # complete
    ActionFactory(due_date=None)

    assert dashboard_lists.due_soon(actions=Action.objects.all(), on=on).rows == [today, last_day]


def test_due_soon_takes_another_window():
    on = datetime.date(2026, 1, 1)
    ActionFactory(due_date=datetime.date(2026, 1, 31))
    assert dashboard_lists.due_soon(actions=Action.objects.all(), on=on, days=29).rows == []


def test_stale_actions_have_no_rating_reported_in_the_last_ninety_days():
    on = datetime.date(2026, 7, 1)
    since = on - datetime.timedelta(days=90)  # 2 April 2026
    fresh = ActionFactory()
    rate(fresh, Rating.GREEN, on=since)
    old = ActionFactory()
    rate(old, Rating.RED, on=since - datetime.timedelta(days=1))
    older = ActionFactory()
    rate(older, Rating.AMBER, on=datetime.date(2025, 12, 31))
    never = ActionFactory()
    done = ActionFactory()
    rate(done, Rating.BLUE, on=datetime.date(2025, 12, 31))  # complete: needs no update
    back_filled = ActionFactory()
    rate(back_filled, Rating.GREEN, on=JUNE)
    rate(back_filled, Rating.RED, on=datetime.date(2025, 1, 1))

    stale = dashboard_lists.stale_actions(actions=Action.objects.all(), on=on)

    assert fresh not in stale.rows and back_filled not in stale.rows
    assert stale.rows == [never, older, old]  # never rated first, then the longest unrated


@pytest.mark.parametrize("limit", [2, 10])
def test_the_three_lists_at_once_are_the_three_lists_one_by_one(limit):
    """short_lists (one query for every list's leads) shows what each list's own function does."""
    on = datetime.date(2026, 3, 1)
    lead = LeadFactory(name="Dr Lead")
    for n, due in enumerate([datetime.date(2025, 5, 31), datetime.date(2026, 4, 30)] * 3):
        action = ActionFactory(due_date=due)
        if n % 2:
            action.leads.add(lead)
            rate(action, Rating.AMBER, on=datetime.date(2025, 6, 30))
    actions = Action.objects.all()
    lists = dashboard_lists.short_lists(actions=actions, on=on, days=90, limit=limit)
    one_by_one = {
        "overdue": dashboard_lists.overdue_actions(actions=actions, on=on, limit=limit),
        "due_soon": dashboard_lists.due_soon(actions=actions, on=on, days=90, limit=limit),
        "stale": dashboard_lists.stale_actions(actions=actions, on=on, days=90, limit=limit),
    }
    for name, short in one_by_one.items():
        assert lists[name].rows == short.rows, name
        assert lists[name].total == short.total, name
        names = [row.lead_names for row in lists[name].rows]
        assert names == [row.lead_names for row in short.rows], name
    assert lists["overdue"].total == 3 and lists["due_soon"].total == 3
    assert all(row.lead_names == ["Dr Lead"] for row in lists["due_soon"].rows)


# --- Trend --------------------------------------------------------------------------------


def test_the_trend_counts_each_actions_latest_rating_as_of_each_reporting_date():
    plan = PlanFactory()
    a, b, c = (ActionFactory(plan=plan) for _ in range(3))
    rate(a, Rating.RED, on=JUNE)
    rate(b, Rating.AMBER, on=JUNE)
    rate(a, Rating.AMBER, on=SEPTEMBER)
    rate(b, Rating.GREEN, on=DECEMBER)
    rate(c, Rating.BLUE, on=DECEMBER)
    rate(ActionFactory(), Rating.RED, on=DECEMBER)  # another plan

    trend = dashboards.rag_trend(plans=Plan.objects.filter(pk=plan.pk))

    assert [(p.reported_on, p.counts) for p in trend.points] == [
        (JUNE, RagCounts(red=1, amber=1, not_rated=1)),
        (SEPTEMBER, RagCounts(amber=2, not_rated=1)),
        (DECEMBER, RagCounts(amber=1, green=1, blue=1)),
    ]
    assert trend.total_actions == 3
    assert trend.current == RagCounts(amber=1, green=1, blue=1)
    assert trend.has_sample_data is False


def test_back_filling_an_older_round_changes_no_later_point_of_the_trend():
    plan = PlanFactory()
    a, b = ActionFactory(plan=plan), ActionFactory(plan=plan)
    rate(a, Rating.GREEN, on=SEPTEMBER)
    rate(b, Rating.AMBER, on=JUNE)
    before = dashboards.rag_trend(plans=Plan.objects.filter(pk=plan.pk)).points

    rate(a, Rating.RED, on=JUNE)  # back-filled: entered after September's rating

    after = dashboards.rag_trend(plans=Plan.objects.filter(pk=plan.pk)).points
    assert [p.reported_on for p in after] == [JUNE, SEPTEMBER]
    assert after[0].counts == RagCounts(red=1, amber=1)  # as of June, a was red
    assert after[1] == before[1]  # September: a green, b amber
    assert after[1].counts == RagCounts(green=1, amber=1)


def test_a_tie_on_a_reporting_date_goes_to_the_update_created_later_in_the_trend():
    action = ActionFactory()
    first = rate(action, Rating.RED, on=JUNE)
    rate(action, Rating.BLUE, on=JUNE)
    RagUpdate.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    trend = dashboards.rag_trend(plans=Plan.objects.all())
    assert trend.current == RagCounts(blue=1)


def test_the_trends_last_point_agrees_with_the_current_ratings():
    plan = PlanFactory()
    for index, rating in enumerate([Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE] * 3):
        action = ActionFactory(plan=plan)
        rate(action, Rating.RED, on=JUNE)
        if index % 3:
            rate(action, rating, on=SEPTEMBER)
    ActionFactory(plan=plan)
    actions = Action.objects.filter(plan=plan)
    (row,) = dashboards.rag_by_plan(actions=actions)
    assert dashboards.rag_trend(plans=Plan.objects.filter(pk=plan.pk)).current == row.counts


def test_a_plan_never_rated_has_no_trend_points_and_every_action_not_rated():
    plan = PlanFactory()
    ActionFactory(plan=plan)
    ActionFactory(plan=plan)
    trend = dashboards.rag_trend(plans=Plan.objects.filter(pk=plan.pk))
    assert trend.points == []
    assert trend.current == RagCounts(not_rated=2)


def test_the_trend_says_when_any_rating_is_sample_data():
    action = ActionFactory()
    rate(action, Rating.GREEN, on=JUNE, is_sample=True)
    rate(action, Rating.RED, on=SEPTEMBER)
    assert dashboards.rag_trend(plans=Plan.objects.all()).has_sample_data is True


def test_the_trend_chart_has_a_column_per_rating_and_a_row_per_reporting_date():
    action = ActionFactory()
    rate(action, Rating.RED, on=JUNE)
    rate(action, Rating.GREEN, on=SEPTEMBER)
    trend = dashboards.rag_trend(plans=Plan.objects.all())
    chart = charts.trend_chart(
        trend, labels=charts.rating_labels(), id="trend", caption="Ratings over time"
    )
    assert chart["columns"] == [
        {"name": "Red", "rating": "red"},
        {"name": "Amber", "rating": "amber"},
        {"name": "Green", "rating": "green"},
        {"name": "Blue: complete", "rating": "blue"},
        {"name": "Not yet rated", "rating": "not_rated"},
    ]
    assert chart["rows"] == [
        {"label": "30 Jun 2026", "values": [1, 0, 0, 0, 0]},
        {"label": "30 Sep 2026", "values": [0, 0, 1, 0, 0]},
    ]
    assert chart["id"] == "trend" and chart["label_heading"] == "Reporting date"


def test_rating_labels_use_the_plans_own_legend():
    plan = PlanFactory(legend_green="On target against milestones")
    labels = dict(charts.rating_labels(plan=plan))
    assert labels["green"] == "Green: On target against milestones"
    assert labels["red"] == "Red"
    assert labels["blue"] == "Blue: complete"
    assert labels["not_rated"] == "Not yet rated"


# --- Pages --------------------------------------------------------------------------------


@pytest.fixture
def rated_plan():
    plan = PlanFactory(title="Telford mental health plan", legend_green="On target")
    section = SectionFactory(plan=plan, ref="1", title="Prevention")
    campaign = ActionFactory(plan=plan, section=section, text="Run a campaign")
    rate(campaign, Rating.GREEN, on=timezone.localdate())
    ActionFactory(
        plan=plan, section=section, text="Write the strategy", due_date=datetime.date(2020, 1, 31)
    )
    return plan


DASHBOARD_URLS = [
    pytest.param(lambda plan: reverse("plans:dashboard"), id="all-plans"),
    pytest.param(lambda plan: reverse("plans:plan-dashboard", args=[plan.pk]), id="one-plan"),
]


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, settings, rated_plan, url):
    settings.PUBLIC_DASHBOARDS = False
    response = client.get(url(rated_plan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_anyone_may_read_dashboards_when_they_are_public(client, settings, rated_plan, url):
    settings.PUBLIC_DASHBOARDS = True
    assert client.get(url(rated_plan)).status_code == 200


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_a_user_with_no_role_is_refused(client, settings, no_role_user, rated_plan, url):
    settings.PUBLIC_DASHBOARDS = False
    client.force_login(no_role_user)
    assert client.get(url(rated_plan)).status_code == 403


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_a_board_member_reads_the_dashboards(client, board_member, rated_plan, url):
    client.force_login(board_member)
    response = client.get(url(rated_plan))
    assert response.status_code == 200
    assert response.context["current"] == RagCounts(green=1, not_rated=1)
    content = response.content.decode()
    assert "Run a campaign" not in content  # rated recently, not due: in no list
    assert "Write the strategy" in content  # overdue and never rated
    assert "Not yet rated" in content
    assert "Sample data" not in content


def test_the_plan_dashboard_shows_sections_and_the_plans_legend(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-dashboard", args=[rated_plan.pk]))
    chart = response.context["groups_chart"]
    (row,) = chart["rows"]
    assert (row["label"], row["values"]) == ("1 Prevention", [0, 0, 1, 0, 1])
    assert chart["columns"][2] == {"name": "Green: On target", "rating": "green"}
    content = response.content.decode()
    assert "Green: On target" in content  # the plan's own words, beside the word Green
    assert '<script id="ratings-by-section-data" type="application/json">' in content
    assert [a.text for a in response.context["overdue"].rows] == ["Write the strategy"]


def test_every_chart_has_its_data_in_a_json_script_and_no_inline_script(
    client, board_member, rated_plan
):
    from plans.national import national_objectives

    # Each chart has something to count (one with nothing shows a sentence instead).
    rated_plan.actions.first().objectives.add(national_objectives()[0])
    client.force_login(board_member)
    content = client.get(reverse("plans:dashboard")).content.decode()
    for chart in ["by-plan", "by-organisation", "by-objective", "over-time"]:
        assert f'<script id="ratings-{chart}-data" type="application/json">' in content
        assert f'data-chart-data="ratings-{chart}-data"' in content
    scripts = content.count("<script")
    json_scripts = content.count('type="application/json"')
    module_scripts = content.count('<script type="module" src=')
    assert scripts == json_scripts + module_scripts


def test_the_dashboard_says_when_ratings_are_sample_data(client, board_member, rated_plan):
    rate(rated_plan.actions.first(), Rating.RED, on=SEPTEMBER, is_sample=True)
    client.force_login(board_member)
    for url in [reverse("plans:dashboard"), reverse("plans:plan-dashboard", args=[rated_plan.pk])]:
        assert "Sample data" in client.get(url).content.decode()


def test_the_all_plans_dashboard_leaves_out_archived_plans(client, board_member, rated_plan):
    archived = PlanFactory(title="Old plan", status=Plan.Status.ARCHIVED)
    rate(ActionFactory(plan=archived), Rating.RED)
    client.force_login(board_member)
    response = client.get(reverse("plans:dashboard"))
    assert [row["label"] for row in response.context["groups_chart"]["rows"]] == [rated_plan.title]


def test_an_unknown_plans_dashboard_is_not_found(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("plans:plan-dashboard", args=[999999])).status_code == 404


# --- Query counts -------------------------------------------------------------------------


def make_plan_with_actions(size: int) -> Plan:
    """A plan of `size` actions across sections, leads, organisations and objectives, with
    overdue, due-soon and stale actions at every size (so every list prefetches its leads)."""
    today = timezone.localdate()
    plan = PlanFactory(title="Halton")
    sections = [SectionFactory(plan=plan, ref=str(n), order=n) for n in range(1, 4)]
    organisations = [OrganisationFactory(name=f"Org {n}") for n in range(3)]
    leads = [LeadFactory(name=f"Lead {n}") for n in range(4)]
    for lead, organisation in zip(leads, organisations, strict=False):
        lead.organisations.add(organisation)  # the fourth lead has no organisation
    objectives = list(national_objectives())
    due_dates = [
        today - datetime.timedelta(days=40),  # overdue
        today + datetime.timedelta(days=30),  # due soon
        today + datetime.timedelta(days=400),
        None,
    ]
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            section=sections[n % 3],
            text=f"Action {n}",
            order=n,
            due_date=due_dates[n % 4],
        )
        for n in range(size)
    )
    ratings = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE, Rating.NOT_RATED]
    updates = []
    for n, action in enumerate(actions):
        action.leads.add(leads[n % 4], leads[(n + 1) % 4])
        action.objectives.add(objectives[n % 6])
        if n % 5 == 4:
            continue  # never rated: stale
        updates.append(
            RagUpdate(
                action=action,
                rating=ratings[(n + 1) % 5],
                reported_on=today - datetime.timedelta(days=200),
            )
        )
        if n % 2:  # half were rated again recently
            updates.append(
                RagUpdate(action=action, rating=ratings[n % 5], reported_on=today, is_sample=True)
            )
    RagUpdate.objects.bulk_create(updates)
    action_current_ratings_refresh(action_ids=[action.pk for action in actions])
    return plan


@pytest.mark.parametrize("size", [10, 200])
def test_the_all_plans_dashboard_runs_the_same_queries_whatever_the_number_of_actions(
    size, client, board_member, django_assert_num_queries
):
    make_plan_with_actions(size)
    PlanFactory(title="Empty plan")
    client.force_login(board_member)
    # session, user, user's groups (role check),
    # rating counts by plan,
    # by organisation (grouped) + actions with no lead organisation,
    # by lead (grouped, top 20),
    # national objectives + counts by objective,
    # trend: the plans' stored rating changes summed per date,
    # how many are overdue, due soon and stale (one count),
    # overdue, due soon, stale: each its first rows; then all their lead names
    with django_assert_num_queries(15):
        response = client.get(reverse("plans:dashboard"))
    assert response.status_code == 200
    assert response.context["current"].total == size
    assert response.context["overdue"].rows and response.context["due_soon"].rows
    assert response.context["stale"].rows


@pytest.mark.parametrize("size", [10, 200])
def test_a_plan_dashboard_runs_the_same_queries_whatever_the_number_of_actions(
    size, client, board_member, django_assert_num_queries
):
    plan = make_plan_with_actions(size)
    client.force_login(board_member)
    # session, user, user's groups (role check), the plan,
    # rating counts by section,
    # by organisation (grouped) + actions with no lead organisation,
    # by lead (grouped, top 20),
    # national objectives + counts by objective,
    # trend: the plan's stored rating changes summed per date,
    # how many are overdue, due soon and stale (one count),
    # overdue, due soon, stale: each its first rows; then all their lead names
    with django_assert_num_queries(16):
        response = client.get(reverse("plans:plan-dashboard", args=[plan.pk]))
    assert response.status_code == 200
    assert response.context["current"].total == size
    assert len(response.context["groups_chart"]["rows"]) == 3
    assert response.context["overdue"] and response.context["due_soon"]
    assert response.context["stale"]
    assert "Sample data" in response.content.decode()


def test_by_lead_lists_the_leads_with_most_red_then_amber_first():
    from plans import dashboards
    from tests.factories import ActionFactory, LeadFactory, RagUpdateFactory

    quiet, busy, named_only = (
        LeadFactory(name="Quiet lead"),
        LeadFactory(name="Busy lead"),
        LeadFactory(name="Named only"),
    )
    for lead, ratings in ((quiet, ["green", "amber"]), (busy, ["red", "red", "green"])):
        for rating in ratings:
            action = ActionFactory()
            action.leads.add(lead)
            RagUpdateFactory(action=action, rating=rating, commentary="why")
    ActionFactory().leads.add(named_only)  # never rated
    ActionFactory()  # no lead: not counted
    rows = dashboards.rag_by_lead(actions=Action.objects.all())
    assert [row.label for row in rows] == ["Busy lead", "Quiet lead", "Named only"]
    assert (rows[0].counts.red, rows[0].counts.green, rows[0].counts.total) == (2, 1, 3)
    assert rows[2].counts.not_rated == 1
    assert [row.label for row in dashboards.rag_by_lead(actions=Action.objects.all(), limit=1)] == [
        "Busy lead"
    ]
