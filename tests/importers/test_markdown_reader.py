"""Reading Markdown plans: headings, narrative, pipe tables, inline markup and struck dates."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from importers.reading.document import Paragraph, Table, UnreadableDocument
from importers.reading.readers.markdown import inline_text, read_markdown
from importers.reading.safety import Limits

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


def read(text: str):
    return read_markdown(text.encode("utf-8"), "plan.md")


def test_headings_narrative_and_a_milestone_table_in_order():
    document = read(
        "# 2020 Action Plan\n\n"
        "Intro line one\ncontinues here.\n\n"
        "### Action 1: Identify Data Needs ###\n\n"
        "By September 2020, all agencies will act.\n\n"
        "| Milestone | Target Date | Responsible Party |\n"
        "|-----------|:-----------:|------------------:|\n"
        "| Consult leaders | September 30, 2020 | OMB |\n"
    )
    title, intro, action, narrative, table = document.blocks
    assert title == Paragraph(text="2020 Action Plan", style="Heading 1", source_line=1)
    assert intro == Paragraph(text="Intro line one continues here.", source_line=3)
    assert (action.text, action.style) == ("Action 1: Identify Data Needs", "Heading 3")
    assert narrative.text == "By September 2020, all agencies will act." and narrative.style is None
    assert isinstance(table, Table) and table.index == 0 and table.sheet is None
    assert [row.texts for row in table.rows] == [
        ["Milestone", "Target Date", "Responsible Party"],
        ["Consult leaders", "September 30, 2020", "OMB"],
    ]
    assert [row.source_line for row in table.rows] == [10, 12]


def test_struck_through_old_dates_are_dropped_and_the_new_ones_kept():
    document = read(
        "| Milestone | Target Date |\n|---|---|\n"
        "| Assess | ~~June 30, 2020~~ **July 31, 2020** |\n"
        "| Select | <s>June 30, 2020</s> <b>July 31, 2020*</b> |\n"
        "| Update | <del>July 31, 2020</del> 90 days after guidance |\n"
    )
    (table,) = document.tables
    assert [row.texts[1] for row in table.rows[1:]] == [
        "July 31, 2020",
        "July 31, 2020*",
        "90 days after guidance",
    ]


def test_cells_split_on_br_keep_escaped_pipes_and_lose_inline_markup():
    document = read(
        "| Action | Lead |\n| --- | --- |\n"
        "| Publish on [resources.data.gov](https://resources.data.gov) \\| web | GSA <br> OMB<br/>CDOs |\n"
        "| Use `the_tool` and _review_ it[^3] | &#42;&#42; |\n"
    )
    first, second = document.tables[0].rows[1:]
    assert first.cells[0].paragraphs == ["Publish on resources.data.gov | web"]
    assert first.cells[1].paragraphs == ["GSA", "OMB", "CDOs"]
    assert second.texts == ["Use the_tool and review it", "**"]


def test_short_rows_are_padded_and_extra_cells_cut_to_the_header_width():
    document = read("| A | B | C |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n")
    assert [row.texts for row in document.tables[0].rows[1:]] == [["1", "", ""], ["1", "2", "3"]]


def test_a_table_ends_at_a_blank_line_or_a_line_without_pipes():
    document = read("| A | B |\n|---|---|\n| 1 | 2 |\nAfter the table\n\n| C |\n|---|\n| 3 |\n")
    first, after, second = document.blocks
    assert len(first.rows) == 2 and after.text == "After the table"
    assert [row.texts for row in second.rows] == [["C"], ["3"]] and second.index == 1


def test_front_matter_rules_images_attributes_and_link_definitions_are_skipped():
    document = read(
        "---\ntitle: Action Plan\nlayout: action-plan\n---\n\n"
        "# Plan\n\n***\n\n"
        '![Tree]({{ site.baseurl }}/tree.png "Tree")  \n\n'
        "[Download PDF]({{ site.baseurl }}/plan.pdf){: .usa-button}\n\n"
        "{:.milestone-table}\n[1]: https://example.org\n<!-- a note -->\n"
        "Setext title\n============\n"
    )
    assert [(b.text, b.style) for b in document.blocks] == [
        ("Plan", "Heading 1"),
        ("Download PDF", None),
        ("Setext title", "Heading 1"),
    ]


def test_lists_footnotes_and_hard_breaks_are_paragraphs_of_their_own():
    document = read(
        "* *Pilots*: encourage agencies\n  to pilot it.\n- second\n1. First numbered\n\n"
        "Line with hard break  \nnext line\n\n[^5]: The footnote text.\n"
    )
    assert [(b.text, b.style) for b in document.blocks] == [
        ("Pilots: encourage agencies to pilot it.", "List Bullet"),
        ("second", "List Bullet"),
        ("1. First numbered", "List Number"),
        ("Line with hard break", None),
        ("next line", None),
        ("The footnote text.", None),
    ]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("**bold** and __strong__ and *em* and _em_", "bold and strong and em and em"),
        ("***both*** and **bold _inner_ bold**", "both and bold inner bold"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("October 31, 2020* stays", "October 31, 2020* stays"),
        ("[agency].gov/data and [text][ref]", "[agency].gov/data and text"),
        ("a < b and c > d", "a < b and c > d"),
        ("\\*literal\\* \\_too\\_", "*literal* _too_"),
        ("<https://example.org> &amp; &lt;tag&gt;", "https://example.org & <tag>"),
    ],
)
def test_inline_markup(markup, text):
    assert inline_text(markup) == text


def test_the_corpus_action_plan_reads_into_action_headings_and_milestone_tables():
    data = (CORPUS / "us_federal_data_strategy_2020_action_plan.md").read_bytes()
    document = read_markdown(data, "us.md")
    actions = [
        b.text for b in document.blocks if isinstance(b, Paragraph) and b.style == "Heading 3"
    ]
    assert len(actions) == 20 and actions[0] == (
        "Action 1: Identify Data Needs to Answer Priority Agency Questions"
    )
    assert len(document.tables) == 20
    second = document.tables[1]
    assert second.rows[0].texts[:3] == ["Milestone", "Measurement", "Target Date"]
    assert second.rows[2].texts[2] == "October 31, 2020*"  # "<s>September 30, 2020</s>" dropped
    first_cell = document.tables[0].rows[1].cells[4]
    assert first_cell.paragraphs == [
        "Required for CFO Act Agencies only",
        "Encouraged for all agencies",
        "(see OMB M-19-23)",
    ]
    assert all(
        "{{" not in b.text and "](" not in b.text
        for b in document.blocks
        if isinstance(b, Paragraph)
    )


def test_table_width_and_cells_are_bounded_by_the_limits():
    with pytest.raises(UnreadableDocument, match="The table at line 1 has 7 columns"):
        read_markdown(b"|a|b|c|d|e|f|g|\n|-|-|-|-|-|-|-|\n", limits=Limits(max_columns=6))
    tall = b"| A | B |\n|---|---|\n" + b"| x | y |\n" * 60
    with pytest.raises(UnreadableDocument, match="more than 100 table cells"):
        read_markdown(tall, limits=Limits(max_cells=100))


def test_pathological_markup_is_read_in_linear_time():
    hostile = ("[" * 20_000 + "<!--" * 20_000 + "*a " * 20_000 + "<s" * 20_000 + "`" * 3).encode()
    many_tables = b"|a|\n|-|\n\n" * 20_000
    started = time.process_time()
    read_markdown(hostile + b"\n" + many_tables)
    assert time.process_time() - started < 5  # quadratic patterns would take minutes
