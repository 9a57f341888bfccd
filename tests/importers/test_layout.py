from __future__ import annotations

import pytest

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.reading.layout import NO_HEADER, layout_plan, map_header, match_rag
from importers.reading.objectives import NATIONAL_OBJECTIVES, match_national_objective
from importers.reading.readers.text import read_text


def row(*texts: str, line: int | None = None, fill: dict[int, str] | None = None) -> Row:
    cells = [Cell(paragraphs=[t] if t else []) for t in texts]
    for index, colour in (fill or {}).items():
        cells[index].fill = colour
    return Row(cells=cells, source_line=line)


def doc(*blocks) -> Document:
    tables = 0
    for block in blocks:
        if isinstance(block, Table):
            block.index = tables
            tables += 1
    return Document(blocks=list(blocks), source_name="test.txt")


def text_doc(text: str) -> Document:
    return read_text(text.encode("utf-8"), "test.txt")


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("No.", "ref"),
        ("Ref", "ref"),
        ("Action", "text"),
        ("Actions", "text"),
        ("Action required", "text"),
        ("How will we do it?", "text"),
        ("Actons", "text"),  # OCR damage
        ("Timescale", "timescale"),
        ("Deadline", "due"),
        ("Expected Timescale start", "start"),
        ("Expected Timescale finish", "due"),
        ("Lead", "leads"),
        ("Led By", "leads"),
        ("Lead officer", "leads"),
        ("Outcome", "outcome"),
        ("Outcome Measure", "outcome"),
        ("Milestones and metrics", "outcome"),
        ("Actions to Date", "progress"),
        ("Progress", "progress"),
        ("Update October 2016", "progress"),
        ("Follow up", "follow_up"),
        ("RAG", "rag"),
        ("Rating", "rag"),
        ("RAG Rating", "rag"),
        ("RA G Rating", "rag"),
        ("Status", "rag"),
        ("Primary National Objective", "objectives"),
        ("Priorities for service improvement", "section"),
        ("Commentary", "context"),
        ("Aims of Integrated Mental Health Strategy 2014-2019", "context"),
        ("IL A UDGLEDU", None),
        ("", None),
        ("Develop a housing and housing related support action plan", None),
    ],
)
def test_header_synonyms(label, field):
    assert map_header(label) == field


def test_basic_table_with_sections_and_dates():
    plan = layout_plan(
        doc(
            Paragraph("Anytown Mental Health Action Plan 2015-2018", source_line=1),
            Table(
                rows=[
                    row("Ref", "Action", "Timescale", "Lead", "RAG", line=3),
                    row("1. Access to services", line=4),
                    row(
                        "1.1",
                        "Open a crisis cafe",
                        "From Jan 2015 to March 2016",
                        "CCG / LBB",
                        "Green",
                        line=5,
                    ),
                    row("1.2", "Review the service", "2015/16", "J Smith", "Completed", line=6),
                    row("Carers", line=7),
                    row("1.3", "Carers' forum", "whenever", "Carers team", "", line=8),
                ]
            ),
        )
    )
    assert plan.title == "Anytown Mental Health Action Plan 2015-2018"
    assert (plan.period_start, plan.period_end) == ("2015-04", "2018-03")
    assert plan.columns == ["Ref", "Action", "Timescale", "Lead", "RAG"]
    assert [(s.ref, s.title, s.parent) for s in plan.sections] == [
        ("1", "Access to services", None),
        (None, "Carers", "1"),
    ]
    first, second, third = plan.actions
    assert (first.ref, first.section, first.text) == (
        "1.1",
        "Access to services",
        "Open a crisis cafe",
    )
    assert (first.start, first.due, first.rag) == ("2015-01", "2016-03", "green")
    assert first.leads == ["CCG", "LBB"]
    assert first.timescale_text == "From Jan 2015 to March 2016"
    assert (second.due, second.rag) == ("2016-03", "blue")
    assert third.section == "Carers" and third.section_index == 1
    assert (third.start, third.due) == (None, None)
    (warning,) = plan.warnings
    assert (warning.table, warning.row, warning.column, warning.line) == (0, 5, "Timescale", 8)
    assert "no date" in warning.message


def test_outcome_column_before_action_is_context():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Outcomes", "How will we do it?", "Lead", "Milestones and metrics"),
                    row("Fewer people smoke", "Offer advice", "JCT", "Audit by October 2011."),
                ]
            )
        )
    )
    (action,) = plan.actions
    assert action.context == "Fewer people smoke"
    assert action.outcomes == ["Audit by October 2011."]
    assert action.due == "2011-10"
    assert [(m.title, m.due) for m in action.milestones] == [("Audit by October 2011.", "2011-10")]


def test_repeated_header_skipped_and_garbled_cell_takes_first_header_field():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Actions", "Expected Timescale start", "Expected Timescale finish", "Lead")
                ]
            ),
            Table(rows=[row("Do one", "Aug-14", "Mar-19", "CCG")]),
            Paragraph("2: Second section"),
            Table(
                rows=[
                    row("Actions", "IL A UDGLEDU", "Expected Timescale finish", "Lead"),
                    row("Do two", "Jun-15", "Review Dec-16", "Council"),
                ]
            ),
        )
    )
    assert [a.text for a in plan.actions] == ["Do one", "Do two"]
    two = plan.actions[1]
    assert (two.start, two.due, two.timescale_text) == (
        "2015-06",
        "2016-12",
        "Jun-15 - Review Dec-16",
    )
    assert two.section == "Second section"
    assert plan.columns == [
        "Actions",
        "Expected Timescale start",
        "Expected Timescale finish",
        "Lead",
    ]


def test_continuation_row_extends_action_above():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Action", "Lead", "Outcome"),
                    row("Write the plan", "A Smith", "Plan agreed"),
                    row("", "", "and published", line=9),
                    row("---", "--", "-----"),
                ]
            )
        )
    )
    (action,) = plan.actions
    assert action.outcomes == ["Plan agreed", "and published"]
    (warning,) = [w for w in plan.warnings if "continuation" in w.message]
    assert (warning.table, warning.row, warning.line) == (0, 2, 9)


def test_row_with_empty_action_but_own_dates_and_lead_is_an_action():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Action", "Timescale", "Lead", "Outcome"),
                    row("", "June 2007", "R Vickers", "Position statement"),
                ]
            )
        )
    )
    (action,) = plan.actions
    assert action.text == "" and action.due == "2007-06" and action.leads == ["R Vickers"]


def test_no_header_row_is_unreadable():
    with pytest.raises(UnreadableDocument) as caught:
        layout_plan(doc(Paragraph("Minutes of the meeting"), Table(rows=[row("a", "b", "c")])))
    assert str(caught.value) == NO_HEADER


def test_rag_from_fill_colour_when_text_empty():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Action", "RAG"),
                    row("One", "", fill={1: "FF0000"}),
                    row("Two", "", fill={1: "FFC000"}),
                    row("Three", "", fill={1: "00B050"}),
                    row("Four", "", fill={1: "FFFFFF"}),
                    row("Five", "Achieved"),
                ]
            )
        )
    )
    assert [a.rag for a in plan.actions] == ["red", "amber", "green", None, "blue"]


def test_match_rag_words():
    assert match_rag("Amber") == "amber"
    assert match_rag("G") == "green"
    assert match_rag("Complete") == "blue"
    assert match_rag("On target", legend={"green": "On target"}) == "green"
    assert match_rag("maybe") is None
    assert match_rag("", "0070C0") == "blue"


def test_rag_legend_labels_in_printed_order():
    plan = layout_plan(
        doc(
            Paragraph("Rating system      On target      Behind schedule      Not started"),
            Table(rows=[row("Action", "Lead"), row("One", "JCT")]),
        )
    )
    assert plan.rag_legend == {
        "green": "On target",
        "amber": "Behind schedule",
        "red": "Not started",
    }


def test_side_block_rows_follow_action_rows_in_order_page_by_page():
    plan = layout_plan(
        doc(
            Table(rows=[row("Actions", "Lead"), row("A1", "L"), row("A2", "L")]),
            Table(rows=[row("A3", "L")]),
            Table(
                rows=[
                    row("Update October 2016", "Outcome Measure", "RAG Rating"),
                    row("u1", "o1", ""),
                    row("u2", "o2", ""),
                    row("", "orphan", ""),
                ]
            ),
            Table(rows=[row("u3", "o3", "Red")]),
        )
    )
    assert [(a.text, a.progress, a.outcomes, a.rag) for a in plan.actions] == [
        ("A1", "u1", ["o1"], None),
        ("A2", "u2", ["o2"], None),
        ("A3", "u3", ["o3"], "red"),
    ]
    assert plan.columns == [
        "Actions",
        "Lead",
        "Update October 2016",
        "Outcome Measure",
        "RAG Rating",
    ]
    assert any("no action row" in w.message for w in plan.warnings)


def test_header_printed_over_two_rows():
    plan = layout_plan(
        doc(
            Table(rows=[row("Actions", "Lead"), row("A1", "L")]),
            Table(
                rows=[
                    row("h", "Outcome Measure", ""),
                    row("Update October 2016", "", ""),
                    row("u1", "o1", ""),
                ]
            ),
        )
    )
    assert plan.actions[0].progress == "u1"


def test_cell_per_line_document_merged_cells_and_objectives():
    text = (
        "Action Plan\n\n"
        "\tOutcomes\n\tHow will we do it?\n\tLead\n\tPrimary National Objective\n\n"
        "\tWellbeing\n\n"
        "\tMore people feel good\n\tFirst thing\n\tJCT\n\tObjective 1 \n\nMore people will have good mental health\n\n"
        "\t\n\tSecond thing\n\tPublic Health\n\t\n\n"
        "\tSuicide\n\n"
        "\tFewer deaths\n\tThird thing\n\t\n\tObjective 5 Fewer people will suffer avoidable harm\n\n"
    )
    plan = layout_plan(text_doc(text))
    first, second, third = plan.actions
    assert (second.context, second.objectives) == ("More people feel good", ["1"])
    assert (third.section, third.objectives, third.leads) == ("Suicide", ["5"], [])
    assert [o.ref for o in plan.objectives] == ["1", "2", "3", "4", "5", "6"]


def test_empty_cells_not_inherited_in_row_per_line_tables():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Aims", "Actions", "Lead"),
                    row("Aim one", "First", "CCG"),
                    row("", "Second", "CCG"),
                ]
            )
        )
    )
    assert [a.context for a in plan.actions] == ["Aim one", None]


def test_text_after_last_table_is_not_read_again():
    text = (
        "\t1. First section\n\n"
        "\tNo.\n\tAction\n\tTimescale\n\n"
        "\t1\n\tDo it\n\tFrom Jan 2015\n\n"
        "\n"
        "1.   First section\n"
        "1    Do it  From Jan 2015\n"
        "2.   Another section\n"
    )
    plan = layout_plan(text_doc(text))
    assert [(s.ref, s.title) for s in plan.sections] == [("1", "First section")]
    assert [(a.ref, a.text, a.start) for a in plan.actions] == [("1", "Do it", "2015-01")]


def test_area_title_and_split_word():
    plan = layout_plan(
        doc(
            Table(rows=[row("Action", "Lead"), row("Action for Bexley", "CCG")]),
            Paragraph("Bexley CCG   A ction plan for crisis care   1"),
        )
    )
    assert plan.title == "Bexley CCG Action plan for crisis care"
    assert plan.area == "Bexley"


def test_national_objectives():
    assert match_national_objective("Objective 4  More people will have a positive experience") == 4
    assert match_national_objective("(iv) More people will have a positive experience") == 4
    assert match_national_objective("vi) Fewer people will experience stigma") == 6
    assert match_national_objective("More people with have good mental health") == 1
    assert match_national_objective("Fewer people will suffer avoidable harm") == 5
    assert match_national_objective("4. Improved quality of response") is None
    assert match_national_objective("Reduce waiting times") is None
    assert match_national_objective("") is None
    assert len(NATIONAL_OBJECTIVES) == 6
