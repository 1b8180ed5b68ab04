"""The JD linter, a pure function, on JDs written for the purpose (no database)."""

import copy
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hireplan.engine import build_input
from hireplan.engine.plan import Finding
from hireplan.reference import load_reference
from jd.lint import (
    MAX_TOOLS,
    MAX_WORDS,
    MIN_WORDS,
    POINTS,
    LintContext,
    lint,
    lint_context,
    tool_name,
)
from tests.engine.support import SOUND as ENGINE_SOUND

REF = load_reference()

# A sound plan up to the JD step: the engine tests' senior production ML role with an MLOps
# lean, posted remote nationwide (so the posting must show a range, C5), with no JD text yet.
SOUND: dict[str, dict[str, Any]] = {
    step: copy.deepcopy(ENGINE_SOUND[step]) for step in ("context", "lane", "comp", "jd")
}
SOUND["jd"]["jd_markdown"] = ""


def answers(**steps: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """SOUND with some steps changed: `comp={...}` merges into that step; `lane=None` drops it."""
    result = copy.deepcopy(SOUND)
    for slug, patch in steps.items():
        if patch is None:
            result.pop(slug, None)
        else:
            result[slug] = {**result[slug], **patch}
    return result


DOCS = Path(__file__).resolve().parent.parent / "docs" / "jd-linter.md"

# The context of a production ML role leaning to MLOps, posted remote nationwide (C5).
PRODUCTION = lint_context(build_input(SOUND, today=date(2026, 6, 1)), REF, SOUND["jd"])

STRONG = """# Senior ML Engineer, Fraud

You will own the fraud-scoring model that approves or declines every card payment, about
40 million decisions a day. It is built in PyTorch 2.4 and served with Triton on EKS, retrained
nightly through Dagster with features from Tecton. On call one week in five; the pager fires
about once a month, and the last incident was a schema change upstream that broke a join.

## What the work looks like

Most weeks go to the pipelines, serving and monitoring around the model; training it is one
part. In the first six months you will retrain the model on the new merchant features and ship
it behind a shadow launch.

## What matters most, in this order

1. Production debugging: finding why a live model misbehaves and fixing it calmly.
2. Feature pipelines: tracing a feature to its source and catching skew before users do.
3. Serving trade-offs: GPU or CPU, batching or latency, and what each costs.
4. Experiment hygiene: tagged, reproducible runs tied to the deployed version.
5. Explaining the model to product managers in plain words.
6. Modelling depth.

## The stack in use today

- PyTorch 2.4, Triton on EKS, Dagster, Tecton, Kubernetes

## What you bring

- 5+ years building and running models in production.
- No degree is required.

## Pay

Base salary $210,000–$320,000 a year, remote anywhere in the U.S.
"""

FLUFFY = """# ML Engineer

We are seeking a passionate ML engineer to leverage cutting-edge AI to transform finance.
Join a world-class team of rockstars on a game-changing mission.

## About you

- You love solving hard problems and thrive in ambiguity.
- You are a great communicator.
- Production experience with PyTorch.

We are innovative and move fast. On call: one week in five, a page or two a month.
Base salary $210,000–$320,000.
""" + " ".join(["The role is hands-on and the team is small."] * 20)

DEGREE_FIRST = STRONG.replace(
    "1. Production debugging: finding why a live model misbehaves and fixing it calmly.",
    "1. PhD or MS in computer science or statistics.\n"
    "2. Production debugging: finding why a live model misbehaves and fixing it calmly.",
)

MODELLING_FIRST = STRONG.replace(
    "1. Production debugging: finding why a live model misbehaves and fixing it calmly.",
    "1. Deep learning research and a record of publications.",
)

WISH_LIST = STRONG.replace(
    "- PyTorch 2.4, Triton on EKS, Dagster, Tecton, Kubernetes",
    "- PyTorch 2.4, Triton on EKS, Dagster, Tecton, Kubernetes\n"
    "- Nice to have: LangChain, Pinecone, dbt, Looker, DeepSpeed",
)

TOO_MANY = STRONG.replace(
    "- PyTorch 2.4, Triton on EKS, Dagster, Tecton, Kubernetes",
    "- PyTorch, Triton, EKS, Dagster, Tecton, Kubernetes, MLflow, Airflow, Feast, Snowflake, "
    "Databricks, KServe, XGBoost, scikit-learn, Spark, Kafka",
)

NO_RANGE = STRONG.replace("Base salary $210,000–$320,000 a year, remote", "Remote")


def ids(result) -> set[str]:
    return {finding.id for finding in result.findings}


def marked(text: str, result, finding_id: str) -> list[str]:
    return [text[s.start : s.end] for s in result.spans if s.finding == finding_id]


def test_it_passes_a_strong_jd_with_full_marks():
    result = lint(STRONG, PRODUCTION)
    assert result.findings == []
    assert result.score == 100
    assert result.spans == []
    assert MIN_WORDS <= result.words <= MAX_WORDS
    assert {"PyTorch", "Triton", "EKS", "Dagster", "Tecton", "Kubernetes"} <= set(result.tools)


def test_it_flags_a_fluffy_jd_and_marks_the_filler():
    result = lint(FLUFFY, PRODUCTION)
    assert {"jd.lint_opener", "jd.lint_aspiration"} <= ids(result)
    assert result.score <= 100 - POINTS["jd.lint_opener"] - POINTS["jd.lint_aspiration"]
    sentences = marked(FLUFFY, result, "jd.lint_aspiration")
    assert sentences[0].startswith("We are seeking a passionate ML engineer")
    assert any(s.startswith("Join a world-class team") for s in sentences)
    assert "We are innovative and move fast." in sentences
    # The opener finding marks the first paragraph, not the heading above it.
    assert marked(FLUFFY, result, "jd.lint_opener")[0].startswith("We are seeking")
    aspiration = next(f for f in result.findings if f.id == "jd.lint_aspiration")
    assert aspiration.title == "The opening is aspiration, not facts"
    assert result.marks_opener("jd.lint_aspiration")


def test_it_keeps_filler_beside_a_real_fact_quiet():
    text = STRONG.replace(
        "Most weeks go to the pipelines",
        "We leverage Dagster for every retrain. Most weeks go to the pipelines",
    )
    assert "jd.lint_aspiration" not in ids(lint(text, PRODUCTION))


def test_it_does_not_mistake_transformers_for_filler():
    text = STRONG.replace("Modelling depth.", "Modelling depth, transformers included.")
    assert "jd.lint_aspiration" not in ids(lint(text, PRODUCTION))
    transformed = STRONG.replace("Modelling depth.", "Modelling depth that will transform us.")
    assert "jd.lint_aspiration" in ids(lint(transformed, PRODUCTION))


@pytest.mark.parametrize(
    ("text", "finding_id", "claims"),
    [
        (DEGREE_FIRST, "jd.lint_degree_first", ["S8", "F3"]),
        (MODELLING_FIRST, "jd.lint_modelling_first", ["J4", "S1", "S6"]),
    ],
)
def test_it_flags_skills_led_by_a_degree_or_by_modelling(text, finding_id, claims):
    result = lint(text, PRODUCTION)
    assert ids(result) == {finding_id}
    assert result.score == 100 - POINTS[finding_id]
    first_item = marked(text, result, finding_id)[0]
    assert first_item.startswith("1. ")
    finding = result.findings[0]
    assert finding.claims == claims


def test_it_allows_a_degree_listed_last():
    text = STRONG.replace("- No degree is required.", "- A master's degree is a plus.")
    assert lint(text, PRODUCTION).findings == []


def test_it_flags_a_degree_in_the_opener():
    text = STRONG.replace("You will own the", "With a PhD in statistics, you will own the")
    assert "jd.lint_degree_first" in ids(lint(text, PRODUCTION))


def test_it_flags_a_wish_list_of_other_lanes_tools():
    result = lint(WISH_LIST, PRODUCTION)
    assert ids(result) == {"jd.lint_wish_list"}
    assert set(marked(WISH_LIST, result, "jd.lint_wish_list")) == {
        "LangChain",
        "Pinecone",
        "dbt",
        "Looker",
        "DeepSpeed",
    }
    finding = result.findings[0]
    assert "5 tools from another lane" in finding.title
    assert "Production ML engineer" in finding.detail


def test_it_accepts_another_lanes_tool_the_team_says_it_uses():
    context = PRODUCTION.model_copy(
        update={"tools_in_use": [*PRODUCTION.tools_in_use, "LangChain", "Pinecone", "dbt"]}
    )
    # Looker and DeepSpeed remain: two tools from other lanes is still a wish list.
    result = lint(WISH_LIST, context)
    assert set(marked(WISH_LIST, result, "jd.lint_wish_list")) == {"Looker", "DeepSpeed"}
    one_left = WISH_LIST.replace(", Looker, DeepSpeed", "")
    assert lint(one_left, context).findings == []


def test_it_flags_too_many_tools_even_within_the_lane():
    result = lint(TOO_MANY, PRODUCTION)
    assert ids(result) == {"jd.lint_wish_list"}
    assert len(result.tools) > MAX_TOOLS
    assert "reads like a wish list" in result.findings[0].title


def test_it_does_not_judge_foreign_tools_before_the_lane_is_chosen():
    no_lane = LintContext(lane_tools=[], other_tools={}, pay_range_required=True)
    assert "jd.lint_wish_list" not in ids(lint(WISH_LIST, no_lane))


def test_it_flags_a_missing_range_where_the_posting_must_show_one():
    result = lint(NO_RANGE, PRODUCTION)
    assert ids(result) == {"jd.lint_pay_range"}
    finding = result.findings[0]
    assert finding.severity == "blocker"
    assert finding.claims == ["C5"]
    assert "remote across the country" in finding.detail
    assert result.score == 100 - POINTS["jd.lint_pay_range"]


def test_it_does_not_ask_for_a_range_the_posting_need_not_show():
    private = lint_context(
        build_input(answers(comp={"posted_publicly": False}), today=date(2026, 6, 1)),
        REF,
        SOUND["jd"],
    )
    assert private.pay_range_required is False
    assert lint(NO_RANGE, private).findings == []


@pytest.mark.parametrize(
    "words",
    ["$180k–$240k", "$180,000 - $240,000", "USD 180,000 to 240,000", "$180K to $240K"],
)
def test_it_reads_a_pay_range_in_its_usual_forms(words):
    text = NO_RANGE.replace("## Pay\n\nRemote", f"## Pay\n\n{words}, remote")
    assert lint(text, PRODUCTION).findings == []


def test_it_flags_a_jd_silent_about_on_call():
    text = re.sub(
        r"On call one week in five; the pager fires\s+about once a month, and ", "", STRONG
    )
    result = lint(text, PRODUCTION)
    assert ids(result) == {"jd.lint_on_call"}
    assert result.findings[0].claims == ["J1", "J2"]


def test_it_flags_on_call_mentioned_without_the_facts():
    text = re.sub(
        r"On call one week in five; the pager fires\s+about once a month, and ",
        "You will join the on-call rotation as needed, and ",
        STRONG,
    )
    result = lint(text, PRODUCTION)
    assert ids(result) == {"jd.lint_on_call_vague"}
    assert marked(text, result, "jd.lint_on_call_vague")[0].startswith("You will join the on-call")


def test_it_counts_no_on_call_as_an_honest_answer():
    text = re.sub(
        r"On call one week in five; the pager fires\s+about once a month, and ", "", STRONG
    )
    text = text.replace(
        "## What you bring", "There is no on-call for this role.\n\n## What you bring"
    )
    assert lint(text, PRODUCTION).findings == []


def test_it_flags_the_drafts_gaps_still_to_fill():
    text = STRONG.replace("On call one week", "[To fill: the serving stack] On call one week")
    result = lint(text, PRODUCTION)
    assert ids(result) == {"jd.lint_placeholder"}
    assert marked(text, result, "jd.lint_placeholder") == ["[To fill: the serving stack]"]


def test_it_does_not_mistake_a_markdown_link_for_a_gap():
    text = STRONG.replace("Modelling depth.", "Modelling depth ([our blog](https://x.test)).")
    assert lint(text, PRODUCTION).findings == []


def test_it_flags_a_very_short_jd():
    text = (
        "# ML Engineer\n\nYou will own the ranking model that orders search results. "
        "On call one week in six; the pager fires about twice a month."
    )
    result = lint(text, PRODUCTION.model_copy(update={"pay_range_required": False}))
    assert ids(result) == {"jd.lint_length"}
    assert "very short" in result.findings[0].title


def test_it_lints_a_10000_word_paste_and_marks_the_part_past_the_limit():
    body = " ".join(f"word{i % 50}" for i in range(10_000))
    text = STRONG + "\n\n" + body + " We are passionate. Leverage synergy."
    result = lint(text, PRODUCTION)
    assert result.words > 10_000
    assert "jd.lint_length" in ids(result)
    past = marked(text, result, "jd.lint_length")[0]
    assert len(past.split()) == result.words - MAX_WORDS
    assert "jd.lint_aspiration" in ids(result)


def test_it_scores_from_the_points_and_never_below_zero():
    bad = "We want a passionate rockstar. " * 3 + "PhD required."
    result = lint(bad, PRODUCTION)
    assert result.score == max(0, 100 - sum(result.deductions.values()))
    assert result.score >= 0
    assert set(result.deductions) == ids(result)


def test_it_returns_the_engines_findings_for_the_jd_step():
    result = lint(FLUFFY + "\n" + WISH_LIST, PRODUCTION)
    known = REF.claim_ids
    for finding in result.findings:
        assert isinstance(finding, Finding)
        assert finding.step == "jd"
        assert finding.id in POINTS
        assert set(finding.claims) <= known
    severities = [finding.severity for finding in result.findings]
    order = ["blocker", "risk", "advice", "good"]
    assert severities == sorted(severities, key=order.index)


def test_it_documents_every_finding_and_its_points():
    docs = DOCS.read_text()
    for finding_id, points in POINTS.items():
        assert re.search(rf"`{re.escape(finding_id)}`\s*\|[^\n]*\|\s*{points}\s*\|", docs), (
            finding_id
        )


def test_it_builds_its_context_from_the_plan():
    context = PRODUCTION
    assert context.lane_name == "Production ML engineer"
    # The lean's tools belong to the role, and the production week (L9) includes CUDA.
    assert {"Kubernetes", "Argo", "Ray", "CUDA"} <= set(context.lane_tools)
    assert "Data scientist" in context.other_tools
    assert "Production ML engineer" not in context.other_tools
    assert "PyTorch 2.4" in context.tools_in_use
    assert context.pay_range_required
    assert context.opener_facts["model"] == "fraud-scoring model"
    assert "passionate" in context.aspiration_terms


def test_it_judges_a_one_letter_tool_by_the_word_not_the_letter():
    context = PRODUCTION.model_copy(update={"tools_in_use": ["Triton on EKS"]})
    assert "R" not in context.lane_tools
    text = STRONG.replace("- PyTorch 2.4,", "- Python/R and Jupyter notebooks, PyTorch 2.4,")
    assert set(marked(text, lint(text, context), "jd.lint_wish_list")) == {"R", "Jupyter"}


def test_it_names_tools_from_the_lanes_stack_signals():
    assert tool_name("Kubernetes (in depth)") == "Kubernetes"
    assert tool_name("OpenAI SDK") == "OpenAI"
    assert tool_name("Multi-GPU CUDA debugging") == "CUDA"
    assert tool_name("scikit-learn") == "scikit-learn"


def test_it_reads_the_pay_law_answer_for_a_posting_that_is_not_nationwide():
    data = answers(comp={"remote_nationwide": False, "pay_transparency_law": "yes"})
    context = lint_context(build_input(data, today=date(2026, 6, 1)), REF, {})
    assert context.pay_range_required
    assert "pay-transparency law" in context.pay_range_reason
    unsure = answers(comp={"remote_nationwide": False, "pay_transparency_law": "unsure"})
    assert not lint_context(build_input(unsure, today=date(2026, 6, 1)), REF, {}).pay_range_required
