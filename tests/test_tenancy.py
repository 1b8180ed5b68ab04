"""Tenant isolation: every URL of the app that names an engagement, walked as people who must
not see it. A URL added later without a case here fails test_it_has_a_case_for_every_url."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hireplan.models import Brief, Comment, Engagement, ShareLink, StepDraft
from hireplan.sharing import hash_token
from hireplan.steps import all_steps
from jd.models import JDDraft
from tests.conftest import context_post

STEP_SLUGS = [step.slug for step in all_steps()]

# URL name: how to call it. Each entry is (method, extra URL kwargs).
CASES: dict[str, list[tuple[str, dict]]] = {
    "engagement": [("get", {})],
    "plan_json": [("get", {})],
    "review_detail": [("get", {})],
    "add_comment": [("post", {})],
    "change_status": [("post", {})],
    "export_one": [("get", {})],
    "brief_pdf": [("get", {})],
    "brief_download": [("get", {"brief_id": "BRIEF"})],
    "step": [(m, {"slug": s}) for s in STEP_SLUGS for m in ("get", "post")],
    "step_preview": [("post", {"slug": s}) for s in STEP_SLUGS],
    "step_draft": [("post", {"slug": s}) for s in STEP_SLUGS],
    "step_draft_discard": [("post", {"slug": s}) for s in STEP_SLUGS],
    "lane_advice": [("post", {})],
    "lane_choices": [("post", {})],
    "jd_draft": [("post", {})],
    "jd_skills": [("get", {}), ("post", {})],
    "jd_compare": [("get", {"draft_id": "DRAFT"})],
    "jd_restore": [("post", {"draft_id": "DRAFT"})],
    "jd_export": [("get", {"fmt": "md"}), ("get", {"fmt": "txt"})],
    "jd_posting": [("get", {})],
    "jd_posting_json": [("get", {})],
    "loop_edit": [("post", {})],
    "loop_calendar": [("get", {})],
    "offer_edit": [("post", {})],
    "loop_kit": [("get", {})],
    "round_kit": [("get", {"number": 1})],
    "loop_kit_pdf": [("get", {})],
    "round_kit_pdf": [("get", {"number": 1})],
    "kit_prompts": [("post", {})],
    "submit": [("post", {})],
    "copy_plan": [("post", {})],
    "share_create": [("post", {})],
    "share_revoke": [("post", {"link_id": "LINK"})],
}


def named_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if "admin" not in str(pattern.pattern):
                yield from named_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name, prefix + str(pattern.pattern)


def test_it_has_a_case_for_every_url():
    engagement_urls = {name for name, route in named_patterns() if "engagement_id" in route}
    assert engagement_urls - CASES.keys() == set(), "add the new URL to CASES"
    assert CASES.keys() - engagement_urls == set(), "CASES names a URL that no longer exists"


@pytest.fixture
def secrets(engagement, manager):
    """An engagement with something to leak at every URL: a comment, a draft, a brief."""
    Comment.objects.create(engagement=engagement, author=manager, body="SECRET-COMMENT")
    engagement.answers["jd"] = {"jd_markdown": "SECRET-JD text"}
    engagement.save()
    draft = JDDraft.objects.create(
        engagement=engagement, text="SECRET-JD text", created_by=manager, label="Edited"
    )
    brief = Brief.objects.create(
        engagement=engagement, version=1, sha256="0" * 64, size=1, file="briefs/x.pdf"
    )
    link = ShareLink.objects.create(
        engagement=engagement,
        token_hash=hash_token("a-live-token"),
        version=engagement.version,
        title=engagement.title,
        answers=engagement.answers,
        created_by=manager,
        expires_at=timezone.now() + timedelta(days=14),
    )
    return {"DRAFT": draft.pk, "BRIEF": brief.pk, "LINK": link.pk}


def calls(engagement: Engagement, ids: dict):
    for name, cases in CASES.items():
        for method, extra in cases:
            kwargs = {k: ids.get(v, v) for k, v in extra.items()}
            yield method, reverse(name, kwargs={"engagement_id": engagement.pk, **kwargs})


def snapshot(engagement: Engagement) -> tuple:
    engagement.refresh_from_db()
    return (
        engagement.version,
        engagement.status,
        engagement.answers,
        Engagement.objects.count(),  # "Copy this plan" made nothing
        Comment.objects.count(),
        JDDraft.objects.count(),
        Brief.objects.count(),
        StepDraft.objects.count(),  # no draft kept for a plan the person cannot see
        list(ShareLink.objects.values_list("pk", "revoked_at")),  # none made, none revoked
    )


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter", "anonymous"])
def test_it_leaks_nothing_to_people_outside_the_company(
    client, engagement, secrets, who, other_manager, other_recruiter
):
    people = {"other_manager": other_manager, "other_recruiter": other_recruiter}
    if who in people:
        client.force_login(people[who])
    before = snapshot(engagement)
    body = {**context_post(), "action": "submit", "body": "x", "jd_markdown": "x"}
    for method, url in calls(engagement, secrets):
        response = getattr(client, method)(url, body if method == "post" else None)
        if who == "anonymous":
            assert response.status_code == 302, (method, url)
            assert response.url.startswith(reverse("login")), (method, url)
        else:
            assert response.status_code == 404, (who, method, url, response.status_code)
        content = b"" if response.streaming else response.content
        assert b"SECRET" not in content and engagement.title.encode() not in content, url
    assert snapshot(engagement) == before


def test_it_keeps_the_other_pages_behind_login(client, db):
    for name in ["home", "engagement_new", "quick_plan", "dashboard", "guide"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    # The password reset is for people who cannot log in (tests/test_password_reset.py).
    for name in ["password_reset", "password_reset_done", "password_reset_complete"]:
        assert client.get(reverse(name)).status_code == 200, name
    bad_link = reverse("password_reset_confirm", args=["MQ", "bad-token"])
    assert client.get(bad_link).status_code == 200


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter", "anonymous"])
def test_a_share_url_opens_only_with_a_live_token(
    client, engagement, secrets, who, other_manager, other_recruiter
):
    """The share page has a token, not an engagement id, and needs no login: a wrong, expired
    or revoked token is the same neutral 404 for everyone, naming neither plan nor company."""
    people = {"other_manager": other_manager, "other_recruiter": other_recruiter}
    if who in people:
        client.force_login(people[who])
    ShareLink.objects.create(
        engagement=engagement,
        token_hash=hash_token("an-expired-token"),
        version=1,
        title=engagement.title,
        answers=engagement.answers,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    ShareLink.objects.create(
        engagement=engagement,
        token_hash=hash_token("a-revoked-token"),
        version=1,
        title=engagement.title,
        answers=engagement.answers,
        expires_at=timezone.now() + timedelta(days=1),
        revoked_at=timezone.now(),
    )
    before = snapshot(engagement)
    tokens = ["a-wrong-token", "an-expired-token", "a-revoked-token", "a-live-token"[:-1]]
    for token in tokens:
        for name in ("shared_plan", "shared_brief"):
            response = client.get(reverse(name, args=[token]))
            assert response.status_code == 404, (who, name, token)
            content = response.content
            for secret in (b"SECRET", engagement.title.encode(), b"Acme", b"Globex"):
                assert secret not in content, (name, token, secret)
    assert snapshot(engagement) == before
    assert not ShareLink.objects.filter(use_count__gt=0).exists()
    # The live token opens the plan, for anyone who holds it.
    assert client.get(reverse("shared_plan", args=["a-live-token"])).status_code == 200
