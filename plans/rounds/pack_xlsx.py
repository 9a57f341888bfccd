"""The Excel board pack: summary with a chart, exceptions, changes, all actions, legend."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from plans.exports import _clean, _header, _write, _xlsx_bytes, rating_text
from plans.models import Rating
from plans.rounds.board_pack import Pack
from plans.rounds.pack_docx import direction_text

ACTION_COLUMNS = [
    ("Section", 30),
    ("Ref", 8),
    ("Action", 60),
    ("Lead", 25),
    ("Due", 14),
    ("Rating", 30),
    ("Direction", 12),
    ("Forecast", 16),
    ("Commentary", 60),
    ("Why, and what next", 60),
]


def _landscape(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = "1:1"


def _summary(workbook, pack: Pack) -> None:
    ws = workbook.active
    ws.title = "Summary"
    ws.page_setup.orientation = "landscape"
    _write(ws, 1, 1, pack.title, bold=True)
    _write(ws, 2, 1, pack.subtitle)
    _write(ws, 3, 1, f"Board pack, {pack.on.day} {pack.on:%B %Y}")
    since = pack.previous_name or "last round"
    _header(ws, 5, [("Rating", 30), ("Actions", 10), (f"In {since}", 16), ("Change", 10)])
    ws.freeze_panes = None
    previous = pack.counts(previous=True)
    row = 5
    for row, (rating, count) in enumerate(pack.counts().items(), start=6):
        _write(ws, row, 1, rating_text(pack.plans[0], rating), rating=rating)
        _write(ws, row, 2, count)
        if pack.previous_name:
            _write(ws, row, 3, previous.get(rating, 0))
            _write(ws, row, 4, count - previous.get(rating, 0))
    if pack.completeness:
        done, total = pack.completeness
        _write(ws, row + 2, 1, f"Completeness: {done} of {total} actions updated this round")
    top = row + 4
    _write(ws, top, 1, "Section", bold=True)
    for column, rating in enumerate(Rating, start=2):
        _write(ws, top, column, rating.label, bold=True)
    sections = pack.section_counts()
    for offset, (title, counts) in enumerate(sections, start=1):
        _write(ws, top + offset, 1, title)
        for column, count in enumerate(counts.values(), start=2):
            _write(ws, top + offset, column, count)
    if sections:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = "Ratings by section"
        data = Reference(ws, min_col=2, max_col=6, min_row=top, max_row=top + len(sections))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(sections)))
        ws.add_chart(chart, f"H{top}")


def _actions_sheet(workbook, title: str, rows) -> None:
    ws = workbook.create_sheet(title)
    _landscape(ws)
    _header(ws, 1, ACTION_COLUMNS)
    for index, row in enumerate(rows, start=2):
        action = row.action
        values = [
            row.section,
            action.ref,
            action.text,
            row.leads,
            row.due_date,
            rating_text(action.plan, row.rating),
            direction_text(row.direction),
            Rating(row.forecast_rating).label if row.forecast_rating else "",
            row.commentary + ("" if row.updated else "\nNot updated this round."),
            row.why_and_next,
        ]
        for column, value in enumerate(values, start=1):
            rating = Rating(row.rating or Rating.NOT_RATED) if column == 6 else None
            _write(ws, index, column, value, rating=rating)


def _changes(workbook, pack: Pack) -> None:
    ws = workbook.create_sheet("Changes")
    _landscape(ws)
    _header(
        ws,
        1,
        [("Change", 18), ("Ref", 8), ("Action", 60), ("From", 20), ("To", 20), ("Reason", 50)],
    )
    index = 1
    for title, rows in pack.changes():
        for row in rows:
            index += 1
            moved = title == "Due dates moved"
            values = [
                title,
                row.action.ref,
                row.action.text,
                row.due_date_was if moved else Rating(row.previous_rating or "not_rated").label,
                row.due_date if moved else Rating(row.rating).label,
                row.due_date_reason if moved else "",
            ]
            for column, value in enumerate(values, start=1):
                _write(ws, index, column, value)


def _legend(workbook, pack: Pack) -> None:
    ws = workbook.create_sheet("Legend")
    _header(ws, 1, [("Plan", 40), ("Rating", 14), ("Meaning", 60)])
    index = 1
    for plan in pack.plans:
        for rating, meaning in pack.legend(plan):
            index += 1
            _write(ws, index, 1, plan.title)
            _write(ws, index, 2, rating.label, rating=rating)
            _write(ws, index, 3, meaning)


def write(pack: Pack) -> bytes:
    workbook = Workbook()
    workbook.properties.title = _clean(f"{pack.title}: board pack")
    workbook.properties.language = "en-GB"
    _summary(workbook, pack)
    _actions_sheet(workbook, "Exceptions", pack.exceptions)
    _changes(workbook, pack)
    _actions_sheet(workbook, "All actions", pack.rows)
    _legend(workbook, pack)
    return _xlsx_bytes(workbook)
