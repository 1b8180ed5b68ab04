"""The computed plan as JSON (URL and command), the sources page, and the fixture check."""

import json
from io import StringIO

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.urls import reverse

from hireplan import reference
from tests.conftest import step_url


def test_it_serves_the_plan_as_json(client, engagement, manager):
    client.force_login(manager)
    response = client.get(reverse("plan_json", args=[engagement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    plan = response.json()
    assert plan["steps_saved"] == ["context"]
    assert plan["guide"]["date"] == "2026-05-29"
    assert {"findings", "timeline", "compensation", "loop", "offer"} <= plan.keys()


def test_it_prints_the_same_plan_from_the_command(client, engagement, manager):
    out = StringIO()
    call_command("plan", str(engagement.pk), stdout=out)
    client.force_login(manager)
    served = client.get(reverse("plan_json", args=[engagement.pk])).json()
    assert json.loads(out.getvalue()) == served


def test_it_fails_the_plan_command_for_an_unknown_engagement(db):
    with pytest.raises(CommandError, match="No engagement with id 424242"):
        call_command("plan", "424242")


def test_it_lists_every_claim_with_what_uses_it(client, manager):
    client.force_login(manager)
    page = client.get(reverse("guide")).text
    catalogue = reference.load_reference().claims.claims
    for entry in catalogue:
        assert f'id="claim-{entry.id}"' in page
    assert "Robert Ardell" in page
    assert "lane.do_it_all" in page  # a rule, listed under the claims it rests on
    assert "Built In" in page  # a benchmark record, listed under C3


def test_it_links_field_sources_to_the_sources_page(client, engagement, manager):
    client.force_login(manager)
    page = client.get(step_url(engagement, "context")).text
    assert 'href="/guide/#claim-F1"' in page


def test_it_stops_the_checks_when_a_fixture_is_broken(db, tmp_path, settings):
    for source in settings.REFERENCE_DIRECTORY.glob("*.json"):
        (tmp_path / source.name).write_text(source.read_text())
    lanes = json.loads((tmp_path / "lanes.json").read_text())
    lanes["lanes"][0]["claims"] = ["ZZ9"]
    (tmp_path / "lanes.json").write_text(json.dumps(lanes))
    settings.REFERENCE_DIRECTORY = tmp_path
    errors = [e for e in checks.run_checks() if e.id == "hireplan.E100"]
    assert errors, "a broken fixture must stop manage.py check"
    assert "lanes.json" in errors[0].msg
    assert "claims" in errors[0].msg
