"""The rating forms in a browser (issue 14): a commissioner rates an action on its page, whose
heading names it and whose radios show the plan's legend; the commentary's character count
counts down as they type and says when they are over the limit; the server refuses the text
over it; then My actions, at a phone's width too. Every page is checked (screenshot, axe,
console, CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Develop a crisis pathway with the ambulance service and both acute trusts"


@pytest.fixture
def crisis(commissioner_login):
    from plans.models import Organisation
    from tests.factories import ActionFactory, LeadFactory, PlanFactory

    plan = PlanFactory(title="Crisis care plan", legend_green="On target against milestones")
    lead = LeadFactory(name="JCT team")
    lead.organisations.add(Organisation.objects.get(name="JCT"))
    action = ActionFactory(plan=plan, ref="1.2", text=TEXT)
    action.leads.add(lead)
    return action


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")


def expect_refused(check, path: str) -> None:
    """A refused form is answered 400: that response (logged as a failed request and in the
    console) is the page's only error."""
    (failed,) = check.failed_requests
    assert failed.startswith("400 ") and failed.endswith(path), failed
    assert all("status of 400" in error for error in check.console_errors), check.console_errors
    check.failed_requests.clear()
    check.console_errors.clear()


def test_the_character_count_counts_and_the_limit_holds(page: Page, live_server, checked, crisis):
    base = live_server.url
    check = checked("forms")
    sign_in(page, base, "commissioner")

    page.goto(f"{base}/actions/{crisis.pk}/")
    expect(page.get_by_role("heading", level=1, name=f"1.2 {TEXT}")).to_be_visible()
    green = page.get_by_role("radio", name="Green")
    expect(green).to_have_accessible_description("On target against milestones")
    expect(page.get_by_role("radio", name="Not yet rated")).to_have_count(0)
    status = page.locator(".nhsuk-character-count__status")  # drawn by nhsuk-frontend's script
    expect(status).to_have_text("You have 5,000 characters remaining")
    check.check("01-action-page")

    commentary = page.get_by_label("Commentary")
    commentary.fill("Venue found; lease agreed in principle.")
    expect(status).to_have_text("You have 4,961 characters remaining")
    commentary.fill("x" * 5_001)
    expect(status).to_have_text("You have 1 character too many")
    check.check("02-over-the-limit")

    page.get_by_role("radio", name="Amber").check()
    page.get_by_role("button", name="Save rating").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Commentary must be 5,000 characters or fewer")
    expect(page.locator(".nhsuk-character-count__status")).to_have_text(
        "You have 1 character too many"
    )
    expect_refused(check, "/rate/")
    check.check("03-refused")

    commentary = page.get_by_label("Commentary")
    commentary.fill("Venue found; lease agreed in principle.")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/my-actions/")
    expect(page.get_by_label("Rating for 1.2 Develop a crisis pathway")).to_be_visible()
    expect(page.locator(".nhsuk-character-count__status")).to_have_text(
        "You have 5,000 characters remaining"
    )
    check.check("04-my-actions-390")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("You did not enter any ratings")
    expect_refused(check, "/my-actions/")
    check.check("05-my-actions-nothing-entered-390")
