"""The two main journeys of the issue, end to end in a real browser (see conftest.py).

Each page on the way is screenshotted to test-artifacts/<journey>-<step>.png and checked with
axe-core, for console errors and for Content-Security-Policy violations.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from plans.naming import action_name
from tests.browser.conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, check, base_url: str, username: str):
    page.goto(f"{base_url}/login/")
    check.check("01-login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    check.check("02-home")


def action_links(page: Page) -> list[str]:
    """The action pages the visible action table links to, in table order."""
    links = page.locator(".app-action-table tbody tr td:has(a[href*='/actions/']) a")
    return [href for href in links.evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")]


def table_counts(page: Page, caption: str, row_label: str) -> dict[str, int]:
    """One row of a dashboard count table, as {column heading: number}."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    headings = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr", has=page.get_by_role("rowheader", name=row_label, exact=True))
    values = row.locator("td").all_inner_texts()
    assert values, f"no row {row_label!r} in table {caption!r}"
    return {h.strip(): int(v) for h, v in zip(headings[1:], values, strict=True)}


def by_rating(counts: dict[str, int], rating: str) -> int:
    """The count in the column whose heading starts with the rating's name ("Red: …")."""
    (value,) = [n for heading, n in counts.items() if heading.split(":")[0] == rating]
    return value


def overall_counts(page: Page) -> dict[str, int]:
    """The "Current ratings" key under the bar: "Red: 7 (16%)" → {"Red": 7}."""
    items = page.locator(".app-rag-key__item").all_inner_texts()
    found = {}
    for item in items:
        match = re.match(r"\s*(.+?):\s+(\d+)", item)  # the count may be a link on its own line
        found[match[1]] = int(match[2])
    return found


def test_commissioner_moves_a_red_action_to_amber(
    page: Page, live_server, checked, seeded, commissioner_login
):
    from plans.models import Action, Rating

    base = live_server.url
    check = checked("commissioner")
    red_before = Action.objects.rated(Rating.RED).count()
    amber_before = Action.objects.rated(Rating.AMBER).count()

    sign_in(page, check, base, "commissioner")

    # The plan's table, filtered to JCT's red actions in the panel above it (closed at first).
    page.get_by_role("link", name=seeded["telford"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded["telford"].title)
    check.check("03-plan")
    page.locator("summary", has_text="Filter actions").click()
    panel = page.locator("form.app-filter")
    panel.get_by_label("RAG rating").select_option(label="Red")
    panel.get_by_label("Lead organisation").select_option(label="JCT")
    panel.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"rating=red"))
    expect(page.get_by_role("status")).to_have_text("3 actions")
    check.check("04-plan-filtered")
    expected = [action.get_absolute_url() for action in seeded["jct_red"]]
    assert action_links(page) == expected

    # One of them: rate it amber with a commentary.
    action = seeded["jct_red"][0]
    page.locator(f".app-action-table a[href='{action.get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action_name(action))
    expect(page.locator("p", has_text="Current rating:")).to_contain_text("Red")
    check.check("05-action")
    commentary = "Provider found; first sessions start next month."
    page.get_by_label("Amber", exact=True).check()
    page.get_by_label("Commentary").fill(commentary)
    page.get_by_role("button", name="Save rating").click()

    expect(page.get_by_text("Rating saved.")).to_be_visible()
    expect(page.locator("p", has_text="Current rating:")).to_contain_text("Amber")
    timeline = page.locator("ol.app-timeline > li")
    expect(timeline).to_have_count(3)
    expect(timeline.first).to_contain_text("Amber")
    expect(timeline.first).to_contain_text(commentary)
    expect(timeline.first).to_contain_text("by commissioner")
    expect(timeline.nth(1)).to_contain_text("Red")
    check.check("06-action-rated")

    # The dashboard counts it: one red fewer, one amber more.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: all plans")
    check.check("07-dashboard")
    overall = overall_counts(page)
    assert (overall["Red"], overall["Amber"]) == (red_before - 1, amber_before + 1)
    jct = table_counts(page, "Current ratings by lead organisation", "JCT")
    assert (by_rating(jct, "Red"), by_rating(jct, "Amber")) == (2, 2), jct
    telford = table_counts(page, "Current ratings by plan", seeded["telford"].title)
    assert (by_rating(telford, "Red"), by_rating(telford, "Amber")) == (4, 2), telford


def test_board_member_exports_the_red_actions(
    page: Page, live_server, checked, seeded, board_member_login
):
    base = live_server.url
    check = checked("board")
    red = seeded["all_red"]

    sign_in(page, check, base, "board")

    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: all plans")
    check.check("03-dashboard")
    assert overall_counts(page)["Red"] == len(red)

    menu.get_by_role("link", name="All actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All actions")
    check.check("04-actions")
    page.locator("summary", has_text="Filter actions").click()
    panel = page.locator("form.app-filter")
    panel.get_by_label("RAG rating").select_option(label="Red")
    panel.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"rating=red"))
    expect(page.get_by_role("status")).to_have_text(f"{len(red)} actions")
    check.check("05-actions-red")
    in_order = sorted(red, key=lambda action: (action.plan.title, action.order))
    assert action_links(page) == [action.get_absolute_url() for action in in_order]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these actions (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert not download.failure()

    saved = ARTIFACTS / "board-06-red-actions.xlsx"
    download.save_as(saved)
    sheet = load_workbook(saved, read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[:4] == ("Plan", "Section", "Ref", "Action")
    rating_column = header.index("RAG rating")
    assert [(row[0], row[2] or "", row[3]) for row in rows] == [
        (action.plan.title, action.ref, action.text) for action in in_order
    ]
    assert all(row[rating_column].startswith("Red") for row in rows)
    # Still the same page, and nothing went wrong while downloading.
    assert not (check.console_errors or check.csp_messages or check.failed_requests)
