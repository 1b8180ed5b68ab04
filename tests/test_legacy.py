"""Answers stored before grants were entered as statements: the conversion (hireplan/legacy.py),
the data migration that applies it, and imports of export files written before the change."""

import copy
import json
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hireplan import transfer
from hireplan.engine.equity import add_months
from hireplan.legacy import upgrade_answers, upgrade_grant
from hireplan.models import Engagement
from tests.conftest import with_steps
from tests.engine.support import SOUND

TODAY = date(2026, 6, 1)
# The old shape: a cliff date while the cliff was ahead, else what had vested.
CLIFF_AHEAD = {"value_usd": 240_000, "vesting_years": 4, "cliff_months": 12, "vested_usd": 0,
               "cliff_date": "2027-01-15"}  # fmt: skip
PART_VESTED = {"value_usd": 240_000, "vesting_years": 4, "cliff_months": 12,
               "vested_usd": 90_000, "cliff_date": None}  # fmt: skip


def test_it_counts_the_vesting_start_back_from_the_cliff_date() -> None:
    # A 12-month cliff on 15 Jan 2027: the grant started vesting on 15 Jan 2026. Nothing had
    # vested, which now reads "as the schedule says".
    assert upgrade_grant(CLIFF_AHEAD, today=TODAY) == {
        "value_usd": 240_000,
        "vesting_years": 4,
        "schedule": "monthly",
        "vesting_start": "2026-01-15",
        "cliff_months": 12,
        "vested_usd": None,
    }


def test_it_counts_the_vesting_start_back_from_what_has_vested() -> None:
    # $90,000 of $240,000 over 48 months is 18 months in: the start is 1 Dec 2024, 18 months
    # before today. The statement's figure is kept.
    upgraded = upgrade_grant(PART_VESTED, today=TODAY)
    assert upgraded["vesting_start"] == "2024-12-01"
    assert upgraded["vested_usd"] == 90_000
    assert upgraded["schedule"] == "monthly"
    # Nothing vested and no cliff: the grant starts today.
    fresh = {"value_usd": 48_000, "vesting_years": 4, "cliff_months": 0, "vested_usd": 0,
             "cliff_date": None}  # fmt: skip
    assert upgrade_grant(fresh, today=TODAY)["vesting_start"] == "2026-06-01"


def test_it_leaves_the_new_shape_and_anything_unknown_alone() -> None:
    new = SOUND["offer"]["current_grants"][0]
    assert upgrade_grant(new, today=TODAY) is new
    for junk in (None, "grant", [1], {"value_usd": "lots"}, {**PART_VESTED, "extra": 1},
                 {**PART_VESTED, "value_usd": 0}, {**CLIFF_AHEAD, "cliff_date": "soon"},
                 {**PART_VESTED, "vested_usd": 10**30}):  # fmt: skip
        assert upgrade_grant(junk, today=TODAY) == junk
    answers = copy.deepcopy(SOUND)
    assert upgrade_answers(answers, today=TODAY) is answers
    assert upgrade_answers({"offer": {"current_grants": "none"}}, today=TODAY) == {
        "offer": {"current_grants": "none"}
    }


def old_offer() -> dict:
    return {**SOUND["offer"], "current_grants": [CLIFF_AHEAD, PART_VESTED]}


def latest_schema() -> None:
    """On from the migration under test to the latest one: the checks read today's models (and
    the tests after this one need today's columns)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_it_migrates_stored_grants_to_the_statement_shape() -> None:
    before = [("hireplan", "0004_dashboard_order_index")]
    after = [("hireplan", "0005_current_grants_as_statements")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    organization = apps.get_model("hireplan", "Organization").objects.create(
        name="Acme", slug="acme"
    )
    owner = apps.get_model("hireplan", "User").objects.create(username="m@acme.test")
    engagement = apps.get_model("hireplan", "Engagement").objects.create(
        organization=organization,
        owner=owner,
        title="Old plan",
        answers={"context": SOUND["context"], "offer": old_offer()},
    )
    untouched = apps.get_model("hireplan", "Engagement").objects.create(
        organization=organization, owner=owner, title="No offer", answers={"lane": SOUND["lane"]}
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    latest_schema()
    grants = Engagement.objects.get(pk=engagement.pk).answers["offer"]["current_grants"]
    today = timezone.localdate()
    assert grants == [
        upgrade_grant(CLIFF_AHEAD, today=today),
        {
            "value_usd": 240_000,
            "vesting_years": 4,
            "schedule": "monthly",
            "vesting_start": add_months(today, -18).isoformat(),
            "cliff_months": 12,
            "vested_usd": 90_000,
        },
    ]
    assert Engagement.objects.get(pk=untouched.pk).answers == {"lane": SOUND["lane"]}


@pytest.mark.django_db
def test_it_imports_a_file_exported_before_the_change(engagement) -> None:
    with_steps(engagement, offer=SOUND["offer"])
    document = json.loads(transfer.export_document(Engagement.objects.all()).model_dump_json())
    document["engagements"][0]["answers"]["offer"]["current_grants"] = [CLIFF_AHEAD]
    parsed = transfer.parse(json.dumps(document))
    [imported] = transfer.import_document(parsed)
    [grant] = imported.answers["offer"]["current_grants"]
    assert grant["vesting_start"] == "2026-01-15"
    assert grant["schedule"] == "monthly"
    assert "cliff_date" not in grant
