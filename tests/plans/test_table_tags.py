"""The tags that draw table fragments in Python (rag_tags, plan_facts_tags, action_table_tags):
the words, links and classes the templates drew, with every stored value escaped."""

import datetime

import pytest
from django.template import Context, Template

from plans.rag_counts import RagCounts
from tests.factories import ActionFactory, LeadFactory, OrganisationFactory, PlanFactory


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


# --- rag_tag -----------------------------------------------------------------------------


def test_rag_tag_writes_the_rating_and_the_plans_own_wording():
    plan = PlanFactory.build(legend_green="On target <milestones>")
    html = render("{% load plans_tags %}{% rag_tag 'green' plan %}", plan=plan)
    assert html == (
        '<strong class="nhsuk-tag nhsuk-tag--green app-rag-tag app-rag-tag--green">Green'
        '<span class="app-rag-tag__legend">: On target &lt;milestones&gt;</span></strong>'
    )


def test_rag_tag_leaves_out_wording_that_only_repeats_the_name_but_says_blue_is_complete():
    plan = PlanFactory.build(legend_amber="Amber")
    assert ">Amber</strong>" in render("{% load plans_tags %}{% rag_tag 'amber' p %}", p=plan)
    blue = render("{% load plans_tags %}{% rag_tag 'blue' %}")
    assert 'nhsuk-tag--blue app-rag-tag app-rag-tag--blue">Blue' in blue
    assert '<span class="app-rag-tag__legend">: complete</span>' in blue


@pytest.mark.parametrize("rating", [None, "", "not_rated"])
def test_rag_tag_of_no_rating_says_not_yet_rated(rating):
    html = render("{% load plans_tags %}{% rag_tag r %}", r=rating)
    assert html == (
        '<strong class="nhsuk-tag nhsuk-tag--grey app-rag-tag app-rag-tag--not_rated">'
        "Not yet rated</strong>"
    )


# --- rag_bar -----------------------------------------------------------------------------


def test_rag_bar_draws_a_segment_a_rating_with_actions_and_a_key_of_every_rating():
    counts = {"red": 1, "green": 2, "total": 3}
    html = render("{% load rag_tags %}{% rag_bar c url='/plans/1/' %}", c=counts)
    assert "app-rag-bar__segment--red app-rag-bar__segment--w33" in html
    assert "app-rag-bar__segment--green app-rag-bar__segment--w67" in html
    assert "app-rag-bar__segment--amber" not in html
    assert '<span>Red: <a href="/plans/1/?rating=red">1</a> (33%)</span>' in html
    assert "<span>Amber: 0 (0%)</span>" in html
    assert "<span>Not yet rated: 0 (0%)</span>" in html


def test_rag_bar_of_nothing_counted_has_no_shares_and_escapes_its_caption():
    html = render("{% load rag_tags %}{% rag_bar c caption=x small=True %}", c=RagCounts(), x="<b>")
    assert 'class="app-rag-bar app-rag-bar--small"' in html
    assert "&lt;b&gt;</p>" in html
    assert "<span>Red: 0</span>" in html


def test_rag_bar_include_takes_the_total_it_is_given():
    html = render(
        '{% include "components/rag_bar.html" with counts=c total=4 %}', c=RagCounts(red=1)
    )
    assert "app-rag-bar__segment--w25" in html
    assert "<span>Red: 1 (25%)</span>" in html


# --- plan_facts ---------------------------------------------------------------------------


def test_plan_facts_lists_area_period_and_owner_when_stated():
    plan = PlanFactory.build(
        area="Telford & Wrekin",
        period_start=datetime.date(2014, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        owner=OrganisationFactory.build(name="Council"),
    )
    html = render("{% load plan_facts_tags %}{% plan_facts p short=True %}", p=plan)
    assert html == (
        '<ul class="app-plan-facts app-plan-facts--short">\n<li>Telford &amp; Wrekin</li>\n'
        "<li>Apr 2014 to Mar 2019</li>\n<li>Owner: Council</li>\n</ul>"
    )


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (datetime.date(2014, 4, 1), None, "From April 2014"),
        (None, datetime.date(2019, 3, 31), "Until March 2019"),
    ],
)
def test_plan_facts_says_an_open_period_in_words(start, end, words):
    plan = PlanFactory.build(area="", period_start=start, period_end=end)
    html = render('{% include "plans/includes/plan_facts.html" %}', plan=plan)
    assert f"<li>{words}</li>" in html


def test_plan_facts_of_a_plan_stating_nothing_is_empty():
    plan = PlanFactory.build(area="")
    assert render("{% load plan_facts_tags %}{% plan_facts p %}", p=plan) == ""


# --- action_cells -------------------------------------------------------------------------


@pytest.mark.django_db
def test_action_cells_write_dashes_for_what_an_action_does_not_state():
    action = ActionFactory(ref="", text="", timescale_text="", due_date=None)
    html = render("{% load action_table_tags %}{% action_cells a %}", a=action)
    assert "Ref </span>–</td>" in html
    assert ">(no action text)</a>" in html
    assert 'Lead </span><span class="app-cell">–</span>' in html
    assert "Due </span>–</td>" in html
    assert "Not yet rated" in html
    assert "Plan </span>" not in html


@pytest.mark.django_db
def test_action_cells_shorten_long_text_and_escape_what_is_stored():
    action = ActionFactory(
        ref="1.2", text="word " * 40 + "<script>", due_date=datetime.date(2026, 3, 31)
    )
    action.leads.add(LeadFactory(name="B & Co"), LeadFactory(name="A"))
    html = render("{% load action_table_tags %}{% action_cells a True %}", a=action)
    assert "word …</a>" in html
    assert "<script>" not in html
    assert "B &amp; Co" in html
    assert html.count(", ") == 1  # two leads
    assert '<time datetime="2026-03-31">Mar 2026</time>' in html
    assert f'<a href="{action.plan.get_absolute_url()}">{action.plan.title}</a>' in html
