"""Every page scanned with axe-core in real Chromium: no serious or critical violation.

axe-core is vendored in tests/browser/vendor (see its README) and evaluated through the
DevTools protocol, which the page's Content-Security-Policy does not govern, so the pages are
scanned exactly as served. The demo data gives complete plans, half-answered ones and empty
steps; the scans cover both roles, the error states and a phone-sized screen.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.template.loader import render_to_string
from playwright.sync_api import Browser, Page, expect

from hireplan.models import Engagement, Membership, Organization, User
from hireplan.steps import all_steps

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
DEMO_PASSWORD = "hireplan-demo"
STEPS = [step.slug for step in all_steps()]
PHONE = {"width": 390, "height": 844}
# Serious and critical violations fail, and so do these structural ones of any impact: the
# page's headings, landmarks and title are how screen-reader users find their way.
BLOCKING = {"serious", "critical"}
STRUCTURE = {
    "heading-order",
    "empty-heading",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-unique",
    "region",
    "bypass",
    "document-title",
    "html-has-lang",
    "duplicate-id-aria",
}
ORPHAN_ERRORS = """() => [...document.querySelectorAll(".field-errors")].filter((list) =>
  !list.id || !document.querySelector(`[aria-describedby~="${list.id}"]`)
).map((list) => list.id || list.textContent.trim().slice(0, 60))"""
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


class Scanner:
    """Runs axe on each page it is shown and keeps what would block a release."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.problems: list[str] = []
        self.scanned = 0

    def scan(self, name: str) -> None:
        self.page.wait_for_load_state()
        if not self.page.evaluate("typeof window.axe === 'object'"):
            self.page.evaluate(AXE + "\n;undefined")
        for v in self.page.evaluate(RUN_AXE):
            if v["impact"] in BLOCKING or v["id"] in STRUCTURE:
                self.problems.append(
                    f"{name}: {v['id']} ({v['impact']}) {v['help']} {v['targets']}"
                )
        self.scanned += 1

    def visit(self, path: str, name: str | None = None, *, status: int = 200) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == status, (path, response.status)
        self.scan(name or path)

    def log_in(self, email: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()

    def save_empty(self, name: str) -> None:
        """Saves the step as it is, expecting the error summary, and scans the result."""
        self.page.locator(".step-actions").get_by_role("button", name="Save and continue").click()
        expect(self.page.locator("#form-errors")).to_be_focused()
        expect(self.page.locator("#form-errors")).to_have_attribute("role", "alert")
        # Each field's error is part of its control's (or its group's) description.
        orphans = self.page.evaluate(ORPHAN_ERRORS)
        assert self.page.locator(".field-errors").count() > 0
        if orphans:
            self.problems.append(f"{name}: errors tied to no field {orphans}")
        self.scan(name)

    def assert_clean(self, at_least: int) -> None:
        assert self.scanned >= at_least
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
def demo(db) -> dict[str, Engagement]:
    """The demo companies, people and plans; one complete plan reopened as an editable draft."""
    call_command("load_demo", verbosity=0)
    plans = {e.title: e for e in Engagement.objects.all()}
    complete = plans["ML Platform Engineer"]
    complete.status = Engagement.Status.DRAFT
    complete.save(update_fields=["status"])
    return {
        "complete": complete,
        "empty": plans["Data Scientist, Growth"],  # only the context step is answered
        "locked": plans["Applied LLM Engineer"],  # approved: read-only
    }


def test_it_finds_no_serious_problem_on_the_hiring_managers_pages(page: Page, live_server, demo):
    scanner = Scanner(page, live_server.url)
    scanner.visit("/login/", "login")
    page.get_by_label("Email").fill("manager@acme.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    scanner.scan("login with an error")

    scanner.log_in("manager@acme.example")
    scanner.scan("home (hiring manager)")
    scanner.visit("/engagements/new/", "new plan")
    scanner.save_empty("new plan with errors")
    for plan in ("complete", "empty"):
        for slug in STEPS:
            scanner.visit(f"/engagements/{demo[plan].pk}/{slug}/", f"{slug} ({plan})")
    for slug in ("lane", "comp", "jd", "sourcing"):
        scanner.visit(f"/engagements/{demo['empty'].pk}/{slug}/")
        scanner.save_empty(f"{slug} with errors")
    scanner.visit("/guide/", "sources")
    scanner.visit(f"/engagements/{demo['locked'].pk + 1000}/context/", "404", status=404)
    scanner.assert_clean(at_least=29)


def test_it_finds_no_serious_problem_on_the_recruiters_pages(page: Page, live_server, demo):
    scanner = Scanner(page, live_server.url)
    scanner.log_in("recruiter@staffing.example")
    scanner.scan("home (recruiter)")
    scanner.visit("/review/", "dashboard")
    scanner.visit("/review/?status=archived", "dashboard, nothing matches")
    scanner.visit(f"/review/{demo['complete'].pk}/", "review page")
    scanner.visit(f"/review/{demo['locked'].pk}/", "review page (approved)")
    for slug in ("context", "comp", "offer", "review"):
        scanner.visit(f"/engagements/{demo['locked'].pk}/{slug}/", f"{slug} (read-only)")
    scanner.visit("/engagements/new/", "403", status=403)
    scanner.assert_clean(at_least=10)


def test_it_finds_no_serious_problem_on_a_phone(browser: Browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    scanner = Scanner(context.new_page(), live_server.url)
    scanner.log_in("manager@acme.example")
    scanner.scan("home (phone)")
    for slug in STEPS:
        scanner.visit(f"/engagements/{demo['complete'].pk}/{slug}/", f"{slug} (phone)")
    scanner.log_in("recruiter@staffing.example")
    scanner.visit("/review/", "dashboard (phone)")
    scanner.visit(f"/review/{demo['complete'].pk}/", "review page (phone)")
    scanner.assert_clean(at_least=11)
    context.close()


def test_it_finds_no_serious_problem_on_empty_and_error_pages(page: Page, live_server, db):
    acme = Organization.objects.create(name="Acme", slug="acme")
    newcomer = User.objects.create_user(
        username="new@acme.test", email="new@acme.test", password=DEMO_PASSWORD
    )
    Membership.objects.create(user=newcomer, organization=acme, role="hiring_manager")
    scanner = Scanner(page, live_server.url)
    scanner.log_in("new@acme.test")
    expect(page.get_by_text("No hiring plans yet")).to_be_visible()
    scanner.scan("home with no plans")
    # The 500 page is served by Django alone; show it at an app URL so its styles load.
    body = render_to_string("500.html")
    page.route(f"{live_server.url}/broken/", lambda route: route.fulfill(status=500, body=body))
    scanner.visit("/broken/", "500", status=500)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("went wrong"))
    scanner.assert_clean(at_least=2)


FOCUS_RING = """() => {
  const el = document.activeElement;
  if (el === document.body) return [true, ""];  // past the last control: focus left the page
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  // A lane card shows focus on the card around its radio.
  const card = el.closest(".lane-card");
  const cardRing = card && getComputedStyle(card).outlineStyle !== "none";
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " +
    (el.getAttribute("aria-label") || el.textContent || el.name || "").trim().slice(0, 40);
  return [ring || Boolean(cardRing), name];
}"""


def test_it_shows_where_the_keyboard_focus_is(page: Page, live_server, demo):
    scanner = Scanner(page, live_server.url)
    scanner.log_in("manager@acme.example")
    unseen, seen = [], set()
    for slug in ("lane", "comp", "review"):
        page.goto(f"{live_server.url}/engagements/{demo['complete'].pk}/{slug}/")
        for _ in range(60):
            page.keyboard.press("Tab")
            visible, name = page.evaluate(FOCUS_RING)
            if not name:
                break
            seen.add(name)
            if not visible:
                unseen.append(f"{slug}: {name}")
    assert len(seen) > 50  # the walk really moved through the pages' controls
    assert unseen == []


def test_it_finds_no_serious_problem_on_the_quick_plan_kits_and_posting(
    page: Page, live_server, demo
):
    from hireplan.quick import QuickPlanForm, build_quick_plan, create_quick_plan
    from tests.test_quick_plan import QUICK

    manager = User.objects.get(email="manager@acme.example")
    data = QueryDict(mutable=True)
    data.update(QUICK)
    built = build_quick_plan(QuickPlanForm(data))
    quick = create_quick_plan(manager, demo["complete"].organization, built)
    complete = demo["complete"].pk
    scanner = Scanner(page, live_server.url)
    scanner.log_in("manager@acme.example")
    scanner.visit("/engagements/new/quick/", "quick plan")
    page.get_by_role("button", name="Make the plan →").click()
    expect(page.locator("#form-errors")).to_be_visible()
    orphans = page.evaluate(ORPHAN_ERRORS)
    assert orphans == [], f"quick plan errors tied to no field {orphans}"
    scanner.scan("quick plan with errors")
    for slug in ("lane", "sourcing", "review"):
        scanner.visit(f"/engagements/{quick.pk}/{slug}/", f"{slug} (suggested answers)")
    scanner.visit(f"/engagements/{quick.pk}/jd/posting/", "posting refused", status=409)
    scanner.visit(f"/engagements/{complete}/loop/kits/", "kits")
    scanner.visit(f"/engagements/{complete}/loop/kits/2/", "one round's kit")
    scanner.visit(f"/engagements/{complete}/jd/posting/", "job posting")
    scanner.visit(f"/engagements/{complete}/loop/calendar.ics", "calendar form")
    scanner.log_in("recruiter@staffing.example")
    scanner.visit(f"/review/{quick.pk}/", "review page (suggested answers)")
    scanner.visit(f"/engagements/{complete}/loop/kits/", "kits (recruiter)")
    scanner.assert_clean(at_least=12)
