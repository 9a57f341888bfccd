"""The Excel round trip (issue 12 part B): export, fill offline, upload, review, confirm."""

from __future__ import annotations

import datetime
import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from importers.reading.rating_workbook import COLUMN_OF, COLUMNS, HEADINGS, LISTS_SHEET, SHEET
from plans.models import RagUpdate, Rating, RatingReturn
from tests.plans.roundtrip.workbooks import as_upload, download, fill, row_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned_action(commissioner):
    """An action in a plan assigned to the commissioner (so they may rate it, for now)."""
    from tests.factories import ActionFactory, PlanFactory

    plan = PlanFactory(title="Assigned plan", legend_green="On target against milestones")
    plan.assignees.add(commissioner)
    return ActionFactory(plan=plan, ref="7", text="Commission a crisis café")


def _review(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def _confirm(client, rating_return, review_response):
    fingerprint = review_response.context["review"].fingerprint()
    return client.post(
        reverse("plans:rating-return-confirm", args=[rating_return.pk]),
        {"fingerprint": fingerprint},
    )


def test_the_workbook_lists_what_the_commissioner_may_rate_with_only_the_inputs_unlocked(
    client, commissioner, own_action, other_action, assigned_action
):
    client.force_login(commissioner)
    workbook = download(client)
    sheet = workbook[SHEET]
    assert [c.value for c in sheet[1]] == HEADINGS
    ids = {sheet.cell(row=n, column=1).value for n in range(2, sheet.max_row + 1)}
    assert ids == {str(own_action.pk), str(assigned_action.pk)}
    assert sheet.column_dimensions["A"].hidden
    assert sheet.protection.sheet
    number = row_of(workbook, assigned_action)
    for key, _heading, _width in COLUMNS:
        locked = sheet.cell(row=number, column=COLUMN_OF[key] + 1).protection.locked
        assert locked == (key not in ("rating", "commentary", "why")), key
    # The drop-down is the plan's ratings in its own words, from the hidden lists sheet.
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 2  # one list per plan
    lists = {c.value for col in workbook[LISTS_SHEET].iter_cols() for c in col if c.value}
    assert "Green – On target against milestones" in lists
    assert "Blue – complete" in lists


def test_round_trip_records_one_rating_by_its_author_and_reports_the_row_they_may_not_rate(
    client, commissioner, own_action, assigned_action
):
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Amber", commentary="Recruiting.", why="Two posts open.")
    refused_row = fill(workbook, assigned_action, rating="Green – On target against milestones")
    assigned_action.plan.assignees.remove(commissioner)  # no longer theirs to rate

    review = _review(client, upload(client, workbook))
    rating_return = RatingReturn.objects.get()
    assert [r.action for r in review.context["review"].to_record] == [own_action]
    reported = review.context["review"].reported
    assert [(r.row, r.message) for r in reported] == [
        (refused_row, "You may not rate this action.")
    ]
    assert not RagUpdate.objects.exists()  # nothing until confirmed

    response = _confirm(client, rating_return, review)
    assert response.status_code == 302
    update = RagUpdate.objects.get()
    assert (update.action, update.rating, update.author) == (own_action, Rating.AMBER, commissioner)
    assert (update.commentary, update.why_and_next) == ("Recruiting.", "Two posts open.")
    own_action.refresh_from_db()
    assert own_action.current_rating == Rating.AMBER
    page = client.get(response["Location"])
    assert "Recorded 1 rating." in page.content.decode()


def test_a_double_confirm_records_once(client, commissioner, own_action):
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Green", commentary="On track.")
    review = _review(client, upload(client, workbook))
    rating_return = RatingReturn.objects.get()
    _confirm(client, rating_return, review)
    second = _confirm(client, rating_return, review)
    assert RagUpdate.objects.count() == 1
    assert "already recorded" in client.get(second["Location"]).content.decode()


def test_a_formula_is_reported_never_worked_out_or_saved(client, commissioner, own_action):
    client.force_login(commissioner)
    workbook = download(client)
    number = fill(workbook, own_action, rating="Green", commentary='=HYPERLINK("http://x","y")')
    sheet = workbook[SHEET]
    assert sheet.cell(row=number, column=COLUMN_OF["commentary"] + 1).data_type == "f"
    review = _review(client, upload(client, workbook))
    (problem,) = review.context["review"].reported
    assert "formula" in problem.message and "Commentary" in problem.message
    assert not review.context["review"].to_record
    rating_return = RatingReturn.objects.get()
    _confirm(client, rating_return, review)
    assert not RagUpdate.objects.exists()


def test_text_that_looks_like_a_formula_stays_text_both_ways(client, commissioner, own_action):
    client.force_login(commissioner)
    workbook = download(client)
    number = fill(workbook, own_action, rating="Green")
    cell = workbook[SHEET].cell(row=number, column=COLUMN_OF["commentary"] + 1)
    cell.value, cell.data_type = "=1+1 is what the board asked", "s"  # typed as text
    review = _review(client, upload(client, workbook))
    _confirm(client, RatingReturn.objects.get(), review)
    assert RagUpdate.objects.get().commentary == "=1+1 is what the board asked"
    again = download(client)  # the last commentary goes out as text, not a formula
    out = again[SHEET].cell(row=2, column=COLUMN_OF["last_commentary"] + 1)
    assert out.data_type == "s" and out.value == "=1+1 is what the board asked"


def test_rows_break_the_web_forms_rules_are_reported(client, commissioner, own_action):
    from tests.factories import ActionFactory

    second = ActionFactory(plan=own_action.plan, ref="2", text="Second")
    third = ActionFactory(plan=own_action.plan, ref="3", text="Third")
    fourth = ActionFactory(plan=own_action.plan, ref="4", text="Fourth")
    for action in (second, third, fourth):
        action.leads.set(own_action.leads.all())
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Red", commentary="Stalled.")  # no why
    fill(workbook, second, rating="Purple")
    fill(workbook, third, commentary="Words but no rating")
    fill(workbook, fourth, rating="Green", text="Fourth, reworded offline")
    review = _review(client, upload(client, workbook)).context["review"]
    messages = [r.message for r in review.reported]
    assert messages[0] == "Say why the action is red or amber, and what happens next."
    assert messages[1].startswith("“Purple” is not one of this plan's ratings")
    assert messages[2].startswith("Choose a new rating")
    assert messages[3].startswith("The action's ref or text differs")
    assert not review.to_record


def test_an_unknown_id_is_reported(client, commissioner, own_action):
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Green", id="999999")
    review = _review(client, upload(client, workbook)).context["review"]
    assert "Id cell" in review.reported[0].message


def test_in_an_open_round_the_rating_joins_the_round(
    client, commissioner, own_action, admin_user, monkeypatch
):
    from django.utils import timezone

    from plans.rounds.services import round_open

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 10))
    round_ = round_open(
        name="October 2026",
        reported_on=datetime.date(2026, 10, 31),
        deadline=datetime.date(2026, 11, 20),
        plans=[own_action.plan],
        opened_by=admin_user,
    )
    client.force_login(commissioner)
    workbook = download(client)
    assert workbook[SHEET].cell(row=2, column=COLUMN_OF["round"] + 1).value == "October 2026"
    fill(workbook, own_action, rating="Red", why="No provider has capacity.")
    review = _review(client, upload(client, workbook))
    _confirm(client, RatingReturn.objects.get(), review)
    update = RagUpdate.objects.get()
    assert (update.round, update.reported_on) == (round_, datetime.date(2026, 10, 31))
    assert update.why_and_next == "No provider has capacity."


def test_a_closed_round_is_reported(client, commissioner, own_action, admin_user, monkeypatch):
    from django.utils import timezone

    from plans.rounds.services import round_close, round_open

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 10))
    round_ = round_open(
        name="October 2026",
        reported_on=datetime.date(2026, 10, 31),
        deadline=datetime.date(2026, 11, 20),
        plans=[own_action.plan],
        opened_by=admin_user,
    )
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Green")
    round_close(round=round_, closed_by=admin_user)
    review = _review(client, upload(client, workbook)).context["review"]
    assert "has closed" in review.reported[0].message


def _not_a_ratings_workbook() -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.title = "Plan"
    return as_upload(workbook, "plan.xlsx")


def _changed_columns() -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.title = SHEET
    workbook.active.append(["Id", "Action", "RAG"])
    return as_upload(workbook)


def _zip_bomb() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    return SimpleUploadedFile("bomb.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SimpleUploadedFile("ratings.txt", b"Ref,Rating\n1,Green\n"), "not an Excel"),
        (lambda: SimpleUploadedFile("ratings.xlsx", b"PK\x03\x04broken"), "damaged"),
        (_not_a_ratings_workbook, "has no 'Ratings' sheet"),
        (_changed_columns, "columns of the Ratings sheet have been changed"),
        (_zip_bomb, "zip bomb"),
        (
            lambda: SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (6 * 1024 * 1024)),
            "at most",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_writes_nothing(
    client, commissioner, own_action, make, message
):
    client.force_login(commissioner)
    response = upload(client, make())
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not RatingReturn.objects.exists()
    assert not RagUpdate.objects.exists()


def test_an_admin_may_read_a_commissioners_upload_but_not_record_it(
    client, commissioner, admin_user, own_action
):
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Green")
    review = _review(client, upload(client, workbook))
    rating_return = RatingReturn.objects.get()
    client.force_login(admin_user)
    assert client.get(rating_return.get_absolute_url()).status_code == 200
    assert _confirm(client, rating_return, review).status_code == 403
    assert not RagUpdate.objects.exists()


def test_a_board_member_cannot_download_a_ratings_workbook(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("plans:rating-workbook")).status_code == 403


def test_cancel_writes_nothing(client, commissioner, own_action):
    client.force_login(commissioner)
    workbook = download(client)
    fill(workbook, own_action, rating="Green")
    _review(client, upload(client, workbook))
    rating_return = RatingReturn.objects.get()
    client.post(reverse("plans:rating-return-cancel", args=[rating_return.pk]))
    assert not RatingReturn.objects.exists() and not RagUpdate.objects.exists()


def test_the_workbook_reads_back_unchanged_in_read_only_mode(client, commissioner, own_action):
    """What we write, our reader reads: nothing filled, nothing to record or report."""
    client.force_login(commissioner)
    response = client.get(reverse("plans:rating-workbook"))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[0] == SHEET
    review = _review(client, upload(client, SimpleUploadedFile("r.xlsx", response.content)))
    assert not review.context["review"].to_record and not review.context["review"].reported


def _actions_led_by_commissioner(size: int, commissioner):
    from plans.models import Organisation
    from tests.factories import ActionFactory, LeadFactory, PlanFactory

    lead = LeadFactory(name="JCT team")
    lead.organisations.add(Organisation.objects.get(name="JCT"))
    actions = []
    for plan_number in range(2):
        plan = PlanFactory(title=f"Plan {plan_number}")
        for n in range(size // 2):
            action = ActionFactory(plan=plan, ref=str(n + 1))
            action.leads.add(lead)
            actions.append(action)
    return actions


@pytest.mark.parametrize("size", [10, 200])
def test_the_download_takes_the_same_queries_at_any_size(
    client, commissioner, size, django_assert_num_queries
):
    _actions_led_by_commissioner(size, commissioner)
    client.force_login(commissioner)
    # session, user, roles; actions with plans and last commentary, their leads; open rounds
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:rating-workbook"))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)[SHEET]
    assert sum(1 for _ in sheet.iter_rows(min_row=2)) == size


@pytest.mark.parametrize("size", [10, 200])
def test_the_review_takes_the_same_queries_at_any_size(
    client, commissioner, size, django_assert_num_queries
):
    actions = _actions_led_by_commissioner(size, commissioner)
    client.force_login(commissioner)
    workbook = download(client)
    for action in actions:
        fill(workbook, action, rating="Green", commentary="On track.")
    upload(client, workbook)
    rating_return = RatingReturn.objects.get()
    # session, user, the upload with its uploader, roles; the review: actions with plans,
    # the ones they may rate, open rounds
    with django_assert_num_queries(7):
        response = client.get(rating_return.get_absolute_url())
    assert len(response.context["review"].to_record) == size
