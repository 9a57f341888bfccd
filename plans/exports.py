"""Files out: the rows of an action table (xlsx, csv), and the helpers the board packs share
(plans/rounds/board_pack.py, pack_docx.py and pack_xlsx.py write the packs).

Plain functions of model instances; no requests. Actions come from
plans.selectors.action_table_rows(), so plan, section, leads and current_rating /
current_reported_on are preloaded (and, for direction of travel, the previous round's rating
from plans.rounds.selectors.with_previous_round_rating()). Status is never colour alone:
every shaded cell also says the rating.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.utils.text import slugify
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
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


# Word cells shared by the board packs -------------------------------------------------------


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
