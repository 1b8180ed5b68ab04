"""How much a first-time hiring manager has to read on each step (issue 22, "Less to read").

For every step of the demo's complete plan, on a desktop (1280×800) and a phone (390×844):
the words of the step's visible text (the `#step` region's innerText, which leaves out the
site's header, the sidebar of steps, display:none and what a closed <details> folds away; a
closed <select> counts as its chosen option, as it shows) and
the page's scroll height. Every finding and every source (claim ID) the step renders must
still be in the page, and each finding must show once its disclosures are opened.

`docs/words-per-step.json` keeps the figures from before the steps were folded ("before") and
after ("after"). The test asserts the median desktop words per step is at most half the
recorded "before" median and that no finding or claim ID the "before" page had is gone.
`make words` sets HIREPLAN_WORDS to that file and rewrites its "after" figures
(HIREPLAN_WORDS_KEY=before wrote the "before" ones); `make test` writes nothing.
"""

import json
import os
import re
import statistics
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from hireplan.models import Engagement
from hireplan.steps import all_steps
from tests.browser import support

pytestmark = pytest.mark.django_db(transaction=True)

RECORD = Path(settings.BASE_DIR) / "docs" / "words-per-step.json"
OUTPUT = os.environ.get("HIREPLAN_WORDS")
KEY = os.environ.get("HIREPLAN_WORDS_KEY", "after")
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
STEPS = [step.slug for step in all_steps()]
# A word has a letter or a digit in it: "·", "—" and "↓" are not read as words.
WORD = re.compile(r"\w", re.UNICODE)

MEASURE = """() => {
  const step = document.getElementById("step");
  const ids = (selector) => [...step.querySelectorAll(selector)].map((el) => el.id);
  const claims = [...step.querySelectorAll(".claim")].map((el) => el.textContent.trim());
  // A closed <select> shows its chosen option, not the list: read it as that one line.
  const shown = [...step.querySelectorAll("select")].map((select) => {
    const line = document.createElement("span");
    line.textContent = select.selectedOptions.length ? select.selectedOptions[0].text : "";
    select.before(line);
    select.style.display = "none";
    return [select, line];
  });
  const text = step.innerText;
  shown.forEach(([select, line]) => { line.remove(); select.style.display = ""; });
  return {
    text,
    height: document.documentElement.scrollHeight,
    findings: ids(".finding[id]"),
    claims: [...new Set(claims)].sort(),
    disclosures: step.querySelectorAll("details").length,
  };
}"""

# Opens every disclosure of the step, as a reader clicking each summary would, and tells which
# findings still do not show.
OPEN_ALL = """() => {
  const step = document.getElementById("step");
  step.querySelectorAll("details").forEach((el) => { el.open = true; });
  return [...step.querySelectorAll(".finding[id]")]
    .filter((el) => !el.checkVisibility())
    .map((el) => el.id);
}"""


def words(text: str) -> int:
    return sum(1 for token in text.split() if WORD.search(token))


def measure_steps(page: Page, base: str, plan: Engagement) -> dict:
    figures = {}
    for number, slug in enumerate(STEPS, start=1):
        page.goto(f"{base}/engagements/{plan.pk}/{slug}/")
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}")).to_be_visible()
        page.wait_for_load_state("networkidle")
        seen = page.evaluate(MEASURE)
        hidden = page.evaluate(OPEN_ALL)
        assert hidden == [], f"{slug}: findings that no disclosure shows: {hidden}"
        figures[slug] = {
            "words": words(seen["text"]),
            "height": seen["height"],
            "findings": seen["findings"],
            "claims": seen["claims"],
            "disclosures": seen["disclosures"],
        }
    return figures


def test_it_halves_the_words_on_each_step_and_keeps_every_finding(
    browser: Browser, live_server, demo_plan
):
    measured: dict[str, dict] = {}
    for name, options in VIEWPORTS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        support.log_in(page, live_server.url, "manager@acme.example", "hireplan-demo")
        measured[name] = measure_steps(page, live_server.url, demo_plan)
        context.close()

    steps = {
        slug: {
            "desktop_words": measured["desktop"][slug]["words"],
            "phone_words": measured["phone"][slug]["words"],
            "desktop_height": measured["desktop"][slug]["height"],
            "phone_height": measured["phone"][slug]["height"],
            "disclosures": measured["desktop"][slug]["disclosures"],
            "findings": measured["desktop"][slug]["findings"],
            "claims": measured["desktop"][slug]["claims"],
        }
        for slug in STEPS
    }
    for slug in STEPS:
        # The same findings and sources whatever the screen.
        assert measured["phone"][slug]["findings"] == steps[slug]["findings"], slug
        assert measured["phone"][slug]["claims"] == steps[slug]["claims"], slug
    figures = {
        "steps": steps,
        "median_desktop_words": statistics.median(s["desktop_words"] for s in steps.values()),
        "median_phone_words": statistics.median(s["phone_words"] for s in steps.values()),
        "median_desktop_height": statistics.median(s["desktop_height"] for s in steps.values()),
        "median_phone_height": statistics.median(s["phone_height"] for s in steps.values()),
    }

    record = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    if OUTPUT:
        target = Path(settings.BASE_DIR) / OUTPUT
        written = json.loads(target.read_text()) if target.exists() else {}
        written[KEY] = figures
        target.write_text(json.dumps(written, indent=2) + "\n")
    if KEY == "before":
        return

    before = record["before"]
    assert figures["median_desktop_words"] <= before["median_desktop_words"] / 2, (
        f"median desktop words per step {figures['median_desktop_words']}, "
        f"before {before['median_desktop_words']}"
    )
    for slug, then in before["steps"].items():
        now = steps[slug]
        lost = set(then["findings"]) - set(now["findings"])
        assert not lost, f"{slug}: findings gone from the page: {sorted(lost)}"
        gone = set(then["claims"]) - set(now["claims"])
        assert not gone, f"{slug}: sources gone from the page: {sorted(gone)}"


def test_every_fold_opens_with_a_click_and_stays_open(page: Page, live_server, demo_plan):
    """Each closed disclosure on each step opens when its summary is clicked (nothing on the
    page catches the click instead, such as a lane card's whole-card label), and is open again
    when the step is opened again."""
    support.log_in(page, live_server.url, "manager@acme.example", "hireplan-demo")
    page.set_viewport_size({"width": 1280, "height": 800})
    for number, slug in enumerate(STEPS, start=1):
        url = f"{live_server.url}/engagements/{demo_plan.pk}/{slug}/"
        page.goto(url)
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}")).to_be_visible()
        folds = page.locator("#step details.more[id]:not([open])")
        ids = [fold.get_attribute("id") for fold in folds.all() if fold.is_visible()]
        for fold_id in ids:
            fold = page.locator(f"[id='{fold_id}']")
            if not fold.is_visible() or fold.evaluate("el => el.open"):
                continue  # inside a fold opened a moment ago, or opened with it
            # trial: Playwright fails it if another element would receive the click.
            fold.locator("> summary").click(trial=True, timeout=2_000)
            fold.locator("> summary").click()
            expect(fold).to_have_attribute("open", "")
        page.goto(url)
        for fold_id in ids:
            expect(page.locator(f"[id='{fold_id}']")).to_have_attribute("open", "")
