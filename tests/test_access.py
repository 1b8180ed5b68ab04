"""Tenancy: every engagement URL × every kind of person. Outsiders get 404, never 403 or data."""

import pytest
from django.urls import reverse

from hireplan.steps import all_steps
from tests.conftest import PASSWORD, context_post, preview_url, step_url

STEP_SLUGS = [step.slug for step in all_steps()]


def engagement_urls(engagement_id: int) -> list[tuple[str, str]]:
    urls = [
        ("get", reverse("engagement", args=[engagement_id])),
        ("get", reverse("plan_json", args=[engagement_id])),
    ]
    for slug in STEP_SLUGS:
        urls.append(("get", step_url(engagement_id, slug)))
        urls.append(("post", step_url(engagement_id, slug)))
        urls.append(("post", preview_url(engagement_id, slug)))
    return urls


def request(client, method: str, url: str):
    if method == "post":
        return client.post(url, context_post())
    return client.get(url)


@pytest.fixture
def everyone(manager, other_manager, recruiter, other_recruiter):
    return {
        "manager": manager,
        "other_manager": other_manager,
        "recruiter": recruiter,
        "other_recruiter": other_recruiter,
    }


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
def test_it_hides_every_engagement_url_from_outsiders(client, engagement, everyone, who):
    client.force_login(everyone[who])
    for method, url in engagement_urls(engagement.pk):
        response = request(client, method, url)
        assert response.status_code == 404, (who, method, url)
    engagement.refresh_from_db()
    assert engagement.version == 1


def test_it_sends_anonymous_visitors_to_login(client, engagement):
    for method, url in engagement_urls(engagement.pk):
        response = request(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("login")), url


def test_it_lets_the_hiring_manager_see_and_edit(client, engagement, manager):
    client.force_login(manager)
    for method, url in engagement_urls(engagement.pk):
        response = request(client, method, url)
        assert response.status_code in (200, 302, 404), (method, url)
        # Only the review's preview is missing (it has no answers); every page and save answer.
        assert response.status_code != 404 or "/preview/" in url, url
    engagement.refresh_from_db()
    assert engagement.version == 2  # context answers are valid only on the context step


def test_it_lets_the_serving_recruiter_read_but_not_edit(client, engagement, recruiter):
    client.force_login(recruiter)
    for method, url in engagement_urls(engagement.pk):
        response = request(client, method, url)
        if method == "get" or "/preview/" in url:
            assert response.status_code in (200, 302, 404), url
        elif url.endswith("/context/"):
            assert response.status_code == 403, url
    engagement.refresh_from_db()
    assert engagement.version == 1


def test_it_returns_404_for_a_missing_engagement(client, manager):
    client.force_login(manager)
    assert client.get(reverse("engagement", args=[999999])).status_code == 404
    assert client.get(step_url(999999, "context")).status_code == 404


def test_it_returns_404_for_an_unknown_step(client, engagement, manager):
    client.force_login(manager)
    assert client.get(f"/engagements/{engagement.pk}/salary/").status_code == 404


def test_it_lists_only_plans_within_reach_on_home(client, engagement, other_manager, recruiter):
    client.force_login(other_manager)
    assert engagement.title not in client.get("/").text
    client.force_login(recruiter)
    assert engagement.title in client.get("/").text


def test_it_forbids_recruiters_from_starting_a_plan(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("engagement_new")).status_code == 403
    assert client.post(reverse("engagement_new"), context_post()).status_code == 403


def test_it_logs_in_with_email_and_password(client, manager):
    response = client.post(reverse("login"), {"username": manager.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_rejects_a_wrong_password_with_a_message(client, manager):
    response = client.post(reverse("login"), {"username": manager.email, "password": "nope"})
    assert response.status_code == 200
    assert "don’t match an account" in response.text
