"""The review step: every step's answers in short, findings by severity with sources, what is
missing, and "Submit for review" moving the status (and who may do it)."""

import pytest
from django.core import mail
from django.urls import reverse

from hireplan.models import Activity, Engagement
from tests.conftest import step_url
from tests.engine.support import SOUND


def submit_url(engagement: Engagement) -> str:
    return reverse("submit", args=[engagement.pk])


def test_it_summarises_every_step_with_an_edit_link(client, complete, manager):
    client.force_login(manager)
    page = client.get(step_url(complete, "review")).text
    for slug in ("context", "lane", "comp", "jd", "loop", "sourcing", "offer"):
        assert f'href="/engagements/{complete.pk}/{slug}/"' in page
    assert "<dt>Role</dt><dd>Senior ML Engineer, Search</dd>" in page
    assert "<dt>Rounds</dt><dd>5 rounds: Recruiter screen, Hiring manager, Technical depth" in page
    assert "<dt>Candidate time</dt><dd>4.5 hours" in page
    assert "<dt>Spread</dt><dd>Over two weeks</dd>" in page
    assert "<dt>Recommended band</dt><dd>$210,000–$320,000" in page
    assert "$200,000 from the offer against" in page
    assert 'aria-label="Edit interview loop"' in page
    assert f'href="/engagements/{complete.pk}/brief.pdf"' in page


def test_it_groups_findings_by_severity_with_their_sources(client, complete, manager):
    complete.answers["lane"]["extra_lanes"] = ["data_scientist"]  # a do-it-all req: a blocker
    complete.answers["offer"]["same_day_walkthrough"] = False  # a risk
    complete.save()
    client.force_login(manager)
    page = client.get(step_url(complete, "review")).text
    blocker = page.index('<span class="severity severity-blocker">Blocker</span> 1 finding')
    risk = page.index('<span class="severity severity-risk">Risk</span>')
    assert blocker < risk
    assert 'id="review-finding-lanedo_it_all"' in page
    assert 'href="/guide/#claim-L4"' in page
    assert "1 blocker still stands:" in page  # sending is still allowed, and says so


def test_it_lists_what_is_still_missing(client, engagement, manager):
    engagement.answers["sourcing"] = {**SOUND["sourcing"], "notice_period_weeks": None}
    engagement.save()
    client.force_login(manager)
    page = client.get(step_url(engagement, "review")).text
    assert "Interview loop</a>: not answered yet." in page
    assert "notice period (sourcing)" in page
    assert "Answer every step first:" in page
    assert 'disabled aria-describedby="submit-why"' in page


def test_it_flags_saved_answers_that_no_longer_fit(client, complete, manager):
    complete.answers["loop"] = {"rounds": "garbled"}
    complete.save()
    client.force_login(manager)
    page = client.get(step_url(complete, "review")).text
    assert "The saved answers no longer fit this step's questions" in page
    assert "saved answers need checking" in page


@pytest.mark.parametrize("status", ["draft", "changes_requested"])
def test_it_submits_a_complete_plan_for_review(
    client, complete, manager, recruiter, status, run_tasks
):
    complete.status = status
    complete.save()
    client.force_login(manager)
    response = client.post(submit_url(complete), follow=True)
    run_tasks()
    assert response.redirect_chain[-1][0] == step_url(complete, "review")
    assert "Sent for review." in response.text
    complete.refresh_from_db()
    assert complete.status == "in_review"
    change = Activity.objects.get(engagement=complete, kind="status_changed")
    assert (change.from_status, change.to_status, change.actor) == (status, "in_review", manager)
    # The recruiter hears of it, and the answers are now locked for the manager too.
    assert [message.to for message in mail.outbox] == [["recruiter@staffing.test"]]
    assert "+ Add a round" not in client.get(step_url(complete, "loop")).text


@pytest.mark.parametrize("status", ["in_review", "approved", "archived"])
def test_it_refuses_to_submit_from_other_statuses(client, complete, manager, status):
    complete.status = status
    complete.save()
    client.force_login(manager)
    response = client.post(submit_url(complete), follow=True)
    assert "Nothing was sent." in response.text
    complete.refresh_from_db()
    assert complete.status == status
    assert not Activity.objects.filter(kind="status_changed").exists()


def test_it_refuses_to_submit_an_incomplete_plan(client, engagement, manager):
    client.force_login(manager)
    response = client.post(submit_url(engagement), follow=True)
    assert "Answer every step first: lane and scope, compensation," in response.text
    assert "Nothing was sent." in response.text
    engagement.refresh_from_db()
    assert engagement.status == "draft"


def test_it_lets_the_recruiter_see_the_status_but_not_submit(client, complete, recruiter, manager):
    client.force_login(recruiter)
    page = client.get(step_url(complete, "review")).text
    assert "Submit for review" not in page
    assert client.post(submit_url(complete)).status_code == 403
    complete.refresh_from_db()
    assert complete.status == "draft"
    # Once the manager sends it, the recruiter's list of plans shows it in review.
    client.force_login(manager)
    client.post(submit_url(complete))
    client.force_login(recruiter)
    home = client.get(reverse("home")).text
    assert "In review" in home


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
def test_it_hides_submit_from_outsiders(client, complete, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(submit_url(complete)).status_code == 404
    assert client.get(step_url(complete, "review")).status_code == 404
    complete.refresh_from_db()
    assert complete.status == "draft"


def test_it_accepts_only_posts_to_submit(client, complete, manager):
    client.force_login(manager)
    assert client.get(submit_url(complete)).status_code == 405


def test_it_sends_anonymous_visitors_to_log_in(client, complete):
    response = client.post(submit_url(complete))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
