"""The JD draft generator (pure, no database): each lane, gaps, pay, and the product's wording."""

import re
from datetime import date
from pathlib import Path

import pytest

from hireplan.engine import build_input
from hireplan.engine.answers import Lane
from hireplan.reference import load_reference
from jd import draft as draft_module
from jd.draft import SKILL_LINES, draft_jd
from jd.lint import lint, lint_context
from tests.test_jd_lint import SOUND, answers

REF = load_reference()
TODAY = date(2026, 6, 1)
GUIDE = Path("/work/shared/guide/how-to-hire-an-ml-engineer-2026.txt")

# Each lane with a lean the guide or the product counts as adjacent, or none.
LANES = {
    Lane.PRODUCTION_ML: Lane.MLOPS_PLATFORM,
    Lane.DATA_SCIENTIST: None,
    Lane.MLOPS_PLATFORM: None,
    Lane.APPLIED_LLM: Lane.RESEARCH_DL,
    Lane.RESEARCH_DL: None,
}


def drafted(data: dict) -> tuple[str, object]:
    inp = build_input(data, today=TODAY, strict=True)
    text = draft_jd(inp, REF)
    return text, lint(text, lint_context(inp, REF, data.get("jd", {})))


def lane_answers(lane: Lane) -> dict:
    return answers(
        lane={"primary_lane": lane.value, "lean_lane": LANES[lane] and LANES[lane].value}
    )


@pytest.mark.parametrize("lane", list(Lane))
def test_it_drafts_a_clean_jd_for_every_lane(lane):
    data = lane_answers(lane)
    text, result = drafted(data)
    assert text == drafted(data)[0]  # deterministic
    first_paragraph = text.split("\n\n")[1]
    assert "fraud-scoring model" in first_paragraph
    assert "card payment authorisation" in first_paragraph
    for tool in ("PyTorch 2.4", "Triton on EKS", "Dagster", "Tecton"):
        assert tool in first_paragraph
    assert "On call: one week in five; the pager fires about once a month." in first_paragraph
    # Skills in the guide's order: production debugging first, modelling depth last.
    skills = re.findall(r"^\d+\. \*\*(.+?)\.\*\*", text, flags=re.MULTILINE)
    assert skills[0] == "Production debugging"
    assert skills[-1] == "Modelling depth"
    assert "$210,000–$320,000" in text
    assert result.findings == [], [f.title for f in result.findings]
    assert result.score == 100


def test_it_describes_the_production_week_by_share_of_time():
    text, _ = drafted(SOUND)
    week = text.split("## What the work looks like")[1].split("##")[0]
    for share in REF.week.shares:
        assert f"About {share.percent}%" in week
    assert "Leaning toward: MLOps / ML platform engineer." in week
    assert "In the first six months: retrain the fraud model" in week


@pytest.mark.parametrize("lane", [lane for lane in Lane if lane != Lane.PRODUCTION_ML])
def test_it_describes_other_lanes_from_their_record_without_percentages(lane):
    text, _ = drafted(lane_answers(lane))
    week = text.split("## What the work looks like")[1].split("\n## ")[0]
    assert REF.lane(lane).job in week
    assert "%" not in week


def test_it_assumes_a_production_role_before_the_lane_is_chosen():
    text, _ = drafted(answers(lane=None))
    assert "A typical week, by rough share of time" in text
    assert "In the first six months" not in text


def test_it_marks_the_gaps_instead_of_guessing():
    empty = {name: "" for name in draft_module.JDAnswers.model_fields if name != "ranked_skills"}
    empty |= {"years_experience": None, "degree": "none", "phd_required": False}
    text, result = drafted(answers(jd=empty))
    gaps = re.findall(r"\[To fill: [^\]]+\]", text)
    assert "[To fill: the model]" in gaps
    assert "[To fill: what the model serves, and for whom]" in gaps
    assert "[To fill: the rotation and how often the pager fires]" in gaps
    assert "[To fill: the tools the team runs today]" not in gaps  # the lane step's tags fill it
    assert "jd.lint_placeholder" in {finding.id for finding in result.findings}


def test_it_keeps_the_teams_own_ranking_and_skills():
    text, _ = drafted(
        answers(jd={"ranked_skills": ["S2", "Owning the search relevance metric", "S1"]})
    )
    skills = re.findall(r"^\d+\. \*\*(.+?)\.\*\*", text, flags=re.MULTILINE)
    assert skills == [
        "Feature pipeline reasoning",
        "Owning the search relevance metric",
        "Production debugging",
    ]


def test_it_puts_the_degree_last():
    text, _ = drafted(answers(jd={"degree": "phd", "phd_required": True}))
    bring = text.split("## What you bring")[1].split("\n## ")[0].strip().splitlines()
    assert bring[-1] == "- A PhD is required for this role."
    text, _ = drafted(answers(jd={"degree": "ms"}))
    assert "- A master's degree, or the same ground covered at work." in text


def test_it_leaves_a_gap_for_a_range_the_posting_must_show():
    data = answers(comp={"posting_low_usd": None, "posting_high_usd": None})
    data["comp"] |= {"band_low_usd": None, "band_high_usd": None}
    text, result = drafted(data)
    assert "[To fill: the posted pay range, which this posting must show]" in text
    assert {"jd.lint_placeholder", "jd.lint_pay_range"} <= {f.id for f in result.findings}


def test_it_posts_the_band_when_no_posted_range_is_given():
    text, _ = drafted(answers(comp={"posting_low_usd": None, "posting_high_usd": None}))
    assert "- Base salary: $210,000–$320,000 a year." in text


def test_it_leaves_pay_out_when_the_posting_need_not_show_it():
    data = answers(
        comp={"posted_publicly": False, "posting_low_usd": None, "posting_high_usd": None}
    )
    text, _ = drafted(data)
    assert "## Pay" not in text


def test_it_says_where_the_role_sits():
    text, _ = drafted(
        answers(
            comp={
                "arrangement": "hybrid",
                "office_days": 3,
                "remote_nationwide": False,
                "metro": "bellevue_redmond",
            }
        )
    )
    assert "- Where: Hybrid: 3 days a week in the office in Bellevue–Redmond." in text


def test_it_adds_an_article_only_where_one_is_missing():
    assert draft_module._with_article("fraud-scoring model") == "the fraud-scoring model"
    assert draft_module._with_article("our ranking model") == "our ranking model"
    assert draft_module._with_article("Acme's ranker") == "Acme's ranker"


def _shingles(text: str, size: int = 10) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'"))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not GUIDE.exists(), reason="the guide's text is not on this machine")
def test_it_writes_in_its_own_words():
    """No 10 consecutive words shared with the guide, in any draft or any linter message."""
    guide = _shingles(GUIDE.read_text(encoding="utf-8"))
    ours = [drafted(lane_answers(lane))[0] for lane in Lane]
    ours += list(SKILL_LINES.values())
    root = Path(__file__).resolve().parent.parent
    ours += [path.read_text() for path in (root / "jd").glob("*.py")]
    ours += [path.read_text() for path in (root / "templates" / "jd").glob("*.html")]
    ours.append((root / "docs" / "jd-linter.md").read_text())
    for text in ours:
        shared = _shingles(text) & guide
        assert not shared, " ".join(next(iter(shared)))
