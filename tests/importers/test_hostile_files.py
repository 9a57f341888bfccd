"""Small hostile files (issue 9) are refused with a clear message or read within bounds.

Each file is built by a generator in tests/importers/hostile.py (a few KB); before the fixes
they took gigabytes of memory or minutes of CPU. The assertions are on what comes out: a
bounded number of cells, a short paragraph, or the message a person would read.
"""

from __future__ import annotations

import pytest

from importers.reading.dates import months_in, parse_timescale
from importers.reading.directory import read_lead_directory, split_directory_line
from importers.reading.document import Document, Paragraph, UnreadableDocument
from importers.reading.leads import split_leads
from importers.reading.parse import read_document
from importers.reading.readers.docx import read_docx
from importers.reading.readers.docx_numbering import format_number
from importers.reading.readers.text import read_text
from importers.reading.readers.xlsx import read_xlsx
from importers.reading.safety import Limits, check_zip
from tests.importers import hostile


def refusal(excinfo) -> str:
    text = str(excinfo.value)
    assert "\n" not in text, "messages are one line"
    return text


def cell_count(document: Document) -> int:
    return sum(len(row.cells) for table in document.tables for row in table.rows)


# --- Word: spans, grids and cell counts ---------------------------------------------------


@pytest.mark.parametrize("make", [hostile.docx_grid_span, hostile.docx_grid_before])
def test_a_span_of_200_million_columns_stops_at_the_table_grid(make):
    document = read_docx(make())
    (table,) = document.tables
    # header + two rows of a four-column grid: the span fills at most the grid's four columns
    # and the row's own four cells are all kept, even past the grid
    assert [len(row.cells) for row in table.rows][:2] == [4, 4]
    assert len(table.rows[2].cells) <= 4 + 4
    assert "Improve service 2" in table.rows[2].texts


def test_a_span_without_a_grid_is_refused_as_too_wide():
    row = "<w:tr>" + hostile.cell("x", '<w:gridSpan w:val="200000000"/>') + "</w:tr>"
    data = hostile.docx_with_body(f"<w:tbl>{row}</w:tbl>")
    with pytest.raises(UnreadableDocument) as excinfo:
        read_docx(data)
    assert refusal(excinfo).startswith(
        "Table 1 of this document has 200,000,000 columns; the most a plan table may have is 200."
    )


def test_a_table_of_5000_columns_is_refused_with_the_limit():
    with pytest.raises(UnreadableDocument) as excinfo:
        read_docx(hostile.docx_wide_table())
    assert refusal(excinfo) == (
        "Table 1 of this document has 5,000 columns; the most a plan table may have is 200. "
        "Remove the extra columns (or split the table) in Word and upload it again."
    )


def test_the_column_and_cell_limits_come_from_limits():
    data = hostile.docx_grid_span(span=3)
    assert cell_count(read_docx(data, limits=Limits(max_columns=6))) == 4 + 4 + 6
    with pytest.raises(UnreadableDocument) as excinfo:
        read_docx(hostile.docx_wide_table(columns=5), limits=Limits(max_columns=4))
    assert "has 5 columns; the most a plan table may have is 4." in refusal(excinfo)
    with pytest.raises(UnreadableDocument) as excinfo:
        read_docx(data, limits=Limits(max_cells=10))
    assert refusal(excinfo) == (
        "This document has more than 10 table cells, the most a plan may have; split it into "
        "smaller documents and upload each."
    )


def test_thousands_of_repeated_header_rows_read_in_linear_time():
    document = read_docx(hostile.docx_repeated_headers(rows=5_000))
    (table,) = document.tables
    assert len(table.rows) == 10_000
    assert cell_count(document) == 20_000


# --- Word: list numbering -----------------------------------------------------------------


def test_a_roman_list_starting_at_two_billion_gets_short_plain_numbers():
    document = read_docx(hostile.docx_roman_numbering())
    texts = [block.text for block in document.blocks]
    # the start is clamped to Word's own maximum, and past 10,000 roman becomes digits
    assert texts == ["32767. Action 0", "32768. Action 1", "32769. Action 2"]


def test_list_numbers_keep_their_format_up_to_the_cap():
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(1994, "lowerRoman") == "mcmxciv"
    assert format_number(28, "lowerLetter") == "ab"
    assert format_number(10_001, "upperRoman") == "10001"
    assert format_number(2_000_000_000, "upperLetter") == "2000000000"


def test_a_100000_character_list_label_is_cut_short():
    document = read_docx(hostile.docx_long_list_label(paragraphs=200))
    assert len(document.blocks) == 200
    assert max(len(block.text) for block in document.blocks) <= 64
    assert document.blocks[0].text.startswith("1xxx")


def test_a_long_basedon_chain_of_styles_still_numbers_the_paragraph():
    document = read_docx(hostile.docx_style_chain(styles=20_000))
    assert [block.text for block in document.blocks] == ["1. Item"]


# --- text plans ---------------------------------------------------------------------------


def test_a_40000_character_word_reads_and_abbreviations_still_work():
    data = hostile.text_long_word()
    document = read_text(data)
    assert read_lead_directory(document) == {}
    document.blocks.append(Paragraph("The MH Strategic Programme Group (MHSPG) meets monthly."))
    assert read_lead_directory(document) == {"MHSPG": "MH Strategic Programme Group"}


def test_a_long_run_of_spaces_in_a_lead_list_line_reads():
    assert split_directory_line("R" + " " * 40_000 + "Vickers") == []
    assert split_directory_line("R Vickers" + " " * 40_000 + "- Halton PCT") == [
        ("R Vickers", "Halton PCT")
    ]


def test_a_500_column_cell_per_line_header_is_refused_with_the_limit():
    with pytest.raises(UnreadableDocument) as excinfo:
        read_text(hostile.text_wide_header())
    assert refusal(excinfo) == (
        "The table at line 3 has 500 columns; the most a plan table may have is 200. Check the "
        "TABs in the file (or save the plan from Word again) and upload it again."
    )


def test_a_500_column_cell_per_line_plan_reads_quickly_when_allowed():
    document = read_text(hostile.text_wide_header(rows=20), limits=Limits(max_columns=500))
    (table,) = document.tables
    assert len(table.rows) == 21
    assert {len(row.cells) for row in table.rows} == {500}


def test_a_cell_per_line_plan_of_many_small_runs_reads_in_linear_time():
    document = read_text(hostile.text_narrow_many_rows(columns=150, cells=30_000))
    (table,) = document.tables
    assert len(table.rows) == 201
    assert cell_count(document) == 30_150


def test_rows_of_5000_tabs_are_refused():
    with pytest.raises(UnreadableDocument) as excinfo:
        read_text(hostile.text_many_tabs())
    assert refusal(excinfo).startswith(
        "The table at line 1 has 5,000 columns; the most a plan table may have is 200."
    )


def test_a_text_plan_over_the_cell_limit_is_refused():
    with pytest.raises(UnreadableDocument) as excinfo:
        read_text(hostile.text_many_tabs(columns=50), limits=Limits(max_cells=60))
    assert "more than 60 table cells" in refusal(excinfo)


def test_long_date_and_lead_cells_read_in_linear_time():
    assert len(months_in("Jan 2015 " * 5_000)) == 5_000
    assert parse_timescale("jan/" * 10_000).due is None
    assert parse_timescale("2015 " * 8_000).due is None
    assert split_leads("A " * 20_000) == [" ".join(["A"] * 20_000)]


# --- Excel: a DTD in a part not named .xml ------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_dtd_in_shared_strings_renamed_to_bin_is_refused(encoding):
    data = hostile.xlsx_renamed_shared_strings(encoding)
    # the threat: openpyxl finds the part through the rels and expands the entity
    assert "EXPANDED-ENTITY" in read_xlsx(data).tables[0].rows[1].texts
    with pytest.raises(UnreadableDocument) as excinfo:
        check_zip(data, Limits())
    assert refusal(excinfo) == (
        "The part xl/sharedStrings.bin declares a DTD (<!DOCTYPE>), which Office documents "
        "never do; the file was refused as unsafe."
    )
    with pytest.raises(UnreadableDocument, match="sharedStrings.bin declares a DTD"):
        read_document(data, "plan.xlsx")


def test_long_runs_of_spaces_in_lead_and_heading_text_are_read_within_the_worker_limits():
    """Layout patterns never start a match inside a run of spaces (each was quadratic: minutes)."""
    from importers.reading.bounded import read_bounded
    from importers.reading.safety import Limits

    spaces = " " * 20_000
    text = (
        "Ref\tAction\tLead\tTimescale\n"
        f"1\tWrite the strategy{spaces}continued\tJCT{spaces}and{spaces}Mind\tJune 2011\n"
    )
    reading = read_bounded(text.encode(), "plan.txt", limits=Limits(cpu_seconds=10))
    assert [a["ref"] for a in reading.plan["actions"]] == ["1"]
