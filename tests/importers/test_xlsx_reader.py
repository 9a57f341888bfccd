"""Reading Excel workbooks: title rows, merged cells, fills, dates, sheets."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from importers.reading.document import Paragraph, Table, UnreadableDocument
from importers.reading.readers.xlsx import read_xlsx

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit_part(data: bytes, part: str, edit) -> bytes:
    """The workbook with one part's XML passed through `edit` (bytes -> bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, edit(content) if info.filename == part else content)
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


def test_every_visible_sheet_is_read_in_order_and_tables_name_their_sheet():
    workbook, cover = sheet_with([["Cover"], ["Version", "1.0"]], title="Coversheet")
    lookups = workbook.create_sheet("Lists")
    lookups.append(["Status", "Red"])
    lookups.sheet_state = "hidden"
    plan = workbook.create_sheet("Plan")
    plan.append(["Action plan 2024"])
    plan.append(["Action", "Lead"])
    plan.append(["Do it", "CCG"])
    blocks = read_xlsx(save(workbook)).blocks
    assert [type(block).__name__ for block in blocks] == [
        "Paragraph",
        "Table",
        "Paragraph",
        "Table",
    ]
    cover_title, cover_table, plan_title, plan_table = blocks
    assert (cover_title.text, plan_title.text) == ("Cover", "Action plan 2024")
    assert (cover_table.sheet, cover_table.index) == ("Coversheet", 0)
    assert (plan_table.sheet, plan_table.index) == ("Plan", 1)
    assert [row.texts for row in plan_table.rows] == [["Action", "Lead"], ["Do it", "CCG"]]
    assert plan_table.rows[0].source_line == 2  # row numbers count within the sheet


def test_hidden_sheets_are_skipped_unless_every_sheet_is_hidden():
    workbook, sheet = sheet_with([["Only", "sheet"]], title="Plan")
    workbook.create_sheet("Other").append(["Other", "sheet"])
    for each in workbook.worksheets:
        each.sheet_state = "hidden"
    workbook.worksheets[0].sheet_state = "visible"  # openpyxl refuses to save none visible
    data = save(workbook)
    assert [t.sheet for t in read_xlsx(data).blocks] == ["Plan"]
    all_hidden = edit_part(
        data, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible"', b'state="hidden"')
    )
    assert [t.sheet for t in read_xlsx(all_hidden).blocks] == ["Plan", "Other"]


def test_a_named_sheet_is_the_only_one_read_even_when_hidden():
    workbook, sheet = sheet_with([["Hidden", "sheet"]], title="Old")
    sheet.sheet_state = "hidden"
    plan = workbook.create_sheet("Plan")
    plan.append(["Action", "Lead"])
    other = workbook.create_sheet("Updates")
    other.append(["Update", "RAG"])
    data = save(workbook)
    (table,) = read_xlsx(data, sheet="Updates").blocks
    assert table.rows[0].texts == ["Update", "RAG"] and table.sheet == "Updates"
    assert read_xlsx(data, sheet="updates").blocks[0].rows[0].texts == ["Update", "RAG"]
    assert read_xlsx(data, sheet="Old").blocks[0].rows[0].texts == ["Hidden", "sheet"]
    with pytest.raises(UnreadableDocument) as excinfo:
        read_xlsx(data, sheet="Missing")
    assert str(excinfo.value) == (
        "There is no sheet named 'Missing' in this workbook (its sheets: 'Old', 'Plan', 'Updates')."
    )


@pytest.mark.parametrize(
    ("name", "actions", "first_ref"),
    [
        ("fac_cap_texas_2022_171944.xlsx", 30, "2022-020"),
        ("fac_cap_county_2021_134732.xlsx", 3, "2021-002"),
    ],
)
def test_a_corpus_plan_on_its_second_sheet_is_a_table_of_its_real_rows(name, actions, first_ref):
    data = (CORPUS / name).read_bytes()
    cover, form = read_xlsx(data, name).blocks  # thousands of styled empty rows add nothing
    assert cover.sheet == "Coversheet" and cover.rows[2].texts == [
        "Section",
        "CorrectiveActionPlan",
    ]
    assert form.sheet == "Form" and form.index == 1
    assert form.rows[0].texts == [
        "Audit Finding Reference Number",
        "Planned Corrective Action",
        "Did Text Contain a Chart or Table?",
    ]
    assert len(form.rows) == actions + 1
    assert form.rows[1].texts[0] == first_ref
    assert form.rows[1].texts[1].startswith(("Corrective action plan:", "Foster Care"))


def test_a_blank_row_under_a_vertical_merge_does_not_end_the_table():
    workbook, sheet = sheet_with(
        [["Outcome", "Action"], ["Well", "First"], [None, None], [None, "Third"]]
    )
    sheet.merge_cells("A2:A4")
    (table,) = read_xlsx(save(workbook)).blocks
    assert [row.texts for row in table.rows] == [
        ["Outcome", "Action"],
        ["Well", "First"],
        ["", "Third"],
    ]
    assert table.rows[2].cells[0].merged_from_above


def test_an_empty_column_between_filled_ones_is_dropped():
    workbook, sheet = sheet_with([["Action", None, "Lead"], ["Do it", None, "CCG"]])
    (table,) = read_xlsx(save(workbook)).blocks
    assert [row.texts for row in table.rows] == [["Action", "Lead"], ["Do it", "CCG"]]


def test_a_sheet_with_a_wrong_dimension_is_read_by_its_cells():
    workbook, sheet = sheet_with([["Action", "Lead"], ["Do it", "CCG"]])
    data = edit_part(
        save(workbook),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1"/>'),
    )
    (table,) = read_xlsx(data).blocks
    assert [row.texts for row in table.rows] == [["Action", "Lead"], ["Do it", "CCG"]]


def test_an_empty_workbook_has_no_blocks():
    workbook, _ = sheet_with([])
    assert read_xlsx(save(workbook)).blocks == []
