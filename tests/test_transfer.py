"""Export and import of engagements: versioned JSON, all-or-nothing imports, a clean round trip."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hireplan.models import Activity, Comment, Engagement, Organization, User
from hireplan.transfer import export_document


@pytest.fixture
def filled(engagement, manager, recruiter):
    Comment.objects.create(engagement=engagement, author=recruiter, body="Looks close.")
    Activity.objects.create(
        engagement=engagement,
        actor=manager,
        kind="step_saved",
        step="context",
        version=1,
        changes=[{"field": "industry", "before": None, "after": "Fintech"}],
    )
    engagement.recruiter = recruiter
    engagement.save()
    return engagement


def without_time_of_export(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_it_round_trips_through_an_empty_database(filled, tmp_path, django_db_blocker):
    out = tmp_path / "plans.json"
    call_command("export_engagements", "--out", str(out))
    before = json.loads(out.read_text())
    assert before["format"] == "hireplan.engagements" and before["version"] == 1
    Engagement.objects.all().delete()
    Comment.objects.all().delete()
    User.objects.all().delete()
    Organization.objects.all().delete()
    with pytest.raises(CommandError, match="--add-members"):  # nobody is a member yet
        call_command("import_engagements", str(out))
    assert not User.objects.exists() and not Organization.objects.exists()
    said = io.StringIO()
    call_command("import_engagements", str(out), "--add-members", stdout=said)
    assert "Will add: company Acme (acme)" in said.getvalue()
    assert "Will add: manager@acme.test as hiring manager of Acme" in said.getvalue()
    assert "Will add: recruiter@staffing.test as recruiter of Acme" in said.getvalue()
    after = json.loads(export_document(Engagement.objects.all()).model_dump_json())
    assert without_time_of_export(after) == without_time_of_export(before)
    imported = Engagement.objects.get()
    assert imported.owner.memberships.get().role == "hiring_manager"
    assert not imported.owner.has_usable_password()


def test_it_exports_one_company(filled, globex, other_manager, tmp_path):
    Engagement.objects.create(organization=globex, owner=other_manager, title="Globex plan")
    out = tmp_path / "acme.json"
    call_command("export_engagements", "--organization", "acme", "--out", str(out))
    titles = [e["title"] for e in json.loads(out.read_text())["engagements"]]
    assert titles == [filled.title]
    with pytest.raises(CommandError, match="No company with the slug 'nope'"):
        call_command("export_engagements", "--organization", "nope")


def test_it_imports_nothing_when_any_record_is_wrong(filled, tmp_path):
    document = json.loads(export_document(Engagement.objects.all()).model_dump_json())
    good = document["engagements"][0]
    bad = json.loads(json.dumps(good))
    bad["answers"]["context"]["company_stage"] = "series_z"
    bad["status"] = "lost"
    document["engagements"] = [good, good, good, bad]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as raised:
        call_command("import_engagements", str(path))
    message = str(raised.value)
    assert "nothing changed" in message
    assert "engagements[3].answers.context.company_stage" in message
    assert "engagements[3].status" in message
    assert Engagement.objects.count() == 1


def test_it_reports_a_file_that_is_not_json(tmp_path, db):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="was not imported"):
        call_command("import_engagements", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_engagements", str(tmp_path / "missing.json"))


def test_it_downloads_one_plan_as_json(client, filled, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("export_one", args=[filled.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["engagements"][0]["comments"][0]["body"] == "Looks close."
