"""Read-only links for the client (hireplan/sharing.py, issue 20)."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hireplan import sharing
from hireplan.models import Activity, Brief, Comment, Engagement, ShareLink
from tests.conftest import make_user
from tests.test_brief import pdf_text

LINK = re.compile(r"https?://\S+/shared/([A-Za-z0-9_-]+)/")


def make_link(client, engagement: Engagement, user, **post) -> str:
    """Makes a link as `user` through the page's form; returns the token from the message."""
    client.force_login(user)
    response = client.post(reverse("share_create", args=[engagement.pk]), post)
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    match = LINK.search(text)
    assert match, text
    client.logout()
    return match.group(1)


def shared(token: str) -> str:
    return reverse("shared_plan", args=[token])


def test_a_recruiter_makes_a_link_and_only_its_hash_is_kept(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    link = ShareLink.objects.get()
    assert len(token) >= 43  # token_urlsafe(32)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ShareLink.objects.values().get())
    assert link.created_by == recruiter and link.version == engagement.version
    assert link.title == engagement.title and link.answers == engagement.answers
    days = (link.expires_at - timezone.now()) / timedelta(days=1)
    assert 13.9 < days <= 14
    activity = Activity.objects.get(kind=Activity.Kind.SHARED)
    assert activity.actor == recruiter and activity.engagement == engagement


def test_the_plans_hiring_manager_makes_one_for_the_days_asked(client, engagement, manager):
    client.force_login(manager)
    response = client.post(reverse("share_create", args=[engagement.pk]), {"days": "30"})
    assert response.url == reverse("step", args=[engagement.pk, "review"])
    link = ShareLink.objects.get()
    assert 29.9 < (link.expires_at - timezone.now()) / timedelta(days=1) <= 30
    for days in ("0", "91", "x"):
        client.post(reverse("share_create", args=[engagement.pk]), {"days": days})
    assert ShareLink.objects.count() == 1


def test_the_review_pages_list_links_with_their_use(client, engagement, recruiter, manager):
    token = make_link(client, engagement, recruiter)
    client.get(shared(token))
    for user, url in [
        (recruiter, reverse("review_detail", args=[engagement.pk])),
        (manager, reverse("step", args=[engagement.pk, "review"])),
    ]:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Read-only links" in page
        assert f"by {recruiter}" in page and "opened 1 time," in page and "Works until" in page
        assert token not in page  # the link itself was shown once, in the message


def test_the_list_tells_live_expired_and_revoked_links_apart(client, engagement, recruiter):
    for _ in range(3):
        make_link(client, engagement, recruiter)
    expired, revoked, live = ShareLink.objects.order_by("pk")
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    ShareLink.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[engagement.pk])).content.decode()
    items = re.findall(r'<li class="share-item" data-share-link="(\d+)">(.*?)</li>', page, re.S)
    states = {int(pk): body for pk, body in items}
    assert "Expired" in states[expired.pk] and "Revoke" not in states[expired.pk]
    assert "Revoked" in states[revoked.pk] and "<button" not in states[revoked.pk]
    assert "Works until" in states[live.pk] and "Revoke" in states[live.pk]


def test_people_outside_the_plan_cannot_share_or_revoke(
    client, engagement, recruiter, other_manager, other_recruiter, acme
):
    token = make_link(client, engagement, recruiter)
    link = ShareLink.objects.get()
    colleague = make_user("colleague@acme.test")
    acme.memberships.create(user=colleague, role="hiring_manager")
    for user in (other_manager, other_recruiter, colleague):
        client.force_login(user)
        create = client.post(reverse("share_create", args=[engagement.pk]))
        revoke = client.post(reverse("share_revoke", args=[engagement.pk, link.pk]))
        assert create.status_code == revoke.status_code == 404, user
    assert ShareLink.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None
    assert client.get(shared(token)).status_code == 200


def test_a_link_is_revoked_only_through_its_own_plan(client, engagement, recruiter, globex):
    other = Engagement.objects.create(organization=globex, owner=recruiter, title="Other plan")
    make_link(client, engagement, recruiter)
    link = ShareLink.objects.get()
    client.force_login(recruiter)
    response = client.post(reverse("share_revoke", args=[other.pk, link.pk]))
    assert response.status_code == 404


def test_the_page_shows_the_snapshot_and_says_a_newer_version_exists(
    client, complete, recruiter, manager
):
    token = make_link(client, complete, recruiter)
    version = complete.version
    complete.title = "Renamed LATER-EDIT plan"
    # A new dict: the fixture's answers share the conftest's CONTEXT_ANSWERS.
    complete.answers = {**complete.answers, "context": {**complete.answers["context"]}}
    complete.answers["context"]["industry"] = "LATER-INDUSTRY"
    complete.version += 1
    complete.save()
    response = client.get(shared(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Senior ML Engineer, Search" in page and "Acme" in page
    assert "LATER" not in page
    assert "Fintech" in page  # a summary row of the snapshot
    assert f"Version {version} of the plan" in page
    assert f"it is now at version {version + 1}" in page
    for chart in ('id="brief-band-chart"', "chart-timeline"):
        assert chart in page  # the brief's charts
    # The sources lead to the page's own list, not into the app.
    assert 'href="#claim-' in page and reverse("guide") not in page
    assert 'id="claim-' in page


def test_the_page_shows_no_comments_history_or_app(client, engagement, recruiter, manager):
    Comment.objects.create(engagement=engagement, author=manager, body="SECRET-COMMENT")
    token = make_link(client, engagement, recruiter)
    page = client.get(shared(token)).content.decode()
    assert "SECRET-COMMENT" not in page and "History" not in page
    assert "newer" not in page and "now at version" not in page
    assert 'href="/"' not in page and reverse("dashboard") not in page
    assert reverse("login") not in page and "<script" not in page and "<form" not in page


def test_it_sends_noindex_no_referrer_and_the_csp(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    for url in (shared(token), shared("not-a-token")):
        response = client.get(url)
        assert response["X-Robots-Tag"].startswith("noindex")
        assert response["Referrer-Policy"] == "no-referrer"
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
        assert b'<meta name="robots" content="noindex' in response.content


def gone(client, url: str, engagement: Engagement) -> None:
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link does not open anything" in page
    assert engagement.title not in page and engagement.organization.name not in page


def test_expired_revoked_and_unknown_links_are_the_same_neutral_404(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    link = ShareLink.objects.get()
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    gone(client, shared(token), engagement)
    gone(client, reverse("shared_brief", args=[token]), engagement)
    ShareLink.objects.update(expires_at=timezone.now() + timedelta(days=1))
    assert client.get(shared(token)).status_code == 200
    client.force_login(recruiter)
    response = client.post(reverse("share_revoke", args=[engagement.pk, link.pk]))
    assert response.url == reverse("review_detail", args=[engagement.pk])
    client.logout()
    gone(client, shared(token), engagement)
    gone(client, reverse("shared_brief", args=[token]), engagement)
    gone(client, shared(token[:-1] + ("A" if token[-1] != "A" else "B")), engagement)
    assert Activity.objects.filter(kind=Activity.Kind.SHARE_REVOKED).count() == 1
    link.refresh_from_db()
    assert link.revoked_at is not None
    client.force_login(recruiter)  # revoking again changes nothing
    client.post(reverse("share_revoke", args=[engagement.pk, link.pk]))
    assert Activity.objects.filter(kind=Activity.Kind.SHARE_REVOKED).count() == 1


def test_opens_are_counted_and_a_visit_enters_the_history_once(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    for _ in range(3):
        assert client.get(shared(token)).status_code == 200
    link = ShareLink.objects.get()
    assert link.use_count == 3 and link.last_used_at is not None
    opened = Activity.objects.filter(kind=Activity.Kind.SHARE_OPENED)
    assert opened.count() == 1 and opened.get().actor is None
    # A visit after a quiet spell is a new one.
    ShareLink.objects.update(last_used_at=timezone.now() - sharing.OPEN_QUIET - timedelta(1))
    client.get(shared(token))
    assert opened.count() == 2
    assert ShareLink.objects.get().use_count == 4
    client.force_login(recruiter)
    history = client.get(reverse("review_detail", args=[engagement.pk])).text
    assert "<strong>Someone with a read-only link</strong> opened the plan" in history


def test_the_brief_of_the_current_version_is_the_plans_own(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    response = client.get(reverse("shared_brief", args=[token]), {"paper": "a4"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Referrer-Policy"] == "no-referrer"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Senior ML Engineer, Search" in text
    brief = Brief.objects.get()
    assert brief.version == engagement.version and brief.paper == "a4"


def test_the_brief_of_an_older_version_comes_from_the_snapshot(client, engagement, recruiter):
    token = make_link(client, engagement, recruiter)
    engagement.title = "Renamed LATER plan"
    context = {**engagement.answers["context"], "role_title": "Renamed LATER plan"}
    engagement.answers = {**engagement.answers, "context": context}
    engagement.version += 1
    engagement.save()
    response = client.get(reverse("shared_brief", args=[token]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Senior ML Engineer, Search" in text and "LATER" not in text
    # Kept under the link's version, which its snapshot is; the plan's own is untouched.
    brief = Brief.objects.get()
    assert brief.version == engagement.version - 1
    engagement.refresh_from_db()
    assert engagement.title == "Renamed LATER plan"


@pytest.mark.parametrize("method", ["post", "put"])
def test_the_share_page_is_read_only(client, engagement, recruiter, method):
    token = make_link(client, engagement, recruiter)
    assert getattr(client, method)(shared(token)).status_code == 405


def test_the_page_carries_the_firms_brand(client, engagement, recruiter):
    from hireplan.models import FirmBrand

    token = make_link(client, engagement, recruiter)
    client.logout()
    assert "Northwind Talent" not in client.get(shared(token)).text  # neutral until set
    FirmBrand.objects.create(name="Northwind Talent", contact="riley@northwind.example")
    page = client.get(shared(token)).text
    assert '<span class="firm-name">Northwind Talent</span>' in page
    assert "riley@northwind.example" in page
