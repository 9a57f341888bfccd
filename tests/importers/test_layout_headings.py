"""Headings between tables (Markdown '##', Word 'Heading N') are the sections of the rows below."""

import io

from docx import Document as WordDocument

from importers.reading.parse import read_plan

TABLE = "| No. | Action required | Responsible | Target date |\n|---|---|---|---|\n"


def test_markdown_subheadings_head_the_tables_below_and_the_first_heading_is_the_title():
    text = (
        "# Suicide prevention action plan\n\n"
        "## Priority 1: Reduce risk in high-risk groups\n\n"
        + TABLE
        + "| 1.1 | Deliver workplace campaigns with employers | Public Health | March 2025 |\n\n"
        "## Priority 2: Support families\n\n"
        + TABLE
        + "| 2.1 | Roll out support teams to all secondary schools | CAMHS | May 2026 |\n"
    )
    plan = read_plan(text.encode(), "plan.md")
    assert plan.title == "Suicide prevention action plan"
    assert [(a.ref, a.section) for a in plan.actions] == [
        ("1.1", "Priority 1: Reduce risk in high-risk groups"),
        ("2.1", "Priority 2: Support families"),
    ]


def test_word_headings_under_a_title_paragraph_are_all_sections():
    document = WordDocument()
    document.add_heading("Carers delivery plan", 0)  # the "Title" style
    for heading, ref, action in [
        ("Identifying carers", "1a", "Add a carer flag to GP records in every practice"),
        ("Breaks and respite", "2a", "Commission a flexible respite service for carers"),
    ]:
        document.add_heading(heading, 1)
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["Ref", "Action", "Lead"], strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, [ref, action, "Carers Hub"], strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    plan = read_plan(out.getvalue(), "plan.docx")
    assert plan.title == "Carers delivery plan"
    assert [a.section for a in plan.actions] == ["Identifying carers", "Breaks and respite"]


def test_a_heading_that_is_only_narrative_after_the_last_table_is_not_a_section():
    text = (
        "# Plan\n\n## Theme A\n\n"
        + TABLE
        + "| 1 | Open a crisis cafe in the town centre | Mind | April 2024 |\n\n"
        "## Glossary\n\nWords we use.\n"
    )
    plan = read_plan(text.encode(), "plan.md")
    assert [s.title for s in plan.sections] == ["Theme A"]
