"""Side tables: progress and outcome columns printed as a table of their own.

A wide table extracted as two (e.g. Croydon's "Update October 2016 | Outcome Measure |
RAG Rating"): its rows continue the action rows to the right, matched by position.
"""

from __future__ import annotations

from importers.reading.layout.rows import _Record, _State

# --- side blocks ----------------------------------------------------------------------------------


def _attach_side_blocks(state: _State, main_blocks: list[int], side_blocks: list[int]) -> None:
    """Side rows continue the action rows to the right, in the same order."""
    if not state.side_rows:
        return
    if len(main_blocks) == len(side_blocks):
        pairs = list(zip(main_blocks, side_blocks, strict=True))
    else:
        state.warn(
            f"{len(side_blocks)} continuation tables for {len(main_blocks)} action tables: "
            "rows matched in order across all of them"
        )
        pairs = [(None, None)]
    for main, side in pairs:
        actions = [r for r in state.records if main is None or r.block == main]
        rows = [s for s in state.side_rows if side is None or s[0] == side]
        for record, (_, item, cells) in _match_in_order(actions, rows, state):
            if record is None:
                state.warn("continuation row has no action row to go with: not read", item)
                continue
            for name, cell in cells.items():
                if cell.text or cell.fill:
                    record.cells.setdefault(name, cell)


def _match_in_order(actions: list[_Record], rows: list, state: _State):
    """Pairs (action or None, side row); page by page where both have the same page count."""
    action_pages = _pages(actions, lambda r: r.table)
    row_pages = _pages(rows, lambda s: s[1].table)
    if len(actions) != len(rows) and len(action_pages) == len(row_pages):
        for page_actions, page_rows in zip(action_pages, row_pages, strict=True):
            yield from _pair(page_actions, page_rows)
        if len(actions) > len(rows):
            state.warn(f"{len(actions) - len(rows)} action rows have no continuation row")
        return
    if len(actions) != len(rows):
        state.warn(
            f"{len(actions)} action rows but {len(rows)} continuation rows: matched in order"
        )
    yield from _pair(actions, rows)


def _pages(things: list, table_of) -> list[list]:
    pages: list[list] = []
    last = object()
    for thing in things:
        table = table_of(thing)
        if not pages or table is not last:
            pages.append([])
            last = table
        pages[-1].append(thing)
    return pages


def _pair(actions: list[_Record], rows: list):
    for i, row in enumerate(rows):
        yield (actions[i] if i < len(actions) else None), row
