"""The JD checks added for issue 17: a wish list of tools, seniority by years or medals, a
degree up front, the pay range against the posting and the band, and on-call with its pager
frequency. Each check has a firing and a silent test at its boundary; the issue's bad JD
gets a finding for each of them. Pure functions, no database (except the page test at the end).
"""

import re
import time
from datetime import date

import pytest

from hireplan.engine import build_input, plan_for_answers
from hireplan.reference import load_reference
from jd.lint import LIST_TOOLS_MIN, MAX_TOOLS, POINTS, LintContext, lint, lint_context, pay_ranges
from tests.conftest import step_url
from tests.test_jd_lint import PRODUCTION, SOUND, STRONG, answers

REF = load_reference()
TODAY = date(2026, 6, 1)

# The JD from the issue: a new user's deliberately bad posting.
BAD = """# Senior Machine Learning Engineer

We are looking for a passionate ML rockstar to leverage cutting-edge AI and transform our
business.

Requirements:
- PhD or MS in Computer Science, Statistics or a related field
- 10+ years of deep learning experience
- Kaggle Grandmaster preferred
- Expert in TensorFlow, PyTorch, JAX, Keras, scikit-learn, XGBoost, LightGBM, Hugging Face,
  Spark and MXNet
- Strong communication skills

We offer a competitive salary, unlimited PTO and a fast-paced environment.
"""

# What the checker found in it before: 5 findings, 20/100.
BEFORE = ("jd.lint_opener", "jd.lint_on_call", "jd.lint_degree_first", "jd.lint_aspiration")

# A short JD that passes every check but length: the opener names no tool, so the tools a
# test adds are the only ones in the text.
PLAIN = """# Senior ML Engineer, Fraud

You will own the fraud-scoring model that approves every card payment. On call one week in
five; the pager fires about once a month.

## What you bring

- You have run a model in production and led the fix when it broke.

## Pay

Base salary $210,000–$320,000 a year, remote anywhere in the U.S.
"""


def ids(result) -> set[str]:
    return {finding.id for finding in result.findings}


def marked(text: str, result, finding_id: str) -> list[str]:
    return [text[s.start : s.end] for s in result.spans if s.finding == finding_id]


def finding(result, finding_id: str):
    return next(f for f in result.findings if f.id == finding_id)


def with_list(tools: list[str], bullets: bool = True) -> str:
    if bullets:
        block = "\n".join(f"- {tool}" for tool in tools)
    else:
        block = "You will work with " + ", ".join(tools[:-1]) + f" and {tools[-1]}."
    return PLAIN.replace("## What you bring", f"## Tools\n\n{block}\n\n## What you bring")


def context_for(data: dict, facts: dict | None = None, with_plan: bool = True) -> LintContext:
    inp = build_input(data, today=TODAY)
    plan = plan_for_answers(data, today=TODAY, ref=REF) if with_plan else None
    posting = plan.compensation.posting if plan and plan.compensation else None
    return lint_context(inp, REF, data["jd"] if facts is None else facts, posting)


# ----------------------------------------------------------------------------- the issue's JD
def test_it_finds_every_fault_of_the_issues_bad_jd_and_scores_it_lower():
    result = lint(BAD, PRODUCTION)
    found = ids(result)
    for finding_id in (
        "jd.lint_wish_list",
        "jd.lint_seniority",
        "jd.lint_degree_first",
        "jd.lint_pay_range",
        "jd.lint_on_call",
    ):
        assert finding_id in found, finding_id
    assert set(BEFORE) <= found
    assert marked(BAD, result, "jd.lint_seniority") == [
        "10+ years of deep learning experience",
        "Kaggle Grandmaster",
    ]
    assert "MXNet" in marked(BAD, result, "jd.lint_wish_list")
    before = 100 - sum(POINTS[i] for i in BEFORE) - POINTS["jd.lint_length"]
    assert before == 20
    assert result.score < before
    assert result.score == max(0, 100 - sum(result.deductions.values()))


# ----------------------------------------------------------------------------- 1. wish list
FRAMEWORKS = ["TensorFlow", "JAX", "Keras", "XGBoost", "scikit-learn", "LightGBM", "CatBoost"]


def test_it_flags_a_bullet_list_of_eight_tools_not_in_use():
    tools = [*FRAMEWORKS, "MXNet"]
    assert len(tools) == LIST_TOOLS_MIN
    text = with_list(tools)
    result = lint(text, PRODUCTION)
    wish = finding(result, "jd.lint_wish_list")
    assert wish.title.startswith(f"One list names {LIST_TOOLS_MIN} tools")
    assert wish.claims == ["J1", "S8", "L1"]
    assert "Hireplan's rule" in wish.detail
    assert marked(text, result, "jd.lint_wish_list") == tools


def test_it_leaves_a_list_of_seven_tools_not_in_use_alone():
    text = with_list(FRAMEWORKS)
    assert len(lint(text, PRODUCTION).tools) <= MAX_TOOLS
    assert "jd.lint_wish_list" not in ids(lint(text, PRODUCTION))


def test_it_flags_a_ten_framework_comma_list_in_a_sentence():
    tools = [*FRAMEWORKS, "MXNet", "Spark", "PyTorch"]
    text = with_list(tools, bullets=False)
    result = lint(text, PRODUCTION)
    # PyTorch is in use (the lane step's stack tags): nine are wishes.
    assert finding(result, "jd.lint_wish_list").title.startswith("One list names 9 tools")
    assert "PyTorch" not in marked(text, result, "jd.lint_wish_list")


def test_it_does_not_count_tools_the_team_says_it_runs():
    tools = [*FRAMEWORKS, "MXNet"]
    context = PRODUCTION.model_copy(update={"tools_in_use": [*PRODUCTION.tools_in_use, "JAX"]})
    assert "jd.lint_wish_list" not in ids(lint(with_list(tools), context))


def test_it_counts_each_list_on_its_own():
    first, second = FRAMEWORKS[:4], [*FRAMEWORKS[4:], "MXNet"]
    text = with_list(first).replace(
        "## What you bring", "## Also\n\n" + ", ".join(second) + "\n\n## What you bring"
    )
    assert "jd.lint_wish_list" not in ids(lint(text, PRODUCTION))


def test_it_knows_every_lanes_tools_before_the_lane_is_chosen():
    no_lane = context_for(answers(lane=None))
    assert "scikit-learn" in no_lane.known_tools
    assert "jd.lint_wish_list" in ids(lint(BAD, no_lane))


# ----------------------------------------------------------------------------- 2. seniority
@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("- 10+ years of deep learning", "10+ years of deep learning"),
        ("- 7 years of experience with Python", "7 years of experience with Python"),
        ("- At least five years in machine learning.", "five years in machine learning"),
        ("- Kaggle Grandmaster preferred", "Kaggle Grandmaster"),
        ("- Kaggle medals a plus", "Kaggle medals"),
        ("- A gold medal on any leaderboard", "gold medal"),
        ("- Wins in ML competitions", "ML competitions"),
    ],
)
def test_it_flags_seniority_by_years_or_medals_and_marks_the_phrase(line, phrase):
    text = PLAIN.replace("- You have run", f"{line}\n- You have run")
    result = lint(text, PRODUCTION)
    senior = finding(result, "jd.lint_seniority")
    assert senior.claims == ["S7", "F4"]
    assert phrase in marked(text, result, "jd.lint_seniority")
    assert "You have carried a model from launch into live traffic" in senior.action


@pytest.mark.parametrize(
    "line",
    [
        "- 10+ years of deep learning in production",
        "- 5+ years building and running models in production.",
        "- No Kaggle ranking needed.",
        "- The model is retrained every two years.",
        "- Equity on a four-year schedule.",
    ],
)
def test_it_leaves_years_of_production_work_and_other_years_alone(line):
    text = PLAIN.replace("- You have run", f"{line}\n- You have run")
    assert "jd.lint_seniority" not in ids(lint(text, PRODUCTION))


def test_it_judges_the_years_clause_not_the_whole_sentence():
    text = PLAIN.replace(
        "- You have run", "- 10+ years of deep learning; production a plus\n- You have run"
    )
    assert marked(text, lint(text, PRODUCTION), "jd.lint_seniority") == [
        "10+ years of deep learning"
    ]


# ----------------------------------------------------------------------------- 3. degree
REQUIREMENTS_FIRST = PLAIN.replace(
    "## What you bring\n\n", "Requirements:\n\n- PhD or MS in CS/statistics\n"
)


def test_it_flags_a_degree_as_the_first_requirement_under_a_plain_label():
    result = lint(REQUIREMENTS_FIRST, PRODUCTION)
    degree = finding(result, "jd.lint_degree_first")
    assert degree.claims == ["S8", "F3"]
    assert marked(REQUIREMENTS_FIRST, result, "jd.lint_degree_first") == [
        "- PhD or MS in CS/statistics"
    ]


def test_it_keeps_a_requirements_heading_across_a_lead_in_line():
    text = PLAIN.replace(
        "## What you bring\n\n",
        "## Requirements\n\nWe would love to see:\n\n- A PhD in statistics\n",
    )
    assert "jd.lint_degree_first" in ids(lint(text, PRODUCTION))


def test_it_reads_the_title_as_an_opening_line_without_a_first_paragraph():
    text = "# ML Engineer (PhD)\n\n- Production debugging\n"
    assert "jd.lint_degree_first" in ids(lint(text, PRODUCTION))
    assert "jd.lint_degree_first" not in ids(lint(text.replace(" (PhD)", ""), PRODUCTION))


def test_it_leaves_a_degree_second_in_the_requirements_alone():
    text = PLAIN.replace("led the fix when it broke.", "led the fix when it broke.\n- PhD or MS.")
    assert "jd.lint_degree_first" not in ids(lint(text, PRODUCTION))


@pytest.mark.parametrize(
    "title", ["# Senior ML Engineer (PhD)", "# Senior ML Engineer, MS or PhD required"]
)
def test_it_flags_a_degree_in_the_opening_lines(title):
    text = PLAIN.replace("# Senior ML Engineer, Fraud", title)
    assert "jd.lint_degree_first" in ids(lint(text, PRODUCTION))


def test_it_leaves_a_degree_said_in_the_negative_alone():
    text = PLAIN.replace("You will own", "No PhD needed: you will own")
    assert "jd.lint_degree_first" not in ids(lint(text, PRODUCTION))
    text = PLAIN.replace("You will own", "A PhD is not required. You will own")
    assert "jd.lint_degree_first" not in ids(lint(text, PRODUCTION))


@pytest.mark.parametrize(
    ("steps", "fires"),
    [
        ({}, True),
        ({"lane": {"primary_lane": "research_dl", "lean_lane": None}}, False),
        ({"lane": {"primary_lane": "applied_llm", "lean_lane": "research_dl"}}, False),
        ({"context": {"regulated_setting": "healthcare_imaging"}}, False),
        ({"context": {"regulated_setting": "bank_risk"}}, False),
        ({"context": {"regulated_setting": "other"}}, True),
    ],
)
def test_it_allows_a_degree_where_f3_does_as_the_degree_rule_does(steps, fires):
    """The checker and jd.degree_gate ask one function (answers/jd.py degree_exception)."""
    data = answers(**steps, jd={"degree": "phd"})
    data["context"] = {**SOUND["context"], **steps.get("context", {})}
    result = lint(REQUIREMENTS_FIRST, context_for(data))
    plan = plan_for_answers(data, today=TODAY, ref=REF)
    assert ("jd.lint_degree_first" in ids(result)) is fires
    assert ("jd.degree_gate" in {f.id for f in plan.findings}) is fires
    if steps.get("context", {}).get("regulated_setting") == "other":
        assert "keep the degree only if" in finding(result, "jd.lint_degree_first").detail


# ----------------------------------------------------------------------------- 4. pay
@pytest.mark.parametrize(
    ("words", "low", "high"),
    [
        ("$180,000 – $220,000", 180_000, 220_000),
        ("$180,000-$220,000", 180_000, 220_000),
        ("$180K-$220K", 180_000, 220_000),
        ("$180k–$220k", 180_000, 220_000),
        ("180k to 220k", 180_000, 220_000),
        ("$180-220K", 180_000, 220_000),
        ("USD 180,000 to 240,000", 180_000, 240_000),
        ("between $180,000 and $220,000", 180_000, 220_000),
        ("$1.2M to $1.5M", None, None),  # above a yearly base's bounds: a range, not comparable
    ],
)
def test_it_reads_pay_ranges_in_their_usual_forms(words, low, high):
    found = pay_ranges(f"Base salary {words} a year.")
    assert len(found) == 1
    if low is None:
        assert not found[0].yearly
    else:
        assert (found[0].low, found[0].high, found[0].yearly) == (low, high, True)


@pytest.mark.parametrize(
    "words", ["10k to 20k requests a second", "version 2.4 to 2.5", "30 to 40 million a day"]
)
def test_it_does_not_mistake_other_numbers_for_pay(words):
    assert pay_ranges(words) == []


def test_it_reads_pay_in_linear_time():
    hostile = "$" + "1" * 20_000 + " " * 20_000 + "-" + ",000" * 5_000 + "k to " * 4_000
    started = time.perf_counter()
    pay_ranges(hostile)
    lint(hostile, PRODUCTION)
    assert time.perf_counter() - started < 1.0


NO_RANGE = PLAIN.replace("Base salary $210,000–$320,000 a year, remote", "Remote")


@pytest.mark.parametrize(
    ("comp", "required"),
    [
        ({}, True),  # public, remote nationwide
        ({"remote_nationwide": False, "pay_transparency_law": "yes"}, True),
        ({"remote_nationwide": False, "pay_transparency_law": "unsure"}, False),
        ({"remote_nationwide": False, "pay_transparency_law": "no"}, False),
        ({"posted_publicly": False}, False),
    ],
)
def test_it_asks_for_a_range_exactly_where_the_posting_needs_one(comp, required):
    """The condition of comp.posting_without_range (C5), read from the comp step's answers."""
    result = lint(NO_RANGE, context_for(answers(comp=comp)))
    assert ("jd.lint_pay_range" in ids(result)) is required
    if required:
        assert (
            "up to $320,000, the top of the band you proposed"
            in finding(result, "jd.lint_pay_range").action
        )


def pay_line(low: int, high: int) -> str:
    return PLAIN.replace("$210,000–$320,000", f"${low:,}–${high:,}")


@pytest.mark.parametrize(
    ("low", "high", "fires"),
    [
        (210_000, 319_000, True),  # the top falls short of the band's top
        (210_000, 320_000, False),  # the top is the band's top
        (250_000, 340_000, False),  # reaches above it: the band's top is inside
        (320_000, 360_000, False),  # starts at the band's top
        (321_000, 360_000, True),  # starts above the band's top
    ],
)
def test_it_holds_the_posted_range_to_the_top_of_the_proposed_band(low, high, fires):
    context = context_for(SOUND)
    assert (context.band_low_usd, context.band_high_usd, context.band_basis) == (
        210_000,
        320_000,
        "proposed_band",
    )
    text = pay_line(low, high)
    result = lint(text, context)
    assert ("jd.lint_pay_band" in ids(result)) is fires
    if fires:
        band = finding(result, "jd.lint_pay_band")
        assert band.claims == ["C5"]
        assert "$320,000" in band.action
        assert marked(text, result, "jd.lint_pay_band") == [f"${low:,}–${high:,}"]


def test_it_holds_the_range_to_the_recommended_band_without_a_proposed_one():
    data = answers(comp={"band_low_usd": None, "band_high_usd": None})
    plan = plan_for_answers(data, today=TODAY, ref=REF)
    top = plan.compensation.band.high
    context = context_for(data)
    assert (context.band_high_usd, context.band_basis) == (top, "recommendation")
    assert "jd.lint_pay_band" in ids(lint(pay_line(top - 20_000, top - 1_000), context))
    assert "jd.lint_pay_band" not in ids(lint(pay_line(top - 20_000, top), context))
    assert (
        "Hireplan's recommended band"
        in finding(lint(pay_line(top - 20_000, top - 1_000), context), "jd.lint_pay_band").action
    )


def test_it_does_not_judge_the_range_without_a_band():
    context = context_for(SOUND, with_plan=False)
    assert "jd.lint_pay_band" not in ids(lint(pay_line(100_000, 150_000), context))


# ----------------------------------------------------------------------------- 5. on-call
def on_call(words: str) -> str:
    return PLAIN.replace("On call one week in\nfive; the pager fires about once a month.", words)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("", "jd.lint_on_call"),
        ("On call one week in six.", "jd.lint_on_call_vague"),
        ("You will join the on-call rotation.", "jd.lint_on_call_vague"),
        ("On call one week in six; about two pages a month.", None),
        ("On call one week in six. Pages come rarely.", None),
        ("There is no on-call for this role.", None),
        ("Nobody is paged for this model.", None),
    ],
)
def test_it_wants_on_call_stated_with_how_often_the_pager_fires(words, expected):
    text = on_call(words)
    assert text != PLAIN
    found = ids(lint(text, PRODUCTION)) & {"jd.lint_on_call", "jd.lint_on_call_vague"}
    assert found == ({expected} if expected else set())
    if expected:
        assert finding(lint(text, PRODUCTION), expected).claims == ["J1", "J2"]


def test_it_marks_the_on_call_sentence_without_a_frequency():
    text = on_call("On call one week in six.")
    result = lint(text, PRODUCTION)
    assert marked(text, result, "jd.lint_on_call_vague") == ["On call one week in six."]
    assert "pager" in finding(result, "jd.lint_on_call_vague").title


# ----------------------------------------------------------------------------- the page
def test_the_page_checks_the_range_against_the_plans_band(client, engagement, manager):
    engagement.answers = {
        **engagement.answers,
        "lane": SOUND["lane"],
        "comp": SOUND["comp"],
        "jd": {**SOUND["jd"], "jd_markdown": STRONG.replace("$320,000", "$300,000")},
    }
    engagement.save()
    client.force_login(manager)
    html = client.get(step_url(engagement, "jd")).text
    assert 'id="finding-jdlint_pay_band"' in html
    assert re.search(r"Post a range whose top is \$320,000", html)
