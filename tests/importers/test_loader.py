import datetime

import pytest

from importers.loader import organisation_kind, plan_create_from_parsed
from importers.reading.parsed import (
    ParsedAction,
    ParsedMilestone,
    ParsedObjective,
    ParsedPlan,
    ParsedSection,
)
from plans.models import Action, Lead, Organisation, Plan, RagUpdate, Rating, Section, Strategy

pytestmark = pytest.mark.django_db


def halton_like_plan(**overrides) -> ParsedPlan:
    plan = ParsedPlan(
        title="HALTON LIT COMMUNITY IMPROVEMENT REVIEW ACTION PLAN",
        area="Halton",
        source="halton.txt",
        rag_legend={"green": "On target", "amber": "Behind", "red": "Under developed"},
        lead_directory={
            "R Vickers": "Halton and St Helens Primary Care Trust",
            "E Crisp": "Halton Borough Council/ Halton and St Helens Primary Care Trust",
        },
        sections=[
            ParsedSection(ref="2.0", title="Commissioning"),
            ParsedSection(ref="2.1", title="Partnership", parent="2.0"),
        ],
        actions=[
            ParsedAction(
                ref="1",
                section="Partnership",
                text="Review the partnership agreement",
                leads=["R. Vickers", "E Crisp"],
                timescale_text="From Dec 2014 to March 2015",
                start="2014-12",
                due="2015-03",
                outcomes=["Agreement signed", "Roles agreed"],
                rag="blue",
                objectives=["4"],
                milestones=[ParsedMilestone(title="Draft agreed June 2011", due="2011-06")],
            ),
            ParsedAction(
                ref=None, section="Partnership", text="Second action", leads=["R Vickers"]
            ),
        ],
    )
    for key, value in overrides.items():
        setattr(plan, key, value)
    return plan


def test_a_parsed_plan_becomes_a_plan_with_sections_actions_and_dates():
    result = plan_create_from_parsed(parsed=halton_like_plan(), checksum="c" * 64)
    plan = result.plan
    assert plan.title == "HALTON LIT COMMUNITY IMPROVEMENT REVIEW ACTION PLAN"
    assert plan.legend_green == "On target"
    child = Section.objects.get(plan=plan, ref="2.1")
    assert child.parent.ref == "2.0"
    first = Action.objects.get(plan=plan, ref="1")
    assert first.section == child
    # A start month is its first day, a due month its last (DESIGN.md).
    assert first.start_date == datetime.date(2014, 12, 1)
    assert first.due_date == datetime.date(2015, 3, 31)
    assert first.timescale_text == "From Dec 2014 to March 2015"
    assert first.outcome_items == ["Agreement signed", "Roles agreed"]
    assert [o.ref for o in first.objectives.all()] == ["4"]
    assert first.milestones.get().due_date == datetime.date(2011, 6, 30)


def test_leads_differing_only_in_punctuation_are_one_lead():
    plan = plan_create_from_parsed(parsed=halton_like_plan(), checksum="c" * 64).plan
    assert Lead.objects.filter(key="r vickers").count() == 1
    assert Lead.objects.count() == 2
    assert {a.leads.count() for a in plan.actions.all()} == {2, 1}


def test_leads_are_reused_across_imports():
    plan_create_from_parsed(parsed=halton_like_plan(), checksum="c" * 64)
    plan_create_from_parsed(parsed=halton_like_plan(), checksum="d" * 64)
    assert Lead.objects.count() == 2
    assert Organisation.objects.count() == 2


def test_a_joint_post_belongs_to_both_organisations():
    plan_create_from_parsed(parsed=halton_like_plan(), checksum="c" * 64)
    crisp = Lead.objects.get(key="e crisp")
    assert sorted(o.name for o in crisp.organisations.all()) == [
        "Halton Borough Council",
        "Halton and St Helens Primary Care Trust",
    ]
    assert Organisation.objects.get(name="Halton Borough Council").kind == "council"


def test_a_rating_in_the_document_becomes_the_first_update_from_import():
    plan = plan_create_from_parsed(parsed=halton_like_plan(), checksum="c" * 64).plan
    update = RagUpdate.objects.get()
    assert update.rating == Rating.BLUE
    assert update.source == RagUpdate.Source.IMPORT
    assert update.action.plan == plan


def test_a_repeated_action_ref_is_kept_once_with_a_warning():
    parsed = halton_like_plan()
    parsed.actions[1].ref = "1"
    result = plan_create_from_parsed(parsed=parsed, checksum="c" * 64)
    assert sorted(result.plan.actions.values_list("ref", flat=True)) == ["", "1"]
    assert any("repeats" in w for w in result.warnings)


def test_a_due_date_before_the_start_drops_the_start_with_a_warning():
    parsed = halton_like_plan()
    parsed.actions[0].start, parsed.actions[0].due = "2016-01", "2015-03"
    result = plan_create_from_parsed(parsed=parsed, checksum="c" * 64)
    action = result.plan.actions.get(ref="1")
    assert action.start_date is None
    assert any("start dropped" in w for w in result.warnings)


def test_an_error_part_way_writes_nothing():
    parsed = halton_like_plan()
    parsed.actions[1].rag = "purple"  # not a rating: fails after the plan and first action
    with pytest.raises(ValueError):
        plan_create_from_parsed(parsed=parsed, checksum="c" * 64)
    assert not Plan.objects.exists()
    assert not Action.objects.exists()
    assert not Lead.objects.exists()


def test_a_narrative_strategy_adopts_the_national_objectives_without_copying_them():
    parsed = ParsedPlan(
        title="Southwark Joint Strategic Integrated Mental Health Programme 2012-2015",
        kind="strategy",
        area="Southwark",
        period_start="2012-04",
        period_end="2015-03",
        objectives=[
            ParsedObjective(
                ref="iv", title="More people will have a positive experience of care and support"
            ),
            ParsedObjective(ref="vii", title="A local objective"),
        ],
        actions=[ParsedAction(ref="1", section=None, text="Crisis Intervention")],
    )
    plan = plan_create_from_parsed(parsed=parsed, checksum="e" * 64).plan
    strategy = plan.strategy
    assert [o.ref for o in strategy.adopted_objectives.all()] == ["4"]
    assert [o.title for o in strategy.objectives.all()] == ["A local objective"]
    assert strategy.period_end == datetime.date(2015, 3, 31)
    assert Strategy.objects.count() == 2  # national + this one


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Halton and St Helens Primary Care Trust", "nhs"),
        ("5BoroughsPartnership NHS Trust", "nhs"),
        ("Halton Borough Council", "council"),
        ("MIND Halton", "voluntary"),
        ("Care Services Improvement Partnership", "other"),
    ],
)
def test_organisation_kind_is_read_from_its_name(name, kind):
    assert organisation_kind(name) == kind


def test_imported_ratings_are_stored_with_one_refresh_of_the_current_ratings(db, monkeypatch):
    """Ratings saved one by one refreshed their plan each time: quadratic in the plan's size."""
    import importers.loader as loader
    from importers.reading.parse import read_plan
    from plans.models import Action

    calls = []
    real = loader.ratings_written

    def counted(action_ids):
        calls.append(list(action_ids))
        return real(calls[-1])

    monkeypatch.setattr(loader, "ratings_written", counted)
    rows = "".join(
        f"{n}\tAction number {n} for the plan\tJCT\tJune 2011\tGreen\n" for n in range(30)
    )
    parsed = read_plan(("Ref\tAction\tLead\tTimescale\tRAG\n" + rows).encode(), "plan.txt")
    loader.plan_create_from_parsed(parsed=parsed, checksum="c" * 64)
    assert [len(ids) for ids in calls] == [30]
    assert Action.objects.filter(current_rating="green").count() == 30
