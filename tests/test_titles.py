"""Titles: every title a user types is one line of visible text, with no direction overrides.

The engine's `Title` type refuses the rest (hireplan/engine/answers/titles.py), and so does
each form a title is typed into, beside the field: the context step, the new-plan page and
its live advice, and a round of the interview loop."""

import html
import re

import pytest
from django.urls import reverse
from pydantic import ValidationError

from hireplan.context_step import CONTEXT
from hireplan.engine.answers import ContextAnswers, Round
from hireplan.engine.answers.titles import title_problem
from hireplan.forms import ContextForm
from hireplan.models import Activity, Engagement
from hireplan.wizard import validate
from tests.conftest import CONTEXT_ANSWERS, HTMX, context_post, preview_url, step_url, with_steps
from tests.engine.support import SOUND
from tests.test_loop_step import loop_post

ONE_LINE = "Keep the title to one line of plain text: it holds a line break or control code."
OVERRIDE = (
    "The title holds an invisible direction override that changes how it displays. "
    "Type it again without pasting."
)
INVISIBLE = "The title has no visible characters. Give it a name people can read."

# (typed title, the message beside the field). Line breaks and controls sit inside the title:
# a form strips them from the ends like any other white space.
BAD_TITLES = [
    pytest.param("ML\r\nEngineer", ONE_LINE, id="crlf"),
    pytest.param("ML\rEngineer", ONE_LINE, id="cr"),
    pytest.param("ML\nEngineer", ONE_LINE, id="lf"),
    pytest.param("ML\tEngineer", ONE_LINE, id="tab"),
    # Django's CharField refuses a NUL before the title check, in its own words.
    pytest.param("ML\x00Engineer", "Null characters are not allowed.", id="nul"),
    pytest.param("ML\u2028Engineer", ONE_LINE, id="line-separator"),
    pytest.param("ML Engineer\u202efdp.exe", OVERRIDE, id="rlo"),
    pytest.param("\u2066ML Engineer\u2069", OVERRIDE, id="isolate"),
    pytest.param("\u200b\u200b", INVISIBLE, id="zero-width-spaces"),
    pytest.param("\u3164\u3164", INVISIBLE, id="hangul-fillers"),
]
GOOD_TITLES = [
    "Senior ML Engineer, Search",
    "مهندس تعلم الآلة",  # Arabic, right to left
    "מהנדס למידת מכונה",  # Hebrew
    "ML Engineer 🚀",  # a normal space and an emoji: the boundary
    "Ingénieur·e ML — Recherche",
]


def field_errors(page: str, field_id: str) -> list[str]:
    """The messages in the error list the field points to (aria-describedby="<id>_error")."""
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}_error"[^>]*id="{field_id}"', page)
    found = re.search(rf'<ul class="field-errors" id="{field_id}_error">(.*?)</ul>', page, re.S)
    assert found, f"no errors beside {field_id}"
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


# ----------------------------------------------------------------------------- the engine
@pytest.mark.parametrize("title", GOOD_TITLES)
def test_it_accepts_plain_and_right_to_left_titles(title):
    assert title_problem(title) is None
    assert ContextAnswers.model_validate({**CONTEXT_ANSWERS, "role_title": title}).role_title == (
        title
    )
    round_ = Round(kind="other", title=title, minutes=45, interviewer_role="engineer")
    assert round_.title == title


@pytest.mark.parametrize(
    "title",
    ["ML\r\nEngineer", "ML\rEngineer", "ML\nEngineer", "ML\x00Engineer", "ML\x7fEngineer",
     "ML\x85Engineer", "ML\u2028Engineer", "ML\u2029Engineer", "ML Engineer\u202e",
     "\u202aML Engineer", "\u2066ML Engineer", "ML\u2069 Engineer", "\u200b\u200b",
     "\u3164", "\u3164\u3164", "\u200b\u3164\u2800", "\ufeff\u200d"],
)  # fmt: skip
def test_it_refuses_unsafe_titles_in_the_engine(title):
    assert title_problem(title) is not None
    with pytest.raises(ValidationError) as context_error:
        ContextAnswers.model_validate({**CONTEXT_ANSWERS, "role_title": title})
    assert [e["loc"] for e in context_error.value.errors()] == [("role_title",)]
    with pytest.raises(ValidationError) as round_error:
        Round(kind="other", title=title, minutes=45, interviewer_role="engineer")
    assert [e["loc"] for e in round_error.value.errors()] == [("title",)]


def test_it_names_the_problem_in_plain_words():
    assert title_problem("ML\nEngineer") == ONE_LINE
    assert title_problem("ML\u202eEngineer") == OVERRIDE
    assert title_problem("\u200b\u200b") == INVISIBLE


# ----------------------------------------------------------------------------- the context step
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_refuses_an_unsafe_title_on_the_context_step(
    client, engagement, manager, htmx, title, message
):
    client.force_login(manager)
    data = context_post(role_title=title, version=1)
    response = client.post(step_url(engagement, "context"), data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert field_errors(response.text, "id_role_title") == [message]
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert engagement.title == CONTEXT_ANSWERS["role_title"]
    assert engagement.answers["context"]["role_title"] == CONTEXT_ANSWERS["role_title"]


@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_puts_an_unsafe_title_on_its_field_in_live_advice(engagement, title, message):
    """A live preview (purpose "preview") holds the title to the same rule, on its field."""
    form = ContextForm(context_post(role_title=title, version=1), purpose="preview")
    assert validate(CONTEXT, form) is None
    assert form.errors == {"role_title": [message]}


@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_gives_no_advice_on_an_unsafe_title_while_typing(
    client, engagement, manager, title, message
):
    """The live partial (htmx, as the page posts while the user types) marks no field: it
    says the answers need fixing, and the field's message comes with the save."""
    client.force_login(manager)
    url = preview_url(engagement, "context")
    response = client.post(url, context_post(role_title=title, version=1), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert "Some answers are missing or need fixing" in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1


@pytest.mark.parametrize("title", GOOD_TITLES)
def test_it_saves_a_plain_or_right_to_left_title_on_the_context_step(
    client, engagement, manager, title
):
    client.force_login(manager)
    response = client.post(
        step_url(engagement, "context"), context_post(role_title=title, version=1)
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.title == title
    assert engagement.answers["context"]["role_title"] == title


# ----------------------------------------------------------------------------- a new plan
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_starts_no_plan_with_an_unsafe_title(client, manager, htmx, title, message):
    client.force_login(manager)
    response = client.post(
        reverse("engagement_new"), context_post(role_title=title), **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert field_errors(response.text, "id_role_title") == [message]
    assert not Engagement.objects.exists()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_marks_an_unsafe_title_when_checking_a_new_plans_advice(client, manager, title, message):
    """Without JavaScript ("Check the advice"): the whole page, the title marked on its field."""
    client.force_login(manager)
    response = client.post(reverse("engagement_new_preview"), context_post(role_title=title))
    assert response.status_code == 200
    assert field_errors(response.text, "id_role_title") == [message]
    assert not Engagement.objects.exists()


@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_previews_a_new_plan_with_an_unsafe_title_without_failing(
    client, manager, title, message
):
    client.force_login(manager)
    response = client.post(
        reverse("engagement_new_preview"), context_post(role_title=title), **HTMX
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert not Engagement.objects.exists()


def test_it_starts_a_plan_whose_title_has_a_space_and_an_emoji(client, manager):
    client.force_login(manager)
    response = client.post(reverse("engagement_new"), context_post(role_title="ML Engineer 🚀"))
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.title == "ML Engineer 🚀"
    assert engagement.answers["context"]["role_title"] == "ML Engineer 🚀"


# ----------------------------------------------------------------------------- a loop's round


@pytest.fixture
def planned(engagement):
    return with_steps(engagement, comp=SOUND["comp"], jd=SOUND["jd"])


def rounds_named(title: str) -> list[dict]:
    rounds = [dict(r) for r in SOUND["loop"]["rounds"]]
    rounds[2] = {**rounds[2], "kind": "other", "title": title}
    return rounds


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_refuses_an_unsafe_round_name_on_the_loop_step(
    client, planned, manager, htmx, title, message
):
    client.force_login(manager)
    response = client.post(
        step_url(planned, "loop"), loop_post(rounds_named(title)), **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert field_errors(response.text, "id_rounds-2-title") == [message]
    planned.refresh_from_db()
    assert "loop" not in planned.answers
    assert planned.version == 1


@pytest.mark.parametrize(("title", "message"), BAD_TITLES)
def test_it_previews_a_loop_with_an_unsafe_round_name_without_failing(
    client, planned, manager, title, message
):
    client.force_login(manager)
    url = preview_url(planned, "loop")
    response = client.post(url, loop_post(rounds_named(title)), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    planned.refresh_from_db()
    assert "loop" not in planned.answers


def test_it_saves_a_round_named_with_a_space_and_an_emoji(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "loop"), loop_post(rounds_named("Pairing 🧪")))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.answers["loop"]["rounds"][2]["title"] == "Pairing 🧪"
