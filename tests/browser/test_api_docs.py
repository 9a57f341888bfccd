"""The API documentation draws in a real browser under the app's CSP (no CDN, no inline script).

Swagger UI is a third-party page: its colours are darkened in static/css/api-docs.css, but
each operation's summary button holds a copy button (axe's nested-interactive), which only
Swagger UI can change. So this page is checked for CSP, console errors, failed requests and
colour contrast, not for every axe rule.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, PASSWORD, _with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_opens_the_api_docs_and_swagger_ui_draws_the_operations(
    page: Page, live_server, checked, board_member
):
    _with_password(board_member)
    base = live_server.url
    check = checked("api-docs")
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")

    page.goto(f"{base}/api/docs/")
    # Swagger UI fetches the schema and draws one block per operation.
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() > 10
    page.screenshot(path=str(ARTIFACTS / "api-docs-01-docs.png"), full_page=False)
    results = page.evaluate(
        'async () => await axe.run(document, {runOnly: ["color-contrast"], resultTypes: ["violations"]})'
    )
    assert results["violations"] == [], results["violations"]
    dom_csp = page.evaluate("window.__cspViolations || []")
    assert not (check.csp_messages or dom_csp), check.csp_messages + dom_csp
    assert not check.console_errors, check.console_errors
    assert not check.failed_requests, check.failed_requests
