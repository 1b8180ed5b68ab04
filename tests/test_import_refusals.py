"""import_engagements refuses a bad file with a message and no traceback, changing nothing: numbers
beyond the database's integers, NUL characters, text that is not UTF-8 or not JSON, titles the
wizard would refuse, and people who are not members of the plan's company unless
--add-members says to add them (and then it lists each addition)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from hireplan.models import Activity, Comment, Engagement, Membership, Organization, User
from hireplan.transfer import export_document

INT_MAX = 2**31 - 1


@pytest.fixture
def document(engagement, manager, recruiter) -> dict:
    """The engagement exported, with a comment and a history entry, then removed from the
    database, so that importing the file brings it back."""
    Comment.objects.create(engagement=engagement, author=recruiter, body="Looks close.")
    Activity.objects.create(
        engagement=engagement, actor=manager, kind="step_saved", step="context", version=1
    )
    engagement.recruiter = recruiter
    engagement.save()
    exported = json.loads(
        export_document(Engagement.objects.filter(pk=engagement.pk)).model_dump_json()
    )
    Engagement.objects.all().delete()
    return exported


def counts() -> tuple:
    models = (Engagement, Organization, User, Membership, Comment, Activity)
    return tuple(model.objects.count() for model in models)


def run(tmp_path, document: dict | str | bytes, *flags: str) -> str:
    path = tmp_path / "plans.json"
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        text = document if isinstance(document, str) else json.dumps(document)
        path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_engagements", str(path), *flags, stdout=out)
    return out.getvalue()


def refused(tmp_path, document: dict | str | bytes, *flags: str) -> str:
    """The refusal's message, after checking that it changed nothing."""
    before = counts()
    with pytest.raises(CommandError) as raised:
        run(tmp_path, document, *flags)
    assert counts() == before
    message = str(raised.value)
    assert "was not imported" in message and "Traceback" not in message
    return message


# ----------------------------------------------------------------------------- integers
@pytest.mark.parametrize("value", [2**31, 2**63, 10**30, -1, True, 1.5, "7"])
def test_it_refuses_a_version_the_database_cannot_hold(tmp_path, document, value):
    document["engagements"][0]["version"] = value
    message = refused(tmp_path, document)
    assert "nothing changed" in message
    assert "engagements[0].version: " in message


@pytest.mark.parametrize("value", [2**31, 2**63, -1])
def test_it_refuses_a_history_version_the_database_cannot_hold(tmp_path, document, value):
    document["engagements"][0]["history"][0]["version"] = value
    message = refused(tmp_path, document)
    assert "engagements[0].history[0].version: " in message


def test_it_imports_the_largest_version_the_database_holds(tmp_path, document):
    document["engagements"][0]["version"] = INT_MAX
    document["engagements"][0]["history"][0]["version"] = INT_MAX
    output = run(tmp_path, document)
    assert "Imported 1 plans" in output and "Will add" not in output
    imported = Engagement.objects.get()
    assert imported.version == INT_MAX
    assert imported.activities.get().version == INT_MAX


# ----------------------------------------------------------------------------- NUL characters
@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("title",), "engagements[0].title"),
        (("comments", 0, "body"), "engagements[0].comments[0].body"),
        (("answers", "context", "industry"), "engagements[0].answers.context.industry"),
        (("organization_name",), "engagements[0].organization_name"),
    ],
)
def test_it_refuses_a_nul_character_anywhere(tmp_path, document, path, where):
    target = document["engagements"][0]
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = "Head\x00of ML"
    message = refused(tmp_path, document)
    assert f"{where}: holds a NUL character" in message
    assert "\x00" not in message


def test_it_refuses_a_nul_in_a_key_and_reports_other_problems_too(tmp_path, document):
    document["engagements"][0]["answers"]["context"]["in\x00dustry"] = "x"
    document["engagements"][0]["version"] = 2**31
    message = refused(tmp_path, document)
    assert "engagements[0].answers.context.'in\\x00dustry': holds a NUL character" in message
    assert "engagements[0].version: " in message
    assert "\x00" not in message


# ----------------------------------------------------------------------------- text and JSON
def test_it_refuses_a_file_that_is_not_utf8(tmp_path, document):
    document["engagements"][0]["title"] = "Ingénieur ML"
    latin1 = json.dumps(document, ensure_ascii=False, indent=2).encode("latin-1")
    message = refused(tmp_path, latin1)
    assert "is not UTF-8 text (byte 0xe9 at line " in message
    assert "Save it as UTF-8" in message


def test_it_reads_utf8_with_or_without_a_byte_order_mark(tmp_path, document):
    document["engagements"][0]["title"] = "Ingénieur ML"
    text = json.dumps(document, ensure_ascii=False)
    run(tmp_path, "\ufeff" + text)
    run(tmp_path, text)
    assert list(Engagement.objects.values_list("title", flat=True)) == ["Ingénieur ML"] * 2


def test_it_refuses_broken_json_saying_where(tmp_path, db):
    message = refused(tmp_path, '{\n  "format": "hireplan.engagements",\n  "version": 1\n  oops')
    assert "is not valid JSON (" in message
    assert "line 4 column 3" in message


# ----------------------------------------------------------------------------- titles
@pytest.mark.parametrize(
    "title", ["Head of ML\r\nBcc: all@x.example", "\u202egnp.exe", "\u200b\u200b", "   "]
)
def test_it_refuses_a_title_the_wizard_would_refuse(tmp_path, document, title):
    document["engagements"][0]["title"] = title
    assert "engagements[0].title: " in refused(tmp_path, document)


# ----------------------------------------------------------------------------- memberships
def test_it_refuses_an_owner_who_is_not_a_member_unless_asked_to_add_them(tmp_path, document):
    document["engagements"][0]["owner"] = "alice@x.example"
    message = refused(tmp_path, document)
    assert "alice@x.example is not a member of Acme (acme): owner of engagements[0]" in message
    assert "--add-members" in message
    assert "Will add: alice@x.example as hiring manager of Acme (acme)" in message
    assert not User.objects.filter(username="alice@x.example").exists()

    output = run(tmp_path, document, "--add-members")
    assert "Will add: user alice@x.example (no usable password)" in output
    assert "Will add: alice@x.example as hiring manager of Acme (acme)" in output
    assert output.index("Will add") < output.index("Imported 1 plans")
    alice = User.objects.get(username="alice@x.example")
    assert not alice.has_usable_password()
    assert alice.memberships.get().role == Membership.Role.HIRING_MANAGER
    assert Engagement.objects.get().owner == alice


def test_it_refuses_a_member_of_another_company_as_owner_or_recruiter(
    tmp_path, document, other_manager
):
    record = document["engagements"][0]
    record["owner"] = record["recruiter"] = other_manager.email
    message = refused(tmp_path, document)
    assert "manager@globex.test is not a member of Acme (acme): owner of engagements[0]" in message
    assert "recruiter of engagements[0]" in message
    assert "Will add: user" not in message  # they have an account

    output = run(tmp_path, document, "--add-members")
    assert "Will add: manager@globex.test as hiring manager of Acme (acme)" in output
    assert other_manager.memberships.get(organization__slug="acme").role == "hiring_manager"


def test_it_adds_a_recruiter_as_a_recruiter(tmp_path, document, other_recruiter):
    document["engagements"][0]["recruiter"] = other_recruiter.email
    assert "recruiter of engagements[0]" in refused(tmp_path, document)
    output = run(tmp_path, document, "--add-members")
    assert "Will add: recruiter2@staffing.test as recruiter of Acme (acme)" in output
    assert other_recruiter.memberships.get(organization__slug="acme").role == "recruiter"


def test_it_adds_an_unknown_comment_author_only_when_asked_and_without_membership(
    tmp_path, document
):
    document["engagements"][0]["comments"][0]["author"] = "gone@x.example"
    message = refused(tmp_path, document)
    assert "gone@x.example has no account here: engagements[0].comments[0].author" in message
    output = run(tmp_path, document, "--add-members")
    assert "Will add: user gone@x.example" in output
    assert not User.objects.get(username="gone@x.example").memberships.exists()


def test_it_adds_a_new_company_with_its_people_when_asked(tmp_path, document):
    document["engagements"][0]["organization"] = "initech"
    document["engagements"][0]["organization_name"] = "Initech"
    message = refused(tmp_path, document)
    assert "is not a member of Initech (initech, a new company)" in message
    output = run(tmp_path, document, "--add-members")
    assert "Will add: company Initech (initech)" in output
    assert "Will add: manager@acme.test as hiring manager of Initech" in output
    assert "Will add: recruiter@staffing.test as recruiter of Initech" in output
    assert Engagement.objects.get().organization.name == "Initech"


def test_it_imports_nothing_when_a_later_record_names_a_non_member(tmp_path, document):
    good = document["engagements"][0]
    bad = {**good, "owner": "mallory@x.example"}
    document["engagements"] = [good, good, bad]
    message = refused(tmp_path, document)
    assert "owner of engagements[2]" in message
    assert not Engagement.objects.exists()


def test_it_lists_additions_in_a_dry_run_and_changes_nothing(tmp_path, document):
    document["engagements"][0]["owner"] = "alice@x.example"
    before = counts()
    output = run(tmp_path, document, "--add-members", "--dry-run")
    assert "Will add: alice@x.example as hiring manager of Acme (acme)" in output
    assert "Dry run: 1 plans" in output and "nothing changed" in output
    assert counts() == before
    with pytest.raises(CommandError, match="--add-members"):  # a dry run refuses the same way
        run(tmp_path, document, "--dry-run")
