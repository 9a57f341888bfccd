"""Reading Word documents: body order, merged cells, repeated headers, numbering, shading."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from importers.reading.document import Paragraph, Table, UnreadableDocument
from importers.reading.readers.docx import read_docx
from scripts.make_fixture_documents import mark_header, set_cell_fill, set_vmerge


def save(word) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def table_of(word, rows: list[list[str]]):
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for out_row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(out_row.cells, texts, strict=True):
            if text:
                cell.paragraphs[0].add_run(text)
    return table


def only_table(document) -> Table:
    (table,) = document.tables
    return table


def test_paragraphs_and_tables_come_in_body_order_with_heading_styles():
    word = new_docx()
    word.add_heading("Action plan 2015", level=1)
    word.add_paragraph("Introduction text.")
    table_of(word, [["Action", "Lead"], ["Do it", "CCG"]])
    word.add_paragraph("")
    word.add_paragraph("Closing words.")
    document = read_docx(save(word), "plan.docx")
    assert document.source_name == "plan.docx"
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    heading, intro, table, closing = document.blocks
    assert heading == Paragraph(text="Action plan 2015", style="Heading 1")
    assert intro.text == "Introduction text." and intro.style is None
    assert [row.texts for row in table.rows] == [["Action", "Lead"], ["Do it", "CCG"]]
    assert closing.text == "Closing words."


def test_a_row_merged_across_the_full_width_is_a_section_row():
    word = new_docx()
    table = table_of(word, [["No.", "Action", "Lead"], ["", "", ""], ["1", "Do it", "CCG"]])
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[2])
    merged.paragraphs[0].add_run("Improving crisis services")
    rows = only_table(read_docx(save(word))).rows
    assert rows[1].spans_full_width
    assert rows[1].texts == ["Improving crisis services"]
    assert not rows[0].spans_full_width and not rows[2].spans_full_width


def test_a_partial_horizontal_merge_is_read_once_and_keeps_columns_aligned():
    word = new_docx()
    table = table_of(word, [["Action", "Start", "Finish", "Lead"], ["Do it", "", "", "CCG"]])
    merged = table.rows[1].cells[1].merge(table.rows[1].cells[2])
    merged.paragraphs[0].add_run("2015/16")
    rows = only_table(read_docx(save(word))).rows
    assert rows[1].texts == ["Do it", "2015/16", "", "CCG"]
    assert not rows[1].spans_full_width


def test_vertically_merged_cells_continue_the_cell_above():
    word = new_docx()
    table = table_of(
        word,
        [["Outcome", "Action"], ["More people well", "First"], ["", "Second"], ["", "Third"]],
    )
    set_vmerge(table.rows[1].cells[0], restart=True)
    set_vmerge(table.rows[2].cells[0], restart=False)
    set_vmerge(table.rows[3].cells[0], restart=False)
    rows = only_table(read_docx(save(word))).rows
    assert [row.cells[0].merged_from_above for row in rows] == [False, False, True, True]
    assert rows[1].texts == ["More people well", "First"]
    assert rows[2].texts == ["", "Second"]


def test_a_repeated_header_row_is_kept_once():
    word = new_docx()
    header = ["No.", "Action", "Lead"]
    table = table_of(
        word, [header, ["1", "First", "CCG"], header, ["2", "Second", "LBB"], header[:]]
    )
    mark_header(table.rows[0])
    mark_header(table.rows[4])  # marked as a header again later in the table
    rows = only_table(read_docx(save(word))).rows
    assert [row.texts[0] for row in rows] == ["No.", "1", "2"]


def test_a_header_repeated_by_hand_is_dropped_even_without_marking():
    word = new_docx()
    header = ["Aims", "Actions", "Lead"]
    table_of(word, [header, ["Aim one", "Act", "CCG"], ["AIMS", " Actions ", "Lead"]])
    rows = only_table(read_docx(save(word))).rows
    assert [row.texts[0] for row in rows] == ["Aims", "Aim one"]


def add_numbering(word, fmt: str = "decimal", text: str = "%1.", restart: bool = True) -> str:
    """A w:num over a one-level list definition; returns its numId."""
    root = word.part.numbering_part.element
    abstract_id = str(len(root.findall(qn("w:abstractNum"))) + 50)
    root.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        ),
    )
    num_id = str(len(root.findall(qn("w:num"))) + 50)
    override = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    )
    root.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )
    return num_id


def number(paragraph, num_id: str) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)


def test_numbered_items_in_a_cell_keep_their_numbers_as_separate_paragraphs():
    word = new_docx()
    table = table_of(word, [["Outcomes", "Notes"], ["", ""], ["", ""]])
    for row_index in (1, 2):
        cell = table.rows[row_index].cells[0]
        num_id = add_numbering(word)
        for index, text in enumerate(["Monthly meetings", "Review outcomes", "Sign off"]):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.add_run(text)
            number(paragraph, num_id)
    rows = only_table(read_docx(save(word))).rows
    expected = ["1. Monthly meetings", "2. Review outcomes", "3. Sign off"]
    assert rows[1].cells[0].paragraphs == expected
    assert rows[2].cells[0].paragraphs == expected  # each list restarts


def test_letters_and_brackets_follow_the_list_definition_and_bullets_have_no_glyph():
    word = new_docx()
    letters = add_numbering(word, fmt="lowerLetter", text="%1)")
    bullets = add_numbering(word, fmt="bullet", text="\u2022")
    for text in ("first", "second"):
        number(word.add_paragraph(text), letters)
    number(word.add_paragraph("a point"), bullets)
    texts = [block.text for block in read_docx(save(word)).blocks]
    assert texts == ["a) first", "b) second", "a point"]


def test_a_list_style_numbers_its_paragraphs():
    word = new_docx()
    word.add_paragraph("one", style="List Number")
    word.add_paragraph("two", style="List Number")
    texts = [block.text for block in read_docx(save(word)).blocks]
    assert texts == ["1. one", "2. two"]


@pytest.mark.parametrize("fill", ["FF0000", "FFC000", "00B050"])
def test_an_empty_rag_cell_keeps_its_shading_as_the_fill(fill):
    word = new_docx()
    table = table_of(word, [["Action", "RAG"], ["Do it", ""]])
    set_cell_fill(table.rows[1].cells[1], fill.lower())
    rag = only_table(read_docx(save(word))).rows[1].cells[1]
    assert rag.is_empty
    assert rag.fill == fill


def test_automatic_shading_is_no_fill_and_a_solid_pattern_uses_its_colour():
    word = new_docx()
    table = table_of(word, [["a", "b", "c"]])
    table.rows[0].cells[0]._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="auto"/>')
    )
    table.rows[0].cells[1]._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="solid" w:color="FF0000" w:fill="auto"/>')
    )
    cells = only_table(read_docx(save(word))).rows[0].cells
    assert [cell.fill for cell in cells] == [None, "FF0000", None]


def test_empty_cells_and_line_breaks():
    word = new_docx()
    table = table_of(word, [["Action", "Lead", "RAG"], ["", "", ""]])
    run = table.rows[1].cells[0].paragraphs[0].add_run("first line")
    run.add_break()
    run.add_text("second line")
    cells = only_table(read_docx(save(word))).rows[1].cells
    assert cells[0].paragraphs == ["first line", "second line"]
    assert cells[1].paragraphs == [] and cells[1].is_empty
    assert cells[2].fill is None and not cells[2].merged_from_above


def test_tracked_insertions_are_read_and_deletions_are_not():
    word = new_docx()
    paragraph = word.add_paragraph("Kept ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>gone</w:delText>'
            "</w:r></w:del>"
        )
    )
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    paragraph._p.append(tab)
    paragraph.add_run("end")
    assert [block.text for block in read_docx(save(word)).blocks] == ["Kept inserted\tend"]


def test_content_controls_are_looked_through():
    word = new_docx()
    body = word.element.body
    body.insert(
        0,
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Inside a control</w:t>"
            "</w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    assert [block.text for block in read_docx(save(word)).blocks] == ["Inside a control"]


def test_a_nested_table_is_flattened_into_its_cell():
    word = new_docx()
    outer = table_of(word, [["Action", "Detail"]])
    inner = outer.rows[0].cells[1].add_table(rows=1, cols=2)
    inner.rows[0].cells[0].paragraphs[0].add_run("x")
    inner.rows[0].cells[1].paragraphs[0].add_run("y")
    cells = only_table(read_docx(save(word))).rows[0].cells
    assert cells[1].paragraphs == ["Detail", "x", "y"]


def test_a_package_without_a_document_part_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnreadableDocument):
        read_docx(buffer.getvalue())


def test_a_legacy_horizontal_merge_spans_like_grid_span():
    word = new_docx()
    table = table_of(word, [["No.", "Action", "Lead"], ["Section", "", ""]])
    tc_prs = [cell._tc.get_or_add_tcPr() for cell in table.rows[1].cells]
    tc_prs[0].append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="restart"/>'))
    for tc_pr in tc_prs[1:]:
        tc_pr.append(parse_xml(f"<w:hMerge {nsdecls('w')}/>"))
    section = only_table(read_docx(save(word))).rows[1]
    assert section.spans_full_width and section.texts == ["Section"]
