"""Every page of the app at 1280 px and at 390 px: nothing widens the page (issue 14).

The data set is written to break layouts: an action whose text is 200 characters, a rating
commentary that is one 3,000-character word, a long URL, a long lead name and a long section
title. Each page that renders HTML (every GET in tests/test_access_matrix.py ACCESS that is
not a download or JSON, as a role that may see it, plus the Django admin and the public
dashboard) is opened at both widths and must not scroll sideways
(document.documentElement.scrollWidth <= window.innerWidth), must have no axe violation of
any impact (Swagger UI and Django's admin: see THIRD_PARTY_AXE), and passes PageCheck (CSP,
console, failed requests). Every <details> is opened first, so what it hides is measured too.
Screenshots are kept in test-artifacts/layout-<desktop|mobile>-<page>.png.

To stay quick, one test per width builds the data once, signs each role in once (a session
cookie, no login form) and visits every page in that role's tab; a page that fails does not
stop the others, and the failures are listed together.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tests.browser.conftest import ARTIFACTS, SEEDS, PageCheck, _format_violations
from tests.test_access_matrix import ACCESS, url_for

pytestmark = [pytest.mark.browser]

WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 66  # 2,970 characters
LONG_WORD += "x" * (3000 - len(LONG_WORD))
LONG_URL = "https://www.example.nhs.uk/" + "/".join(["mental-health-crisis-care-concordat"] * 6)
ACTION_TEXT = (
    "Develop and agree a joint crisis care pathway for children and young people across "
    "Telford and Wrekin, with named leads in every provider, published referral criteria "
    "and a quarterly audit of results."
)
assert len(ACTION_TEXT) == 200
LONG_LEAD = (
    "Halton Borough Council/Halton and St Helens PCT/Bridgewater Community Healthcare "
    "NHS Foundation Trust joint commissioning team"
)
LONG_SECTION = (
    "Objective 4: more people will have a positive experience of care and support, "
    "including children, young people and their families and carers"
)

# GET pages in ACCESS that are not HTML: downloads, JSON and the health check.
NOT_HTML = {
    "plans:plan-export",
    "plans:action-list-export",
    "plans:plan-board-pack",
    "plans:round-board-pack",
    "plans:rating-workbook",
    "plans:plan-rating-workbook",
    "importers:status",
    "healthz",
} | {name for name in ACCESS if name.startswith("api:") and name != "api:docs"}

# Who opens each page: the role that sees most on it (a commissioner sees the rating forms),
# else an admin, else someone signed out.
ROLE_PREFERENCE = ["commissioner", "admin", "anonymous"]


def html_pages() -> list[str]:
    return sorted(name for name, rules in ACCESS.items() if "GET" in rules and name not in NOT_HTML)


def role_for(name: str) -> str:
    allowed = ACCESS[name]["GET"]
    return next(role for role in ROLE_PREFERENCE if role in allowed)


# Pages the access matrix leaves out: the Django admin and the public dashboards.
EXTRA_PAGES = {
    "admin-index": "admin",
    "admin-action-changelist": "admin",
    "admin-action-change": "admin",
    "admin-ragupdate-change": "admin",
    "public-dashboard": "anonymous",
    "public-plan-dashboard": "anonymous",
}
PAGES = [(name, role_for(name)) for name in html_pages()] + list(EXTRA_PAGES.items())


def test_the_page_list_covers_every_html_page():
    assert set(ACCESS) >= NOT_HTML, "a name in NOT_HTML is no longer a URL"
    assert len(html_pages()) >= 20
    for name in ("plans:home", "plans:action-detail", "plans:my-actions", "api:docs", "login"):
        assert name in html_pages()


# Data ------------------------------------------------------------------------------------------


def _build_world(admin, commissioner) -> dict:
    """The seed Telford plan, plus the long texts, an open round and one of everything."""
    from django.utils import timezone

    from importers.models import PendingImport
    from importers.services import pending_import_read, plan_import
    from plans.api.token_services import api_token_create
    from plans.models import Lead, Organisation, Rating, Section
    from plans.national import national_objectives
    from plans.rounds.services import round_close, round_open, round_publish
    from plans.services import rag_update_create
    from tests.factories import ActionFactory, MilestoneFactory, PlanFactory

    jct = Organisation.objects.get(name="JCT")  # the commissioner's organisation

    seed = (SEEDS / "000_2c7d5c915c81b674.txt").read_bytes()
    plan = plan_import(data=seed, filename="telford.txt", imported_by=admin).plan
    plan.owner = jct
    plan.period_start, plan.period_end = datetime.date(2014, 4, 1), datetime.date(2016, 3, 31)
    plan.save()
    jct_lead = Lead.objects.filter(name="JCT", actions__plan=plan).distinct().get()
    jct_lead.organisations.add(jct)

    long_lead = Lead.objects.create(name=LONG_LEAD, key="haltonlong")
    long_lead.organisations.add(jct)
    section = Section.objects.create(plan=plan, title=LONG_SECTION, order=0)
    action = ActionFactory(
        plan=plan,
        section=section,
        ref="4.12",
        order=0,
        text=ACTION_TEXT,
        context=f"See {LONG_URL} for the concordat.",
        outcomes=f"Pathway published\n{LONG_WORD[:400]}",
        timescale_text="By the end of March 2027, reviewed quarterly with every provider",
        due_date=datetime.date(2027, 3, 31),
    )
    action.leads.add(long_lead, jct_lead)
    action.objectives.add(*national_objectives()[:2])
    milestone = MilestoneFactory(action=action, title=f"Pathway agreed: {LONG_URL}")

    today = timezone.localdate()
    earlier = rag_update_create(
        action=action,
        rating=Rating.GREEN,
        commentary="Started on time.",
        author=admin,
        reported_on=today - datetime.timedelta(days=60),
        source="web",
    )
    reporting_round = round_open(
        name="November 2026",
        reported_on=today,
        deadline=today + datetime.timedelta(days=7),
        plans=[plan],
        opened_by=admin,
    )
    rag_update_create(
        action=action, rating=Rating.AMBER, commentary=LONG_WORD, author=commissioner, source="web"
    )

    # Another plan, published, with a long title: the public dashboards show it.
    other_plan = PlanFactory(title=f"{LONG_SECTION} ({LONG_WORD[:60]})", owner=jct)
    for n in range(3):
        other = ActionFactory(plan=other_plan, ref=str(n + 1), order=n, text=ACTION_TEXT)
        other.leads.add(long_lead)
        rag_update_create(
            action=other, rating=Rating.RED, commentary=LONG_WORD, author=admin, source="web"
        )
    published = round_open(
        name="October 2026",
        reported_on=today,
        deadline=today + datetime.timedelta(days=7),
        plans=[other_plan],
        opened_by=admin,
    )
    round_close(round=published, closed_by=admin)
    round_publish(round=published, published_by=admin)

    upload = (
        "Ref\tAction\tLead\tTimescale\tRAG\tProgress\n"
        f"1\t{ACTION_TEXT}\t{LONG_LEAD}\tJune 2011\tGreen\t{LONG_WORD}\n"
        f"2\tSee {LONG_URL}\tJCT\tMarch 2012\tRed\tStalled\n"
    ).encode()
    pending = PendingImport.objects.create(
        filename="a-long-plan.txt", checksum="0" * 64, content=upload, uploaded_by=admin
    )
    pending_import_read(pending_id=pending.pk)

    api_token_create(
        user=commissioner,
        name="Power BI feed for the partnership board's quarterly performance report",
        access="read",
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30),
    )
    return {
        "plan": plan,
        "action": action,
        "update": earlier,
        "milestone": milestone,
        "pending": pending,
        "round": reporting_round,
        "other_plan": other_plan,
    }


def _urls(world) -> dict[str, str]:
    urls = {name: url_for(name, world) for name in html_pages()}
    action, plan = world["action"], world["plan"]
    latest = action.current_update_id
    urls |= {
        "admin-index": reverse("admin:index"),
        "admin-action-changelist": reverse("admin:plans_action_changelist"),
        "admin-action-change": reverse("admin:plans_action_change", args=[action.pk]),
        "admin-ragupdate-change": reverse("admin:plans_ragupdate_change", args=[latest]),
        "public-dashboard": reverse("plans:dashboard"),
        "public-plan-dashboard": reverse("plans:plan-dashboard", args=[world["other_plan"].pk]),
    }
    assert plan.pk
    return urls


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def site(live_server, admin_user, commissioner, board_member):
    """The data set, its page URLs and a signed-in session per role."""
    world = _build_world(admin_user, commissioner)
    users = {"admin": admin_user, "commissioner": commissioner, "board": board_member}
    return {
        "urls": _urls(world),
        "sessions": {role: _session_cookie(user) for role, user in users.items()},
        "base": live_server.url,
    }


@pytest.fixture
def tabs(browser, site):
    """One browser tab per role at the test's width, signed in, reused for every page."""
    from django.conf import settings

    opened = {}

    def tab(role: str, width: str) -> PageCheck:
        if role not in opened:
            w, h = WIDTHS[width]
            context = browser.new_context(
                viewport={"width": w, "height": h},
                reduced_motion="reduce",
                locale="en-GB",
                timezone_id="Europe/London",
            )
            if role != "anonymous":
                cookie = {"name": settings.SESSION_COOKIE_NAME, "value": site["sessions"][role]}
                context.add_cookies([{**cookie, "url": site["base"]}])
            opened[role] = PageCheck(context.new_page(), f"layout-{width}", site["base"])
        return opened[role]

    yield tab
    for check in opened.values():
        check.page.context.close()


# The check -------------------------------------------------------------------------------------

# Where the page is wider than the window: the widest elements that stick out, for the message.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .map((el) => [Math.round(el.getBoundingClientRect().right),
                  `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`])
    .sort((a, b) => b[0] - a[0]).slice(0, 8);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out};
}"""


def _open(check: PageCheck, url: str) -> None:
    """Go to the page with every <details> open (the filters, how an import was read, a
    plan's versions), so what they hide is measured and audited too."""
    check.console_errors.clear()
    check.csp_messages.clear()
    check.failed_requests.clear()
    check.page.goto(url)
    check.page.evaluate(
        "() => document.querySelectorAll('details').forEach((d) => (d.open = true))"
    )


# Third-party pages are audited with what they cannot change left out (everything else must
# pass, as on our own pages):
# - Swagger UI nests a copy button in each operation's button (nested-interactive, see
#   test_api_docs.py), numbers its own headings (heading-order) and draws its title outside
#   its own <main> (region);
# - Django's admin stylesheets @import others, which axe reads by writing them into a <style>
#   element, which the CSP refuses (a violation of axe's making, not the page's): axe runs there
#   without reading style sheets (preload: false; only its orientation-lock rule needs them).
THIRD_PARTY_AXE = {
    "api:docs": "{rules: {'nested-interactive': {enabled: false},"
    " 'heading-order': {enabled: false}, region: {enabled: false}}}",
    "admin": "{preload: false}",
}


def _third_party_check(check: PageCheck, step: str, options: str) -> dict:
    """PageCheck.check for a page we do not draw ourselves, with axe run with `options`."""
    page = check.page
    page.wait_for_load_state("load")
    if step == "api-docs":
        page.locator(".opblock").first.wait_for(timeout=15_000)  # Swagger UI draws late
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{check.journey}-{step}.png"), full_page=True)
    results = page.evaluate(
        f"async () => await axe.run(document, {{resultTypes: ['violations'], ...{options}}})"
    )
    problems = check.csp_messages + check.console_errors + check.failed_requests
    assert not problems, f"{step}: CSP, console or failed requests:\n" + "\n".join(problems)
    return results


def _audit(check: PageCheck, name: str, width: str) -> None:
    step = re.sub(r"[^a-z0-9]+", "-", name)
    third_party = THIRD_PARTY_AXE.get("admin" if name.startswith("admin-") else name)
    results = _third_party_check(check, step, third_party) if third_party else check.check(step)
    assert not results["violations"], (
        f"axe on {name} at {width}:\n{_format_violations(results['violations'])}"
    )
    overflow = check.page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{name} at {width} is {overflow['scrollWidth']} px wide in a {overflow['innerWidth']}"
        f" px window; sticking out: {overflow['out']}"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_window(width, site, tabs, settings):
    """Every page is opened, whatever fails before it; the failures are listed together."""
    failures = []
    for name, role in PAGES:
        settings.PUBLIC_DASHBOARDS = name.startswith("public-")
        check = tabs(role, width)
        _open(check, site["base"] + site["urls"][name])
        try:
            _audit(check, name, width)
        except Exception as failure:  # noqa: BLE001  (a timeout too: list it, go on)
            failures.append(f"--- {name} as {role}: {failure}")
    assert not failures, f"{len(failures)} of {len(PAGES)} pages:\n" + "\n".join(failures)
