"""Browser tests: Debian chromium driven by pytest-playwright against Django's live_server.

Every page a journey visits goes through `PageCheck.check()`: a full-page screenshot in
test-artifacts/, axe-core (no "serious" or "critical" violation), no console error, no failed
request and no Content-Security-Policy violation.

How axe gets into a page without weakening the CSP we are checking: the policy forbids inline
scripts, and `page.add_script_tag(path=...)` injects axe as an inline <script>, which the CSP
blocks (and reports as a violation). Instead axe's source is registered with
`page.add_init_script()`: Chromium evaluates init scripts itself (DevTools
Page.addScriptToEvaluateOnNewDocument), outside the page's CSP, so axe runs in the very page
the journey is on, with the real CSP enforced and no bypass_csp anywhere. The CSP check is
therefore made on the same, unmodified page and context.

Run: .venv/bin/python -m pytest -q tests/browser -p no:randomly
"""

from __future__ import annotations

import datetime
import json
import os
from collections import Counter
from pathlib import Path

import pytest

# live_server and playwright's sync API in one thread: playwright runs an event loop, so the
# ORM calls the test makes would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SEEDS = ROOT / "fixtures" / "seeds"
PASSWORD = "Browser-journey-pass-42"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-GB",  # date inputs as dd/mm/yyyy, as our users see them
]

BLOCKING_IMPACTS = {"serious", "critical"}
# Every rule runs; resultTypes only stops axe building node details for passes (faster).
AXE_RUN = 'async () => await axe.run(document, { resultTypes: ["violations"] })'

# Collects a record for every page checked in this session, for the summary at the end.
AXE_LOG: list[dict] = []

# Records CSP violations as the page sees them (the DOM event), beside the console message.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber || ""})`
  );
});
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # playwright's own browser download does not work here: use Debian's chromium.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion: Chart.js draws without animation, so screenshots are of finished charts.
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n      ")
                lines.append(f"      {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


class PageCheck:
    """Listens to one page for the whole journey; `check(step)` audits what is on screen now."""

    def __init__(self, page, journey: str, base_url: str):
        self.page = page
        self.journey = journey
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.csp_messages: list[str] = []
        self.failed_requests: list[str] = []
        page.add_init_script(script=CSP_LISTENER)
        page.add_init_script(path=str(AXE_JS))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_messages.append(text)
        elif message.type == "error":
            self.console_errors.append(f"{text} ({message.location.get('url', '')})")

    def _on_response(self, response):
        if response.status >= 400 and response.url.startswith(self.base_url):
            self.failed_requests.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request):
        failure = request.failure or ""
        # Cancelled by the browser: a download (a navigation handed to the download manager),
        # or a request still in flight when the page moved on (the favicon of a page that
        # reloads itself while an import is read). Not a failure: a missing file comes back
        # as a 4xx (_on_response), a blocked one as another error.
        if "ERR_ABORTED" in failure:
            return
        self.failed_requests.append(f"{failure} {request.url}")

    def _settle(self):
        page = self.page
        page.wait_for_load_state("load")
        if page.locator("[data-app-chart]").count():
            # app.js loads Chart.js on demand and un-hides each canvas once drawn.
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-app-chart] .app-chart__canvas-wrapper')]"
                ".every((w) => !w.hidden)",
                timeout=5000,
            )

    def check(self, step: str) -> dict:
        """Screenshot, axe, console, CSP and failed requests for the page as it is now."""
        page = self.page
        self._settle()
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{self.journey}-{step}.png"
        page.screenshot(path=str(shot), full_page=True)

        assert page.evaluate("typeof axe") == "object", "axe-core did not load into the page"
        results = page.evaluate(AXE_RUN)
        violations = results["violations"]
        counts = Counter(v["impact"] for v in violations)
        AXE_LOG.append(
            {
                "journey": self.journey,
                "step": step,
                "url": page.url.removeprefix(self.base_url),
                "counts": dict(counts),
                "rules": sorted(f"{v['impact']}:{v['id']}" for v in violations),
                "incomplete": sorted(v["id"] for v in results["incomplete"]),
            }
        )
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, (
            f"axe: serious/critical violations on {self.journey}/{step} ({page.url}), "
            f"screenshot {shot}:\n{_format_violations(blocking)}"
        )

        dom_csp = page.evaluate("window.__cspViolations || []")
        assert not (self.csp_messages or dom_csp), (
            f"CSP violations on {self.journey}/{step} ({page.url}):\n"
            + "\n".join(self.csp_messages + dom_csp)
        )
        assert not self.console_errors, (
            f"console errors on {self.journey}/{step} ({page.url}):\n"
            + "\n".join(self.console_errors)
        )
        assert not self.failed_requests, (
            f"failed requests on {self.journey}/{step} ({page.url}):\n"
            + "\n".join(self.failed_requests)
        )
        return results


@pytest.fixture
def checked(page, live_server):
    """A factory: checked("journey-name") → a PageCheck on this test's page."""

    def make(journey: str) -> PageCheck:
        return PageCheck(page, journey, live_server.url)

    return make


def pytest_terminal_summary(terminalreporter):
    if not AXE_LOG:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-summary.json").write_text(json.dumps(AXE_LOG, indent=2))
    terminalreporter.section("axe-core results per page (violations by impact)")
    for entry in AXE_LOG:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(entry["counts"].items())) or "none"
        rules = f" [{'; '.join(entry['rules'])}]" if entry["rules"] else ""
        terminalreporter.write_line(
            f"{entry['journey']}-{entry['step']} {entry['url']}: {counts}{rules}"
            f" (axe needs review: {', '.join(entry['incomplete']) or 'nothing'})"
        )


# Data -----------------------------------------------------------------------------------------


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def commissioner_login(commissioner):
    return _with_password(commissioner)


@pytest.fixture
def board_member_login(board_member):
    return _with_password(board_member)


def _import_seed(name: str, by):
    from importers.services import plan_import

    data = (SEEDS / name).read_bytes()
    outcome = plan_import(data=data, filename=name, imported_by=by)
    assert outcome.created, outcome
    return outcome.plan


@pytest.fixture
def seeded(admin_user, commissioner):
    """Two real plans imported by the importer service, rated a month ago (some were green four months ago).

    Telford (seed 000): the imported "JCT" lead belongs to the commissioner's organisation
    (JCT). Three actions led by JCT alone are red; one JCT action is amber, one green. Two
    actions led by Public Health only are red too, so the organisation filter matters.
    Bexley (seed 003): two red actions and a green one, so "all red actions" spans plans.
    """
    from django.utils import timezone

    from plans.models import Lead, Organisation, RagUpdate, Rating

    telford = _import_seed("000_2c7d5c915c81b674.txt", admin_user)
    bexley = _import_seed("003_1cff262c2fde3562.txt", admin_user)
    jct = Organisation.objects.get(name="JCT")
    public_health = Organisation.objects.create(name="Public Health Telford")
    for lead in Lead.objects.filter(name__in=["JCT", "Public Health"], actions__plan=telford):
        lead.organisations.add(jct if lead.name == "JCT" else public_health)

    today = timezone.localdate()
    last_round = today - datetime.timedelta(days=30)
    earlier = today - datetime.timedelta(days=120)

    def only_led_by(plan, name):
        return [
            action
            for action in plan.actions.prefetch_related("leads").order_by("order")
            if [lead.name for lead in action.leads.all()] == [name]
        ]

    jct_only = only_led_by(telford, "JCT")
    ph_only = only_led_by(telford, "Public Health")
    assert len(jct_only) >= 5 and len(ph_only) >= 2

    def rate(action, rating, on, commentary):
        RagUpdate.objects.create(
            action=action,
            rating=rating,
            commentary=commentary,
            reported_on=on,
            source=RagUpdate.Source.IMPORT,
        )

    jct_red = jct_only[:3]
    for action in jct_red:
        rate(action, Rating.GREEN, earlier, "Started on time.")
        rate(action, Rating.RED, last_round, "Stalled: no provider has capacity.")
    rate(jct_only[3], Rating.AMBER, last_round, "Behind: recruitment delayed.")
    rate(jct_only[4], Rating.GREEN, last_round, "On track.")
    other_red = ph_only[:2]
    for action in other_red:
        rate(action, Rating.RED, last_round, "Public Health funding not yet agreed.")

    bexley_actions = list(bexley.actions.order_by("order"))
    bexley_red = bexley_actions[:2]
    for action in bexley_red:
        rate(action, Rating.RED, last_round, "Waiting for the CCG.")
    rate(bexley_actions[2], Rating.GREEN, last_round, "Done on schedule.")

    return {
        "telford": telford,
        "bexley": bexley,
        "jct": jct,
        "jct_red": jct_red,
        "all_red": jct_red + other_red + bexley_red,
    }


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database exists.

    Fixtures stop in reverse order, so the server (and its database connection) is gone
    before the test database is dropped: PostgreSQL refuses to drop a database in use.
    """
    return live_server
