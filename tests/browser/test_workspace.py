"""A recruiter in Chromium: filter the dashboard, open a plan, comment, approve."""

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.test_journeys import log_in
from tests.conftest import CONTEXT_ANSWERS

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_filters_opens_comments_and_approves(page: Page, live_server, acme, manager, recruiter):
    for title, lane, status in [
        ("Ranking engineer", "production_ml", "in_review"),
        ("Platform engineer", "mlops_platform", "draft"),
    ]:
        Engagement.objects.create(
            organization=acme,
            owner=manager,
            title=title,
            lane=lane,
            status=status,
            answers={"context": {**CONTEXT_ANSWERS, "role_title": title}},
        )
    base = live_server.url
    log_in(page, base, recruiter.email)
    page.get_by_role("link", name="Review", exact=True).click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)  # the draft is left out until the filter asks for it
    page.get_by_label("Status").select_option("draft")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Platform engineer")
    expect(rows.first).to_contain_text("In progress")
    page.get_by_label("Status").select_option("in_review")
    expect(rows).to_have_count(1)
    expect(page).to_have_url(
        f"{base}/review/?q=&status=in_review&company=&lane=&level=&sort=-updated"
    )
    page.get_by_role("link", name="Role").click()  # sort by role
    expect(page).to_have_url(f"{base}/review/?q=&status=in_review&company=&lane=&level=&sort=role")
    page.reload()  # the filtered, sorted view survives a reload
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="Ranking engineer").click()
    expect(page.get_by_role("heading", name="Ranking engineer")).to_be_visible()
    page.get_by_label("Add a comment").fill("Band looks right; ship it.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Band looks right; ship it.")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Approved.")
    plan = Engagement.objects.get(title="Ranking engineer")
    assert plan.status == "approved"
    page.go_back()
    page.go_back()
    page.go_back()
    expect(page).to_have_url(f"{base}/review/?q=&status=in_review&company=&lane=&level=&sort=role")
