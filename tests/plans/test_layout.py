"""The page layouts (issue 14): the filter panel above a table, counted nouns, what a plan
states about itself, and charts with nothing to count. The widths themselves are checked in a
browser: tests/browser/test_every_page_layout.py."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from plans import charts, dashboards
from plans.filters import ActionFilter
from plans.models import Action, Plan, Rating
from plans.templatetags.layout_tags import applied_filters, counted, named_cells
from tests.factories import ActionFactory, OrganisationFactory, PlanFactory, RagUpdateFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "nouns", "words"),
    [
        (0, "actions", "0 actions"),
        (1, "actions", "1 action"),
        (2, "actions", "2 actions"),
        (20000, "actions", "20,000 actions"),
        (1, "results", "1 result"),
        (1, "person,people", "1 person"),
        (3, "person,people", "3 people"),
    ],
)
def test_a_count_is_written_with_its_noun_singular_for_one(count, nouns, words):
    assert counted(count, nouns) == words


@pytest.mark.parametrize(
    ("query", "applied"),
    [
        ("", 0),
        ("sort=due&page=2", 0),  # sorting and paging filter nothing
        ("q=&rating=&lead=", 0),  # an empty field is no filter
        ("rating=red", 1),
        ("rating=red&overdue=on&q=crisis", 3),
    ],
)
def test_applied_filters_counts_the_fields_given_a_value(query, applied):
    assert applied_filters(ActionFilter(QueryDict(query), queryset=Action.objects.all())) == applied


def test_no_filter_is_applied_when_the_filterset_is_not_bound():
    assert applied_filters(ActionFilter(None, queryset=Action.objects.all())) == 0


def test_named_cells_pairs_each_count_with_its_column():
    columns = [{"name": "Red", "rating": "red"}, {"name": "Green", "rating": "green"}]
    plain = {"label": "Plan", "values": [2, 0]}
    drilled = {**plain, "cells": [{"value": 2, "url": "/a?r=red"}, {"value": 0, "url": None}]}
    assert named_cells(plain, columns) == [
        {"value": 2, "url": None, "name": "Red"},
        {"value": 0, "url": None, "name": "Green"},
    ]
    assert named_cells(drilled, columns)[0] == {"value": 2, "url": "/a?r=red", "name": "Red"}


# --- The filter panel ---------------------------------------------------------------------------


def filter_panel(content: str) -> str:
    return re.search(r"<details[^>]*app-filter-panel[^>]*>.*?</summary>", content, re.S).group(0)


def test_the_filters_are_a_closed_panel_above_the_table_until_one_is_applied(client, board_member):
    plan = PlanFactory()
    ActionFactory(plan=plan)
    client.force_login(board_member)

    content = client.get(plan.get_absolute_url()).content.decode()
    panel = filter_panel(content)
    assert " open" not in panel and "Filter actions" in panel
    assert content.index("app-filter-panel") < content.index("app-action-table")

    filtered = client.get(f"{plan.get_absolute_url()}?rating=red&overdue=on&sort=due")
    panel = filter_panel(filtered.content.decode())
    assert " open" in panel and "Filter actions (2 applied)" in page_text(panel)


def test_the_result_count_says_1_action_not_1_actions(client, board_member):
    plan = PlanFactory()
    ActionFactory(plan=plan)
    client.force_login(board_member)
    text = page_text(client.get(plan.get_absolute_url()).content.decode())
    assert "1 action " in text and "1 actions" not in text


def test_list_pages_ask_for_the_wide_layout(client, board_member):
    plan = PlanFactory()
    client.force_login(board_member)
    for url in (reverse("plans:home"), plan.get_absolute_url(), reverse("plans:action-list")):
        assert 'class="app-wide"' in client.get(url).content.decode(), url


# --- What a plan states about itself --------------------------------------------------------------


def test_the_plan_page_states_area_period_and_owner_when_it_has_them(client, board_member):
    plan = PlanFactory(
        area="Telford and Wrekin",
        owner=OrganisationFactory(name="Telford and Wrekin CCG"),
        period_start=datetime.date(2014, 4, 1),
        period_end=datetime.date(2019, 3, 31),
    )
    client.force_login(board_member)
    content = client.get(plan.get_absolute_url()).content.decode()
    facts_list = content.split('class="app-plan-facts"')[1].split("</ul>")[0]
    facts = [fact.strip() for fact in re.findall(r"<li>(.*?)</li>", facts_list, re.S)]
    assert facts == [
        "Telford and Wrekin",
        "April 2014 to March 2019",
        "Owner: Telford and Wrekin CCG",
    ]


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (datetime.date(2014, 4, 1), None, "From April 2014"),
        (None, datetime.date(2019, 3, 31), "Until March 2019"),
    ],
)
def test_a_period_with_one_end_says_so_without_a_question_mark(
    client, board_member, start, end, words
):
    plan = PlanFactory(area="", period_start=start, period_end=end)
    client.force_login(board_member)
    text = page_text(client.get(plan.get_absolute_url()).content.decode())
    assert words in text and "?" not in text


def test_a_plan_stating_nothing_gets_no_empty_line_of_facts(client, board_member):
    plan = PlanFactory(area="")
    client.force_login(board_member)
    assert "app-plan-facts" not in client.get(plan.get_absolute_url()).content.decode()


# --- Charts with nothing to count -------------------------------------------------------------------


def test_a_chart_of_zero_counts_has_nothing_to_count():
    plan = PlanFactory()
    ActionFactory(plan=plan)
    rows = dashboards.rag_by_objective(plans=Plan.objects.all())
    assert rows and not any(row.counts.total for row in rows)  # six objectives, no action
    chart = charts.rag_chart(rows, labels=charts.rating_labels(), id="o", caption="c", heading="h")
    assert chart["has_counts"] is False


def test_a_chart_with_a_count_has_something_to_count():
    action = ActionFactory()
    RagUpdateFactory(action=action, rating=Rating.RED, reported_on=datetime.date(2026, 6, 30))
    rows = dashboards.rag_by_plan(plans=Plan.objects.all())
    chart = charts.rag_chart(rows, labels=charts.rating_labels(), id="p", caption="c", heading="h")
    assert chart["has_counts"] is True


def test_a_plan_with_no_objectives_gets_a_sentence_not_an_empty_objectives_chart(
    client, board_member
):
    plan = PlanFactory()
    ActionFactory(plan=plan)
    client.force_login(board_member)
    content = client.get(reverse("plans:plan-dashboard", args=[plan.pk])).content.decode()
    assert "No action in this plan is linked to a national objective yet." in content
    assert "ratings-by-objective-data" not in content
    assert "ratings-by-section-data" in content  # the plan's own chart is still drawn
