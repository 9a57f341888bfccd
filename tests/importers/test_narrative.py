"""Narrative strategies: numbered chapters, roman-numbered objectives, a numbered project list."""

from __future__ import annotations

import json

from importers.reading.document import Document, Paragraph
from importers.reading.narrative import read_narrative_strategy
from importers.reading.readers.text import read_text

from .conftest import expected_path, seed_path


def doc(text: str) -> Document:
    lines = [line.strip() for line in text.strip().splitlines()]
    return Document(
        [Paragraph(line, source_line=n) for n, line in enumerate(lines, start=1) if line],
        source_name="s.txt",
    )


SAMPLE = """
1.
Summary
The six shared objectives of No Health Without Mental Health are as follows:
(i) More people will have good mental health
Some explanation.
ii) More people with mental health problems will recover
2. Our plan
Croydon Council and Croydon CCG will work together over 2014-2019. Croydon Council agrees.
3. Delivery
To do this the Croydon Wellbeing Programme 2015-2018 will consist of three workstreams.
Workstreams
1. Housing
2. Employment / skills
3. Crisis care
4. Not a fourth workstream
Each workstream will report monthly.
4. Governance
1. A numbered point that is not a heading
"""


def test_sections_numbered_in_order_titles_on_next_line():
    plan = read_narrative_strategy(doc(SAMPLE))
    assert [(s.ref, s.title) for s in plan.sections] == [
        ("1", "Summary"),
        ("2", "Our plan"),
        ("3", "Delivery"),
        ("4", "Governance"),
    ]
    assert all(s.parent is None for s in plan.sections)


def test_objectives_refs_as_printed():
    plan = read_narrative_strategy(doc(SAMPLE))
    assert [(o.ref, o.title) for o in plan.objectives] == [
        ("i", "More people will have good mental health"),
        ("ii", "More people with mental health problems will recover"),
    ]


def test_programme_items_are_actions_with_the_sentence_timescale():
    plan = read_narrative_strategy(doc(SAMPLE))
    assert plan.kind == "strategy"
    assert [(a.ref, a.text) for a in plan.actions] == [
        ("1", "Housing"),
        ("2", "Employment / skills"),
        ("3", "Crisis care"),
    ]
    action = plan.actions[0]
    assert action.section == "Delivery"
    assert plan.sections[action.section_index].title == "Delivery"
    assert (action.timescale_text, action.start, action.due) == ("2015-2018", "2015-04", "2018-03")
    assert action.leads == []


def test_title_area_and_period():
    plan = read_narrative_strategy(doc(SAMPLE))
    # no cover line: the name of what "will consist of three workstreams"
    assert plan.title == "Croydon Wellbeing Programme 2015-2018"
    assert plan.area == "Croydon"
    # the title's year range wins over the one printed elsewhere
    assert (plan.period_start, plan.period_end) == ("2015-04", "2018-03")


def test_cover_title_before_the_first_heading():
    plan = read_narrative_strategy(doc("Barset Mental Health Strategy 2013-2016\n" + SAMPLE))
    assert plan.title == "Barset Mental Health Strategy 2013-2016"
    assert (plan.period_start, plan.period_end) == ("2013-04", "2016-03")


def test_count_mismatch_is_a_warning():
    text = SAMPLE.replace("three workstreams", "four workstreams").replace(
        "4. Not a fourth workstream\n", ""
    )
    plan = read_narrative_strategy(doc(text))
    assert len(plan.actions) == 3
    assert any("says 4 projects but 3 are listed" in str(w) for w in plan.warnings)


def test_nothing_to_read_gives_none():
    assert read_narrative_strategy(doc("1. Intro\nSome prose.\n2. More\nMore prose.")) is None
    assert read_narrative_strategy(Document([])) is None


def test_southwark_seed_matches_expected():
    path = seed_path("004")
    plan = read_narrative_strategy(read_text(path.read_bytes(), path.name))
    parsed = plan.as_schema()
    expected = json.loads(expected_path("004").read_text())
    for key in ("title", "area", "kind", "period_start", "period_end", "rag_legend", "columns"):
        assert parsed["plan"][key] == expected["plan"][key], key
    assert parsed["plan"]["lead_directory"] == expected["plan"]["lead_directory"]
    assert parsed["objectives"] == expected["objectives"]
    assert parsed["sections"] == expected["sections"]
    assert [o.national_number for o in plan.objectives] == [1, 2, 3, 4, 5, 6]
    for got, want in zip(parsed["actions"], expected["actions"], strict=True):
        assert {key: got[key] for key in want} == want


def test_layout_falls_back_to_the_narrative_reader():
    from bench.fidelity import score
    from importers.reading.layout import layout_plan

    path = seed_path("004")
    parsed = layout_plan(read_text(path.read_bytes(), path.name)).as_schema()
    expected = json.loads(expected_path("004").read_text())
    assert parsed["plan"]["kind"] == "strategy"
    result = score(expected, parsed)
    for name in ("recall", "precision", "ref", "section", "leads", "start", "due", "objectives"):
        assert result[name] == 1.0, name
