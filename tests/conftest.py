import copy
import os
from pathlib import Path

import pytest
from django.urls import reverse

from hireplan.models import Engagement, Membership, Organization, User
from tests.mailserver import silent_smtp, smtp, smtp_down  # noqa: F401 (fixtures for every test)

# Debian's Chromium; HIREPLAN_CHROMIUM points elsewhere (a path that does not exist shows what a
# machine without Chromium runs: every test but the browser journeys).
CHROMIUM = Path(os.environ.get("HIREPLAN_CHROMIUM", "/usr/bin/chromium"))
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
PASSWORD = "correct horse battery staple"
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The header htmx sends with each request: the test client's request "comes from htmx".
HTMX = {"HTTP_HX_REQUEST": "true"}

CONTEXT_ANSWERS = {
    "role_title": "Senior ML Engineer, Search",
    "company_stage": "series_b",
    "industry": "Fintech",
    "regulated_setting": "none",
    "ml_in_seat": "none",
    "first_ml_hire": True,
    "hire_type": "direct",
    "llm_work": "some",
    "search_open_since": None,
}


def pytest_report_header(config) -> str:
    if CHROMIUM.exists():
        return f"browser journeys: run with {CHROMIUM}"
    return f"browser journeys: SKIPPED, {CHROMIUM} is missing (apt-get install -y chromium)"


def pytest_collection_modifyitems(config, items) -> None:
    """The tests under tests/browser/ are the browser journeys; without Chromium they are
    skipped and everything else runs."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_collectionfinish(config, start_path, items) -> str:
    browser = sum(1 for item in items if "browser" in item.keywords)
    if CHROMIUM.exists():
        return f"browser journeys: {browser} of {len(items)} tests, in {CHROMIUM}"
    return (
        f"browser journeys: {browser} SKIPPED ({CHROMIUM} is missing); "
        f"the other {len(items) - browser} tests run"
    )


def make_user(email: str) -> User:
    return User.objects.create_user(username=email, email=email, password=PASSWORD)


@pytest.fixture
def acme(db) -> Organization:
    return Organization.objects.create(name="Acme", slug="acme")


@pytest.fixture
def globex(db) -> Organization:
    return Organization.objects.create(name="Globex", slug="globex")


@pytest.fixture
def manager(acme) -> User:
    user = make_user("manager@acme.test")
    Membership.objects.create(user=user, organization=acme, role="hiring_manager")
    return user


@pytest.fixture
def other_manager(globex) -> User:
    user = make_user("manager@globex.test")
    Membership.objects.create(user=user, organization=globex, role="hiring_manager")
    return user


@pytest.fixture
def recruiter(acme, globex) -> User:
    """Serves both companies."""
    user = make_user("recruiter@staffing.test")
    Membership.objects.create(user=user, organization=acme, role="recruiter")
    Membership.objects.create(user=user, organization=globex, role="recruiter")
    return user


@pytest.fixture
def other_recruiter(globex) -> User:
    """Serves only Globex, so Acme's plans are outside their reach."""
    user = make_user("recruiter2@staffing.test")
    Membership.objects.create(user=user, organization=globex, role="recruiter")
    return user


@pytest.fixture
def engagement(acme, manager) -> Engagement:
    return Engagement.objects.create(
        organization=acme,
        owner=manager,
        title=CONTEXT_ANSWERS["role_title"],
        current_step="lane",
        answers={"context": CONTEXT_ANSWERS},
        saved_at_version={"context": 1},
    )


def with_steps(engagement: Engagement, **steps: dict) -> Engagement:
    """Saves answers for earlier steps straight onto the engagement."""
    for slug, answers in steps.items():
        engagement.answers[slug] = copy.deepcopy(answers)
        engagement.saved_at_version[slug] = engagement.version
    engagement.save()
    return engagement


def step_url(engagement: Engagement | int, slug: str, suffix: str = "") -> str:
    """A wizard step's URL, for an engagement or a bare id (a missing one, say)."""
    return reverse("step", args=[getattr(engagement, "pk", engagement), slug]) + suffix


def preview_url(engagement: Engagement | int, slug: str) -> str:
    return reverse("step_preview", args=[getattr(engagement, "pk", engagement), slug])


def context_post(**changes) -> dict:
    """The context form as a browser would post it."""
    data = {**CONTEXT_ANSWERS, **changes}
    data["first_ml_hire"] = "yes" if data["first_ml_hire"] is True else data["first_ml_hire"]
    data["first_ml_hire"] = "no" if data["first_ml_hire"] is False else data["first_ml_hire"]
    return {k: ("" if v is None else v) for k, v in data.items()}


# Every step after the context, in the wizard's order: what `complete` answers.
ANSWER_STEPS = ("lane", "comp", "jd", "loop", "sourcing", "offer")


@pytest.fixture
def complete(engagement):
    """The fixture plan with every step answered (the engine's sound answers), so it can be
    submitted and its brief rendered."""
    from tests.engine.support import SOUND

    for slug in ANSWER_STEPS:
        engagement.answers[slug] = copy.deepcopy(SOUND[slug])
        engagement.saved_at_version[slug] = 1
    engagement.save()
    return engagement


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored briefs go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run_queued_tasks(limit: int = 100) -> list:
    """Runs every task that is ready, as `manage.py db_worker` would, in this thread and this
    test's transaction: each ready row is claimed and run by the worker's own code. Returns
    the rows run, with their final status. (The real worker loop closes the connection between
    tasks, which a test inside a transaction cannot allow; tests/test_email_delivery.py runs
    `db_worker --batch` itself where the test commits.)"""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    done = []
    for _ in range(limit):
        row = DBTaskResult.objects.ready().first()
        if row is None:
            break
        row.claim(worker.worker_id)
        worker.run_task(row)
        row.refresh_from_db()
        done.append(row)
    return done


@pytest.fixture
def run_tasks(db):
    """The worker, on call: `run_tasks()` runs what is queued and returns the rows it ran."""
    return run_queued_tasks
