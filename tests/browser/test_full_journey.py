"""Whole journeys in real Chromium.

A hiring manager starts a plan, answers all eight steps, submits it for review and downloads
the PDF brief: with JavaScript (watching the advice change while answering), with JavaScript
off, on a phone-sized screen, and with the keyboard alone. Then the round trip between a
recruiter and the hiring manager: changes requested, a step fixed, the plan resubmitted and
approved.
"""

import copy
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from hireplan.models import Activity, Engagement
from tests.browser.test_journeys import log_in
from tests.conftest import PASSWORD
from tests.engine.support import SOUND

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# The keyboard walks at most this many stops to reach a control before the test gives up.
MAX_TAB_STOPS = 250
SAVED_AT = re.compile(r"saved at \d{1,2}:\d{2}")
WATCH_BUSY = """el => new MutationObserver(() => {
  if (el.getAttribute("aria-busy") === "true") el.dataset.busySeen = el.textContent;
}).observe(el, { attributes: true, attributeFilter: ["aria-busy"] })"""
FACTS = {
    "The model": "the fraud scoring model",
    "What it serves": "scores every card payment before it clears",
    "Its scale": "about 4 million payments a day",
    "Framework and version": "PyTorch 2.5",
    "Serving stack": "Triton on EKS",
    "Retraining cadence": "weekly",
    "Orchestrator": "Airflow",
    "Feature store": "Feast",
    "On-call rotation": "one week in six",
    "How often the pager fires": "about twice a month",
    "The last real incident": "a schema change upstream zeroed a key feature",
}


@pytest.fixture(autouse=True)
def patient_expectations():
    """Each save and preview is a round trip to the server: on a busy two-core CI machine
    allow more than Playwright's default five seconds, then restore it for other tests."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


class Hand:
    """Answers with the mouse (or a finger): Playwright's fill, check, select and click."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def fill(self, field: Locator, text: str) -> None:
        field.fill(text)

    def choose(self, radio: Locator) -> None:
        radio.check()

    def tick(self, box: Locator) -> None:
        box.check()

    def select(self, field: Locator, value: str) -> None:
        field.select_option(value)

    def press(self, control: Locator) -> None:
        control.click()


class Keyboard(Hand):
    """Answers with the keyboard alone: Tab or Shift+Tab to move, then type, Space, arrow
    keys or Enter. Nothing is clicked; the test only looks at where focus is."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.keys_used: set[str] = set()

    def key(self, key: str) -> None:
        self.keys_used.add(key)
        self.page.keyboard.press(key)

    def reach(self, control: Locator) -> None:
        expect(control).to_be_visible()
        self.reach_where("el => el === target", control.element_handle())

    def reach_where(self, predicate: str, target) -> None:
        """Moves focus until the focused element satisfies `predicate`: with Tab when
        `target` lies ahead, with Shift+Tab when it lies behind, as a person would."""
        check = f"(target) => ({predicate})(document.activeElement)"
        if self.page.evaluate(check, target):
            return
        behind = self.page.evaluate(
            "t => Boolean(document.activeElement.compareDocumentPosition(t)"
            " & Node.DOCUMENT_POSITION_PRECEDING)",
            target,
        )
        for key in ("Shift+Tab", "Tab") if behind else ("Tab", "Shift+Tab"):
            for _ in range(MAX_TAB_STOPS):
                self.key(key)
                if self.page.evaluate(check, target):
                    return
        raise AssertionError(f"The keyboard never reached an element where {predicate}")

    def fill(self, field: Locator, text: str) -> None:
        self.reach(field)
        self.key("Control+A")
        self.key("Delete")
        self.page.keyboard.type(text)

    def choose(self, radio: Locator) -> None:
        # Tab stops once in a radio group, on its checked radio (or the first or last one);
        # the arrow keys then move within the group and check the radio they land on.
        name = radio.get_attribute("name")
        handle = radio.element_handle()
        self.reach_where(f"el => el.type === 'radio' && el.name === {name!r}", handle)
        for _ in range(self.page.locator(f"input[type=radio][name={name!r}]").count()):
            if handle.evaluate("el => el === document.activeElement"):
                break
            self.key("ArrowDown")
        if not radio.is_checked():
            self.key("Space")
        expect(radio).to_be_checked()

    def tick(self, box: Locator) -> None:
        self.reach(box)
        if not box.is_checked():
            self.key("Space")
        expect(box).to_be_checked()

    def select(self, field: Locator, value: str) -> None:
        self.reach(field)
        for _ in range(field.locator("option").count()):
            if field.input_value() == value:
                break
            self.key("ArrowDown")
        expect(field).to_have_value(value)

    def press(self, control: Locator) -> None:
        self.reach(control)
        self.key("Enter")


class Journey:
    """One hiring manager's way through the wizard, with one kind of hand."""

    def __init__(self, page: Page, base: str, hand: Hand, *, js: bool, phone: bool = False):
        self.page, self.base, self.hand, self.js, self.phone = page, base, hand, js, phone
        self.title = ""

    @property
    def live(self) -> Locator:
        return self.page.locator("#live")

    def answer(self, action, *, advice_changes: bool = True) -> None:
        """Does `action`; with JavaScript, the advice panel is redrawn without a save."""
        before = self.live.inner_text() if self.js and advice_changes else None
        action()
        if before is not None:
            expect(self.live).not_to_have_text(before)

    def check_page(self, step_title: str) -> None:
        expect(self.page.get_by_role("heading", name=step_title, level=2)).to_be_visible()
        expect(self.page).to_have_title(f"{step_title} · {self.title} · Hireplan")
        if self.phone:
            # Nothing may push the page sideways on a phone.
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{step_title} is {width}px wide on a phone"

    def save(self, step_title: str, next_title: str) -> None:
        self.hand.press(
            self.page.locator(".step-actions").get_by_role("button", name="Save and continue")
        )
        self.check_page(next_title)
        if self.js:
            # htmx swapped the next step in: a saved mark with the time, focus on its heading.
            mark = self.page.locator(".saved-mark")
            expect(mark).to_contain_text(f"{step_title} saved")
            expect(mark).to_contain_text(SAVED_AT)
            expect(self.page.locator("#step-heading")).to_be_focused()
        else:
            # A plain page load after the save: the message names the step and the time.
            expect(self.page.locator(".messages")).to_contain_text(
                re.compile(rf"{re.escape(step_title)} saved\. \d{{2}}:\d{{2}}")
            )

    def radio(self, name: str, *, within: Locator | None = None) -> Locator:
        return (within or self.page).get_by_role("radio", name=name, exact=True)

    def group(self, name: str) -> Locator:
        return self.page.get_by_role("group", name=re.compile(re.escape(name)))

    def context(self, title: str) -> None:
        page, hand = self.page, self.hand
        self.title = title
        hand.press(page.get_by_role("link", name="Start a hiring plan").first)
        expect(page.get_by_role("heading", name="Start a hiring plan", level=1)).to_be_visible()
        expect(page).to_have_title("Context · New hiring plan · Hireplan")
        hand.fill(page.get_by_label("Role title"), title.replace("Engineer", "Enginer"))
        hand.select(page.get_by_label("Company stage"), "series_b")
        hand.fill(page.get_by_label("Industry"), "Payments")
        hand.fill(page.get_by_label("Role title"), title)  # back up to fix a typo
        hand.choose(self.radio("Not regulated"))
        hand.choose(self.radio("None: nobody runs ML in production yet"))
        hand.choose(self.radio("Yes", within=self.group("first ML hire")))
        hand.choose(self.radio("Direct hire"))
        hand.choose(self.radio("None: classical ML only"))
        self.save("Context", "Lane and scope")

    def lane(self) -> None:
        page, hand = self.page, self.hand
        self.answer(
            lambda: hand.choose(self.radio("Production ML engineer", within=self.group("Primary")))
        )
        lean = page.locator(".lean-field")
        if self.js:
            # The lean choices are redrawn around the primary lane: wait for them.
            expect(self.group("Next to Production ML engineer")).to_be_visible()
            page.wait_for_load_state("networkidle")
        # Without JavaScript the lean choices also name each lane's neighbours.
        mlops = lean.get_by_role("radio", name=re.compile(r"^MLOps \/ ML platform engineer"))
        self.answer(lambda: hand.choose(mlops))
        hand.fill(
            page.get_by_label("What must the hire have delivered"),
            "Ship the new fraud model and retire the rules engine",
        )
        hand.choose(self.radio("Ship a model, or retrain one already live"))
        hand.choose(self.radio("A production SLA"))
        hand.fill(page.get_by_label("SLA, as a percentage"), "99.95")
        if self.js:
            expect(self.live.locator("#finding-lanehigh_reliability")).to_be_visible()
        self.save("Lane and scope", "Compensation")

    def comp(self) -> None:
        page, hand = self.page, self.hand
        self.answer(lambda: hand.choose(self.radio("Senior")))
        hand.select(page.get_by_label("Where the role is based"), "national")
        hand.choose(self.radio("Remote"))
        if self.js:
            expect(self.live.locator("#recommended-band")).to_contain_text("$210,000–$320,000")
        # 20% under the guide's band: a risk appears; the fair band takes it away again.
        hand.fill(page.get_by_label("Bottom of the band"), "160000")
        hand.fill(page.get_by_label("Top of the band"), "260000")
        if self.js:
            expect(self.live.locator("#finding-compunderpriced")).to_be_visible()
        hand.fill(page.get_by_label("Bottom of the band"), "210000")
        hand.fill(page.get_by_label("Top of the band"), "320000")
        if self.js:
            expect(self.live.locator("#finding-compunderpriced")).to_have_count(0)
        self.save("Compensation", "Job description")

    def jd(self) -> None:
        page, hand = self.page, self.hand
        for label, value in FACTS.items():
            hand.fill(page.get_by_label(label), value)
        hand.press(page.get_by_role("button", name="Draft the JD"))
        expect(page.get_by_text("Drafted the JD from your answers.")).to_be_visible()
        editor = page.get_by_role("textbox", name="Job description")
        expect(editor).to_have_value(re.compile(rf"^# {re.escape(self.title)}\n"))
        expect(page.locator(".jd-score-number")).to_have_text(re.compile(r"^\d+$"))
        self.save("Job description", "Interview loop")

    def loop(self) -> None:
        page, hand = self.page, self.hand
        # The guide's loop for the level is already there; the spread is the manager's call.
        expect(page.locator("li.round")).to_have_count(5)
        hand.choose(self.radio("Over one week"))
        self.save("Interview loop", "Sourcing and timeline")

    def sourcing(self) -> None:
        page, hand = self.page, self.hand
        network = self.group("already know ML engineers")
        self.answer(lambda: hand.choose(self.radio("No", within=network)))
        if self.js:
            expect(self.live).to_contain_text("staffing partner")
        hand.fill(page.get_by_role("spinbutton", name="expected notice period"), "4")
        self.save("Sourcing and timeline", "Offer")

    def offer(self) -> None:
        page, hand = self.page, self.hand
        hand.fill(page.get_by_label("Offered base salary"), "300000")
        hand.choose(self.radio("Yes", within=self.group("walk the candidate")))
        self.save("Offer", "Review")

    def review_and_download(self) -> Engagement:
        page, hand = self.page, self.hand
        engagement = Engagement.objects.get(title=self.title)
        expect(page.get_by_role("heading", name="7. Offer")).to_be_visible()
        hand.press(page.get_by_role("button", name="Submit for review"))
        expect(page.get_by_text("Sent for review.")).to_be_visible()
        expect(page.locator(".wizard-head .status")).to_have_text("In review")
        engagement.refresh_from_db()
        assert engagement.status == "in_review"
        assert set(engagement.answers) == {
            "context", "lane", "comp", "jd", "loop", "sourcing", "offer"
        }  # fmt: skip
        link = page.get_by_role("link", name="Download the brief (Letter)")
        button = link.element_handle()  # its text changes while busy
        if self.js:
            # Note what the link says while busy: the render may outlast the busy label.
            button.evaluate(WATCH_BUSY)
        with page.expect_download() as download:
            hand.press(link)
        if self.js:
            assert button.evaluate("el => el.dataset.busySeen") == "Preparing the PDF…"
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF-")
        text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages)
        assert self.title in " ".join(text.split())
        return engagement

    def walk(self, title: str) -> Engagement:
        self.context(title)
        self.lane()
        self.comp()
        self.jd()
        self.loop()
        self.sourcing()
        self.offer()
        return self.review_and_download()


def test_it_plans_a_whole_hire_with_javascript(page: Page, live_server, manager, recruiter):
    log_in(page, live_server.url, manager.email)
    Journey(page, live_server.url, Hand(page), js=True).walk("ML Engineer, Payments Risk")


def test_it_plans_a_whole_hire_with_javascript_off(browser: Browser, live_server, manager):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, manager.email)
    Journey(page, live_server.url, Hand(page), js=False).walk("ML Engineer, Chargebacks")
    context.close()


def test_it_plans_a_whole_hire_on_a_phone(browser: Browser, live_server, manager):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, manager.email)
    Journey(page, live_server.url, Hand(page), js=True, phone=True).walk("ML Engineer, Mobile")
    context.close()


def test_it_plans_a_whole_hire_with_the_keyboard_alone(page: Page, live_server, manager):
    base = live_server.url
    page.goto(f"{base}/login/")
    keys = Keyboard(page)
    # The email field has focus on arrival.
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(manager.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your hiring plans")).to_be_visible()
    # The first Tab from the top of a page offers the skip link.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    Journey(page, base, keys, js=True).walk("ML Engineer, Keyboard")
    assert {"Tab", "Shift+Tab", "ArrowDown", "Space", "Enter"} <= keys.keys_used


@pytest.fixture
def in_review(engagement) -> Engagement:
    """A finished plan the hiring manager has sent for review, beside a draft of another role."""
    for slug in ("lane", "comp", "jd", "loop", "sourcing", "offer"):
        engagement.answers[slug] = copy.deepcopy(SOUND[slug])
        engagement.saved_at_version[slug] = 1
    engagement.status = "in_review"
    engagement.lane = "production_ml"
    engagement.save()
    Engagement.objects.create(
        organization=engagement.organization,
        owner=engagement.owner,
        title="Data Scientist, Pricing",
        answers={"context": {**engagement.answers["context"], "role_title": "Pricing"}},
    )
    return engagement


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Hireplan")).to_be_visible()


def test_it_goes_from_changes_requested_to_approved(
    page: Page, live_server, manager, recruiter, in_review
):
    base = live_server.url
    plan = in_review

    # The recruiter finds the plan among those waiting for review and asks for a change.
    log_in(page, base, recruiter.email)
    page.get_by_role("link", name="Review", exact=True).click()
    rows = page.locator("#results tbody tr")
    # The draft beside it is its hiring manager's work in progress: left out until asked for.
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(plan.title)
    page.get_by_label("Status").select_option("draft")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("In progress")
    page.get_by_label("Status").select_option("in_review")
    expect(rows).to_have_count(1)
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()
    expect(page).to_have_title(f"Review · {plan.title} · Hireplan")
    page.get_by_label("Add a comment").fill("The posting range reads well.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".messages")).to_contain_text(
        "Comment added; the hiring manager will get it by email."
    )
    # Asking for changes without saying which is refused; the request then carries the reason.
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messages")).to_contain_text("Say what should change")
    page.get_by_label("Comment for the hiring manager").fill(
        "Please raise the bottom of the band to $220,000."
    )
    page.get_by_role("checkbox", name="Compensation").check()  # the step the request is about
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messages")).to_contain_text(
        "Changes requested: the hiring manager has your comment."
    )
    log_out(page)

    # The hiring manager sees the request on their list and on the plan, and fixes the band.
    log_in(page, base, manager.email)
    row = page.get_by_role("row", name=re.compile(re.escape(plan.title)))
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text("raise the bottom of the band")
    row.get_by_role("link", name=plan.title).click()
    page.get_by_role("navigation", name="Plan steps").get_by_role("link", name="Review").click()
    thread = page.locator("#comments")
    expect(thread).to_contain_text("The posting range reads well.")
    expect(thread).to_contain_text("Please raise the bottom of the band to $220,000.")
    steps = page.get_by_role("navigation", name="Plan steps")
    expect(steps.locator(".progress-request")).to_have_count(1)  # the sidebar marks the step
    page.get_by_role("link", name="Edit compensation").click()
    expect(page.get_by_role("heading", name="Compensation", level=2)).to_be_visible()
    banner = page.locator(".step-request")
    expect(banner).to_contain_text("Changes requested.")
    expect(banner).to_contain_text("Please raise the bottom of the band to $220,000.")
    page.get_by_label("Bottom of the band").fill("220000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Job description", level=2)).to_be_visible()
    expect(steps.locator(".progress-request")).to_have_count(0)  # answered by the save
    plan.refresh_from_db()
    assert plan.answers["comp"]["band_low_usd"] == 220_000
    page.get_by_role("navigation", name="Plan steps").get_by_role("link", name="Review").click()
    page.get_by_label("Add a comment").fill("Done: the band now starts at $220,000.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments")).to_contain_text("Done: the band now starts at $220,000.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Sent for review.")).to_be_visible()
    log_out(page)

    # The recruiter sees the fix in the history and the reply, and approves.
    log_in(page, base, recruiter.email)
    page.goto(f"{base}/review/?status=in_review")
    page.get_by_role("link", name=plan.title).click()
    expect(page.locator("#comments")).to_contain_text("Done: the band now starts at $220,000.")
    expect(page.locator(".history")).to_contain_text("saved Compensation")
    # What changed since the request, on the page the recruiter decides from.
    expect(page.get_by_text("Saved since the request of")).to_be_visible()
    expect(page.locator(".since-list")).to_contain_text("$220,000")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Approved.")
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_contain_text("Approved")

    plan.refresh_from_db()
    assert plan.status == "approved"
    moves = list(
        Activity.objects.filter(engagement=plan, kind="status_changed")
        .order_by("pk")
        .values_list("from_status", "to_status")
    )
    assert moves == [
        ("in_review", "changes_requested"),
        ("changes_requested", "in_review"),
        ("in_review", "approved"),
    ]
