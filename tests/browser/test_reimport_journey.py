"""An admin re-imports a revised plan (issue 12): the preview offers "update that plan", the
diff shows the new ratings and a changed due date, and after confirming the action page shows
the new rating. Every page on the way is checked (screenshot, axe, console, CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, _with_password
from tests.importers.tables import plan_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["Ref", "Action", "Lead", "Timescale", "Progress", "RAG"]
FIRST = [
    HEADER,
    ["1", "Write the carers strategy for the borough", "JCT", "June 2011", "Drafted", "Green"],
    ["2", "Review the crisis pathway with partners", "SSSFT", "March 2012", "Not started", "Red"],
    ["3", "Open two recovery cafes in the north", "Mind", "October 2012", "Planned", "Amber"],
]
REVISED = [
    HEADER,
    ["1", "Write the carers strategy for the borough", "JCT", "June 2011", "Published", "Blue"],
    ["2", "Review the crisis pathway with partners", "SSSFT", "June 2012", "Under way", "Amber"],
]


@pytest.fixture
def admin_login(admin_user):
    return _with_password(admin_user)


def test_admin_reimports_a_plan_reads_the_diff_and_sees_the_new_ratings(
    page: Page, live_server, checked, admin_login, tmp_path
):
    from plans.models import Action

    base = live_server.url
    check = checked("reimport")
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Wait for the home page, so leaving it cannot abort its own requests (a failed request).
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the favicon too

    def upload(name: str, rows):
        page.goto(f"{base}/import/")
        path = tmp_path / name
        path.write_bytes(plan_file("csv", rows, title="Partnership action plan"))
        page.get_by_label("Plan file").set_input_files(str(path))
        page.get_by_role("button", name="Read the plan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Check the plan before importing", timeout=15_000
        )

    upload("plan-september.csv", FIRST)
    page.get_by_role("button", name="Import this plan").click()
    expect(page.get_by_text("Imported '")).to_be_visible()

    upload("plan-october.csv", REVISED)
    expect(page.get_by_text("This looks like a plan already held")).to_be_visible()
    check.check("01-update-or-different")
    page.get_by_label("Yes: update 'Partnership action plan'").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Changes to Partnership action plan")).to_be_visible()
    expect(page.locator("#diff-summary")).to_contain_text("New ratings")
    ratings = page.locator("table", has_text="New rating")
    expect(ratings).to_contain_text("Published")
    expect(page.get_by_text("30 June 2012")).to_be_visible()  # the due date moved
    expect(page.get_by_role("heading", name="Actions not in this file")).to_be_visible()
    check.check("02-diff")

    page.get_by_role("button", name="Apply these changes to the plan").click()
    expect(page.get_by_text("Updated 'Partnership action plan'")).to_be_visible()
    expect(page.get_by_text("not in the latest version of this plan")).to_be_visible()
    check.check("03-plan")

    action = Action.objects.get(ref="1")
    page.goto(f"{base}{action.get_absolute_url()}")
    expect(page.get_by_text("Current rating: Blue")).to_be_visible()
    expect(page.get_by_text("Published").first).to_be_visible()
    check.check("04-action")
