"""Submitting a finished plan for review in real Chromium, and what the recruiter then sees."""

import copy

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in
from tests.engine.support import SOUND

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def complete(engagement) -> Engagement:
    for slug in ("lane", "comp", "jd", "loop", "sourcing", "offer"):
        engagement.answers[slug] = copy.deepcopy(SOUND[slug])
        engagement.saved_at_version[slug] = 1
    engagement.save()
    return engagement


def test_it_submits_the_plan_for_review(page: Page, live_server, manager, recruiter, complete):
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/{complete.pk}/review/")
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_role("heading", name="5. Interview loop")).to_be_visible()
    page.get_by_role("link", name="Edit interview loop").click()
    expect(page.get_by_role("heading", name="Interview loop")).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Sent for review.")).to_be_visible()
    expect(page.locator(".wizard-head .status")).to_have_text("In review")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    assert Engagement.objects.get(pk=complete.pk).status == "in_review"

    page.get_by_role("button", name="Log out").click()
    log_in(page, base, recruiter.email)
    row = page.get_by_role("row", name=complete.title)
    expect(row).to_contain_text("In review")


def test_it_explains_why_an_unfinished_plan_cannot_be_sent(
    page: Page, live_server, manager, engagement
):
    log_in(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/engagements/{engagement.pk}/review/")
    button = page.get_by_role("button", name="Submit for review")
    expect(button).to_be_disabled()
    expect(page.get_by_text("Answer every step first")).to_be_visible()
