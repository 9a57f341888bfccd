"""An admin imports a plan whose lead column the importer does not recognise (issue 8).

Upload, watch the reading finish, map the column, read again, confirm, and find the leads on
the action page. Every page on the way is checked (screenshot, axe, console, CSP).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from plans.naming import action_name
from tests.browser.conftest import ARTIFACTS, PASSWORD, _with_password
from tests.importers.tables import plan_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["Ref", "Action", "Kuratorium", "Timescale", "RAG"],
    ["1", "Write the carers strategy for the borough", "Jane Smith", "June 2011", "Green"],
    ["2", "Review the crisis pathway with partners", "Public Health", "March 2012", "Red"],
    ["3", "Open two recovery cafes in the north", "Mind", "October 2012", "Amber"],
]


@pytest.fixture
def admin_login(admin_user):
    return _with_password(admin_user)


def test_admin_maps_an_unrecognised_lead_column_and_sees_the_leads(
    page: Page, live_server, checked, admin_login, settings, tmp_path
):
    from importers.models import PendingImport
    from importers.services import pending_import_read
    from plans.models import Action

    # The worker is not running yet: the upload waits in the queue, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    base = live_server.url
    check = checked("import")
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Wait for the home page, so leaving it cannot abort its own requests (a failed request).
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the favicon too

    page.goto(f"{base}/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    check.check("01-upload")
    path = tmp_path / "partnership-plan.csv"
    path.write_bytes(plan_file("csv", ROWS, title="Partnership action plan"))
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_role("button", name="Read the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reading the plan")
    expect(page.get_by_role("status")).to_contain_text("Waiting to be read")
    check.check("02-reading")

    # The worker reads it; the page notices by itself and shows how the file was read.
    pending_import_read(pending_id=PendingImport.objects.get().pk)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the plan before importing", timeout=10_000
    )
    details = page.locator("details", has_text="How the file was read")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(page.get_by_role("cell", name="Kuratorium", exact=True)).to_be_visible()
    check.check("03-preview")

    role = page.get_by_label("Role of 'Kuratorium'")
    role.select_option(label="Leads (people or organisations)")
    page.get_by_role("button", name="Read again with these choices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading the plan")
    pending_import_read(pending_id=PendingImport.objects.get().pk)  # the worker again
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the plan before importing", timeout=10_000
    )
    expect(page.get_by_role("cell", name="Jane Smith").first).to_be_visible()
    check.check("04-mapped")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "import-04-mapped-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Import this plan").click()
    expect(page.get_by_text("Imported '")).to_be_visible()
    check.check("05-imported")

    action = Action.objects.get(ref="2")
    page.goto(f"{base}{action.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(action_name(action))
    leads = page.locator(".nhsuk-summary-list__row", has_text="Lead")
    expect(leads.first).to_contain_text("Public Health")
    check.check("06-action")
