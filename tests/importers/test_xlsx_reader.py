"""Reading Excel workbooks: title rows, merged cells, fills, dates, sheets."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from importers.reading.document import Paragraph, Table, UnreadableDocument
from importers.reading.readers.xlsx import read_xlsx


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_with(rows: list[list], title: str = "Plan"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return workbook, sheet


def test_title_rows_above_the_header_become_paragraphs():
    workbook, sheet = sheet_with(
        [
            ["Croydon action plan 2014-2019"],
            [],
            ["1: Increasing access"],
            ["Aims", "Actions", "Start", "Lead"],
            ["Improve access", "Work with providers", "Aug-14", "CCG"],
        ]
    )
    document = read_xlsx(save(workbook), "plan.xlsx")
    assert document.source_name == "plan.xlsx"
    first, second, table = document.blocks
    assert first == Paragraph(text="Croydon action plan 2014-2019", source_line=1)
    assert second.text == "1: Increasing access"
    assert isinstance(table, Table)
    assert [row.texts for row in table.rows] == [
        ["Aims", "Actions", "Start", "Lead"],
        ["Improve access", "Work with providers", "Aug-14", "CCG"],
    ]
    assert table.rows[0].source_line == 4


def test_a_merged_row_across_the_used_width_is_a_section_row():
    workbook, sheet = sheet_with(
        [
            ["Action plan"],
            ["No.", "Action", "Lead"],
            ["Commissioning"],
            ["1", "Do it", "CCG"],
        ]
    )
    sheet.merge_cells("A1:C1")  # a merged title above the table stays a paragraph
    sheet.merge_cells("A3:C3")
    paragraph, table = read_xlsx(save(workbook)).blocks
    assert paragraph.text == "Action plan"
    section = table.rows[1]
    assert section.spans_full_width and section.texts == ["Commissioning"]
    assert not table.rows[2].spans_full_width


def test_a_partial_merge_keeps_columns_aligned():
    workbook, sheet = sheet_with(
        [["Action", "Start", "Finish", "Lead"], ["Do it", "2015/16", None, "CCG"]]
    )
    sheet.merge_cells("B2:C2")
    (table,) = read_xlsx(save(workbook)).blocks
    assert table.rows[1].texts == ["Do it", "2015/16", "", "CCG"]


def test_a_vertical_merge_marks_the_cells_below_as_continuing():
    workbook, sheet = sheet_with(
        [
            ["Outcome", "Action"],
            ["More people well", "First"],
            [None, "Second"],
            [None, "Third"],
        ]
    )
    sheet.merge_cells("A2:A4")
    (table,) = read_xlsx(save(workbook)).blocks
    assert [row.cells[0].merged_from_above for row in table.rows] == [False, False, True, True]
    assert table.rows[2].texts == ["", "Second"]


def test_fills_newlines_dates_and_numbers():
    workbook, sheet = sheet_with(
        [
            ["No.", "Action", "Due", "RAG"],
            [1, "First line\nSecond line", dt.datetime(2015, 3, 31), None],
            [2.0, "Other", dt.date(2016, 6, 1), "Green"],
        ]
    )
    sheet["D2"].fill = PatternFill("solid", fgColor="FFFF0000")
    sheet["D3"].fill = PatternFill("solid", fgColor="00B050")
    (table,) = read_xlsx(save(workbook)).blocks
    first, second = table.rows[1], table.rows[2]
    assert first.cells[0].text == "1" and second.cells[0].text == "2"
    assert first.cells[1].paragraphs == ["First line", "Second line"]
    assert first.cells[2].text == "Mar 2015" and second.cells[2].text == "Jun 2016"
    assert first.cells[3].is_empty and first.cells[3].fill == "FF0000"
    assert second.cells[3].fill == "00B050"
    assert table.rows[0].cells[0].fill is None


def test_a_blank_row_ends_a_table_and_text_after_it_is_paragraphs():
    workbook, sheet = sheet_with(
        [
            ["Aims", "Actions"],
            ["Aim one", "Act one"],
            [],
            ["Notes on the plan"],
            ["Aim two", "Act two"],
        ]
    )
    first, note, second = read_xlsx(save(workbook)).blocks
    assert [row.texts for row in first.rows] == [["Aims", "Actions"], ["Aim one", "Act one"]]
    assert note.text == "Notes on the plan"
    assert second.rows[0].texts == ["Aim two", "Act two"]
    assert (first.index, second.index) == (0, 1)


def test_a_table_not_starting_in_column_a_is_trimmed():
    workbook, sheet = sheet_with([[None, None, "Action", "Lead"], [None, None, "Do it", "CCG"]])
    (table,) = read_xlsx(save(workbook)).blocks
    assert table.rows[1].texts == ["Do it", "CCG"]


def test_first_visible_sheet_or_the_named_one():
    workbook, sheet = sheet_with([["Hidden", "sheet"]], title="Old")
    sheet.sheet_state = "hidden"
    plan = workbook.create_sheet("Plan")
    plan.append(["Action", "Lead"])
    other = workbook.create_sheet("Updates")
    other.append(["Update", "RAG"])
    data = save(workbook)
    assert read_xlsx(data).blocks[0].rows[0].texts == ["Action", "Lead"]
    assert read_xlsx(data, sheet="Updates").blocks[0].rows[0].texts == ["Update", "RAG"]
    assert read_xlsx(data, sheet="updates").blocks[0].rows[0].texts == ["Update", "RAG"]
    with pytest.raises(UnreadableDocument) as excinfo:
        read_xlsx(data, sheet="Missing")
    assert str(excinfo.value) == (
        "There is no sheet named 'Missing' in this workbook (its sheets: 'Old', 'Plan', 'Updates')."
    )


def test_a_sheet_with_a_wrong_dimension_is_read_by_its_cells():
    workbook, sheet = sheet_with([["Action", "Lead"], ["Do it", "CCG"]])
    data = save(workbook)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1"/>')
            target.writestr(info, content)
    (table,) = read_xlsx(buffer.getvalue()).blocks
    assert [row.texts for row in table.rows] == [["Action", "Lead"], ["Do it", "CCG"]]


def test_an_empty_workbook_has_no_blocks():
    workbook, _ = sheet_with([])
    assert read_xlsx(save(workbook)).blocks == []
