"""From a `Document` (tables and paragraphs) to a `ParsedPlan`: general rules, no per-plan code.

`layout_plan(document)` runs a pipeline of small steps, each a function in this package:

0. `heading_actions.read_heading_actions`: a document whose actions are headings sharing one
   pattern ("### Action 4: ...", each followed by narrative and milestone or form tables) is
   read that way.
1. `tables.choose_table`: every table is a candidate (a workbook's sheets each give theirs);
   each one's header row is looked for in its first rows (title blocks above are common;
   a header printed over two rows is read as one) and the table is scored as an action table
   (known column names, an action column; long sentences, dates, names, ratings under it).
   The best is chosen, or the `Mapping`'s table and header row. Each column's role comes from
   its header and its content together (`roles`): a role, a confidence and a reason, exactly
   one action column, columns with no role kept as extra fields. A vague header ("Line",
   "Name", "Description", "Notes") is settled by its content, unsurely where it could be
   another role; a row of values ('10', 'Amber', 'March 2016') is not taken for the header.
   The `Reading` says all this.
   When no table is sure enough, a narrative strategy is tried (`importers.reading.narrative`),
   else the best reading is returned unsure, with its candidates, for an admin to map. Only a
   document with nothing table-like raises `UnreadableDocument`.
2. `_stream`: the chosen table's sheet (or the whole document) as rows and paragraphs in order.
3. `_blocks`: the stream cut into blocks at header rows. A *main* block has an action column;
   a *side* block (e.g. "Update October 2016 | Outcome Measure | RAG Rating") has none: its rows
   continue the main blocks' rows to the right, row by row, in the same order (a wide table
   extracted as two). A repeated header (page break) starts a new block with the same
   columns; a header cell that is blank or garbled takes the name of the first header's cell in
   the same place. A row straight after a header whose filled cells are all column names
   completes that header (a header printed over two lines).
4. `_mend_block_rows`: rows damaged in extraction are repaired by `importers.reading.mending.mend_rows`
   (split and run-together rows, stray fragments, continuation lines), block by block.
5. `_read_block`: each row of a main block is a section heading (one filled cell, a heading
   row or a numbered heading), an action (an action cell, a ref, or two of timescale / lead /
   outcome filled), or a continuation of the action above (its cells are appended). Numbered
   paragraphs between tables ("2: Strengthening ...", "Section 3: ...") are section headings.
   Text after the last table is not read for sections or actions, so a second rendering of
   the plan as running text (a PDF copy after the table) is not read twice.
6. `_attach_side_blocks`: side rows are matched to actions in order, block by block, and page
   by page within a block where the page counts agree; a row left over is reported.
7. `_inherit_merged_cells`: an empty context/objective cell under a vertically merged cell
   (Word prints a merged cell once) takes the value of the action above in the same section:
   where the reader marks the cell `merged_from_above`, or in a table whose reader says blank
   cells may be merges (`Table.blank_may_be_merged`: a Word table saved as text). Rows of a PDF
   extraction are not filled in this way: there an empty cell is empty.
8. `_fill_action`: a ref at the start of the action cell where there is no ref column
   (`cells.split_ref`); labelled values in the action cell ("Responsible persons: ...",
   "Implementation date(s): ...", "Status: ...") lifted into fields their columns leave empty
   (`cells.labelled_parts`); extra columns kept by label; dates (timescale column ->
   `parse_timescale`; start/finish columns -> `parse_month`; no date column ->
   `milestone_dates` over the outcomes, each dated sentence a milestone), leads (`split_leads`), outcomes (one per paragraph, list numbers dropped), RAG
   (status words, the plan's legend first, or the cell's fill colour; words naming no rating
   are kept as progress text with a warning), national objectives.
9. `_plan_details`: title, area, period, RAG legend, printed columns, objectives, leads. One-cell
   lines above the chosen table's header (a CSV's or a sheet's title block) are not sections;
   the first is the title where the document has no other.

Every row or cell dropped or not understood gives a `Warning_` naming its table, row, column
and line. Plain Python, no Django.

Modules: `tables` and `roles` (step 1), `cells` (refs, labelled values and leads inside
cells), `heading_actions` (step 0), `headers` (column names, `map_header`, `Columns`), `blocks`
(steps 2-3), `rows` (steps 4, 5 and 7), `progress` (step 6), `fields` (step 8, `match_rag`),
`plan_details` (step 9 and the RAG legend). The public names are imported from here.
"""

from __future__ import annotations

from importers.reading.document import Document, Table, UnreadableDocument
from importers.reading.layout.blocks import _blocks, _stream
from importers.reading.layout.fields import _dedupe, _fill_action, match_rag
from importers.reading.layout.headers import map_header
from importers.reading.layout.heading_actions import read_heading_actions
from importers.reading.layout.plan_details import _legend, _plan_details
from importers.reading.layout.progress import _attach_side_blocks
from importers.reading.layout.rows import (
    _inherit_merged_cells,
    _mend_block_rows,
    _read_block,
    _State,
)
from importers.reading.layout.tables import choose_table
from importers.reading.mapping import SURE, Mapping
from importers.reading.parsed import ParsedPlan

__all__ = ["NO_HEADER", "layout_plan", "map_header", "match_rag"]

NO_HEADER = (
    "no table with a recognisable header row (expected columns such as Action, Lead, Timescale)"
)

# --- the pipeline -------------------------------------------------------------------------------


def _narrative_fallback(document: Document) -> ParsedPlan | None:
    try:
        from importers.reading.narrative import read_narrative_strategy
    except ImportError:  # pragma: no cover - the narrative reader is optional
        return None
    return read_narrative_strategy(document)


def _region(document: Document, table: Table) -> Document:
    """The blocks of the chosen table's worksheet (a workbook's other sheets are not read)."""
    if table.sheet is None:
        return document
    blocks = document.blocks
    at = next(i for i, b in enumerate(blocks) if b is table)
    first = at
    while first > 0 and not (
        isinstance(blocks[first - 1], Table) and blocks[first - 1].sheet != table.sheet
    ):
        first -= 1
    last = at
    while last + 1 < len(blocks) and not (
        isinstance(blocks[last + 1], Table) and blocks[last + 1].sheet != table.sheet
    ):
        last += 1
    return Document(blocks=blocks[first : last + 1], source_name=document.source_name)


def layout_plan(document: Document, mapping: Mapping | None = None) -> ParsedPlan:
    """The plan a document holds; `UnreadableDocument` if it holds none.

    `mapping` carries an admin's choices (table, header row, column roles); unset ones are
    inferred. The plan's `reading` says what was chosen and how sure the layout was. A
    document whose actions are headings ("Action 1: ...") is read by `heading_actions`.
    """
    if mapping is None or mapping.table is None:
        plan = read_heading_actions(document)
        if plan is not None:
            return plan
    choice = choose_table(document, mapping)
    sure = choice is not None and choice.reading.confidence >= SURE
    if not sure and (mapping is None or mapping.is_empty):
        plan = _narrative_fallback(document)
        if plan is not None:
            plan.source = plan.source or document.source_name
            return plan
    if choice is None:
        raise UnreadableDocument(NO_HEADER)
    region = _region(document, choice.table)
    items = _stream(region)
    header_row = choice.table.rows[choice.header_row]
    header_at = next(i for i, item in enumerate(items) if item.row is header_row)
    state = _State(document=region, plan=ParsedPlan(title="", source=document.source_name))
    state.header_table = choice.table
    state.plan.rag_legend = _legend(region)
    state.plan.reading = choice.reading
    blocks = _blocks(items, header_at, choice.columns, choice.header_rows)
    main_blocks, side_blocks = [], []
    for number, block in enumerate(blocks):
        if block.kind == "main":
            state.main_columns = state.main_columns or block.columns
            main_blocks.append(number)
            _mend_block_rows(block, state)
        elif block.kind == "side":
            side_blocks.append(number)
        _read_block(block, number, state)
    _attach_side_blocks(state, main_blocks, side_blocks)
    _inherit_merged_cells(state)
    state.plan.actions = [_fill_action(state, r, state.plan.rag_legend) for r in state.records]
    _dedupe(state)
    _plan_details(state, blocks)
    _warn_extras(state, choice)
    return state.plan


def _warn_extras(state: _State, choice) -> None:
    """Each column kept as an extra field is named once, so nothing is dropped silently."""
    for label in choice.columns.extras.values():
        state.warn(f"column '{label}' kept as an extra field")
    if choice.reading.confidence < SURE:
        state.warn(
            "not sure which table holds the actions or what its columns are: check the mapping"
        )
