"""Simultaneous saves: none fails with "database is locked", none is lost; and a save sent
together with a submit never changes a plan in review (issue 18)."""

import copy
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hireplan.context_step import CONTEXT
from hireplan.engine.answers import ContextAnswers
from hireplan.models import Activity, Engagement
from hireplan.wizard import PlanLocked, save_answers
from hireplan.workflow import Action, change_status
from jd.models import JDDraft
from tests.conftest import CONTEXT_ANSWERS, context_post, step_url
from tests.engine.support import SOUND

WRITERS = 8
ROUNDS = 20
STEPS = ("lane", "comp", "jd", "loop", "sourcing", "offer")


@pytest.mark.django_db(transaction=True)
def test_it_queues_simultaneous_saves_instead_of_failing(engagement):
    def save(n: int) -> int:
        try:
            answers = ContextAnswers(**{**CONTEXT_ANSWERS, "industry": f"Writer {n}"})
            saved = save_answers(engagement, CONTEXT, answers, base_version=None, next_slug="lane")
            return saved.version
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        versions = list(pool.map(save, range(WRITERS)))

    engagement.refresh_from_db()
    assert sorted(versions) == list(range(2, 2 + WRITERS))  # every save got its own version
    assert engagement.version == 1 + WRITERS
    assert engagement.answers["context"]["industry"].startswith("Writer ")


# ------------------------------------------------------------------ save against submit
def complete_plan(engagement: Engagement) -> Engagement:
    """A copy of the fixture plan with every step answered, so it can be submitted."""
    plan = Engagement.objects.create(
        organization=engagement.organization,
        owner=engagement.owner,
        title=engagement.title,
        current_step="review",
        answers={"context": dict(CONTEXT_ANSWERS)},
        saved_at_version={"context": 1},
    )
    for slug in STEPS:
        plan.answers[slug] = copy.deepcopy(SOUND[slug])
        plan.saved_at_version[slug] = 1
    plan.save()
    return plan


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_thread(work):
    """Runs `work` on its own database connection, closed afterwards."""

    def run():
        try:
            return work()
        finally:
            connection.close()

    return run


def submitted_at(plan: Engagement) -> Activity:
    return plan.activities.get(kind=Activity.Kind.STATUS_CHANGED, to_status="in_review")


def assert_one_came_first(plan: Engagement, before: dict, industry: str) -> str:
    """Either the save landed before the submit (the plan went for review with it, one version
    on) or the submit came first (nothing of the save was stored). Never a changed plan in
    review. Returns which one happened."""
    plan.refresh_from_db()
    assert plan.status == Engagement.Status.IN_REVIEW
    saves = list(plan.activities.filter(kind=Activity.Kind.STEP_SAVED))
    if plan.answers["context"]["industry"] == industry:
        assert plan.version == 2
        assert [save.version for save in saves] == [2]
        assert submitted_at(plan).version == 2  # submitted after the save, with it
        assert saves[0].created_at <= submitted_at(plan).created_at
        return "save first"
    assert plan.answers == before
    assert plan.version == 1
    assert saves == []
    assert submitted_at(plan).version == 1
    return "submit first"


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_submit_never_changes_a_plan_in_review(engagement, manager):
    """The issue's race, free-running: a step save and a submit started together behind a
    barrier, through the real views, each on its own connection. Rounds take turns giving
    the head start: on even rounds the submit waits a random pause of up to 30 ms, on odd
    rounds the save does (a save is slower than a submit, so a pause on one side alone gives
    one order only), so both orders and the close calls between them come up. Same code path
    on SQLite and PostgreSQL."""
    rng = random.Random(18)
    outcomes = []
    for round_ in range(ROUNDS):
        plan = complete_plan(engagement)
        before = copy.deepcopy(plan.answers)
        industry = f"Round {round_}"
        saver, submitter = signed_in(manager), signed_in(manager)
        barrier = threading.Barrier(2)
        pause = rng.uniform(0, 0.03)
        save_pause, submit_pause = (0.0, pause) if round_ % 2 == 0 else (pause, 0.0)

        def save(plan=plan, saver=saver, barrier=barrier, industry=industry, pause=save_pause):
            barrier.wait()
            threading.Event().wait(pause)
            return saver.post(step_url(plan, "context"), context_post(industry=industry))

        def submit(plan=plan, submitter=submitter, barrier=barrier, pause=submit_pause):
            barrier.wait()
            threading.Event().wait(pause)
            return submitter.post(reverse("submit", args=[plan.pk]))

        with ThreadPoolExecutor(max_workers=2) as pool:
            saved = pool.submit(in_thread(save))
            sent = pool.submit(in_thread(submit))
            assert saved.result().status_code in (200, 302)
            assert sent.result().status_code == 302
        outcomes.append(assert_one_came_first(plan, before, industry))
    assert set(outcomes) == {"save first", "submit first"}, outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["step", "jd_draft"])
def test_a_save_checked_before_a_submit_stores_nothing_after_it(
    engagement, manager, monkeypatch, path
):
    """The race's losing order, forced every round: the save passes the view's can_edit check
    while the plan is a draft, the submit commits, and only then does the save reach the row.
    It must find the plan locked, store nothing (no answers, no version, no JD history) and
    answer as any change to a locked plan does."""
    plan = complete_plan(engagement)
    before = copy.deepcopy(plan.answers)
    checked, submitted = threading.Event(), threading.Event()

    def hold(module: str):
        real = __import__(module, fromlist=["validate"]).validate

        def validate(*args, **kwargs):
            checked.set()  # the view has passed its editability check
            assert submitted.wait(10)
            return real(*args, **kwargs)

        monkeypatch.setattr(f"{module}.validate", validate)

    if path == "step":
        hold("hireplan.views")
        target = step_url(plan, "context")
        data = context_post(industry="Too late")
    else:
        hold("jd.views")
        target = reverse("jd_draft", args=[plan.pk])
        data = {**SOUND["jd"], "ranked_skills": SOUND["jd"]["ranked_skills"], "degree": "none"}
        data = {k: ("" if v is None else v) for k, v in data.items() if k != "phd_required"}
        data |= {"jd_markdown": "An edit that must not be kept.", "version": "1"}
    saver = signed_in(manager)

    def save():
        return saver.post(target, data)

    def submit():
        assert checked.wait(10)
        try:
            change_status(plan, Action.SUBMIT, manager, role="hiring_manager")
        finally:
            submitted.set()

    with ThreadPoolExecutor(max_workers=2) as pool:
        saved = pool.submit(in_thread(save))
        pool.submit(in_thread(submit)).result()
        response = saved.result()

    plan.refresh_from_db()
    assert plan.status == Engagement.Status.IN_REVIEW
    assert (plan.answers, plan.version) == (before, 1)
    assert not plan.activities.filter(kind=Activity.Kind.STEP_SAVED).exists()
    assert not JDDraft.objects.filter(engagement=plan).exists()
    # Either path answers as any change to a locked plan does: back to the step, with the
    # reason (wizard.locked_response).
    assert response.status_code == 302
    page = saver.get(response["Location"]).text
    assert "locked" in page and "Nothing was saved." in page


@pytest.mark.django_db(transaction=True)
def test_save_answers_refuses_a_plan_locked_since_it_was_loaded(engagement):
    stale = Engagement.objects.get(pk=engagement.pk)  # loaded as a draft
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.IN_REVIEW)
    answers = ContextAnswers(**{**CONTEXT_ANSWERS, "industry": "Too late"})
    with pytest.raises(PlanLocked):
        save_answers(stale, CONTEXT, answers, base_version=None, next_slug="lane")
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == CONTEXT_ANSWERS["industry"]
    assert engagement.version == 1
