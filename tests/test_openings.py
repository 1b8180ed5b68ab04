"""Several openings of one role: the context step's count (1 to 50, 1 for answers saved before
the question existed), its dashboard column, and its row in the summary, the review step, the
recruiter's page and the brief. Also the dashboard's name for "Another metro"."""

import json

import pytest
from pydantic import ValidationError

from hireplan import transfer
from hireplan.brief import render_html
from hireplan.engine.answers import ContextAnswers
from hireplan.models import Engagement
from hireplan.plans import summary_columns
from hireplan.steps import get_step
from tests.conftest import CONTEXT_ANSWERS, context_post, step_url, with_steps
from tests.engine.support import SOUND
from tests.test_brief import download, pdf_text


def saved_context(client, engagement, **changes):
    return client.post(
        step_url(engagement, "context"), context_post(version=engagement.version, **changes)
    )


# ----------------------------------------------------------------------------- the answer
def test_answers_saved_before_the_question_read_as_one_opening():
    assert "openings" not in CONTEXT_ANSWERS
    assert ContextAnswers.model_validate(CONTEXT_ANSWERS).openings == 1
    assert summary_columns({"context": CONTEXT_ANSWERS})["openings"] == 1


@pytest.mark.parametrize("count", [0, -1, 51, 10_000])
def test_the_schema_refuses_a_count_out_of_bounds(count):
    with pytest.raises(ValidationError):
        ContextAnswers.model_validate({**CONTEXT_ANSWERS, "openings": count})


def test_the_step_saves_the_count_and_the_dashboard_column(client, engagement, manager):
    client.force_login(manager)
    response = saved_context(client, engagement, openings="3")
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.answers["context"]["openings"] == 3
    assert engagement.openings == 3


def test_an_empty_count_is_one_opening(client, engagement, manager):
    client.force_login(manager)
    assert saved_context(client, engagement, openings="").status_code == 302
    engagement.refresh_from_db()
    assert engagement.answers["context"]["openings"] == 1
    assert engagement.openings == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("51", "One plan covers at most 50 openings."),
        ("0", "A plan hires at least 1 person."),
        ("three", "Enter a whole number of openings, such as 3."),
    ],
)
def test_a_refused_count_is_explained_next_to_the_field(
    client, engagement, manager, typed, message
):
    client.force_login(manager)
    response = saved_context(client, engagement, openings=typed)
    assert response.status_code == 200
    page = response.text
    errors = page[page.index('id="id_openings_error"') :]
    assert message in errors[: errors.index("</ul>")]
    engagement.refresh_from_db()
    assert "openings" not in engagement.answers["context"]  # nothing saved


def test_the_new_plan_form_asks_for_the_count_beside_the_role_title(client, manager):
    client.force_login(manager)
    page = client.get("/engagements/new/").text
    title = page.index('name="role_title"')
    openings = page.index('name="openings"')
    assert title < openings < page.index('name="company_stage"')
    assert 'min="1"' in page[openings - 200 : openings + 200]
    assert 'max="50"' in page[openings - 200 : openings + 200]


def test_the_history_reads_an_older_plan_as_one_opening(client, engagement, manager):
    """Saving a plan saved before the question existed changes nothing about its openings;
    asking for three reads as a change from one."""
    client.force_login(manager)
    saved_context(client, engagement, industry="Insurance")
    engagement.refresh_from_db()
    saved_context(client, engagement, industry="Insurance", openings="3")
    first, second = reversed(engagement.activities.filter(step="context"))
    assert [change["label"] for change in first.changes] == ["Industry"]
    [change] = second.changes
    assert (change["label"], change["before"], change["after"]) == (
        "Openings",
        "1 person",
        "3 people",
    )


# ----------------------------------------------------------------------------- the columns
def test_summary_columns_fill_the_count_and_another_metros_name():
    answers = {
        "context": {**CONTEXT_ANSWERS, "openings": 4},
        # Another metro needs its name and a local base figure (the guide has none for it).
        "comp": {
            **SOUND["comp"],
            "metro": "other",
            "other_metro_name": "Lisbon",
            "local_base_usd": 180_000,
        },
    }
    columns = summary_columns(answers)
    assert columns["openings"] == 4
    assert columns["metro"] == "other"
    assert columns["metro_name"] == "Lisbon"
    listed = summary_columns({"context": CONTEXT_ANSWERS, "comp": SOUND["comp"]})
    assert listed["metro"] != "other" and listed["metro_name"] == ""
    assert summary_columns({})["openings"] == 1


# ----------------------------------------------------------------------------- the summary
def test_the_context_summary_reads_the_count():
    summary = get_step("context").summary
    rows = {row.label: row.value for row in summary(ContextAnswers.model_validate(CONTEXT_ANSWERS))}
    assert rows["Openings"] == "1 person"
    three = ContextAnswers.model_validate({**CONTEXT_ANSWERS, "openings": 3})
    assert {row.label: row.value for row in summary(three)}["Openings"] == "3 people"


def test_the_review_step_the_recruiters_page_and_the_brief_show_it(
    client, complete, manager, recruiter
):
    with_steps(complete, context={**CONTEXT_ANSWERS, "openings": 3})
    cell = "<dt>Openings</dt><dd>3 people"
    client.force_login(manager)
    assert cell in client.get(step_url(complete, "review")).text
    client.force_login(recruiter)
    assert cell in client.get(f"/review/{complete.pk}/").text
    assert cell in render_html(complete)
    client.force_login(manager)
    _, content = download(client, complete)
    assert "3 people" in pdf_text(content)


def test_the_briefs_cover_names_several_openings_only(complete):
    assert "one plan</td>" not in render_html(complete)
    with_steps(complete, context={**CONTEXT_ANSWERS, "openings": 3})
    complete.openings = 3  # as a save sets it (summary_columns)
    complete.save()
    assert "<td>Openings</td><td>3 people, one plan</td>" in render_html(complete)


# ----------------------------------------------------------------------------- transfer
def test_export_and_import_carry_the_count(engagement):
    with_steps(engagement, context={**CONTEXT_ANSWERS, "openings": 7})
    document = json.loads(transfer.export_document(Engagement.objects.all()).model_dump_json())
    [imported] = transfer.import_document(transfer.parse(json.dumps(document)))
    assert imported.answers["context"]["openings"] == 7
    assert imported.openings == 7
    document["engagements"][0]["answers"]["context"]["openings"] = 51
    with pytest.raises(ValidationError):
        transfer.parse(json.dumps(document))
