"""Reliability: the friendly 503 when the database is out of reach, saves that are atomic and
never silently lost under concurrent writers, a failed PDF that changes nothing, and nothing
a user needs kept in one process's memory (so several app servers can share one database).

The same promises are measured against the real app under gunicorn by bench/load.py and
bench/faults.py (docs/reliability.md); these tests keep them in the normal suite.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, InterfaceError, OperationalError, connections
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from bench.load import form_with
from hireplan.middleware import is_database_unavailable
from hireplan.models import Activity, Brief, Engagement
from tests.conftest import context_post, step_url

ROOT = Path(__file__).resolve().parent.parent
FRIENDLY = "Hireplan is back in a moment"


@contextmanager
def database_down(error=OperationalError):
    """Every query fails as it does when the server is gone (connection refused)."""

    def refuse(*args, **kwargs):
        raise error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with (
        mock.patch.object(CursorWrapper, "execute", refuse),
        mock.patch.object(CursorWrapper, "executemany", refuse),
    ):
        yield


# ----------------------------------------------------------------------------- database down
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_it_shows_the_friendly_page_when_the_database_is_gone(engagement, manager, error):
    # The first query is the session lookup, in a middleware long before any view runs.
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    with database_down(error):
        response = client.get(step_url(engagement, "context"))
    assert response.status_code == 503
    assert FRIENDLY in response.text
    assert "Everything you saved before is safe" in response.text
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Traceback" not in response.text and "5432" not in response.text
    # It passes through the security middleware like every other page.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get(step_url(engagement, "context")).status_code == 200  # and recovers by itself


def test_it_answers_503_to_a_save_and_stores_nothing(engagement, manager):
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    with database_down():
        response = client.post(
            step_url(engagement, "context"), context_post(industry="Lost", version=1)
        )
    assert response.status_code == 503 and FRIENDLY in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1 and engagement.answers["context"]["industry"] == "Fintech"


def test_it_answers_503_to_htmx_requests_too(engagement, manager):
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    with database_down():
        response = client.get(step_url(engagement, "context"), HTTP_HX_REQUEST="true")
    assert response.status_code == 503


def test_it_shows_the_friendly_page_when_a_view_loses_the_database(
    client, engagement, manager, monkeypatch
):
    """A view that fails half-way (after the session was read) gets the same page."""
    client.force_login(manager)

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("hireplan.views.access.get_engagement", gone)
    response = client.get(step_url(engagement, "context"))
    assert response.status_code == 503 and FRIENDLY in response.text


def test_it_renders_the_503_page_without_touching_the_database(engagement, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hireplan.middleware import unavailable_response

    with CaptureQueriesContext(connection) as queries:
        response = unavailable_response()
    assert len(queries) == 0 and response.status_code == 503


def test_it_keeps_a_500_for_errors_that_are_not_an_outage(engagement, manager, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(manager)

    def broken(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("hireplan.views.access.get_engagement", broken)
    response = client.get(step_url(engagement, "context"))
    assert response.status_code == 500
    assert FRIENDLY not in response.text


def test_it_recognises_an_outage_wrapped_in_another_error():
    try:
        try:
            raise OperationalError("could not connect")
        except OperationalError as inner:
            raise RuntimeError("rendering failed") from inner
    except RuntimeError as outer:
        assert is_database_unavailable(outer)
    assert not is_database_unavailable(ValueError("no"))
    assert not is_database_unavailable(None)


def test_it_says_so_on_healthz_when_the_database_is_gone(client, db):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


# ----------------------------------------------------------------------------- atomic saves
def test_it_leaves_no_half_saved_step_when_a_save_fails_midway(engagement, manager, monkeypatch):
    """The engagement row is written first, the history entry second: when the second fails
    (the process dies, the connection drops) the first is rolled back with it."""
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    real_create = Activity.objects.create

    def fail_on_history(**kwargs):
        if kwargs.get("kind") == Activity.Kind.STEP_SAVED:
            raise OperationalError("server closed the connection unexpectedly")
        return real_create(**kwargs)

    monkeypatch.setattr(Activity.objects, "create", fail_on_history)
    response = client.post(
        step_url(engagement, "context"), context_post(industry="Half", version=1)
    )
    assert response.status_code == 503
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert engagement.answers["context"]["industry"] == "Fintech"
    assert engagement.saved_at_version == {"context": 1}
    assert not Activity.objects.filter(kind=Activity.Kind.STEP_SAVED).exists()


# ----------------------------------------------------------------------------- 16 writers
WRITERS = 16


def post_together(clients: list[Client], url_for, data_for) -> list:
    """Each client posts from its own thread; a barrier releases them at the same moment."""
    gate = threading.Barrier(len(clients))

    def post(index: int):
        try:
            gate.wait(timeout=30)
            return clients[index].post(url_for(index), data_for(index))
        finally:
            connections.close_all()  # this thread's connection; the pool thread lives on

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(post, range(len(clients))))


def writers(manager, count: int = WRITERS) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=True)
        client.force_login(manager)
        clients.append(client)
    return clients


@pytest.mark.django_db(transaction=True)
def test_it_saves_sixteen_plans_at_once_without_a_locked_database(engagement, manager):
    plans = [engagement] + [
        Engagement.objects.create(
            organization=engagement.organization,
            owner=manager,
            title=engagement.title,
            answers=engagement.answers,
            saved_at_version={"context": 1},
        )
        for _ in range(WRITERS - 1)
    ]
    responses = post_together(
        writers(manager),
        lambda i: step_url(plans[i], "context"),
        lambda i: context_post(industry=f"Writer {i}", version=1),
    )
    assert [r.status_code for r in responses] == [302] * WRITERS
    for index, plan in enumerate(plans):
        plan.refresh_from_db()
        assert plan.version == 2
        assert plan.answers["context"]["industry"] == f"Writer {index}"


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_sixteen_writers_on_one_plan_win_and_tells_the_rest(engagement, manager):
    responses = post_together(
        writers(manager),
        lambda i: step_url(engagement, "context"),
        lambda i: context_post(industry=f"Writer {i}", version=1),
    )
    statuses = [r.status_code for r in responses]
    assert statuses.count(302) == 1 and statuses.count(200) == WRITERS - 1
    winner = statuses.index(302)
    for index, response in enumerate(responses):
        if index != winner:
            assert "saved this step while you were editing" in response.text
            # Their input is still on the page, ready to save again on purpose.
            assert f'value="Writer {index}"' in response.text
    engagement.refresh_from_db()
    assert engagement.version == 2
    assert engagement.answers["context"]["industry"] == f"Writer {winner}"
    assert Activity.objects.filter(kind=Activity.Kind.STEP_SAVED).count() == 1


def test_it_lets_the_refused_writer_keep_their_answer_by_saving_again(engagement, manager):
    first, second = writers(manager, 2)
    pages = [c.get(step_url(engagement, "context")).text for c in (first, second)]
    forms = [form_with(page, "version")["fields"] for page in pages]
    assert (
        first.post(
            step_url(engagement, "context"), dict(forms[0]) | {"industry": "First"}
        ).status_code
        == 302
    )
    refused = second.post(step_url(engagement, "context"), dict(forms[1]) | {"industry": "Second"})
    assert refused.status_code == 200
    again = form_with(refused.text, "version")["fields"]
    assert ("industry", "Second") in again and ("version", "2") in again
    assert second.post(step_url(engagement, "context"), dict(again)).status_code == 302
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Second" and engagement.version == 3


# ----------------------------------------------------------------------------- PDF failures
def test_it_explains_a_broken_brief_template_and_changes_nothing(
    client, engagement, manager, settings, tmp_path, media_root
):
    broken = tmp_path / "templates" / "brief"
    broken.mkdir(parents=True)
    (broken / "brief.html").write_text("{% if %}a template that does not parse{% endif %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    client.force_login(manager)
    response = client.get(reverse("brief_pdf", args=[engagement.pk]))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "couldn’t make the PDF brief" in response.text
    assert engagement.title in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1 and not Brief.objects.exists()
    media = Path(media_root)
    assert (list(media.rglob("*.pdf")) if media.exists() else []) == []  # no file left behind
    # The plan itself still opens.
    assert client.get(step_url(engagement, "review")).status_code == 200


# ----------------------------------------------------------------------------- stateless servers
def test_it_keeps_nothing_a_user_needs_in_one_process():
    """Sessions, login attempts and messages live in the database or the browser; briefs in
    shared storage. Several app servers on one database can then serve the same person."""
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert django_settings.MESSAGE_STORAGE in {
        "django.contrib.messages.storage.fallback.FallbackStorage",
        "django.contrib.messages.storage.cookie.CookieStorage",
        "django.contrib.messages.storage.session.SessionStorage",
    }
    assert django_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert django_settings.STORAGES["default"]["BACKEND"] != (
        "django.core.files.storage.InMemoryStorage"
    )
    # Nothing in the app caches user data in a process: Django's cache is not used at all.
    users = [
        str(path.relative_to(ROOT))
        for app in ("hireplan", "comp", "jd", "lanes", "loops")
        for path in (ROOT / app).rglob("*.py")
        if "django.core.cache" in path.read_text()
    ]
    assert users == [], "a process-local cache would differ between app servers"
