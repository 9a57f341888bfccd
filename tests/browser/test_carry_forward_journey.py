"""An admin links next year's plan to last year's (issue 12 carry-forward), confirms the
suggested pairs, and a paired action's page shows last year's ratings; the old plan is
archived. Every page on the way is checked (screenshot, axe, console, CSP)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, _with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_years(admin_user):
    from plans.models import Rating
    from tests.factories import ActionFactory, PlanFactory, RagUpdateFactory

    _with_password(admin_user)
    old = PlanFactory(title="Carers plan 2015/16")
    new = PlanFactory(title="Carers plan 2016/17")
    cafes = ActionFactory(plan=old, ref="3", text="Open two recovery cafes in the north")
    ActionFactory(plan=old, ref="4", text="Write the carers strategy for the borough")
    RagUpdateFactory(
        action=cafes,
        rating=Rating.AMBER,
        commentary="One cafe open; the second waits for a lease.",
        reported_on=datetime.date(2016, 3, 31),
    )
    carried = ActionFactory(
        plan=new, ref="1", text="Open two recovery cafes in the north and south"
    )
    ActionFactory(plan=new, ref="2", text="Train every GP practice in suicide prevention")
    return old, new, carried


def test_admin_links_a_plan_to_the_one_it_replaces(page: Page, live_server, checked, two_years):
    old, new, carried = two_years
    base = live_server.url
    check = checked("carry-forward")
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Let the home page finish loading (its favicon too) before going on.
    expect(page.get_by_role("heading", level=1, name="Action plans")).to_be_visible()
    page.wait_for_load_state("load")

    page.goto(f"{base}{new.get_absolute_url()}")
    page.get_by_role("link", name="Link to the plan this one replaces").click()
    check.check("01-choose")
    page.get_by_label("The plan this one replaces").select_option(label=old.title)
    page.get_by_role("button", name="Pair the actions").click()
    expect(page.get_by_role("heading", name=f"Pair the actions with {old.title}")).to_be_visible()
    expect(page.get_by_label("Earlier action for 1 Open two recovery cafes")).to_have_value(
        str(old.actions.get(ref="3").pk)
    )
    check.check("02-pairs")
    page.get_by_role("button", name="Link the plans and archive the earlier one").click()
    expect(page.get_by_text(f"Replaces {old.title}")).to_be_visible()
    check.check("03-plan")

    page.goto(f"{base}{carried.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Before this plan")).to_be_visible()
    expect(page.get_by_text("One cafe open; the second waits for a lease.")).to_be_visible()
    check.check("04-action")
    old.refresh_from_db()
    assert old.status == "archived"
