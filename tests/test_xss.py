"""Markup typed into every text field of every step is text everywhere it comes back: on every
page (step pages, their live previews, the review step, the recruiter's review page and
dashboard, the home page), in the PDF brief and in the exported JSON.

Each field gets its own payload that tries both to close an attribute and to open a tag, so a
value that reached the page unescaped (in text or in an attribute) shows up as a live element.
"""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from comp.forms import CompForm
from hireplan.forms import ContextForm
from hireplan.models import User
from jd.forms import JDForm
from lanes.forms import LaneForm
from loops.forms import CompetingForm, GrantForm, LoopForm, OfferForm, RoundForm, SourcingForm
from tests.conftest import preview_url, step_url
from tests.test_hostile_input import as_post, demo, full_plan, step_fields  # noqa: F401

FORMS = {
    "context": ContextForm,
    "lane": LaneForm,
    "comp": CompForm,
    "jd": JDForm,
    "loop": LoopForm,
    "sourcing": SourcingForm,
    "offer": OfferForm,
}
ROWS = {"rounds": RoundForm, "grants": GrantForm, "competing": CompetingForm}
# Text answers that must keep markup as typed (each stored and shown back somewhere).
MUST_STORE = {
    "context:role_title",
    "context:industry",
    "lane:deliverable",
    "lane:stack_other",
    "comp:equity_note",
    "jd:model",
    "jd:serves",
    "jd:last_incident",
    "jd:new_skill",
    "jd:jd_markdown",
    "loop:rounds-0-title",
    "loop:rounds-0-purpose",
}


def payload(n: int) -> str:
    return f"\"'><img src=x onerror=alert({n})>"


class LiveMarkup(HTMLParser):
    """Collects elements a payload would have created had it reached the page unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and "alert(" in (value or ""):
                self.found.append(f"<{tag} {name}={value}>")
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def assert_inert(html: str, where: str) -> None:
    assert re.search(r"<img[^>]*onerror=alert\(", html) is None, where
    parser = LiveMarkup()
    parser.feed(html)
    assert parser.found == [], (where, parser.found)
    for n in range(200):
        assert payload(n) not in html, (where, n)


def text_fields(slug: str, fields: list[tuple[str, str]]) -> list[str]:
    """The posted names whose form field is free text (rows of formsets included)."""
    names = []
    for name, _ in fields:
        prefix, _, rest = name.partition("-")
        form_class, field_name = FORMS[slug], name
        if prefix in ROWS and rest:
            form_class, field_name = ROWS[prefix], rest.partition("-")[2]
        field = form_class.base_fields.get(field_name)
        if field is not None and type(field).__name__ == "CharField" and name not in names:
            names.append(name)
    if slug == "jd" and "new_skill" not in names:
        names.append("new_skill")
    return names


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.fixture
def typed(client, demo, full_plan):  # noqa: F811
    """The plan with a payload typed into every text field that accepts it; each response
    to those posts (the accepted and the refused) checked on the way."""
    client.force_login(demo)
    sent: dict[str, str] = {}
    number = 0
    for slug in FORMS:
        url = step_url(full_plan, slug)
        base = step_fields(client, full_plan, slug)
        for name in text_fields(slug, base):
            number += 1
            data = as_post(base)
            data[name] = [payload(number)]
            full_plan.refresh_from_db()
            data["version"] = [str(full_plan.version)]
            response = client.post(url, data)
            assert response.status_code in (200, 302)
            assert_inert(response.content.decode(), f"POST {slug} {name}")
            preview = client.post(preview_url(full_plan, slug), data)
            assert_inert(preview.content.decode(), f"preview {slug} {name}")
            if response.status_code == 302:
                sent[f"{slug}:{name}"] = payload(number)
                base = step_fields(client, full_plan, slug)
    full_plan.refresh_from_db()
    stored_strings = " ".join(strings(full_plan.answers)) + " " + full_plan.title
    stored = {key: value for key, value in sent.items() if value in stored_strings}
    assert set(stored) >= MUST_STORE, sorted(MUST_STORE - set(stored))
    return full_plan, stored


def test_it_shows_typed_markup_as_text_on_every_page(client, demo, typed):  # noqa: F811
    engagement, stored = typed
    recruiter = User.objects.get(email="recruiter@staffing.example")
    manager_pages = [reverse("home")] + [step_url(engagement, slug) for slug in [*FORMS, "review"]]
    recruiter_pages = [
        reverse("home"),
        reverse("dashboard"),
        reverse("dashboard") + "?q=" + stored["context:role_title"][:20],
        reverse("review_detail", args=[engagement.pk]),
    ]
    shown = ""
    for who, pages in ((demo, manager_pages), (recruiter, recruiter_pages)):
        client.force_login(who)
        for url in pages:
            for htmx in (False, True):
                response = client.get(url, HTTP_HX_REQUEST="true" if htmx else None)
                assert response.status_code == 200, url
                html = response.content.decode()
                assert_inert(html, url)
                shown += html
    # Shown as text, not dropped: each stored payload appears escaped somewhere.
    missing = [key for key, value in stored.items() if escape(value) not in shown]
    assert missing == []


def test_it_shows_markup_in_comments_and_status_notes_as_text(client, demo, typed):  # noqa: F811
    engagement, _ = typed
    client.force_login(demo)
    comment = payload(301)
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": comment})
    client.post(reverse("change_status", args=[engagement.pk]), {"action": "submit"})
    recruiter = User.objects.get(email="recruiter@staffing.example")
    client.force_login(recruiter)
    note = payload(302)
    client.post(
        reverse("change_status", args=[engagement.pk]),
        {"action": "request_changes", "comment": note},
    )
    engagement.refresh_from_db()
    for who, url, expected in [
        (recruiter, reverse("review_detail", args=[engagement.pk]), [comment, note]),
        (demo, step_url(engagement, "review"), [comment, note]),
        (demo, reverse("home"), [note]),  # the latest message of the thread
    ]:
        client.force_login(who)
        html = client.get(url).content.decode()
        assert_inert(html, url)
        for text in expected:
            assert escape(text) in html, (url, text)


def test_it_keeps_markup_a_plain_string_in_exported_json(client, demo, typed):  # noqa: F811
    engagement, stored = typed
    client.force_login(demo)
    for name in ["plan_json", "export_one"]:
        response = client.get(reverse(name, args=[engagement.pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
        found = set(strings(json.loads(response.content)))
        assert found & set(stored.values()), name  # exact strings, as typed
    export = json.loads(client.get(reverse("export_one", args=[engagement.pk])).content)
    assert set(stored.values()) <= set(strings(export))
    for fmt, kind in [("md", "text/markdown"), ("txt", "text/plain")]:
        response = client.get(reverse("jd_export", args=[engagement.pk, fmt]))
        assert response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_it_prints_markup_as_text_in_the_pdf(client, demo, typed):  # noqa: F811
    engagement, stored = typed
    client.force_login(demo)
    response = client.get(reverse("brief_pdf", args=[engagement.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"javascript:" not in pdf
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    printed = {key for key, value in stored.items() if value in text}
    must = {"context:role_title", "lane:deliverable", "lane:stack_other", "jd:jd_markdown"}
    assert must | {"loop:rounds-0-title", "loop:rounds-0-purpose"} <= printed, sorted(printed)
