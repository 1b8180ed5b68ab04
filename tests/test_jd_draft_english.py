"""The drafted JD reads as correct English for any combination of the opener's facts (each
given, empty, or given in an awkward shape), and speaks of GPUs and CUDA only where the role
touches them (jd/draft.py `touches_gpus`)."""

import copy
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireplan.engine import build_input
from hireplan.engine.answers import Lane, SkillId
from hireplan.reference import load_reference
from jd.draft import draft_jd, touches_gpus
from tests.test_jd_lint import SOUND

REF = load_reference()
TODAY = date(2026, 6, 1)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Each fact in the shapes people type it: a name, a phrase, a description, a leading word the
# sentence already has, a "none", and nothing at all.
FACT_VALUES: dict[str, list[str]] = {
    "model": [
        "fraud-scoring model",
        "the search ranking model",
        "The churn forecaster",
        "our pricing model",
        "Acme's ranker",
        "ranker",
        "a demand forecaster",
    ],
    "serves": [
        "card payment authorisation",
        "orders listings for every shopper's search",
        "flags risky logins for the security team",
    ],
    "scale": [
        "40 million scores a day",
        "about 12 million queries a day",
        "2,000 requests a second",
    ],
    "framework": [
        "PyTorch 2.5",
        "scikit-learn 1.5 and XGBoost",
        "in TensorFlow 2.16",
        "hand-rolled NumPy",
    ],
    "serving_stack": [
        "Triton on GKE",
        "FastAPI on ECS",
        "with TorchServe",
        "batch jobs in Spark",
        "vLLM on two GPUs",
    ],
    "retraining_cadence": ["nightly", "every Monday", "weekly", "on demand", "once a quarter"],
    "orchestrator": ["Dagster", "Airflow (MWAA)", "through Argo Workflows", "cron"],
    "feature_store": [
        "Feast",
        "Tecton",
        "hand-built in BigQuery",
        "home-grown tables in Postgres",
        "none yet",
    ],
    "on_call_rotation": [
        "one week in five",
        "one week in six, shared by four engineers",
        "no on-call",
        "None",
        "a follow-the-sun rotation",
    ],
    "pager_frequency": [
        "about once a month",
        "two or three times a month",
        "rarely",
        "never",
        "the pager fires twice a week",
        "none",
    ],
    "last_incident": [
        "a schema change upstream broke a feature join",
        "A late upstream table left features stale.",
        "ETL job silently dropped rows",
    ],
}
TAGS = ["PyTorch", "XGBoost", "Triton", "Dagster", "Kubernetes", "CUDA", "Snowflake"]
GPU_WORDS = re.compile(r"\bGPUs?\b|\bCUDA\b")

# What broken joins look like. Each pattern is about the draft's own glue between facts.
BROKEN: dict[str, re.Pattern[str]] = {
    "doubled space": re.compile(r"[^\n ]  +"),
    "space before punctuation": re.compile(r" [.,;:)]"),
    "empty parentheses": re.compile(r"\(\s*[;,]?\s*\)|\(\s*[;,]|[;,]\s*\)"),
    "repeated word": re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE),
    "dangling word": re.compile(r"\b(?:and|or|the|a|an)[.,;:!?)](?:\s|$)", re.IGNORECASE),
    "sentence ending in a preposition": re.compile(
        r"\b(?:in|with|from|through|of|for|to|by|at|on|into|via)[.!?](?:\s|$)", re.IGNORECASE
    ),
    "preposition before a colon or bracket": re.compile(
        r"\b(?:in|with|from|through|of|for|by|at|via)[:)]", re.IGNORECASE
    ),
    "doubled punctuation": re.compile(r"[.,;:!?][.,;:!?]"),
    "lower-case sentence start": re.compile(r"(?<![A-Za-z]\.[A-Za-z])[.!?] +[a-z]"),
    "empty item": re.compile(r"^\s*(?:[-*]|\d+\.)\s*$", re.MULTILINE),
    "empty label": re.compile(r"\w: *[.;]|^- [^:\n]+: *$", re.MULTILINE),
    "a literal None": re.compile(r"\bNone\b|\bnull\b|\{|\}"),
}


def fact(name: str) -> st.SearchStrategy[str]:
    """A value, or nothing, with the noise people add: a full stop, spaces, doubled spaces."""
    value = st.sampled_from(["", *FACT_VALUES[name]])
    noise = st.sampled_from(["", ".", " ", "  "])
    doubled = st.booleans()
    return st.builds(
        lambda v, n, d: (v.replace(" ", "  ") if d else v) + (n if v else ""), value, noise, doubled
    )


@st.composite
def plans(draw) -> dict:
    data = copy.deepcopy({step: SOUND[step] for step in ("context", "lane", "comp", "jd")})
    data["jd"] = {**data["jd"], **{name: draw(fact(name)) for name in FACT_VALUES}}
    data["jd"]["ranked_skills"] = draw(
        st.lists(
            st.sampled_from([s.value for s in SkillId] + ["Owning the relevance metric."]),
            unique=True,
            max_size=7,
        )
    )
    data["jd"]["years_experience"] = draw(st.sampled_from([None, 0, 1, 5, 12]))
    data["jd"]["degree"] = draw(st.sampled_from(["none", "bs", "ms", "phd"]))
    data["jd"]["jd_markdown"] = ""
    lane = draw(st.sampled_from([None, *Lane]))
    if lane is None:
        data.pop("lane")
    else:
        lean = draw(st.sampled_from([None, *[other for other in Lane if other != lane]]))
        tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=4))
        data["lane"] |= {"primary_lane": lane.value, "stack_tags": tags}
        data["lane"]["lean_lane"] = lean and lean.value
    if draw(st.booleans()):
        data.pop("comp")
    else:
        data["comp"] = {**data["comp"], "level": draw(st.sampled_from(["mid", "senior"]))}
    if draw(st.booleans()):
        data.pop("context")
    return data


def prose(text: str) -> str:
    """The draft less the user's own ranked-skill words and the gaps, which are not our joins."""
    return re.sub(r"\[To fill: [^\]]+\]", "GAP", text)


@SETTINGS
@given(plans())
def test_it_drafts_correct_english_for_any_opener_facts(data):
    inp = build_input(data, today=TODAY, strict=True)
    text = draft_jd(inp, REF)
    assert text == draft_jd(inp, REF)
    checked = prose(text)
    for name, pattern in BROKEN.items():
        found = pattern.search(checked)
        assert found is None, f"{name}: …{checked[max(0, found.start() - 60) : found.end() + 40]}…"


@SETTINGS
@given(plans())
def test_it_mentions_gpus_only_where_the_role_touches_them(data):
    inp = build_input(data, today=TODAY, strict=True)
    text = draft_jd(inp, REF)
    if GPU_WORDS.search(text):
        assert touches_gpus(inp, REF)
    if touches_gpus(inp, REF) and (inp.lane is None or inp.lane.primary_lane == Lane.PRODUCTION_ML):
        assert "GPU" in text  # the week's driver share, or S3's GPU-or-CPU line


def test_it_writes_the_issues_broken_join_as_a_label():
    data = copy.deepcopy({step: SOUND[step] for step in ("context", "lane", "comp", "jd")})
    data["jd"]["feature_store"] = "hand-built in BigQuery"
    text = draft_jd(build_input(data, today=TODAY, strict=True), REF)
    assert "features from hand-built" not in text
    assert "Feature store: hand-built in BigQuery." in text


def test_it_says_no_on_call_plainly():
    data = copy.deepcopy({step: SOUND[step] for step in ("context", "lane", "comp", "jd")})
    data["jd"] |= {"on_call_rotation": "no on-call", "pager_frequency": ""}
    text = draft_jd(build_input(data, today=TODAY, strict=True), REF)
    assert "There is no on-call rotation for this role." in text
    assert "On call: no on-call" not in text


def test_it_leaves_gpu_work_out_of_a_cpu_only_production_role():
    data = copy.deepcopy({step: SOUND[step] for step in ("context", "lane", "comp", "jd")})
    data["lane"] |= {"lean_lane": None, "stack_tags": ["XGBoost", "Dagster"]}
    data["jd"] |= {"framework": "scikit-learn 1.5", "serving_stack": "FastAPI on ECS"}
    inp = build_input(data, today=TODAY, strict=True)
    assert not touches_gpus(inp, REF)
    text = draft_jd(inp, REF)
    assert not GPU_WORDS.search(text)
    assert "About 5%" not in text  # the week's GPU-driver share
    # Each signal on its own puts the GPU work back.
    for change in (
        {"lane": {"lean_lane": "mlops_platform"}},  # a lane whose stack signal names GPUs (L1)
        {"lane": {"stack_tags": ["XGBoost", "CUDA"]}},
        {"jd": {"serving_stack": "Triton on GKE"}},
        {
            "lane": {
                "primary_lane": "research_dl",
                "deliverable_kind": "new_architectures_finetuning",
            }
        },
    ):
        changed = copy.deepcopy(data)
        for step, patch in change.items():
            changed[step] |= patch
        inp = build_input(changed, today=TODAY, strict=True)
        assert touches_gpus(inp, REF), change
        assert GPU_WORDS.search(draft_jd(inp, REF)), change
