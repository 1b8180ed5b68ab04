"""The quick plan in real Chromium: a complete plan from at most fifteen answers, with live
advice on the way, reaching a complete review step and a brief; and a page that fits a laptop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 800}


class Answers:
    """Fills, picks and ticks through one place, so the test counts every answer given."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label).fill(value)
        self.count += 1

    def select(self, label: str, value: str) -> None:
        self.page.get_by_label(label).select_option(value)
        self.count += 1

    def check(self, group: str, answer: str) -> None:
        self.page.get_by_role("group", name=re.compile(group)).get_by_label(answer).check()
        self.count += 1


def test_a_quick_plan_is_complete_from_at_most_fifteen_answers(page: Page, live_server, manager):
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base, manager.email)
    page.get_by_role("link", name=re.compile("Quick plan")).click()
    expect(page.get_by_role("heading", name="A quick plan")).to_be_visible()

    advice = page.locator("#quick-advice")
    expect(advice).to_contain_text("Advice from the guide appears here")
    answers = Answers(page)
    answers.fill("Role title", "Senior ML Engineer, Search")
    answers.fill("Industry", "Fintech")
    answers.select("Company stage", "series_b")
    answers.select("Production ML in seat today", "none")
    answers.check("first ML hire", "Yes")
    answers.select("Primary lane", "production_ml")
    # The advice follows the answers before anything is saved: the lane first.
    expect(advice).to_contain_text("Production ML engineer")
    answers.check("How reliable", "Internal use: nobody is paged")
    answers.fill("What must the hire have delivered after six months?", "Retrain the ranker")
    answers.check("Level", "Senior")
    answers.check("How the team works", "Remote")
    answers.select("Where the role is based", "national")
    # Then the band, as a range with its sources.
    expect(advice.get_by_text(re.compile(r"\$\d{3},\d{3}–\$\d{3},\d{3}"))).to_be_visible()
    start = timezone.localdate() + timedelta(days=200)
    answers.fill("Target start date", start.isoformat())
    answers.fill("The model", "the search ranking model")
    answers.fill("What it serves, and for whom", "every shopper's search")
    assert answers.count <= 15
    assert Engagement.objects.count() == 0  # live advice saves nothing
    expect(advice).to_contain_text("Every answer reads well")

    page.get_by_role("button", name="Make the plan →").click()
    expect(page.get_by_role("heading", name="Review", level=2)).to_be_visible()
    expect(page.get_by_text("Your plan is ready")).to_be_visible()
    engagement = Engagement.objects.get()
    assert engagement.suggested
    # Complete: no step left unanswered, and the plan can go to the recruiter.
    expect(page.get_by_text("not answered yet")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit for review")).to_be_enabled()
    suggested = page.locator(".suggested-answers")
    expect(suggested.get_by_role("heading", name="Suggested answers to confirm")).to_be_visible()
    expect(suggested.get_by_role("link", name="Interview loop")).to_be_visible()

    # The brief downloads.
    response = page.request.get(f"{base}/engagements/{engagement.pk}/brief.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # A step shows its suggestions marked; saving it confirms them.
    suggested.get_by_role("link", name="Sourcing and timeline").click()
    expect(page.locator(".suggested-badge").first).to_be_visible()
    page.get_by_role("button", name="Save and continue →").click()
    expect(page.get_by_role("heading", name="Offer", level=2)).to_be_visible()
    engagement.refresh_from_db()
    assert "sourcing" not in engagement.suggested


def test_the_quick_page_fits_two_laptop_screens(page: Page, live_server, manager):
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/new/quick/")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 2 * LAPTOP["height"], height
    # The follow-up questions stay out of sight until their answer asks them.
    expect(page.get_by_label("Office days a week")).to_be_hidden()
    page.get_by_role("group", name=re.compile("How the team works")).get_by_label("Hybrid").check()
    expect(page.get_by_label("Office days a week")).to_be_visible()
