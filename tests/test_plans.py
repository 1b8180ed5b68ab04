"""The plan cache: a plan is a pure function of the answers, today and the reference data."""

import copy

from hireplan import plans
from tests.engine.support import SOUND


def test_it_shares_the_plan_of_answers_it_has_just_seen() -> None:
    plans.forget_plans()
    first = plans.plan_for_answers_today(copy.deepcopy(SOUND))
    # Equal answers in another dict (another request's JSON) find the same plan.
    assert plans.plan_for_answers_today(copy.deepcopy(SOUND)) is first


def test_it_computes_a_new_plan_when_an_answer_changes() -> None:
    plans.forget_plans()
    first = plans.plan_for_answers_today(copy.deepcopy(SOUND))
    changed = copy.deepcopy(SOUND)
    changed["comp"]["level"] = "mid" if changed["comp"]["level"] != "mid" else "senior"
    second = plans.plan_for_answers_today(changed)
    assert second is not first
    assert second.compensation != first.compensation


def test_it_keeps_a_bounded_number_of_plans(monkeypatch) -> None:
    plans.forget_plans()
    monkeypatch.setattr(plans, "PLAN_CACHE_SIZE", 2)
    titles = ["One", "Two", "Three"]
    for title in titles:
        answers = copy.deepcopy(SOUND)
        answers["context"]["role_title"] = title
        plans.plan_for_answers_today(answers)
    assert len(plans._plans) == 2
    plans.forget_plans()
    assert not plans._plans
