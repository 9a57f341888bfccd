from __future__ import annotations

from collections import Counter

from importers.reading.document import Paragraph, Table
from importers.reading.readers.text import decode, read_text

from .conftest import seed_path


def read(text: str):
    return read_text(text.encode("utf-8"), "t.txt")


def test_decode_bom_cp1252_and_nbsp():
    assert decode("\ufeffa\u00a0b".encode()) == "a b"
    assert decode(b"caf\xe9 \x96 x") == "café – x"
    assert decode(b"a\r\nb\rc") == "a\nb\nc"


def test_row_per_line_tables_split_at_blank_lines():
    doc = read(
        "Title of plan\n"
        "\n"
        "Action\tLead\tTimescale\n"
        "Do a thing\tJ Smith\tJune 2011\n"
        "\n"
        "\tSecond row, empty first cell\tX\n"
        "closing words\n"
    )
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Table", "Paragraph"]
    first, second = doc.tables
    assert (first.index, second.index) == (0, 1)
    assert first.rows[0].texts == ["Action", "Lead", "Timescale"]
    assert first.rows[1].source_line == 4
    assert second.rows[0].texts == ["", "Second row, empty first cell", "X"]
    assert second.rows[0].source_line == 6
    assert doc.blocks[0].source_line == 1


def test_cell_per_line_rows_found_by_cell_count():
    text = (
        "Plan title\n"
        "\n"
        "\tAction\n\tLead\n\tMilestones\n"
        "\n"
        "\tA theme heading\n"
        "\n"
        "\tFirst action\n\tJCT, \n\nProviders\n\tFirst milestone\n\n\n"  # cell ends in blanks
        "\n"
        "\tAnother theme\n"
        "\n"
        "\t\n\tThird action\n\t\n"
        "\n"
        "\tSecond action\n"
        "\n"  # a blank line inside the row
        "\tLead two\n\tDone by June 2011\nMore words\n"
        "\n"
        "After the table.\n"
    )
    doc = read(text)
    (table,) = doc.tables
    assert [r.texts for r in table.rows] == [
        ["Action", "Lead", "Milestones"],
        ["A theme heading"],
        ["First action", "JCT, Providers", "First milestone"],
        ["Another theme"],
        ["", "Third action", ""],
        ["Second action", "Lead two", "Done by June 2011 More words"],
    ]
    assert table.rows[2].cells[1].paragraphs == ["JCT,", "Providers"]
    assert table.rows[1].spans_full_width and not table.rows[2].spans_full_width
    assert [r.source_line for r in table.rows] == [3, 7, 9, 17, 19, 23]
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["Plan title", "After the table."]


def test_cell_per_line_several_tabs_on_one_line_are_empty_cells():
    doc = read("\tA\n\tB\n\tC\n\tD\n\tE\n\n\t\t\tHeading\n\t\n\n\tv\n\tw\n\tx\n\ty\n\tz\n")
    rows = doc.tables[0].rows
    assert rows[1].texts == ["", "", "Heading", ""]
    assert rows[1].spans_full_width


def test_text_without_tables_is_paragraphs():
    doc = read("One\n\nTwo\n")
    assert [b.text for b in doc.blocks] == ["One", "Two"]
    assert doc.tables == []


def test_seed_telford_cells():
    doc = read_text(seed_path("000").read_bytes())
    (table,) = doc.tables
    rows = table.rows
    assert sum(len(r.cells) for r in rows) == 336
    shapes = Counter(len(r.cells) for r in rows)
    assert shapes == {7: 45, 1: 21}  # header + 44 data rows, 21 theme headings
    assert rows[0].texts[:4] == ["Outcomes", "How will we do it?", "Lead", "Milestones and metrics"]
    assert rows[2].texts[5] == "Objective 1 More people will have good mental health"
    assert doc.blocks[0].text == "APPENDIX TWO Action Plan"


def test_seed_bexley_rows():
    doc = read_text(seed_path("003").read_bytes())
    (table,) = doc.tables
    numbered = [r for r in table.rows if r.texts[0].isdigit()]
    assert [r.texts[0] for r in numbered] == [str(i) for i in range(1, 31)]
    assert all(len(r.cells) == 8 for r in numbered)
    headings = [r for r in table.rows if r.spans_full_width]
    assert len(headings) == 22
    row12 = numbered[11]
    assert row12.texts[2] == "From Dec 2014 to March 2015"
    assert row12.cells[4].paragraphs[0].startswith("1. Recruit 2 band 6")
    # the PDF-text rendering after the table is plain paragraphs
    assert isinstance(doc.blocks[-1], Paragraph)


def test_seed_croydon_and_halton_rows_per_line():
    croydon = read_text(seed_path("002").read_bytes())
    assert (
        croydon.blocks[0].text
        == "Croydon's Integrated Mental Health Strategy Action Plan 2014-2019"
    )
    header = croydon.tables[0].rows[0]
    assert header.texts[1] == "Actions" and header.source_line == 5
    halton = read_text(seed_path("001").read_bytes())
    rows = [r for t in halton.tables for r in t.rows]
    assert rows[0].texts[:3] == [
        "Priorities for service improvement",
        "Commentary",
        "Action required",
    ]
    assert all(isinstance(t, Table) for t in halton.tables)
