"""Hostile or careless workbooks cost what their XML costs, not what their grid's area is.

An outside review reproduced a merge over A1:XFD1048576 taking 5.8 GB, and one stray cell at
XFD1048576 taking over 90 s. Each case here is a small workbook edited at the XML level; the
assertions are on what the reader builds and on its peak memory (tracemalloc), never on time.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from importers.reading.document import Paragraph, Table, UnreadableDocument
from importers.reading.readers.xlsx import read_xlsx
from importers.reading.safety import Limits

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def plan_bytes(rows: int = 3) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Action", "Lead", "Due"])
    for n in range(1, rows):
        sheet.append([f"Action {n}", "CCG", "March 2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit_sheet(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML passed through `edit` (str -> str)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == SHEET:
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return buffer.getvalue()


def with_merges(*refs: str):
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    return lambda xml: xml.replace(
        "</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>'
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def with_row(number: int, *cells: str):
    return lambda xml: xml.replace(
        "</sheetData>", f'<row r="{number}">{"".join(cells)}</row></sheetData>'
    )


def read_measured(data: bytes, **kwargs):
    """The document and the reader's peak traced memory in bytes."""
    tracemalloc.start()
    try:
        document = read_xlsx(data, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return document, peak


def table_texts(document) -> list[list[str]]:
    return [row.texts for block in document.tables for row in block.rows]


def test_a_merge_over_the_whole_grid_costs_what_the_cells_cost():
    data = edit_sheet(plan_bytes(), with_merges("A1:XFD1048576"))
    document, peak = read_measured(data)
    (table,) = document.tables
    assert len(table.rows) <= 3 and all(len(row.cells) <= 3 for row in table.rows)
    assert peak < 20 * MB


def test_one_stray_cell_at_the_last_row_and_column_is_a_paragraph_not_a_huge_table():
    data = edit_sheet(plan_bytes(), with_row(1048576, inline("XFD1048576", "stray")))
    document, peak = read_measured(data)
    table, stray = document.blocks
    assert table_texts(document) == [
        ["Action", "Lead", "Due"],
        ["Action 1", "CCG", "March 2025"],
        ["Action 2", "CCG", "March 2025"],
    ]
    assert stray == Paragraph(text="stray", source_line=1048576)
    assert peak < 20 * MB


def test_a_stray_cell_far_right_of_a_table_row_adds_one_column():
    far_right = lambda xml: xml.replace("</row>", inline("XFD1", "far") + "</row>", 1)  # noqa: E731
    document, peak = read_measured(edit_sheet(plan_bytes(), far_right))
    (table,) = document.tables
    assert table.rows[0].texts == ["Action", "Lead", "Due", "far"]
    assert table.rows[1].texts == ["Action 1", "CCG", "March 2025", ""]
    assert peak < 20 * MB


def test_stray_cell_and_whole_grid_merge_together_stay_small():
    data = edit_sheet(
        edit_sheet(plan_bytes(), with_row(1048576, inline("XFD1048576", "stray"))),
        with_merges("A1:XFD1048576", "B2:XFD1048576", "A3:C1048576"),
    )
    document, peak = read_measured(data)
    # one merge from row 1 to the last row: nothing in between is a blank row any more
    (table,) = document.tables
    assert len(table.rows) <= 4 and all(len(row.cells) <= 4 for row in table.rows)
    assert peak < 20 * MB


def test_a_table_wider_than_the_column_limit_is_refused():
    wide = lambda xml: xml.replace(  # noqa: E731
        "</row>", "".join(inline(f"{col}1", col) for col in ("D", "E", "F")) + "</row>", 1
    )
    data = edit_sheet(plan_bytes(), wide)
    assert len(read_xlsx(data, limits=Limits(max_columns=6)).tables[0].rows[0].cells) == 6
    with pytest.raises(UnreadableDocument) as excinfo:
        read_xlsx(data, limits=Limits(max_columns=5))
    assert str(excinfo.value) == (
        "A table on the sheet 'Sheet' has 6 columns, more than the 5 a plan can have; remove "
        "the extra columns and upload it again."
    )


def test_a_workbook_with_more_cells_than_the_limit_is_refused():
    data = plan_bytes(rows=40)  # 120 cells
    assert len(read_xlsx(data, limits=Limits(max_cells=120)).tables[0].rows) == 40
    with pytest.raises(UnreadableDocument) as excinfo:
        read_xlsx(data, limits=Limits(max_cells=100))
    assert "more than 100 table cells" in str(excinfo.value)


def test_sparse_rows_padded_to_a_wide_table_count_their_padding():
    # each row holds 2 cells but the table is 30 columns wide: 40 rows make 1,200 table cells
    rows = [with_row(n, inline(f"A{n}", "x"), inline(f"AD{n}", "y")) for n in range(10, 50)]
    data = plan_bytes(rows=1)
    for add in rows:
        data = edit_sheet(data, add)
    fill_columns = lambda xml: xml.replace(  # noqa: E731
        '<row r="10">',
        '<row r="10">' + "".join(inline(f"{c}10", c) for c in "BCDEFGHIJKLMNOPQRSTUVWXYZ"),
    )
    data = edit_sheet(data, fill_columns)
    with pytest.raises(UnreadableDocument, match="more than 1,000 table cells"):
        read_xlsx(data, limits=Limits(max_cells=1_000))


def test_many_overlapping_whole_sheet_merges_are_refused_not_expanded():
    refs = [f"A{n}:XFD1048576" for n in range(1, 2001)]
    data = edit_sheet(plan_bytes(rows=200), with_merges(*refs))
    with pytest.raises(UnreadableDocument, match="merged cells"):
        read_xlsx(data, limits=Limits(max_cells=10_000))


def test_styled_empty_rows_and_fill_only_rows_add_nothing():
    empty_rows = "".join(
        f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}"/></row>' for n in range(5, 20_005)
    )
    data = edit_sheet(
        plan_bytes(), lambda xml: xml.replace("</sheetData>", empty_rows + "</sheetData>")
    )
    document, peak = read_measured(data)
    assert [type(block) for block in document.blocks] == [Table]
    assert len(document.tables[0].rows) == 3
    assert peak < 20 * MB
