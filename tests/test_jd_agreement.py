"""The step's advice (the jd.opener_* rules) and the JD check never contradict each other:
both read the opener's facts through one function, JDAnswers.opener_states (answers/jd.py).

The case that used to contradict: every opener answer filled in, so the advice said "the
opener states every fact", while the text's first paragraph named no model, so the check said
"the first paragraph does not name the model"."""

import copy
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireplan.engine import build_input, plan_for_answers
from hireplan.engine.answers import OPENER_FACTS, JDAnswers
from hireplan.reference import load_reference
from jd.lint import lint, lint_context
from tests.conftest import HTMX, step_url
from tests.test_jd_lint import SOUND, STRONG
from tests.test_jd_views import jd_post, url

REF = load_reference()
TODAY = date(2026, 6, 1)

# Every opener answer filled in (SOUND), and a text whose first paragraph names no model.
VAGUE_OPENER = STRONG.replace(
    STRONG.split("\n\n")[1],
    "We are looking for an engineer to join our growing team and help us move fast.",
)
OPENER_RULES = {"jd.opener_vague", "jd.opener_gaps", "jd.opener_complete"}
TEXT_CHECKS = {"jd.lint_opener", "jd.lint_on_call", "jd.lint_on_call_vague"}


def both(jd: dict) -> tuple[dict, set[str]]:
    """The plan's JD advice (by id, with its finding) and the check's findings, for one JD."""
    data = {**copy.deepcopy(SOUND), "jd": jd}
    plan = plan_for_answers(data, today=TODAY, ref=REF)
    advice = {f.id: f for f in plan.findings if f.step == "jd"}
    context = lint_context(build_input(data, today=TODAY), REF, jd)
    checked = {f.id for f in lint(jd["jd_markdown"], context).findings}
    return advice, checked


def assert_agree(jd: dict) -> None:
    advice, checked = both(jd)
    states = JDAnswers.model_validate(jd).opener_states()
    context = lint_context(build_input({**SOUND, "jd": jd}, today=TODAY), REF, jd)
    assert lint(jd["jd_markdown"], context).facts_stated == states
    wanted = (advice.get("jd.opener_vague") or advice.get("jd.opener_gaps") or None) and (
        advice.get("jd.opener_vague") or advice["jd.opener_gaps"]
    ).action
    # "Every fact is stated" never stands beside a check that says one is missing.
    if "jd.opener_complete" in advice:
        assert not checked & TEXT_CHECKS
    # The model and its use: the check flags the opener exactly when the advice asks for them.
    asks_for_model = bool(wanted) and (
        OPENER_FACTS["model"] in wanted or OPENER_FACTS["serves"] in wanted
    )
    assert ("jd.lint_opener" in checked) == asks_for_model
    # On-call: missing in the check exactly when the advice asks for the rotation.
    asks_for_on_call = bool(wanted) and OPENER_FACTS["on_call_rotation"] in wanted
    assert ("jd.lint_on_call" in checked) == asks_for_on_call
    # The pager's frequency: when the check asks for it, the advice does not call the opener
    # complete, and asks for it unless it is asking for the essentials first.
    if "jd.lint_on_call_vague" in checked:
        assert "jd.opener_complete" not in advice
        assert "jd.opener_vague" in advice or OPENER_FACTS["pager_frequency"] in wanted


def test_it_no_longer_calls_an_opener_complete_that_names_no_model():
    jd = {**SOUND["jd"], "jd_markdown": VAGUE_OPENER}
    assert not JDAnswers.model_validate(jd).missing_opener_facts()  # every answer is filled in
    advice, checked = both(jd)
    assert "jd.lint_opener" in checked
    assert "jd.opener_complete" not in advice
    assert OPENER_FACTS["model"] in advice["jd.opener_vague"].action
    assert_agree(jd)


def test_it_calls_the_opener_complete_when_the_text_states_it_too():
    jd = {**SOUND["jd"], "jd_markdown": STRONG}
    advice, checked = both(jd)
    assert "jd.opener_complete" in advice
    assert not checked & TEXT_CHECKS


def test_it_reads_the_on_call_from_the_text_once_there_is_one():
    # No on-call answer, but the text is honest about it: neither side asks for it.
    jd = {**SOUND["jd"], "on_call_rotation": "", "pager_frequency": "", "jd_markdown": STRONG}
    advice, checked = both(jd)
    assert "jd.opener_vague" not in advice
    assert not checked & {"jd.lint_on_call", "jd.lint_on_call_vague"}
    # Before there is text, the answers decide.
    advice, _ = both({**jd, "jd_markdown": ""})
    assert OPENER_FACTS["on_call_rotation"] in advice["jd.opener_vague"].action


OPENERS = [
    "You will own the fraud-scoring model that approves every card payment.",
    "You will own the fraud-scoring model.",
    "You will help us move fast.",
    "We are passionate about leveraging cutting-edge AI.",
    "Our ranker orders results for every search.",
    "[To fill: the model] serves [To fill: what the model serves, and for whom].",
]
ON_CALL = [
    "",
    "On call one week in five; the pager fires about once a month.",
    "On call one week in five.",
    "There is no on-call for this role.",
    "You will join the on-call rotation.",
    "Pages come about twice a month.",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    opener=st.sampled_from(OPENERS),
    on_call=st.sampled_from(ON_CALL),
    later=st.sampled_from(["", "\n\n## On call\n\nOn call one week in six, rarely paged."]),
    blank=st.sets(st.sampled_from(list(OPENER_FACTS))),
    empty_text=st.booleans(),
)
def test_it_keeps_the_advice_and_the_check_in_agreement(opener, on_call, later, blank, empty_text):
    text = "" if empty_text else f"# ML Engineer\n\n{opener} {on_call}{later}\n"
    jd = {**SOUND["jd"], **{name: "" for name in blank}, "jd_markdown": text}
    if text:
        assert_agree(jd)
    else:
        advice, _ = both(jd)
        assert ("jd.opener_complete" in advice) == (not blank)


# ----------------------------------------------------------------------------- on the page
def test_the_page_shows_no_contradiction_for_the_case_that_used_to(client, engagement, manager):
    engagement.answers = {
        **engagement.answers,
        "lane": SOUND["lane"],
        "comp": SOUND["comp"],
        "jd": {**SOUND["jd"], "jd_markdown": VAGUE_OPENER},
    }
    engagement.save()
    client.force_login(manager)
    html = client.get(step_url(engagement, "jd")).text
    assert 'id="finding-jdlint_opener"' in html
    assert 'id="finding-jdopener_vague"' in html
    assert 'id="finding-jdopener_complete"' not in html
    assert "The opener states every fact" not in html


def test_the_live_check_drops_the_opener_advice_that_reads_other_answers(
    client, engagement, manager
):
    # Saved: a complete opener. Typed: a text too long to save whose opener names no model.
    # The advice is for the saved answers then, so its opener rules stay out of the panel.
    engagement.answers = {
        **engagement.answers,
        "lane": SOUND["lane"],
        "comp": SOUND["comp"],
        "jd": {**SOUND["jd"], "jd_markdown": STRONG},
    }
    engagement.save()
    client.force_login(manager)
    typed = VAGUE_OPENER + "\n\n" + "word " * 20_000
    response = client.post(
        url("step_preview", engagement, "jd"), jd_post(jd_markdown=typed), **HTMX
    )
    assert 'id="finding-jdlint_opener"' in response.text
    assert 'id="finding-jdopener_complete"' not in response.text
    # With a text it can save, the advice follows the typed text and agrees with the check.
    response = client.post(
        url("step_preview", engagement, "jd"), jd_post(jd_markdown=VAGUE_OPENER), **HTMX
    )
    assert 'id="finding-jdlint_opener"' in response.text
    assert 'id="finding-jdopener_vague"' in response.text
    assert 'id="finding-jdopener_complete"' not in response.text
