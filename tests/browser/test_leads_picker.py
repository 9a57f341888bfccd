"""The leads picker (static/js/picker.js, issue 14): an admin changes an action's leads with the
keyboard alone, by typing and pressing Enter, removing one with Tab and Enter, and saving. The
edit page is checked (screenshot, axe, console, CSP) at 1280 and 390 px wide."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, _with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# As many leads as the plan, with names that share their first letters.
OTHER_LEADS = [
    "Public Health",
    "Public Health England",
    "R Vickers",
    "R Vincent",
    "A Williamson",
    *(f"Provider {n:02}" for n in range(1, 74)),
]


@pytest.fixture
def action_with_a_lead(admin_user):
    """An action led by "JCT team", and 78 other leads to choose from."""
    from tests.factories import ActionFactory, LeadFactory

    _with_password(admin_user)
    for name in OTHER_LEADS:
        LeadFactory(name=name)
    action = ActionFactory(ref="2.1", text="Open a crisis cafe in Telford")
    action.leads.add(LeadFactory(name="JCT team"))
    return action


def sign_in_as_admin(page: Page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    # Wait for the home page, so leaving it cannot abort its own requests (a failed request).
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("networkidle")


def check_clean(check, step: str) -> None:
    """PageCheck fails on serious and critical axe findings; this page has none at all."""
    violations = check.check(step)["violations"]
    assert not violations, [f"{v['impact']}: {v['id']}" for v in violations]


def chosen(page: Page) -> list[str]:
    return [name.strip() for name in page.locator(".app-picker__name").all_inner_texts()]


def test_an_admin_changes_an_actions_leads_with_the_keyboard_alone(
    page: Page, live_server, checked, action_with_a_lead
):
    from plans.models import Action

    action = action_with_a_lead
    check = checked("leads-picker")
    sign_in_as_admin(page, live_server.url)
    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")

    # The select is enhanced: its label now names the type-ahead input; the select is hidden
    # but still in the form, with the action's lead chosen.
    leads = page.get_by_role("combobox", name="Leads")
    expect(leads).to_be_visible()
    expect(page.locator("select[name='leads']")).to_be_hidden()
    assert chosen(page) == ["JCT team"]
    check_clean(check, "01-edit-1280")

    # Type part of a name: matches are listed, the best one highlighted; Enter adds it.
    leads.focus()
    page.keyboard.type("vick")
    expect(page.get_by_role("option", name="R Vickers")).to_be_visible()
    expect(page.get_by_role("option")).to_have_count(1)
    # Described by the instructions above it (kept when the widget drops its own).
    expect(leads).to_have_accessible_description(re.compile("^Start typing a name"))
    check_clean(check, "02-typing-1280")
    page.keyboard.press("Enter")
    expect(page.locator(".app-picker__name")).to_have_count(2)
    expect(leads).to_have_value("")
    expect(leads).to_be_focused()
    expect(page.locator(".app-picker__status")).to_have_text("Added R Vickers. Leads chosen: 2.")

    # The arrow keys move through the matches: "public" lists both Public Health leads.
    page.keyboard.type("public")
    expect(page.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Public Health England")).to_have_attribute(
        "aria-selected", "true"
    )
    page.keyboard.press("Enter")
    expect(page.locator(".app-picker__name")).to_have_count(3)
    assert chosen(page) == ["JCT team", "Public Health England", "R Vickers"]
    # A lead already chosen is not offered again.
    page.keyboard.type("vick")
    expect(page.get_by_role("option", name="R Vickers")).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    check_clean(check, "03-chosen-1280")

    # Tab reaches each Remove button in turn; Enter removes, and focus moves to the next one.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Remove JCT team")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Remove Public Health England")).to_be_focused()
    page.keyboard.press("Enter")
    assert chosen(page) == ["JCT team", "R Vickers"]
    expect(page.get_by_role("button", name="Remove R Vickers")).to_be_focused()
    expect(page.locator(".app-picker__status")).to_have_text(
        "Removed Public Health England. Leads chosen: 2."
    )
    # The hidden select says the same, so the form posts exactly these.
    selected = page.locator("select[name='leads'] option:checked").all_inner_texts()
    assert [name.strip() for name in selected] == ["JCT team", "R Vickers"]

    # The next stop is the Save button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save action")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Action saved.")).to_be_visible()
    lead_row = page.locator(".nhsuk-summary-list__row", has=page.get_by_text("Lead", exact=True))
    expect(lead_row.locator("dd")).to_have_text("JCT teamR Vickers")
    check_clean(check, "04-saved-1280")
    names = Action.objects.get(pk=action.pk).leads.values_list("name", flat=True)
    assert sorted(names) == ["JCT team", "R Vickers"]

    # A phone-sized screen: the same picker, with its list open.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
    assert chosen(page) == ["JCT team", "R Vickers"]
    check_clean(check, "05-edit-390")
    leads.focus()
    page.keyboard.type("pro")
    expect(page.get_by_role("option").first).to_be_visible()
    check_clean(check, "06-typing-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide at 390px"


def test_without_javascript_the_leads_select_is_tall_enough_to_use(
    browser, live_server, action_with_a_lead
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in_as_admin(page, live_server.url)
        page.goto(f"{live_server.url}/actions/{action_with_a_lead.pk}/edit/")
        select = page.get_by_label("Leads")
        expect(select).to_be_visible()
        assert select.bounding_box()["height"] >= 200  # about ten options, not one and a half
    finally:
        context.close()
