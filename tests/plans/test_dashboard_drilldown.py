"""Every count on a dashboard links to the table of those actions, and that table has as many."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Rating
from tests.factories import ActionFactory, LeadFactory, OrganisationFactory, PlanFactory
from tests.factories import RagUpdateFactory as Rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_plan():
    """14 overdue actions (more than a dashboard list shows), some due soon, some stale."""
    today = timezone.localdate()
    plan = PlanFactory(title="Telford")
    council = OrganisationFactory(name="Telford Council")
    lead = LeadFactory(name="JCT")
    lead.organisations.add(council)
    for n in range(20):
        due = today + datetime.timedelta(days=-30 if n < 14 else 30)
        action = ActionFactory(plan=plan, due_date=due, text=f"Action {n}")
        action.leads.add(lead)
        if n % 2:
            Rate(action=action, rating=Rating.RED, reported_on=today)
        elif n % 4 == 0:
            Rate(
                action=action, rating=Rating.GREEN, reported_on=today - datetime.timedelta(days=200)
            )
    return plan


def table_count(client, url: str) -> int:
    """The number a table page says it holds ("Showing 1 to 50 of 73 actions" or "7 actions")."""
    text = client.get(url).content.decode()
    status = re.search(r'class="app-result-count" role="status">(.*?)</p>', text, re.S).group(1)
    return int(re.findall(r"([\d,]+) actions?\b", status)[0].replace(",", ""))


@pytest.mark.parametrize("dashboard", ["all", "plan"])
def test_each_list_shows_its_first_ten_and_links_to_all_of_them(
    client, board_member, busy_plan, dashboard
):
    client.force_login(board_member)
    url = (
        reverse("plans:dashboard")
        if dashboard == "all"
        else reverse("plans:plan-dashboard", args=[busy_plan.pk])
    )
    response = client.get(url)
    context = response.context
    assert len(context["overdue"].rows) == 10 and context["overdue"].total == 14
    assert "Showing the first 10 of 14" in response.content.decode()
    for name in ("overdue", "due_soon", "stale"):
        link = context["list_links"][name]
        assert link in response.content.decode().replace("&amp;", "&")
        assert table_count(client, link) == context[name].total, name


def test_each_count_of_the_all_plans_dashboard_links_to_those_actions(
    client, board_member, busy_plan
):
    client.force_login(board_member)
    response = client.get(reverse("plans:dashboard"))
    content = response.content.decode().replace("&amp;", "&")
    for chart in ("groups_chart", "organisation_chart", "lead_chart"):
        for row in response.context[chart]["rows"]:
            for cell in row["cells"]:
                if cell["value"]:
                    assert f'href="{cell["url"]}"' in content
                    assert table_count(client, cell["url"]) == cell["value"], cell["url"]
    red = response.context["current"].red
    assert table_count(client, f"{reverse('plans:action-list')}?rating=red") == red


def test_each_section_count_of_a_plan_dashboard_links_to_the_plans_table(
    client, board_member, busy_plan
):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-dashboard", args=[busy_plan.pk]))
    for row in response.context["groups_chart"]["rows"]:
        assert row["url"].startswith(busy_plan.get_absolute_url())
        for cell in row["cells"]:
            if cell["value"]:
                assert table_count(client, cell["url"]) == cell["value"]


def test_the_all_plans_dashboard_charts_the_plans_most_in_need(client, board_member):
    for n in range(30):
        plan = PlanFactory(title=f"Plan {n:02d}")
        for _ in range(n % 3):
            Rate(action=ActionFactory(plan=plan), rating=Rating.RED)
        ActionFactory(plan=plan)
    client.force_login(board_member)
    response = client.get(reverse("plans:dashboard"))
    rows = response.context["groups_chart"]["rows"]
    assert len(rows) == 25
    assert rows[0]["values"][0] == 2  # most red first
    assert "of 30" in response.content.decode()
