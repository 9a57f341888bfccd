"""The ratings workbook a commissioner downloads: one row per action they may rate.

Layout (importers.reading.rating_workbook.COLUMNS): a hidden Id column, what the action is
and its last rating, then three input columns: the new rating (a drop-down of the plan's
ratings, labelled with its legend), the commentary and the reason. The sheet is protected
except for the input columns; every text is written as text, never as a formula.
"""

from __future__ import annotations

import datetime
import io
import re

from django.db.models import F, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from importers.reading.rating_workbook import CELL_MAX, COLUMN_OF, COLUMNS, LISTS_SHEET, SHEET
from plans.exports import is_formula_like
from plans.models import Action, Plan, Rating, ReportingRound
from plans.rounds.forms import rating_choices

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFF9C4", end_color="FFF9C4")
INSTRUCTIONS = [
    "How to fill in this workbook",
    "Fill in only the yellow columns: New rating (choose from the list), Commentary, and "
    "Why, and what next (required for red or amber).",
    "Leave a row blank to leave that action as it is. Do not change the other columns: a "
    "row whose action text was changed is not recorded.",
    "Type words, not formulas: a cell holding a formula is reported, never recorded.",
    "Then upload the workbook on the 'Upload ratings' page: you see every row before anything "
    "is saved.",
]


def clean_text(value: str) -> str:
    """Text as the workbook holds it: no characters XML forbids, cut to Excel's cell size."""
    return _XML_ILLEGAL.sub("", value or "")[:CELL_MAX]


def rating_label(plan: Plan, rating: str | None) -> str:
    """A rating as the drop-down words it ("Green – On target against milestones")."""
    labels = dict(rating_choices(plan))
    return labels.get(rating or "", "")


def _text(cell, value: str) -> None:
    cell.value = clean_text(value)
    cell.data_type = "s"  # text, whatever it starts with
    if is_formula_like(cell.value):
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell


def rows_for(actions: QuerySet[Action]) -> list[Action]:
    """The actions with what the workbook shows (two queries: actions with plans, leads)."""
    return list(
        actions.select_related("plan")
        .prefetch_related("leads")
        .annotate(last_commentary=F("current_update__commentary"))
        .order_by("plan__title", "plan_id", "order", "pk")
    )


def open_rounds_by_plan(plan_ids) -> dict[int, ReportingRound]:
    """The open round of each plan that has one (one query)."""
    through = ReportingRound.plans.through.objects.filter(
        plan_id__in=plan_ids, reportinground__state=ReportingRound.State.OPEN
    ).select_related("reportinground")
    return {row.plan_id: row.reportinground for row in through.order_by("reportinground_id")}


def rating_workbook(actions: list[Action], rounds: dict[int, ReportingRound]) -> bytes:
    """The workbook for these actions (from `rows_for`), as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    _header(sheet)
    plan_rows: dict[int, list[int]] = {}
    plans: dict[int, Plan] = {}
    for number, action in enumerate(actions, start=2):
        _row(sheet, number, action, rounds.get(action.plan_id))
        plan_rows.setdefault(action.plan_id, []).append(number)
        plans[action.plan_id] = action.plan
    for index, (plan_id, numbers) in enumerate(plan_rows.items(), start=1):
        sheet.add_data_validation(_drop_down(lists, index, plans[plan_id], numbers))
    _instructions(workbook.create_sheet("Instructions"))
    sheet.protection.sheet = True
    # Let people resize and widen what they read; everything else stays as written.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.active = 0
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet) -> None:
    for column, (_key, heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        _text(cell, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions["A"].hidden = True  # the id: ours, not theirs to read or change
    sheet.freeze_panes = "B2"


def _row(sheet, number: int, action: Action, round_: ReportingRound | None) -> None:
    plan = action.plan
    values = {
        "id": str(action.pk),
        "plan": plan.title,
        "round": round_.name if round_ else "",
        "ref": action.ref,
        "text": action.text,
        "leads": ", ".join(lead.name for lead in action.leads.all()),
        "last_rating": rating_label(plan, action.current_rating) if action.current_rating else "",
        "last_commentary": getattr(action, "last_commentary", "") or "",
    }
    for key, value in values.items():
        _text(sheet.cell(row=number, column=COLUMN_OF[key] + 1), value)
    due = sheet.cell(row=number, column=COLUMN_OF["due"] + 1)
    if isinstance(action.due_date, datetime.date):
        due.value, due.number_format = action.due_date, "mmm yyyy"
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row=number, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for key in ("rating", "commentary", "why"):
        cell = sheet.cell(row=number, column=COLUMN_OF[key] + 1)
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL


def _drop_down(lists, index: int, plan: Plan, numbers: list[int]) -> DataValidation:
    """The plan's ratings, in its own words, as a list on the hidden sheet and a drop-down."""
    column = get_column_letter(index)
    choices = rating_choices(plan)
    for row, (_value, label) in enumerate(choices, start=1):
        _text(lists.cell(row=row, column=index), label)
    source = f"{quote_sheetname(LISTS_SHEET)}!${column}$1:${column}${len(choices)}"
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a rating",
        error="Choose a rating from the list.",
        promptTitle="New rating",
        prompt="Choose this action's rating now; leave blank to leave it as it is.",
        showInputMessage=True,
    )
    letter = get_column_letter(COLUMN_OF["rating"] + 1)
    for first, last in _runs(numbers):
        validation.add(f"{letter}{first}:{letter}{last}")
    return validation


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) ranges."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 100
    for row, line in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1)
        _text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    sheet.protection.sheet = True


def label_ratings(plan: Plan) -> dict[str, str]:
    """Every way the workbook (or a person) may write one of the plan's ratings -> rating."""
    found = {}
    for value, label in rating_choices(plan):
        for words in (label, value, Rating(value).label, plan.legend_for(value)):
            found.setdefault(rating_key(words), value)
    return found


def rating_key(words: str) -> str:
    """Rating words without case, spacing or the dash between rating and legend."""
    return " ".join(re.sub(r"[\u2013\u2014:-]", " ", words or "").casefold().split())
