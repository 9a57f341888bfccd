"""The dashboards' numbers in the API are the dashboard pages' numbers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Rating
from plans.national import national_objectives
from tests.factories import (
    ActionFactory,
    LeadFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans_with_history():
    """Two active plans and an archived one; ratings over three dates; leads in
    organisations (one joint post), objectives, overdue, due-soon and stale actions."""
    today = timezone.localdate()
    council, ccg = OrganisationFactory(name="Council"), OrganisationFactory(name="CCG")
    joint = LeadFactory(name="Joint post")
    joint.organisations.add(council, ccg)
    team = LeadFactory(name="Team")
    team.organisations.add(council)
    everyone = LeadFactory(name="All providers")
    objectives = list(national_objectives())
    ratings = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE, Rating.NOT_RATED]
    for p, title in enumerate(["Telford", "Halton", "Old plan"]):
        plan = PlanFactory(title=title)
        if title == "Old plan":
            plan.status = Plan.Status.ARCHIVED
            plan.save()
        sections = [SectionFactory(plan=plan, ref=str(s), order=s) for s in range(3)]
        for n in range(12):
            action = ActionFactory(
                plan=plan,
                section=sections[n % 3] if n % 4 else None,
                due_date=today + datetime.timedelta(days=(n - 6) * 30),
            )
            action.leads.add([joint, team, everyone][n % 3])
            action.objectives.add(objectives[n % 6])
            for step, days in enumerate([400, 200, 20][: n % 4]):
                RagUpdateFactory(
                    action=action,
                    rating=ratings[(n + step + p) % 5],
                    reported_on=today - datetime.timedelta(days=days),
                    commentary="x",
                )


def chart(rows):
    return {row["label"]: row["values"] for row in rows}


def api_chart(rows):
    order = ["red", "amber", "green", "blue", "not_rated"]
    return {row["label"]: [row["counts"][r] for r in order] for row in rows}


def assert_same_numbers(page, api):
    context = page.context
    current = context["current"]
    assert api["current"] == {**dict(current.by_rating()), "total": current.total}
    assert api["has_sample_data"] == context["has_sample_data"]
    # The page charts the rows most in need (at most 25); the API lists every row.
    for page_chart, api_rows in [
        ("groups_chart", api["groups"]),
        ("organisation_chart", api["by_organisation"]),
        ("lead_chart", api["by_lead"]),
        ("objective_chart", api["by_objective"]),
    ]:
        shown = chart(context[page_chart]["rows"])
        assert shown and shown.items() <= api_chart(api_rows).items(), page_chart
    trend = context["trend_chart"]["rows"]
    assert [row["values"] for row in trend] == [
        [p["counts"][r] for r in ["red", "amber", "green", "blue", "not_rated"]]
        for p in api["trend"]
    ]
    for name in ["overdue", "due_soon", "stale"]:
        assert api[name]["total"] == context[name].total, name
        assert [row["id"] for row in api[name]["rows"]] == [a.pk for a in context[name].rows]


def test_the_dashboard_numbers_are_the_dashboard_pages(client, board_member, plans_with_history):
    client.force_login(board_member)
    page = client.get(reverse("plans:dashboard"))
    api = client.get(reverse("api:dashboard")).json()
    assert api["grouped_by"] == "plan"
    assert [row["label"] for row in api["groups"]] == ["Halton", "Telford"]  # not archived
    assert_same_numbers(page, api)


def test_a_plans_dashboard_numbers_are_its_pages(client, board_member, plans_with_history):
    plan = Plan.objects.get(title="Telford")
    client.force_login(board_member)
    page = client.get(reverse("plans:plan-dashboard", args=[plan.pk]))
    api = client.get(reverse("api:plan-dashboard", args=[plan.pk])).json()
    assert (api["grouped_by"], api["plan"]) == ("section", plan.pk)
    assert_same_numbers(page, api)


def test_the_lists_link_to_the_same_actions_in_the_api(client, board_member, plans_with_history):
    client.force_login(board_member)
    api = client.get(reverse("api:dashboard")).json()
    for name in ["overdue", "due_soon", "stale"]:
        listed = client.get(api[name]["actions_url"] + "&page_size=1000").json()["results"]
        active = [a for a in listed if a["plan_title"] != "Old plan"]
        assert len(active) == api[name]["total"], name


def test_public_dashboards_never_give_anonymous_visitors_the_live_numbers(client, settings):
    # The public sees published rounds only (the public dashboard pages), never live ratings.
    settings.PUBLIC_DASHBOARDS = True
    assert client.get(reverse("api:dashboard")).status_code == 401
    assert client.get(reverse("api:plan-list")).status_code == 401
    assert client.get(reverse("plans:dashboard")).status_code == 200
