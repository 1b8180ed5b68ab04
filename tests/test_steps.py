"""The registry of steps: apps register their steps, INSTALLED_APPS decides which exist, and
every list of steps (sidebar, order, summaries, brief, transfer format) is read from it."""

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hireplan import steps, transfer
from hireplan.brief import step_sections
from hireplan.engine.inputs import STEP_ANSWERS, EngagementInput
from hireplan.plans import plan_for
from hireplan.steps import all_steps, answer_steps, get_step, progress, step_after
from hireplan.summary import Summary
from tests.conftest import with_steps
from tests.engine.support import SOUND

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["context", "lane", "comp", "jd", "loop", "sourcing", "offer", "review"]


def test_it_orders_the_registered_steps_by_position():
    assert [step.slug for step in all_steps()] == ORDER
    assert [step.slug for step in answer_steps()] == list(STEP_ANSWERS)
    assert step_after(get_step("offer")).slug == "review"
    assert step_after(get_step("review")).slug == "review"


def test_it_takes_each_steps_answer_model_from_the_engine():
    for step in answer_steps():
        assert step.schema is EngagementInput.model_fields[step.slug].annotation.__args__[0]
    assert get_step("review").schema is None


def test_it_draws_the_sidebar_from_the_registry(engagement):
    rows = progress(engagement, get_step("comp"))
    assert [row["step"].slug for row in rows] == ORDER
    assert [row["state"] for row in rows[:3]] == ["done", "todo", "current"]


def test_it_refuses_a_step_that_does_not_fit(monkeypatch):
    context = get_step("context")
    with pytest.raises(ImproperlyConfigured, match="Two wizard steps"):
        steps.register(replace(context, title="Another context"))
    with pytest.raises(ImproperlyConfigured, match="needs an answer model"):
        steps.register(replace(context, slug="salary"))
    monkeypatch.delitem(steps._steps, "offer")
    with pytest.raises(ImproperlyConfigured, match="no summary"):
        steps.register(replace(get_step("loop"), slug="offer", summary=None))
    monkeypatch.undo()
    steps.register(context)  # the same step again (ready() run twice) changes nothing
    assert [step.slug for step in all_steps()] == ORDER


def test_it_includes_the_urls_and_styles_of_the_apps_that_registered_steps(client, engagement):
    assert steps.url_modules() == ["lanes.urls", "jd.urls", "loops.urls"]
    sheets = ["css/lanes.css", "css/comp.css", "css/jd.css", "css/loops.css"]
    assert steps.stylesheets() == sheets
    page = client.get("/login/").text
    assert all(f'href="/static/{sheet}"' in page for sheet in sheets)


def test_it_builds_the_transfer_format_from_the_steps():
    answers = transfer.document_model().model_fields["engagements"].annotation.__args__[0]
    fields = answers.model_fields["answers"].annotation.model_fields
    assert list(fields) == list(STEP_ANSWERS)


def test_it_gives_each_saved_step_a_section_of_the_brief_in_order(engagement):
    with_steps(engagement, lane=SOUND["lane"], loop=SOUND["loop"], offer=SOUND["offer"])
    sections, missing = step_sections(engagement, plan_for(engagement))
    # Compensation is always there (the market benchmarks); sourcing once the lane is known.
    assert [section.slug for section in sections] == [
        "context", "lane", "comp", "loop", "sourcing", "offer",
    ]  # fmt: skip
    assert missing == ["Job description"]
    assert all(isinstance(step.summary, Summary) for step in answer_steps())


def test_it_lets_installed_apps_decide_which_steps_exist(tmp_path):
    """Without the loops app, its three steps and its URL are gone and the rest still work."""
    (tmp_path / "without_loops.py").write_text(
        textwrap.dedent(
            """
            from hireplan.settings_test import *  # noqa: F403

            INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "loops"]  # noqa: F405
            """
        )
    )
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.urls import NoReverseMatch, reverse
        from hireplan.steps import all_steps, step_after, get_step
        print(",".join(step.slug for step in all_steps()))
        print(step_after(get_step("jd")).slug)
        try:
            reverse("loop_edit", args=[1])
        except NoReverseMatch:
            print("no loop editor")
        print(reverse("jd_draft", args=[1]))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "without_loops", "PYTHONPATH": f"{tmp_path}:{ROOT}"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "context,lane,comp,jd,review",
        "review",
        "no",
        "loop",
        "editor",
        "/engagements/1/jd/draft/",
    ]
