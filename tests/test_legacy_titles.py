"""Titles stored before titles were checked (line breaks, control codes, direction overrides,
nothing visible): the cleaning (hireplan/legacy.py) and the data migration that applies it,
after which every such plan opens and can be exported."""

import copy

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from hireplan.engine.answers.titles import cleaned_title, title_problem
from hireplan.legacy import UNTITLED, upgrade_titles
from hireplan.models import Engagement, Membership
from hireplan.transfer import export_document
from tests.conftest import step_url
from tests.engine.support import SOUND
from tests.test_legacy import latest_schema


@pytest.mark.parametrize(
    ("stored", "cleaned"),
    [
        ("Ranking\r\nBcc: x@evil.test", "Ranking Bcc: x@evil.test"),
        ("\u202eSenior ML Engineer", "Senior ML Engineer"),
        ("ML\u2028Engineer\tSearch", "ML Engineer Search"),
        ("\u200b\u200b", UNTITLED),
        ("\u3164", UNTITLED),
        ("x\n", UNTITLED),  # one character is too short for a role title
        ("Senior ML Engineer", "Senior ML Engineer"),
        ("مهندس تعلم الآلة", "مهندس تعلم الآلة"),
    ],
)
def test_it_cleans_a_stored_title(stored, cleaned):
    assert cleaned_title(stored, UNTITLED) == cleaned
    assert title_problem(cleaned) is None


def test_it_cleans_the_plan_title_the_role_and_each_round():
    answers = {
        "context": {**SOUND["context"], "role_title": "A\r\nB"},
        "loop": copy.deepcopy(SOUND["loop"]),
    }
    answers["loop"]["rounds"][1]["title"] = "\u2066\u2069"
    title, upgraded = upgrade_titles("Plan\x00", answers)
    assert title == "Plan"
    assert upgraded["context"]["role_title"] == "A B"
    assert upgraded["loop"]["rounds"][1]["title"] == "Round 2"
    assert upgraded["loop"]["rounds"][0] == SOUND["loop"]["rounds"][0]


def test_it_returns_clean_answers_as_they_were():
    answers = {"context": SOUND["context"], "loop": SOUND["loop"]}
    title, upgraded = upgrade_titles("Fine title", answers)
    assert upgraded is answers and title == "Fine title"


@pytest.mark.django_db(transaction=True)
def test_it_migrates_stored_titles_so_the_plan_opens(client):
    before = [("hireplan", "0006_password_reset_requests")]
    after = [("hireplan", "0007_clean_titles")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    organization = apps.get_model("hireplan", "Organization").objects.create(
        name="Acme", slug="acme"
    )
    owner = apps.get_model("hireplan", "User").objects.create(
        username="m@acme.test", email="m@acme.test"
    )
    apps.get_model("hireplan", "Membership").objects.create(
        organization=organization, user=owner, role=Membership.Role.HIRING_MANAGER
    )
    loop = copy.deepcopy(SOUND["loop"])
    loop["rounds"][0]["title"] = "Screen\u202e"
    stored = apps.get_model("hireplan", "Engagement").objects.create(
        organization=organization,
        owner=owner,
        title="Ranking\r\nBcc: x@evil.test",
        answers={"context": {**SOUND["context"], "role_title": "\u200b"}, "loop": loop},
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    latest_schema()
    engagement = Engagement.objects.get(pk=stored.pk)
    assert engagement.title == "Ranking Bcc: x@evil.test"
    assert engagement.answers["context"]["role_title"] == UNTITLED
    assert engagement.answers["loop"]["rounds"][0]["title"] == "Screen"
    client.force_login(engagement.owner)
    for slug in ("context", "loop", "review"):
        assert client.get(step_url(engagement, slug)).status_code == 200
    assert client.get(reverse("export_one", args=[engagement.pk])).status_code == 200
    assert export_document(Engagement.objects.filter(pk=engagement.pk)).engagements
