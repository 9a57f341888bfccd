"""The Word and Excel versions of the seeds (fixtures/documents/) read as the text seeds do.

The documents are written by scripts/make_fixture_documents.py from each seed's text: real
tables with repeating and hand-repeated header rows, full-width merged section rows, vertically
merged columns, Word numbering and fills. Whatever the format, the plan must be the same.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

import pytest

from importers.reading.document import Table
from importers.reading.parse import read_document, read_plan
from scripts.make_fixture_documents import OUT, SEED_OPTIONS, XLSX_SEEDS, build

from .conftest import seed_path

HAS_LAYOUT = importlib.util.find_spec("importers.reading.layout") is not None
needs_layout = pytest.mark.skipif(not HAS_LAYOUT, reason="importers/layout.py not written yet")

DOCUMENTS = [f"{seed}.docx" for seed in SEED_OPTIONS] + [f"{seed}.xlsx" for seed in XLSX_SEEDS]
ACTION_FIELDS = ("text", "section", "leads", "start", "due", "rag", "objectives", "outcomes")


def seed_of(name: str) -> Path:
    return seed_path(name[:3])


@functools.cache
def fresh_documents() -> dict[str, bytes]:
    return build()


@functools.cache
def text_plan(name: str):
    seed = seed_of(name)
    return read_plan(seed.read_bytes(), seed.name)


def texts(document) -> list[list[str]]:
    """Every table row's non-empty cell texts, and every paragraph, in order."""
    out = []
    for block in document.blocks:
        if isinstance(block, Table):
            out.extend([text for text in row.texts if text] for row in block.rows)
        else:
            out.append([block.text])
    return out


def test_every_fixture_document_is_committed():
    assert sorted(path.name for path in OUT.iterdir()) == sorted(DOCUMENTS)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_committed_fixture_reads_as_a_fresh_one(name):
    """A regenerated document (seed or generator changed) reads the same as the committed one."""
    fresh = read_document(fresh_documents()[name], name)
    committed = read_document((OUT / name).read_bytes(), name)
    assert texts(committed) == texts(fresh)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_fixture_has_the_structures_it_was_made_to_have(name):
    document = read_document((OUT / name).read_bytes(), name)
    rows = [row for table in document.tables for row in table.rows]
    assert any(cell.fill for row in rows for cell in row.cells)
    if name.startswith(("000", "003")):  # Croydon's sections are paragraphs between tables
        assert any(row.spans_full_width and len(row.cells) == 1 for row in rows)
        assert any(cell.merged_from_above for row in rows for cell in row.cells)
    if name.startswith("003"):
        outcomes = rows[2].cells[4].paragraphs  # action 1's Outcomes: Word numbering
        assert outcomes[0].startswith("1. Monthly meetings")
        assert outcomes[2].startswith("3. Clear recommendations")
    if name.endswith(".xlsx"):
        assert not isinstance(document.blocks[0], Table)  # a title above the header row


@pytest.mark.parametrize("name", DOCUMENTS)
def test_fixture_drops_the_repeated_header_rows(name):
    document = read_document((OUT / name).read_bytes(), name)
    for table in document.tables:
        header = [text for text in table.rows[0].texts if text]
        if len(header) < 2:
            continue
        repeats = [row for row in table.rows[1:] if [t for t in row.texts if t] == header]
        assert not repeats


def actions(plan) -> list[dict]:
    return [{key: action[key] for key in ACTION_FIELDS} for action in plan.as_schema()["actions"]]


@needs_layout
@pytest.mark.parametrize("name", DOCUMENTS)
def test_fixture_document_imports_the_same_actions_as_the_text(name):
    from_text = text_plan(name)
    from_document = read_plan((OUT / name).read_bytes(), name)
    assert from_document.source == name
    assert len(from_document.actions) == len(from_text.actions)
    assert actions(from_document) == actions(from_text)


@needs_layout
@pytest.mark.parametrize("name", DOCUMENTS)
def test_fixture_document_reads_as_the_text_in_every_field(name):
    """Beyond the scored fields: refs, context, progress, milestones, sections, plan, objectives.

    Only the source name and the line numbers in warnings may differ (a .docx has no lines).
    """
    from_text = text_plan(name).as_schema()
    from_document = read_plan((OUT / name).read_bytes(), name).as_schema()
    for key in ("plan", "objectives", "sections", "actions"):
        assert from_document[key] == from_text[key], key

    def unlined(warnings: list[str]) -> list[str]:
        return [re.sub(r", line \d+", "", warning) for warning in warnings]

    assert unlined(from_document["warnings"]) == unlined(from_text["warnings"])
