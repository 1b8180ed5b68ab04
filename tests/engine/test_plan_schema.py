"""docs/plan-schema.json must be exactly what `manage.py plan_schema` prints today."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-schema.json"


def test_it_keeps_the_documented_schema_in_step_with_the_engine() -> None:
    out = StringIO()
    call_command("plan_schema", stdout=out)
    printed = out.getvalue()
    assert json.loads(printed).keys() == {"input", "plan"}
    assert DOC.read_text() == printed, (
        "docs/plan-schema.json is stale: run python manage.py plan_schema > docs/plan-schema.json"
    )


def test_it_describes_the_plans_findings_and_the_steps_answers() -> None:
    document = json.loads(DOC.read_text())
    finding = document["plan"]["$defs"]["Finding"]
    assert set(finding["required"]) >= {"id", "severity", "title", "action", "step", "claims"}
    assert {"context", "lane", "comp", "jd", "loop", "sourcing", "offer", "today"} <= set(
        document["input"]["properties"]
    )
