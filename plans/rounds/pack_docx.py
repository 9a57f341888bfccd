"""The Word board pack, written to the public sector accessibility rules.

Real heading styles (Title, Heading 1, Heading 2), table header rows marked and repeated on
every page, alternative text on the chart, the document's title and language set, and every
rating named in words beside its shading.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from plans.exports import _clean, _due_text, _repeat_header_row, _shade, rating_text
from plans.models import Rating
from plans.rounds import chart_png
from plans.rounds.board_pack import Pack, PackRow

LANGUAGE = "en-GB"
DIRECTION_TEXT = {"better": "↑ Better", "worse": "↓ Worse", "same": "→ Same", "new": "New"}


def direction_text(direction: str | None) -> str:
    return DIRECTION_TEXT.get(direction or "", "–")


def _set_language(document) -> None:
    """The document's language: the default run properties and the core properties."""
    document.core_properties.language = LANGUAGE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _table(document, headings: list[str]):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].font.bold = True
    _repeat_header_row(table.rows[0])
    return table


def _row(table, values: list[str]):
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = _clean(value or "")
    return cells


def _rating_cell(cells, index: int, rating: str) -> None:
    _shade(cells[index], Rating(rating or Rating.NOT_RATED))


def _cover(document, pack: Pack) -> None:
    document.add_heading(_clean(pack.title), level=0)
    document.add_paragraph(_clean(pack.subtitle))
    document.add_paragraph(f"Board pack, {pack.on.day} {pack.on:%B %Y}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(document, pack: Pack) -> None:
    document.add_heading("Summary", level=1)
    previous = pack.counts(previous=True)
    since = pack.previous_name or "the last round"
    table = _table(document, ["Rating", "Actions", f"In {since}", "Change"])
    for rating, count in pack.counts().items():
        before = previous.get(rating, 0)
        change = count - before if pack.previous_name else None
        change_text = "–" if change is None else (f"+{change}" if change > 0 else str(change))
        cells = _row(
            table,
            [
                rating_text(pack.plans[0], rating) if len(pack.plans) == 1 else rating.label,
                str(count),
                str(before) if pack.previous_name else "–",
                change_text,
            ],
        )
        _rating_cell(cells, 0, rating)
    _row(table, ["Total", str(len(pack.rows)), "", ""])
    if pack.completeness:
        done, total = pack.completeness
        percent = round(100 * done / total) if total else 100
        document.add_paragraph(
            f"Completeness: {done} of {total} actions updated in this round ({percent}%)."
        )
    _chart(document, pack)


def _chart(document, pack: Pack) -> None:
    document.add_heading("Ratings by section", level=2)
    by_section = pack.section_counts()
    picture = chart_png.stacked_bars([counts for _title, counts in by_section])
    paragraph = document.add_paragraph()
    shape = paragraph.add_run().add_picture(io.BytesIO(picture), width=Cm(22))
    described = "; ".join(
        f"{title}: "
        + ", ".join(f"{count} {rating.label.lower()}" for rating, count in counts.items() if count)
        for title, counts in by_section
    )
    shape._inline.docPr.set("title", "Ratings by section")
    shape._inline.docPr.set(
        "descr",
        _clean(f"Bar chart of actions by rating in each section. {described}")[:4000],
    )
    table = _table(
        document,
        ["Section", *(rating.label for rating in by_section[0][1])] if by_section else ["Section"],
    )
    for title, counts in by_section:
        _row(table, [title, *(str(count) for count in counts.values())])


def _exceptions(document, pack: Pack) -> None:
    document.add_heading("Exceptions: red and amber actions", level=1)
    rows = pack.exceptions
    if not rows:
        document.add_paragraph("No action is red or amber.")
        return
    table = _table(
        document, ["Ref", "Action", "Lead", "Due", "Rating", "Direction", "Why, and what next"]
    )
    for row in rows:
        cells = _row(table, _cells(pack, row, row.why_and_next or row.commentary))
        _rating_cell(cells, 4, row.rating)


def _cells(pack: Pack, row: PackRow, words: str) -> list[str]:
    action = row.action
    outside = " Depends on something outside our control." if row.outside_control else ""
    return [
        action.ref,
        action.text,
        row.leads,
        _due_text(row.due_date) or action.timescale_text,
        rating_text(action.plan, row.rating),
        direction_text(row.direction),
        words + outside,
    ]


def _changes(document, pack: Pack) -> None:
    since = pack.previous_name or "the last round"
    document.add_heading(f"What changed since {since}", level=1)
    for title, rows in pack.changes():
        document.add_heading(title, level=2)
        if not rows:
            document.add_paragraph("None.")
        for row in rows:
            text = f"{row.action.ref} {row.action.text[:200]}".strip()
            if row.due_date_was and title == "Due dates moved":
                text += (
                    f": from {_due_text(row.due_date_was)} to {_due_text(row.due_date)}"
                    f" ({row.due_date_reason})"
                )
            elif row.previous_rating:
                text += f": {Rating(row.previous_rating).label} to {Rating(row.rating).label}"
            document.add_paragraph(_clean(text), style="List Bullet")


def _full_table(document, pack: Pack) -> None:
    document.add_heading("All actions", level=1)
    headings = ["Ref", "Action", "Lead", "Due", "Rating", "Direction", "Commentary"]
    for title, rows in pack.sections:
        document.add_heading(_clean(title), level=2)
        table = _table(document, headings)
        for row in rows:
            words = row.commentary
            if row.forecast_rating:
                words += f"\nForecast at year end: {Rating(row.forecast_rating).label}."
            if not row.updated:
                words += "\nNot updated this round."
            cells = _row(table, _cells(pack, row, words.strip()))
            _rating_cell(cells, 4, row.rating)


def _legend(document, pack: Pack) -> None:
    document.add_heading("Legend", level=1)
    for plan in pack.plans:
        if len(pack.plans) > 1:
            document.add_heading(_clean(plan.title), level=2)
        table = _table(document, ["Rating", "Meaning"])
        for rating, meaning in pack.legend(plan):
            cells = _row(table, [rating.label, meaning])
            _rating_cell(cells, 0, rating)
    document.add_paragraph(
        "Direction compares each rating with the previous round: ↑ better, ↓ worse, → same, "
        "New where there is no earlier rating."
    )


def write(pack: Pack) -> bytes:
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = _clean(f"{pack.title}: board pack")
    document.core_properties.subject = _clean(pack.subtitle)
    document.core_properties.author = "Action plans"
    document.core_properties.comments = ""
    _set_language(document)
    _cover(document, pack)
    _summary(document, pack)
    _exceptions(document, pack)
    _changes(document, pack)
    _full_table(document, pack)
    _legend(document, pack)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
