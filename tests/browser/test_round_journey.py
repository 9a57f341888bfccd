"""A reporting round end to end (issue 11): a commissioner sees "3 updates due" on My actions
and completes them, the round page shows 100%, the admin closes and publishes the round, and a
board member downloads the round's Word board pack, which names the round. Every page on the
way is checked (screenshot, axe, console, CSP)."""

from __future__ import annotations

import datetime
import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, _with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUND = "November 2026"


@pytest.fixture
def open_round(admin_user, commissioner_login):
    """A plan of three actions led by the commissioner's organisation, in an open round."""
    from django.utils import timezone

    from plans.models import Organisation
    from plans.rounds.services import round_open
    from tests.factories import ActionFactory, LeadFactory, PlanFactory, SectionFactory

    plan = PlanFactory(title="Crisis care plan", legend_green="On target against milestones")
    lead = LeadFactory(name="JCT team")
    lead.organisations.add(Organisation.objects.get(name="JCT"))
    section = SectionFactory(plan=plan, title="Access", ref="1", order=1)
    texts = ["Open a crisis cafe", "Train staff in de-escalation", "Publish the crisis line"]
    for n, text in enumerate(texts, start=1):
        ActionFactory(plan=plan, section=section, ref=f"1.{n}", order=n, text=text).leads.add(lead)
    today = timezone.localdate()
    return round_open(
        name=ROUND,
        reported_on=today,
        deadline=today + datetime.timedelta(days=7),
        plans=[plan],
        opened_by=_with_password(admin_user),
    )


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Wait for the home page, so leaving it cannot abort its own requests (a failed request).
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_a_round_from_updates_due_to_the_published_board_pack(
    page: Page, live_server, checked, open_round, board_member_login, tmp_path
):
    base = live_server.url
    check = checked("round")
    round_url = f"{base}{open_round.get_absolute_url()}"

    sign_in(page, base, "commissioner")
    page.goto(f"{base}/my-actions/")
    expect(page.get_by_role("heading", name=f"3 updates due for {ROUND}")).to_be_visible()
    check.check("01-updates-due")
    for remaining in (2, 1, 0):
        page.get_by_role("link", name=re.compile(rf"^Update 1\.\d .* for {ROUND}$")).first.click()
        form_heading = page.get_by_role("heading", level=1, name=re.compile(rf"^{ROUND} update"))
        expect(form_heading).to_be_visible()
        if remaining == 2:
            check.check("02-update-form")
        page.get_by_role("radio", name=re.compile("^Green")).check()
        page.get_by_label("Commentary").fill("On track this month.")
        page.get_by_role("button", name="Save update").click()
        expect(page.get_by_text(f"Update saved for {ROUND}.")).to_be_visible()
        if remaining:
            heading = f"{remaining} update{'s' if remaining > 1 else ''} due for {ROUND}"
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("updates? due for"))).to_have_count(0)
    check.check("03-all-done")

    page.goto(round_url)
    expect(page.locator("#round-completeness")).to_contain_text("100%")
    expect(page.get_by_text("Every action has an update for this round.")).to_be_visible()
    check.check("04-round-complete")

    sign_in(page, base, "admin")
    page.goto(round_url)
    page.get_by_role("button", name="Close round").click()
    expect(page.get_by_text(f"Round {ROUND} is closed")).to_be_visible()
    check.check("05-closed")
    page.get_by_role("button", name="Publish round").click()
    expect(page.get_by_text(f"Round {ROUND} is published")).to_be_visible()
    check.check("06-published")

    sign_in(page, base, "board")
    page.goto(round_url)
    expect(page.get_by_role("heading", name="As reported to the board")).to_be_visible()
    check.check("07-board-member")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word").click()
    path = tmp_path / "pack.docx"
    download_info.value.save_as(path)
    assert download_info.value.suggested_filename.endswith(".docx")

    document = Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert ROUND in text
    assert "Crisis care plan" in text
    assert document.core_properties.title  # the accessible document title is set
