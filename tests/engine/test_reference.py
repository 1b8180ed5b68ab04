"""The reference data: it loads, it is dated and sourced, and a broken copy fails loudly
with the file, the record and the field."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hireplan.engine import reference as engine_reference
from hireplan.engine.answers import Lane, Metro
from hireplan.engine.reference import FILES, ReferenceDataError, reference_errors
from hireplan.engine.rules import RULES
from hireplan.reference import load_reference

from .support import REFERENCE_DIRECTORY, SOUND, answers, plan

ROOT = Path(__file__).resolve().parents[2]
GUIDE_DATE = "2026-05-29"


def raw(name: str) -> Any:
    return json.loads((REFERENCE_DIRECTORY / f"{name}.json").read_text())


def claims_in(node: Any) -> list[str]:
    """Every claim ID under any `claims` key, anywhere in a JSON-like tree."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "claims":
                found += value
            else:
                found += claims_in(value)
    elif isinstance(node, list):
        for item in node:
            found += claims_in(item)
    return found


def records(name: str) -> list[tuple[str, dict]]:
    """The records of a fixture file: each top-level object, and each item of a top-level list."""
    found = []
    for section, value in raw(name).items():
        items = value if isinstance(value, list) else [value]
        found += [(f"{name}.{section}[{i}]", item) for i, item in enumerate(items)]
    return found


def test_it_loads_the_reference_data_once() -> None:
    ref = load_reference()
    assert ref is load_reference()
    assert reference_errors(REFERENCE_DIRECTORY) == []


def test_it_records_the_guide() -> None:
    guide = load_reference().guide
    assert (guide.author, guide.publisher, guide.date.isoformat()) == (
        "Robert Ardell",
        "KORE1",
        GUIDE_DATE,
    )


def test_it_catalogues_every_claim_of_the_guide() -> None:
    expected = (
        [f"L{n}" for n in range(1, 12)]
        + [f"S{n}" for n in range(1, 9)]
        + [f"C{n}" for n in range(1, 10)]
        + [f"J{n}" for n in range(1, 5)]
        + ["SO1", "SO2", "LP1", "LP2", "LP3", "LP4", "O1", "O2", "T1", "T2", "T3"]
        + [f"F{n}" for n in range(1, 5)]
        + ["FM1", "FM2", "FM3"]
    )
    assert sorted(load_reference().claim_ids) == sorted(expected)


@pytest.mark.parametrize("name", [name for name in FILES if name != "claims"])
def test_it_dates_and_sources_every_record(name: str) -> None:
    for where, record in records(name):
        assert record.get("claims"), f"{where} has no claims"
        assert record.get("as_of") == GUIDE_DATE, f"{where} is not dated {GUIDE_DATE}"


def test_it_uses_only_catalogued_claims_everywhere() -> None:
    known = load_reference().claim_ids
    in_fixtures = {claim for name in FILES if name != "claims" for claim in claims_in(raw(name))}
    in_rules = {claim for item in RULES for claim in item.claims}
    in_plan = set(claims_in(plan(SOUND).model_dump(mode="json")))
    for used in (in_fixtures, in_rules, in_plan):
        assert used - known == set()


def test_it_uses_every_claim_somewhere() -> None:
    used = {claim for name in FILES if name != "claims" for claim in claims_in(raw(name))}
    used |= {claim for item in RULES for claim in item.claims}
    assert load_reference().claim_ids - used == set()


def figures_without_claims(node: Any, claims: list[str], path: str) -> list[str]:
    """Paths of numbers in the plan that no enclosing object's claims vouch for."""
    if isinstance(node, dict):
        claims = node.get("claims") or claims
        bad = []
        for key, value in node.items():
            bad += figures_without_claims(value, claims, f"{path}.{key}")
        return bad
    if isinstance(node, list):
        bad = []
        for index, item in enumerate(node):
            bad += figures_without_claims(item, claims, f"{path}[{index}]")
        return bad
    if isinstance(node, int | float) and not isinstance(node, bool) and not claims:
        return [path]
    return []


def test_it_backs_every_figure_in_the_plan_with_a_claim() -> None:
    worst = answers(
        jd={"model": "", "jd_markdown": ""},
        comp={"metro": "other", "other_metro_name": "Reno", "local_base_usd": 180_000},
        lane={"extra_lanes": ["data_scientist"], "llm_work": "core_classical"},
        context={"search_open_since": "2026-01-05"},
    )
    for data in (SOUND, worst, {}):
        dumped = plan(data).model_dump(mode="json")
        dumped.pop("counts")  # tallies of findings, not figures from the guide
        assert figures_without_claims(dumped, [], "plan") == []


def test_it_covers_every_lane_and_metro_choice() -> None:
    ref = load_reference()
    assert {lane.id for lane in ref.lanes.lanes} == set(Lane)
    assert {metro.id for metro in ref.comp.metros} == set(Metro)


def test_it_marks_the_product_choices_as_such() -> None:
    for record in raw("product_choices")["choices"]:
        assert record["source"] == "product_choice"
        assert len(record["reason"]) > 20
    guide_pairs = [p for p in raw("lanes")["adjacency"] if p["source"] == "guide"]
    assert [sorted(p["lanes"]) for p in guide_pairs] == [["mlops_platform", "production_ml"]]
    mid = next(t for t in raw("loops")["templates"] if t["level"] == "mid")
    assert (mid["source"], mid["dropped"]) == ("product_choice", ["recruiter_screen"])


def test_it_carries_both_mid_level_figures_and_uses_the_body() -> None:
    bands = [b for b in raw("comp")["level_bands"] if b["level"] == "mid"]
    assert {(b["high"], b["part"], b["used"]) for b in bands} == {
        (200_000, "body", True),
        (235_000, "summary", False),
    }


def test_it_marks_the_mid_market_anchor_benchmarks() -> None:
    anchors = [b["name"] for b in raw("comp")["benchmarks"] if b["mid_market_anchor"]]
    assert anchors == ["Built In", "KORE1 placement desk"]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIRECTORY, directory)
    return directory


def rewrite(directory: Path, name: str, change) -> None:
    path = directory / f"{name}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_it_names_file_record_and_field_of_a_broken_fixture(broken: Path) -> None:
    rewrite(broken, "lanes", lambda d: d["lanes"][2].update(claims=["L99"]))
    rewrite(broken, "comp", lambda d: d["benchmarks"][1].update(median="lots"))
    rewrite(broken, "timeline", lambda d: d["clean_search"].update(as_of="2025-01-01"))
    rewrite(broken, "loops", lambda d: d["templates"][1]["rounds"][0].update(minutes=5))
    with pytest.raises(ReferenceDataError) as caught:
        engine_reference.load_reference(broken)
    problems = caught.value.problems
    assert any(
        p.startswith("lanes.json: record lanes[2] (id 'mlops_platform'), field claims:")
        and "L99" in p
        for p in problems
    )
    assert any(
        p.startswith("comp.json: record benchmarks[1] (id 'built_in'), field median:")
        for p in problems
    )
    assert any(p.startswith("timeline.json: record clean_search, field as_of:") for p in problems)
    assert any(
        p.startswith("loops.json: record templates[1] (level 'mid'), field rounds[0].minutes:")
        for p in problems
    )
    assert "lanes.json" in str(caught.value)


def test_it_reports_a_missing_record_an_extra_field_and_bad_json(broken: Path) -> None:
    rewrite(broken, "comp", lambda d: d["metros"].pop())
    rewrite(broken, "week", lambda d: d["shares"][0].update(colour="red"))
    (broken / "offer.json").write_text("{ not json")
    problems = reference_errors(broken)
    assert any(p.startswith("comp.json: record metros, field (whole record):") for p in problems)
    assert any("other" in p for p in problems if p.startswith("comp.json"))
    assert any(p.startswith("week.json: record shares[0] (id 'training_pipelines'), field colour")
               for p in problems)  # fmt: skip
    assert any(p.startswith("offer.json: record (file)") and "line 1" in p for p in problems)


def test_it_turns_fixture_problems_into_system_check_errors(broken: Path, settings) -> None:
    from hireplan.checks import check_reference_data

    assert check_reference_data(None) == []
    rewrite(broken, "skills", lambda d: d["skills"].reverse())
    settings.REFERENCE_DIRECTORY = broken
    errors = check_reference_data(None)
    assert errors and all(error.id == "hireplan.E100" for error in errors)
    assert "skills.json" in errors[0].msg


def test_it_never_reads_the_guide_at_run_time() -> None:
    code = [ROOT / "hireplan" / "reference.py", *(ROOT / "hireplan" / "engine").rglob("*.py")]
    for path in code:
        text = path.read_text()
        assert "shared/" not in text and ".txt" not in text and "claims.md" not in text, path
