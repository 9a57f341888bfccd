"""Files out: the rows of an action table (xlsx, csv) and a plan's board pack (docx, xlsx).

Plain functions of model instances; no requests. Actions come from
plans.selectors.action_table_rows(), so plan, section, leads and current_rating /
current_reported_on are preloaded (and, for direction of travel, the previous round's rating
from plans.rounds.selectors.with_previous_round_rating()); a board pack also shows `current_commentary` when the
queryset carries it. Status is never colour alone: every shaded cell also says the rating.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.models import Action, Plan, Rating
from plans.rounds import rules as round_rules
from plans.rounds.selectors import direction_of

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 forbids (Word pastes \x07 and \x0b); openpyxl and python-docx refuse them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Worst first, as boards read them.
SUMMARY_ORDER = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.BLUE, Rating.NOT_RATED]

# (fill, text) colours: NHS identity colours, each with text at WCAG AA contrast or better.
RAG_COLOURS = {
    Rating.RED: ("D5281B", "FFFFFF"),
    Rating.AMBER: ("FFB81C", "212B32"),
    Rating.GREEN: ("007F3B", "FFFFFF"),
    Rating.BLUE: ("005EB8", "FFFFFF"),
    Rating.NOT_RATED: ("D8DDE0", "212B32"),
}

TABLE_COLUMNS = [
    ("Plan", 30),
    ("Section", 30),
    ("Ref", 8),
    ("Action", 60),
    ("Leads", 25),
    ("Timescale", 18),
    ("Due", 12),
    ("RAG rating", 30),
    ("Direction of travel", 14),
    ("Compared with round", 18),
    ("Last updated", 14),
    ("Other columns", 40),
]


def with_current_commentary(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """Annotate current_commentary (the current update's words) in the same query as the rows."""
    return queryset.annotate(current_commentary=F("current_update__commentary"))


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_safe(value: object) -> str:
    """A CSV cell: dates as ISO, None as empty, formula-like text behind a single quote."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def rating_text(plan: Plan, rating: str | None) -> str:
    """'Green – On target against milestones': the rating and the plan's own words for it."""
    rating = Rating(rating or Rating.NOT_RATED)
    legend = plan.legend_for(rating)
    return rating.label if legend == rating.label else f"{rating.label} – {legend}"


def download_name(title: str, *, on: datetime.date, ext: str, kind: str = "") -> str:
    """'mental-health-action-plan-board-pack-2026-03-12.docx'."""
    slug = slugify(title)[:80].strip("-") or "plan"
    kind = f"-{kind}" if kind else ""
    return f"{slug}{kind}-{on.isoformat()}.{ext}"


def _current_rating(action: Action) -> Rating:
    return Rating(getattr(action, "current_rating", None) or Rating.NOT_RATED)


def _lead_names(action: Action) -> str:
    return "; ".join(lead.name for lead in action.leads.all())


def _section_name(action: Action) -> str:
    return str(action.section) if action.section_id else ""


def _due_text(due: datetime.date | None) -> str:
    """Plans speak in months: a month-end due date reads 'June 2011'."""
    if due is None:
        return ""
    if due.day == calendar.monthrange(due.year, due.month)[1]:
        return f"{due:%B %Y}"
    return f"{due.day} {due:%B %Y}"


def _extra_text(action: Action) -> str:
    """Imported columns with no field of their own, one 'Name: value' a line."""
    return "\n".join(f"{name}: {value}" for name, value in (action.extra_fields or {}).items())


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text.replace("\x0b", "\n"))


def _table_row(action: Action) -> list[object]:
    return [
        action.plan.title,
        _section_name(action),
        action.ref,
        action.text,
        _lead_names(action),
        action.timescale_text,
        action.due_date,
        rating_text(action.plan, _current_rating(action)),
        round_rules.DIRECTION_TEXT.get(direction_of(action) or "", ""),
        getattr(action, "previous_round_name", None) or "",
        getattr(action, "current_reported_on", None),
        _extra_text(action),
    ]


# CSV ----------------------------------------------------------------------------------------


def actions_to_csv(actions: Iterable[Action]) -> str:
    """The table's rows as CSV text (the view sends it as UTF-8 with a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for heading, _width in TABLE_COLUMNS])
    for action in actions:
        writer.writerow([csv_safe(value) for value in _table_row(action)])
    return out.getvalue()


# xlsx ---------------------------------------------------------------------------------------


def _write(ws, row: int, column: int, value: object, *, rating: Rating | None = None, bold=False):
    """One cell. Text is always stored as a string: never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
    else:
        cell.value = value
        if isinstance(value, datetime.date):
            cell.number_format = "d mmm yyyy"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if rating is not None:
        fill, text = RAG_COLOURS[rating]
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
        cell.font = Font(color=text, bold=True)
    elif bold:
        cell.font = Font(bold=True)
    return cell


def _header(ws, row: int, columns: list[tuple[str, int]]) -> None:
    for column, (heading, width) in enumerate(columns, start=1):
        _write(ws, row, column, heading, bold=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Actions"


def _xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def actions_to_xlsx(actions: Iterable[Action], *, title: str) -> bytes:
    """The table's rows as a workbook: one header row, filterable, real dates."""
    workbook = Workbook()
    workbook.properties.title = _clean(title)
    ws = workbook.active
    ws.title = _sheet_title(title)
    _header(ws, 1, TABLE_COLUMNS)
    row = 1
    for row, action in enumerate(actions, start=2):
        for column, value in enumerate(_table_row(action), start=1):
            _write(ws, row, column, value)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(TABLE_COLUMNS))}{row}"
    return _xlsx_bytes(workbook)


# Board pack ---------------------------------------------------------------------------------


def _summary_counts(actions: list[Action]) -> dict[Rating, int]:
    counts = dict.fromkeys(SUMMARY_ORDER, 0)
    for action in actions:
        counts[_current_rating(action)] += 1
    return counts


def _by_section(actions: list[Action]) -> list[tuple[str, list[Action]]]:
    """Actions grouped under their sections in document order; those with none come last."""
    groups: dict[int | None, list[Action]] = {}
    sections = {}
    for action in actions:
        groups.setdefault(action.section_id, []).append(action)
        if action.section_id:
            sections[action.section_id] = action.section
    ordered = sorted(sections.values(), key=lambda section: (section.order, section.pk))
    result = [(str(section), groups[section.pk]) for section in ordered]
    if None in groups:
        result.append(("Actions without a section", groups[None]))
    return result


def _pack_date(on: datetime.date) -> str:
    return f"Board pack, {on.day} {on:%B %Y}"


def _latest_commentary(action: Action) -> str:
    return getattr(action, "current_commentary", None) or ""


def _shade(cell, rating: Rating) -> None:
    """Fill a Word table cell and colour its text; the text itself names the rating."""
    fill, text = RAG_COLOURS[rating]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.bold = True
            run.font.color.rgb = RGBColor.from_string(text)


def _repeat_header_row(row) -> None:
    """A long table repeats its header row on every page."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _docx_table(document, headings: list[str]):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].font.bold = True
    _repeat_header_row(table.rows[0])
    return table


def _add_docx_row(table, values: list[str]):
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = _clean(value)
    return cells


def board_pack_docx(
    plan: Plan, actions: Iterable[Action], *, on: datetime.date | None = None
) -> bytes:
    """A Word board pack: title, date, RAG summary, then each section's actions."""
    on = on or timezone.localdate()
    actions = list(actions)
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = _clean(f"{plan.title}: board pack")

    document.add_heading(_clean(plan.title), level=0)
    document.add_paragraph(_pack_date(on))

    document.add_heading("RAG summary", level=1)
    summary = _docx_table(document, ["Rating", "Meaning", "Actions"])
    counts = _summary_counts(actions)
    for rating, count in counts.items():
        cells = _add_docx_row(summary, [rating.label, plan.legend_for(rating), str(count)])
        _shade(cells[0], rating)
    total = _add_docx_row(summary, ["Total", "", str(len(actions))])
    total[0].paragraphs[0].runs[0].font.bold = True

    headings = ["Ref", "Action", "Leads", "Due", "RAG rating", "Latest commentary"]
    for title, section_actions in _by_section(actions):
        document.add_heading(_clean(title), level=1)
        table = _docx_table(document, headings)
        for action in section_actions:
            rating = _current_rating(action)
            cells = _add_docx_row(
                table,
                [
                    action.ref,
                    action.text,
                    _lead_names(action),
                    _due_text(action.due_date) or action.timescale_text,
                    rating_text(plan, rating),
                    _latest_commentary(action),
                ],
            )
            _shade(cells[4], rating)
    if not actions:
        document.add_paragraph("No actions match.")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BOARD_PACK_COLUMNS = [
    ("Section", 30),
    ("Ref", 8),
    ("Action", 60),
    ("Leads", 25),
    ("Due", 14),
    ("RAG rating", 30),
    ("Latest commentary", 60),
    ("Last updated", 14),
]


def board_pack_xlsx(
    plan: Plan, actions: Iterable[Action], *, on: datetime.date | None = None
) -> bytes:
    """A workbook board pack: a summary sheet and an actions sheet, ratings filled and named."""
    on = on or timezone.localdate()
    actions = list(actions)
    workbook = Workbook()
    workbook.properties.title = _clean(f"{plan.title}: board pack")

    summary = workbook.active
    summary.title = "Summary"
    _write(summary, 1, 1, plan.title, bold=True).font = Font(bold=True, size=14)
    _write(summary, 2, 1, _pack_date(on))
    _header(summary, 4, [("Rating", 16), ("Meaning", 50), ("Actions", 10)])
    summary.freeze_panes = None
    row = 4
    for row, (rating, count) in enumerate(_summary_counts(actions).items(), start=5):
        _write(summary, row, 1, rating.label, rating=rating)
        _write(summary, row, 2, plan.legend_for(rating))
        _write(summary, row, 3, count)
    _write(summary, row + 1, 1, "Total", bold=True)
    _write(summary, row + 1, 3, len(actions), bold=True)

    sheet = workbook.create_sheet("Actions")
    _header(sheet, 1, BOARD_PACK_COLUMNS)
    row = 1
    for _title, section_actions in _by_section(actions):
        for action in section_actions:
            row += 1
            rating = _current_rating(action)
            values = [
                _section_name(action),
                action.ref,
                action.text,
                _lead_names(action),
                action.due_date,
                rating_text(plan, rating),
                _latest_commentary(action),
                getattr(action, "current_reported_on", None),
            ]
            for column, value in enumerate(values, start=1):
                _write(sheet, row, column, value, rating=rating if column == 6 else None)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(BOARD_PACK_COLUMNS))}{row}"
    return _xlsx_bytes(workbook)
