"""Error pages (issue 18): a body over Django's size limit is a 413 page in the app's layout,
any other unreadable request a 400 page; both render with no database and no user. /healthz
answers plain HTTP behind SECURE_SSL_REDIRECT; the documented release check passes."""

import re
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import DatabaseError
from django.test import Client, RequestFactory

from hireplan.views import bad_request, size_label
from tests.conftest import HTMX, step_url
from tests.test_project import GOOD_KEY, run_django

TEN_MB = 10 * 1024 * 1024


def oversized_jd() -> str:
    """The JD step's form with a 10 MB job description, urlencoded as a browser posts it."""
    return urlencode({"jd_markdown": "We want a senior ML engineer. " * (TEN_MB // 30 + 1)})


def assert_in_layout(page: str) -> None:
    """The app's own page: its stylesheet, its scripts from our static files, its header and
    footer; and no inline script (the CSP allows none)."""
    assert 'href="/static/css/app.css"' in page
    assert 'src="/static/js/app.js"' in page
    assert 'class="topbar"' in page and 'class="footer"' in page
    assert 'id="main"' in page
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None


def assert_csp(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


# ----------------------------------------------------------------------------- 413
def test_it_answers_a_plain_post_over_the_limit_with_the_413_page(client, engagement, manager):
    client.force_login(manager)
    response = client.post(
        step_url(engagement, "jd"),
        data=oversized_jd(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    page = response.text
    assert_in_layout(page)
    assert_csp(response)
    assert "Error 413" in page
    limit = size_label(django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert f"That was more than we accept in one go ({limit})" in page
    assert "Nothing was saved. Your work on the page is still there: shorten the text" in page
    assert response["Cache-Control"] == "no-store"
    engagement.refresh_from_db()
    assert "jd" not in engagement.answers


def test_it_answers_an_htmx_post_over_the_limit_with_413_and_a_message_to_show(
    client, engagement, manager
):
    client.force_login(manager)
    response = client.post(
        step_url(engagement, "jd"),
        data=oversized_jd(),
        content_type="application/x-www-form-urlencoded",
        **HTMX,
    )
    assert response.status_code == 413
    # static/js/app.js shows the parts marked data-error-message in the page.
    marked = re.findall(r"<(h1|p)[^>]*data-error-message[^>]*>(.*?)</\1>", response.text, re.S)
    assert [tag for tag, _ in marked] == ["h1", "p"]
    assert "more than we accept in one go" in marked[0][1]
    assert "shorten the text and try again" in marked[1][1]


def test_it_answers_413_when_the_csrf_check_reads_the_body_first(engagement, manager):
    """A real browser's post is read by the CSRF check, before any view: still the 413."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    url = step_url(engagement, "jd")
    client.get(url)
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post(
        url,
        data=oversized_jd(),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=token,
        **HTMX,
    )
    assert response.status_code == 413
    assert "more than we accept in one go" in response.text


def test_it_answers_a_multipart_post_over_the_limit_with_413(client, engagement, manager):
    client.force_login(manager)
    response = client.post(step_url(engagement, "jd"), data={"jd_markdown": "x" * TEN_MB})
    assert response.status_code == 413


def test_it_quotes_the_limit_that_is_configured(client, engagement, manager, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(manager)
    response = client.post(
        step_url(engagement, "jd"),
        data=urlencode({"jd_markdown": "x" * (1024 * 1024 + 1)}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "more than we accept in one go (1 MB)" in response.text


@pytest.mark.parametrize(
    ("size", "label"),
    [(2_621_440, "2.5 MB"), (TEN_MB, "10 MB"), (512 * 1024, "512 KB"), (None, "")],
)
def test_it_says_sizes_as_people_read_them(size, label):
    assert size_label(size) == label


# ----------------------------------------------------------------------------- 400
def test_it_answers_a_malformed_post_with_the_400_page(client, engagement, manager):
    client.force_login(manager)
    # A multipart body without its boundary: Django cannot read it.
    response = client.post(
        step_url(engagement, "jd"), data=b"abc", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    page = response.text
    assert_in_layout(page)
    assert_csp(response)
    assert "Error 400" in page
    assert "We couldn’t read that request" in page
    assert "so nothing was saved" in page
    assert "more than we accept" not in page


def test_it_answers_too_many_fields_with_the_400_page(client, engagement, manager):
    client.force_login(manager)
    fields = "&".join(
        f"field{i}=1" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)
    )
    response = client.post(
        step_url(engagement, "jd"), data=fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "We couldn’t read that request" in response.text


def test_it_answers_a_bad_host_with_the_400_page(client, db):
    response = client.get("/", HTTP_HOST="not a host!")
    assert response.status_code == 400
    assert_in_layout(response.text)


# ----------------------------------------------------------------------------- no database
@pytest.mark.parametrize(
    ("exception", "status"),
    [
        (RequestDataTooBig("too big"), 413),
        (BadRequest("bad"), 400),
        (None, 400),
    ],
)
def test_it_renders_the_error_pages_without_a_database_or_a_user(exception, status):
    """No `db` fixture: any query here would fail the test. The request carries no user and no
    session, as when the failure came before the middleware that adds them."""
    request = RequestFactory().post("/engagements/1/jd/")
    response = bad_request(request, exception)
    assert response.status_code == status
    page = response.content.decode()
    assert_in_layout(page)
    assert "Log out" not in page


# ----------------------------------------------------------------------------- healthz
@pytest.fixture
def ssl_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_it_answers_healthz_over_plain_http_despite_the_ssl_redirect(client, db, ssl_redirect):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    # Every other path still goes to HTTPS.
    assert client.get("/login/").status_code == 301
    assert client.get("/healthz-not").status_code == 301


def test_it_answers_503_on_healthz_over_plain_http_when_the_database_is_gone(
    client, db, ssl_redirect
):
    with mock.patch("hireplan.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


# ----------------------------------------------------------------------------- release check
# The environment docs/deployment.md gives every server ("Every server gets the same
# environment"), SECURE_HSTS_PRELOAD left unset as it says until the domain is preloaded.
DOCUMENTED_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": GOOD_KEY,
    "DATABASE_URL": "postgres://hireplan:secret@db.internal:5432/hireplan",
    "ALLOWED_HOSTS": "hireplan.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://hireplan.example.com",
    "MEDIA_ROOT": "/srv/hireplan-media",
    "TRUSTED_PROXIES": "1",
    "SITE_URL": "https://hireplan.example.com",
}
RELEASE_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def test_it_passes_the_documented_release_check_before_the_domain_is_preloaded():
    result = run_django(DOCUMENTED_ENVIRONMENT, *RELEASE_CHECK)
    assert result.returncode == 0, result.stderr
    assert "no issues (1 silenced)" in result.stdout


def test_it_passes_it_with_nothing_silenced_once_preload_is_on():
    result = run_django(DOCUMENTED_ENVIRONMENT | {"SECURE_HSTS_PRELOAD": "1"}, *RELEASE_CHECK)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_it_still_fails_the_release_check_on_any_other_warning():
    result = run_django(DOCUMENTED_ENVIRONMENT | {"SECURE_HSTS_SECONDS": "0"}, *RELEASE_CHECK)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
