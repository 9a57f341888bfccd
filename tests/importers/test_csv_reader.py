"""Reading CSV files as spreadsheets write them: delimiters, quotes, encodings, bounds."""

from __future__ import annotations

import codecs

import pytest

from importers.reading.document import Table, UnreadableDocument
from importers.reading.readers.csv import looks_like_csv, read_csv, sniff_delimiter
from importers.reading.safety import Limits


def texts(document) -> list[list[str]]:
    (table,) = document.blocks
    assert isinstance(table, Table)
    return [row.texts for row in table.rows]


def test_a_plain_comma_separated_plan_is_one_table():
    data = b"Ref,Action,Lead,Timescale,RAG\r\n1,Review the pathway,CCG,March 2025,Green\r\n"
    document = read_csv(data, "plan.csv")
    assert document.source_name == "plan.csv"
    assert texts(document) == [
        ["Ref", "Action", "Lead", "Timescale", "RAG"],
        ["1", "Review the pathway", "CCG", "March 2025", "Green"],
    ]


def test_semicolons_and_tabs_are_recognised_and_commas_inside_cells_are_kept():
    semicolons = "Action;Lead;Due\nAgree, then sign the plan;CCG;2025\nTrain staff;LBB;2026\n"
    assert texts(read_csv(semicolons.encode()))[1] == ["Agree, then sign the plan", "CCG", "2025"]
    tabs = "Action\tLead\nAgree, sign, publish\tCCG\n"
    assert texts(read_csv(tabs.encode())) == [["Action", "Lead"], ["Agree, sign, publish", "CCG"]]


def test_quoted_cells_keep_delimiters_quotes_and_line_breaks_as_paragraphs():
    data = (
        b'Ref,Action,Lead\r\n1,"Agree the plan, then:\r\n- publish it\r\n- ""review"" it",'
        b'"CCG\nLBB"\r\n2,Next,CCG\r\n'
    )
    table = read_csv(data).blocks[0]
    first = table.rows[1]
    assert first.cells[1].paragraphs == ["Agree the plan, then:", "- publish it", '- "review" it']
    assert first.cells[2].paragraphs == ["CCG", "LBB"]
    assert [row.source_line for row in table.rows] == [1, 2, 6]  # where each record starts


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + "Action,Lead\nRéview,Ça\n".encode(),
        "Action,Lead\nRéview,Ça\n".encode(),
        "Action,Lead\nRéview,Ça\n".encode("cp1252"),
        "Action,Lead\nRéview,Ça\n".encode("utf-16"),
    ],
)
def test_utf8_with_or_without_bom_utf16_and_windows_1252(encoded):
    assert texts(read_csv(encoded)) == [["Action", "Lead"], ["Réview", "Ça"]]


def test_excel_padding_rows_and_columns_are_dropped():
    data = b"Action,,Lead,,\nDo it,,CCG,,\n,,,,\n,,,,\n"
    assert texts(read_csv(data)) == [["Action", "Lead"], ["Do it", "CCG"]]


def test_a_title_row_stays_in_the_table_for_the_layout_to_skip():
    data = b"Croydon action plan,,\nAction,Lead,Due\nDo it,CCG,2025\n"
    assert texts(read_csv(data))[0] == ["Croydon action plan", "", ""]


def test_a_stray_far_right_cell_adds_one_column_not_thousands():
    data = b"Action,Lead" + b"," * 16_000 + b"far\nDo it,CCG\n"
    assert texts(read_csv(data)) == [["Action", "Lead", "far"], ["Do it", "CCG", ""]]


def test_more_columns_or_cells_than_the_limits_are_refused():
    wide = ",".join(f"c{n}" for n in range(7)).encode()
    with pytest.raises(UnreadableDocument) as excinfo:
        read_csv(wide, limits=Limits(max_columns=6))
    assert str(excinfo.value) == (
        "The CSV file has 7 columns, more than the 6 a plan can have; remove the extra "
        "columns and upload it again."
    )
    tall = b"Action,Lead\n" + b"x,y\n" * 60
    assert len(read_csv(tall, limits=Limits(max_cells=122)).blocks[0].rows) == 61
    with pytest.raises(UnreadableDocument, match="more than 100 table cells"):
        read_csv(tall, limits=Limits(max_cells=100))


def test_sparse_rows_count_the_cells_of_the_padded_table():
    data = b"a" + b",b" * 50 + b"\n" + b"x\n" * 30  # 31 rows of 51 columns, 81 filled cells
    with pytest.raises(UnreadableDocument, match="more than 1,000 table cells"):
        read_csv(data, limits=Limits(max_cells=1_000))


def test_an_unterminated_quote_reads_to_the_end_and_a_huge_cell_is_a_clear_error():
    assert texts(read_csv(b'Action,Lead\n"Do it,CCG\n')) == [["Action", "Lead"], ["Do it,CCG", ""]]
    with pytest.raises(UnreadableDocument, match="cannot be read at line"):
        read_csv(b'Action,Lead\n"' + b"x" * 200_000 + b'",CCG\n')


def test_an_empty_file_has_no_blocks():
    assert read_csv(b",,\n,,\n").blocks == []


def test_delimiter_sniffing_honours_quotes():
    assert sniff_delimiter('"a;b",c\n"d;e",f\n') == ","
    assert sniff_delimiter("a;b;c\nd;e;f\n") == ";"
    assert sniff_delimiter("just words\nmore words\n") is None


def test_only_clear_comma_or_semicolon_files_look_like_csv():
    assert looks_like_csv("Ref,Action,Lead\n1,Do it,CCG\n2,Next,LBB\n")
    assert looks_like_csv("Ref;Action\n1;Do it\n2;Next\n")
    assert not looks_like_csv("Action\tLead\n1\tCCG\n2\tLBB\n")  # tabs: the text reader's
    assert not looks_like_csv("We will, in time, do it.\nThen, we review.\nDone.\n")
    assert not looks_like_csv("Ref,Action\n1,Do it\n")  # two narrow records: too few to tell
    assert looks_like_csv("Ref,Action,Lead,Timescale,RAG\n1,Do it,CCG,2025,Green\n")


def test_a_title_block_with_commas_does_not_outvote_the_semicolons_of_the_table():
    from importers.reading.readers.csv import sniff_delimiter

    text = (
        "Carers plan, 2024\nOwner, Director of Public Health\nStatus, draft\n"
        "Ref;Action;Lead;Timescale\n"
        "1;Work with GPs, pharmacies and schools;JCT;June 2011\n"
        "2;Train staff, volunteers;Mind;May 2012\n"
    )
    assert sniff_delimiter(text) == ";"
