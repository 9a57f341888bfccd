"""read_plan / read_document: one entry point for text, CSV, Markdown, .docx and .xlsx uploads."""

from __future__ import annotations

import importlib.util
import io
import zipfile

import pytest
from docx import Document as new_docx
from openpyxl import Workbook

from importers.reading.document import Table, UnreadableDocument
from importers.reading.parse import (
    FORMAT_NAMES,
    FORMATS,
    checksum,
    read_document,
    read_plan,
    text_format,
)
from importers.reading.safety import Limits
from scripts.make_fixture_documents import mark_header, set_cell_fill

from .conftest import seed_path

HAS_LAYOUT = importlib.util.find_spec("importers.reading.layout") is not None
needs_layout = pytest.mark.skipif(not HAS_LAYOUT, reason="importers/layout.py not written yet")


def docx_bytes() -> bytes:
    word = new_docx()
    word.add_paragraph("Action plan")
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Action", "Lead", "Do it", "CCG"], strict=True):
        cell.paragraphs[0].add_run(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Action", "Lead"])
    workbook.active.append(["Do it", "CCG"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows(document) -> list[list[str]]:
    return [
        row.texts for block in document.blocks if isinstance(block, Table) for row in block.rows
    ]


def test_each_format_is_read_by_its_reader():
    assert rows(read_document(docx_bytes(), "plan.docx")) == [["Action", "Lead"], ["Do it", "CCG"]]
    assert rows(read_document(xlsx_bytes(), "plan.xlsx")) == [["Action", "Lead"], ["Do it", "CCG"]]
    text = read_document(b"Action\tLead\tDue\nDo it\tCCG\tJune 2011\n", "plan.txt")
    assert rows(text) == [["Action", "Lead", "Due"], ["Do it", "CCG", "June 2011"]]


def test_content_wins_over_a_wrong_extension():
    assert rows(read_document(docx_bytes(), "plan.txt"))[0] == ["Action", "Lead"]


def test_a_stated_format_must_agree_with_the_content():
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(docx_bytes(), "plan.docx", fmt="xlsx")
    assert str(excinfo.value) == (
        "The file was given as an Excel workbook (.xlsx) but its content is a Word document "
        "(.docx)."
    )
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(b"hello\tworld\tx\n", "plan.txt", fmt="docx")
    assert "given as a Word document (.docx) but its content is a text file" in str(excinfo.value)
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(b"hello", "plan.txt", fmt="pdf")
    assert str(excinfo.value) == (
        "Unknown format 'pdf'; choose one of text, docx, xlsx, csv, markdown."
    )


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "plan.txt", "The file is empty."),
        (b"", "plan.docx", "The file is empty."),
        (bytes(range(256)) * 8, "plan.txt", "does not look like a text file"),
        (b"plain words", "plan.docx", "is not a Word document (it is not a zip archive)"),
        (b"PK\x03\x04" + b"\0" * 64, "plan.docx", "damaged"),
    ],
)
def test_bad_uploads_fail_with_one_line(data, filename, expected):
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(data, filename)
    assert expected in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_a_zip_without_a_document_part_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("docProps/app.xml", "<Properties/>")
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(buffer.getvalue(), "plan.docx")
    assert "has no word/document.xml" in str(excinfo.value)


def test_limits_are_passed_in():
    text = b"Action\tLead\tDue\n" * 10
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(text, "plan.txt", limits=Limits(text_bytes=100))
    assert "larger than the 100 bytes limit for text plans" in str(excinfo.value)
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(docx_bytes(), "plan.docx", limits=Limits(office_uncompressed_bytes=1024))
    assert "expands to more than 1 KB when unzipped" in str(excinfo.value)


def test_a_library_failure_on_a_malformed_package_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(buffer.getvalue(), "plan.xlsx")
    assert "Excel workbook" in str(excinfo.value)


def test_checksum_is_the_sha256_of_the_bytes():
    assert checksum(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@needs_layout
def test_read_plan_names_the_source_and_lays_out_the_seed():
    path = seed_path("003")
    plan = read_plan(path.read_bytes(), path.name)
    assert plan.source == path.name
    assert len(plan.actions) >= 25


@needs_layout
def test_read_plan_reports_unreadable_files_before_layout():
    with pytest.raises(UnreadableDocument):
        read_plan(b"", "empty.txt")


@needs_layout
def test_rag_from_cell_shading_reaches_the_plan():
    """A Word RAG column often has no words, only shading: the layout maps colour to rating."""
    word = new_docx()
    word.add_paragraph("Crisis care action plan 2015")
    rows = [
        ["No.", "Action", "Timescale", "Led By", "RAG"],
        ["1", "Adopt the plan", "From Jan 2015", "CCG", ""],
        ["2", "Sign off the plan", "February 2015", "MHSPG", ""],
        ["3", "Train staff", "March 2015", "LBB", ""],
        ["4", "Review", "2015/16", "CCG", "Completed"],
    ]
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for out_row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(out_row.cells, texts, strict=True):
            if text:
                cell.paragraphs[0].add_run(text)
    mark_header(table.rows[0])
    for index, fill in ((1, "FF0000"), (2, "FFC000"), (3, "00B050")):
        set_cell_fill(table.rows[index].cells[4], fill)
    buffer = io.BytesIO()
    word.save(buffer)
    plan = read_plan(buffer.getvalue(), "rag.docx")
    assert [(action.ref, action.rag) for action in plan.actions] == [
        ("1", "red"),
        ("2", "amber"),
        ("3", "green"),
        ("4", "blue"),
    ]


PLAIN_CSV = b"Ref,Action,Lead,Timescale,RAG\r\n1,Review the pathway,CCG,March 2025,Green\r\n"
MARKDOWN = b"# Plan\n\n| Action | Lead |\n|---|---|\n| Do it | CCG |\n"


def test_csv_and_markdown_are_formats_with_names():
    assert FORMATS == ("text", "docx", "xlsx", "csv", "markdown")
    assert (FORMAT_NAMES["csv"], FORMAT_NAMES["markdown"]) == ("a CSV file", "a Markdown file")


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (PLAIN_CSV, "plan.csv", "csv"),
        (PLAIN_CSV, "plan.txt", "csv"),  # clear by its content
        (PLAIN_CSV, "", "csv"),
        (b"Ref;Action;Lead\n1;Do it;CCG\n2;Next;LBB\n", "upload", "csv"),
        (b"Action\tLead\nDo it\tCCG\n", "plan.csv", "csv"),  # the extension decides
        (b"Action\tLead\tDue\nDo it\tCCG\t2025\nNext\tLBB\t2026\n", "plan.txt", "text"),
        (MARKDOWN, "plan.md", "markdown"),
        (MARKDOWN, "PLAN.MARKDOWN", "markdown"),
        (MARKDOWN.replace(b"# Plan\n\n", b""), "plan.txt", "markdown"),  # a separator row
        (b"# Action plan\n\nWe will do it.\n", "plan.txt", "markdown"),
        (b"Plan\n\n## One\ntext\n## Two\n", "", "markdown"),
        (b"Action | Lead\nDo it | CCG\n", "plan.txt", "text"),  # pipes alone are not Markdown
        (b"#1 priority, then the rest\nWe will, in time, do it.\n", "plan.txt", "text"),
    ],
)
def test_text_files_are_csv_markdown_or_text_by_extension_then_content(data, filename, expected):
    assert text_format(data, filename) == expected


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_is_still_read_as_a_text_plan(prefix):
    path = seed_path(prefix)
    assert text_format(path.read_bytes(), path.name) == "text"
    assert text_format(path.read_bytes(), "") == "text"


def test_a_plain_csv_is_read_as_one_table_whatever_its_name():
    for filename in ("plan.csv", "plan.txt"):
        (table,) = read_document(PLAIN_CSV, filename).blocks
        assert table.rows[0].texts == ["Ref", "Action", "Lead", "Timescale", "RAG"]
        assert table.rows[1].texts[1] == "Review the pathway"


def test_markdown_is_read_by_its_reader():
    title, table = read_document(MARKDOWN, "plan.md").blocks
    assert (title.text, title.style) == ("Plan", "Heading 1")
    assert rows(read_document(MARKDOWN, "plan.md")) == [["Action", "Lead"], ["Do it", "CCG"]]


def test_a_stated_text_format_overrides_the_sniffing_but_not_an_office_file():
    (table,) = read_document(b"Action,Lead\nDo it,CCG\n", "notes.txt", fmt="csv").blocks
    assert table.rows[1].texts == ["Do it", "CCG"]
    as_text = read_document(PLAIN_CSV, "plan.csv", fmt="text").blocks  # --format text wins
    assert [block.text for block in as_text] == [
        "Ref,Action,Lead,Timescale,RAG",
        "1,Review the pathway,CCG,March 2025,Green",
    ]
    with pytest.raises(UnreadableDocument) as excinfo:
        read_document(xlsx_bytes(), "plan.csv", fmt="csv")
    assert str(excinfo.value) == (
        "The file was given as a CSV file but its content is an Excel workbook (.xlsx)."
    )


def test_limits_reach_the_csv_markdown_and_excel_readers():
    tight = Limits(max_columns=3)
    for data, filename in ((PLAIN_CSV, "plan.csv"), (b"|a|b|c|d|\n|-|-|-|-|\n", "plan.md")):
        with pytest.raises(UnreadableDocument, match="more than the 3 a plan can have"):
            read_document(data, filename, limits=tight)
    with pytest.raises(UnreadableDocument, match="more than 3 table cells"):
        read_document(xlsx_bytes(), "plan.xlsx", limits=Limits(max_cells=3))


def test_the_column_limit_given_reaches_the_text_reader():
    from importers.reading.parse import read_document
    from importers.reading.safety import Limits

    header = "\t".join(f"Column {n}" for n in range(12))
    text = f"{header}\n" + "\t".join("x" for _ in range(12)) + "\n"
    with pytest.raises(UnreadableDocument, match="the most a plan table may have is 10"):
        read_document(text.encode(), "plan.txt", limits=Limits(max_columns=10))
    assert read_document(text.encode(), "plan.txt", limits=Limits(max_columns=20)).tables


def test_a_tab_separated_plan_whose_ref_column_is_headed_hash_is_text_not_markdown():
    from importers.reading.parse import text_format

    data = b"#\tAction\tLead\tTimescale\n1\tWrite the strategy\tJCT\tJune 2011\n"
    assert text_format(data, "") == "text"
    assert text_format(b"# Carers plan\n\nSome words.\n", "") == "markdown"
