"""Direction of travel in the plan table, all actions and their CSV and xlsx downloads: symbol
and words against the last published round, never colour alone."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Rating
from tests.pages import page_text
from tests.plans.rounds.test_selectors import rate, run_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_since_august(plan, actions, admin_user, monkeypatch):
    """August 2026 published (1.1 green, 1.2 amber, 2.1 not rated); in the open September round
    1.1 goes amber (worse), 1.2 green (better) and 2.1 red (new)."""
    from django.utils import timezone

    from plans.rounds.services import round_open

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 20))
    first, second, third = actions
    run_round(
        plan,
        "August 2026",
        datetime.date(2026, 8, 31),
        [(first, Rating.GREEN), (second, Rating.AMBER)],
        admin_user,
    )
    september = round_open(
        name="September 2026",
        reported_on=datetime.date(2026, 9, 30),
        deadline=datetime.date(2026, 10, 7),
        plans=[plan],
        opened_by=admin_user,
    )
    rate(september, first, Rating.AMBER)
    rate(september, second, Rating.GREEN)
    rate(september, third, Rating.RED)
    return plan


def direction_cells(response) -> dict[str, str]:
    """Each table row's ref and its "Since last round" cell, as text."""
    found = {}
    for row in re.findall(r"<tr\b.*?</tr>", response.content.decode(), flags=re.S):
        cells = re.findall(r'<td role="cell".*?</td>', row, flags=re.S)
        texts = [page_text(cell) for cell in cells]
        if any(t.startswith("Ref ") for t in texts):  # an action row, not a count table's
            ref = next(t for t in texts if t.startswith("Ref ")).removeprefix("Ref ")
            since = next(t for t in texts if t.startswith("Since last round "))
            found[ref] = since.removeprefix("Since last round ")
    return found


def test_the_plan_table_shows_direction_as_symbol_and_words(
    client, board_member, rated_since_august
):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-detail", args=[rated_since_august.pk]))
    assert direction_cells(response) == {
        "1.1": "↓ Worse than in August 2026",
        "1.2": "↑ Better than in August 2026",
        "2.1": "★ New since August 2026",
    }


def test_all_actions_shows_direction_and_a_dash_before_any_published_round(
    client, board_member, rated_since_august
):
    from tests.factories import ActionFactory

    ActionFactory(ref="9.9")  # another plan, in no published round
    client.force_login(board_member)
    cells = direction_cells(client.get(reverse("plans:action-list")))
    assert cells["1.2"] == "↑ Better than in August 2026"
    assert cells["9.9"] == "–"


def test_csv_and_xlsx_downloads_carry_direction_and_the_round_compared_with(
    client, board_member, rated_since_august
):
    client.force_login(board_member)
    url = reverse("plans:plan-export", args=[rated_since_august.pk, "csv"])
    header, *rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    direction, compared = header.index("Direction of travel"), header.index("Compared with round")
    assert {row[2]: (row[direction], row[compared]) for row in rows} == {
        "1.1": ("↓ worse", "August 2026"),
        "1.2": ("↑ better", "August 2026"),
        "2.1": ("new", "August 2026"),
    }

    url = reverse("plans:plan-export", args=[rated_since_august.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][direction] == "Direction of travel"
    assert [row[direction] for row in values[1:]] == ["↓ worse", "↑ better", "new"]


def test_the_plan_pages_board_pack_is_the_round_pack_of_the_filtered_actions(
    client, board_member, rated_since_august
):
    from docx import Document

    client.force_login(board_member)
    url = reverse("plans:plan-board-pack", args=[rated_since_august.pk, "docx"])
    document = Document(io.BytesIO(client.get(url, {"rating": "amber"}).content))
    summary = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert summary[0] == ["Rating", "Actions", "In August 2026", "Change"]
    assert summary[-1][:2] == ["Total", "1"]  # only the amber action
    exceptions = document.tables[2]
    assert [cell.text for cell in exceptions.rows[1].cells][:1] == ["1.1"]
    assert exceptions.rows[1].cells[5].text == "↓ Worse"
    assert len(exceptions.rows) == 2


def test_the_dashboards_short_lists_say_the_direction_of_travel(
    client, admin_user, rated_since_august, monkeypatch
):
    from django.utils import timezone

    # A year on, nothing has been reported since: every action is in the "stale" list.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2027, 9, 20))
    client.force_login(admin_user)
    response = client.get(reverse("plans:plan-dashboard", args=[rated_since_august.pk]))
    cells = {ref: text.lower() for ref, text in direction_cells(response).items()}
    assert cells["1.1"].startswith("↓ worse")
    assert cells["1.2"].startswith("↑ better")
