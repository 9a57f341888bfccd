"""A commissioner rates offline (issue 12 part B): downloads the ratings workbook from My
actions, fills it in (here with openpyxl, as Excel would), uploads it, checks the rows,
records them and sees the new rating on the action page. Every page on the way is checked
(screenshot, axe, console, CSP)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from importers.reading.rating_workbook import COLUMN_OF, SHEET
from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_actions(commissioner_login, own_action):
    """The commissioner's action, and one in a plan assigned to them until they upload."""
    from tests.factories import ActionFactory, PlanFactory

    own_action.text = "Write the carers strategy for the borough"
    own_action.save()
    assigned = PlanFactory(title="Crisis care plan", legend_amber="Some slippage")
    assigned.assignees.add(commissioner_login)
    other = ActionFactory(plan=assigned, ref="4", text="Open two recovery cafes in the north")
    return own_action, other


def test_commissioner_rates_offline_with_the_ratings_workbook(
    page: Page, live_server, checked, two_actions, commissioner_login, tmp_path
):
    from plans.models import RagUpdate

    own, other = two_actions
    base = live_server.url
    check = checked("roundtrip")
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("commissioner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Let the home page finish loading (its favicon too) before going on.
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("load")

    page.goto(f"{base}/my-actions/")
    check.check("01-my-actions")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download these actions to rate (.xlsx)").click()
    path = tmp_path / "ratings.xlsx"
    download_info.value.save_as(path)

    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    rows = {sheet.cell(row=n, column=1).value: n for n in range(2, sheet.max_row + 1)}
    for action, rating, why in ((own, "Amber", "Recruiting two posts."), (other, "Green", "")):
        number = rows[str(action.pk)]
        sheet.cell(row=number, column=COLUMN_OF["rating"] + 1).value = rating
        sheet.cell(row=number, column=COLUMN_OF["commentary"] + 1).value = "Filled in offline."
        sheet.cell(row=number, column=COLUMN_OF["why"] + 1).value = why or None
    workbook.save(path)
    other.plan.assignees.remove(commissioner_login)  # no longer theirs to rate

    page.get_by_role("link", name="upload the ratings").first.click()
    expect(page.get_by_role("heading", level=1, name="Upload ratings")).to_be_visible()
    check.check("02-upload")
    page.get_by_label("Ratings workbook").set_input_files(str(path))
    page.get_by_role("button", name="Check the ratings").click()

    expect(page.get_by_role("heading", level=1, name="Check the ratings")).to_be_visible()
    expect(page.get_by_role("heading", name="Ratings to be recorded (1)")).to_be_visible()
    expect(page.locator("#not-recorded")).to_have_text("Rows not recorded (1)")
    expect(page.get_by_text("You may not rate this action.")).to_be_visible()
    check.check("03-review")

    page.get_by_role("button", name="Record 1 rating").click()
    expect(page.get_by_text("Recorded 1 rating.")).to_be_visible()
    check.check("04-recorded")
    assert RagUpdate.objects.count() == 1

    page.goto(f"{base}{own.get_absolute_url()}")
    expect(page.get_by_text("Current rating: Amber")).to_be_visible()
    expect(page.get_by_text("by commissioner")).to_be_visible()
    check.check("05-action")
