"""Screenshots of the product for the README: every step of a complete demo plan, the
recruiter's dashboard and review page, and the first pages of the PDF brief (through pdftoppm).

Each page is also checked on the way: it loads without a script error, and on a phone nothing
pushes it sideways. One browser page per size and viewport-sized shots keep this cheap.
`make test` takes the shots into a scratch folder, so a test run changes no tracked file;
`make screenshots` sets HIREPLAN_SCREENSHOTS to docs/screenshots/ and rewrites the README's.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from hireplan.models import Engagement
from hireplan.steps import all_steps
from tests.browser import support

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("HIREPLAN_SCREENSHOTS")
DEMO_PASSWORD = "hireplan-demo"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STEPS = [step.slug for step in all_steps()]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def out(tmp_path) -> Path:
    """Where the shots go: the README's folder for `make screenshots`, else a scratch one."""
    folder = Path(settings.BASE_DIR) / SCREENSHOTS if SCREENSHOTS else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    support.log_in(page, base, email, DEMO_PASSWORD)


def manager_session(browser: Browser, base: str, **options) -> tuple:
    """A new browser context logged in as the demo's hiring manager, its page, and the list
    its console errors go to."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, base, "manager@acme.example")
    return context, page, errors


def shoot(page: Page, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    page.screenshot(path=path, animations="disabled", caret="hide")
    assert path.read_bytes().startswith(PNG)
    return path


def test_it_screenshots_every_step_the_dashboard_and_the_review_page(
    browser: Browser, live_server, demo_plan, out
):
    base = live_server.url
    context, page, errors = manager_session(browser, base, viewport=DESKTOP)
    shoot(page, out, "home-manager")
    for number, slug in enumerate(STEPS, start=1):
        page.goto(f"{base}/engagements/{demo_plan.pk}/{slug}/")
        expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()
        shoot(page, out, f"step-{number}-{slug}")
    # Sent for review again, as the demo has it, for the recruiter's side.
    Engagement.objects.filter(pk=demo_plan.pk).update(status=Engagement.Status.IN_REVIEW)
    log_in(page, base, "recruiter@staffing.example")
    page.goto(f"{base}/review/")
    # The demo's five plans less its two drafts, which wait for their hiring managers.
    expect(page.locator("#results tbody tr")).to_have_count(3)
    shoot(page, out, "dashboard")
    page.goto(f"{base}/review/{demo_plan.pk}/")
    expect(page.get_by_role("heading", name="Decision")).to_be_visible()
    shoot(page, out, "review-page")
    context.close()
    assert errors == []


def test_it_screenshots_a_phone(browser: Browser, live_server, demo_plan, out):
    base = live_server.url
    context, page, errors = manager_session(
        browser, base, viewport=PHONE, is_mobile=True, has_touch=True
    )
    for slug in ("lane", "comp", "review"):
        page.goto(f"{base}/engagements/{demo_plan.pk}/{slug}/")
        # The current step is scrolled into view in the sidebar strip.
        current = page.locator(".progress [aria-current=step]")
        expect(current).to_be_in_viewport()
        shoot(page, out, f"phone-{slug}")
    plan_pages = [f"/engagements/{demo_plan.pk}/{part}/" for part in ("loop/kits", "loop/kits/2")]
    for path in (
        "/engagements/new/quick/",
        f"/engagements/{demo_plan.pk}/jd/posting/",
        *plan_pages,
    ):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
    log_in(page, base, "recruiter@staffing.example")
    page.goto(f"{base}/review/")
    shoot(page, out, "phone-dashboard")
    for path in ("/", "/review/", f"/review/{demo_plan.pk}/", "/guide/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
    context.close()
    assert errors == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_it_screenshots_the_pdf_brief(page: Page, live_server, demo_plan, tmp_path, out):
    log_in(page, live_server.url, "manager@acme.example")
    response = page.request.get(f"{live_server.url}/engagements/{demo_plan.pk}/brief.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.body())
    # The cover, and the decision page after it (issue 20: the contents are on the cover).
    for number in (1, 2):
        stem = tmp_path / f"page-{number}"
        page_range = ["-f", str(number), "-l", str(number)]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", *page_range, "-singlefile", pdf, stem],
            check=True,
            timeout=60,
        )
        target = out / f"brief-page-{number}.png"
        shutil.copyfile(stem.with_suffix(".png"), target)
        assert target.read_bytes().startswith(PNG)
    reader = PdfReader(pdf)
    assert demo_plan.title in reader.pages[0].extract_text()
    assert "The decision" in reader.pages[1].extract_text()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_it_screenshots_a_kit_its_scorecard_and_the_posting(
    browser: Browser, live_server, demo_plan, tmp_path, out
):
    base = live_server.url
    context, page, errors = manager_session(browser, base, viewport=DESKTOP)
    page.goto(f"{base}/engagements/{demo_plan.pk}/loop/kits/4/")
    expect(page.get_by_role("heading", name="Production debugging", exact=True)).to_be_visible()
    shoot(page, out, "kit-round")
    page.goto(f"{base}/engagements/{demo_plan.pk}/jd/posting/")
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    shoot(page, out, "job-posting")
    response = page.request.get(f"{base}/engagements/{demo_plan.pk}/loop/kits/4/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "kit.pdf"
    pdf.write_bytes(response.body())
    reader = PdfReader(pdf)
    scorecard = next(
        number
        for number, sheet in enumerate(reader.pages, start=1)
        if "Overall recommendation" in sheet.extract_text()
    )
    stem = tmp_path / "scorecard"
    page_range = ["-f", str(scorecard), "-l", str(scorecard)]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", *page_range, "-singlefile", pdf, stem],
        check=True,
        timeout=60,
    )
    shutil.copyfile(stem.with_suffix(".png"), out / "kit-scorecard.png")
    context.close()
    assert errors == []


def test_it_screenshots_the_quick_plan(browser: Browser, live_server, demo_plan, out):
    base = live_server.url
    context, page, errors = manager_session(browser, base, viewport=DESKTOP)
    page.goto(f"{base}/engagements/new/quick/")
    page.get_by_label("Role title").fill("Senior ML Engineer, Search")
    page.get_by_label("Primary lane").select_option("production_ml")
    page.get_by_role("group", name="Level").get_by_label("Senior").check()
    page.get_by_label("Where the role is based").select_option("national")
    expect(page.locator("#quick-advice")).to_contain_text("Production ML engineer")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, out, "quick-plan")
    context.close()
    # A newer answer replaces a preview still on its way (hx-sync "this:replace"); htmx logs
    # that abort on the console. Anything else is an error.
    replaced = ("htmx:sendAbort", "htmx:afterRequest")
    assert [error for error in errors if not error.startswith(replaced)] == []
