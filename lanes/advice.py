"""Advice for a half-answered lane step: the findings that hold whatever the open answers become.

The lanes come first on the page, so the manager should see the do-it-all blocker as soon as
they pick three lanes, not only once the scope questions are answered too. The step's answers
are only valid whole, so each open answer is tried with every value that can change a rule
(every deliverable kind, internal or a low or high SLA, each kind of LLM work) and only the
findings the engine gives for all of them are shown. Pure Python: no ORM, no request.
"""

from datetime import date
from itertools import product

from hireplan.engine import settled_findings
from hireplan.engine.answers import (
    SLA_MAX_PERCENT,
    SLA_MIN_PERCENT,
    DeliverableKind,
    LLMWork,
    ReliabilityBar,
)
from hireplan.engine.plan import Finding
from hireplan.reference import load_reference

STEP = "lane"
# Stands in for the free-text deliverable: no rule reads its words.
OPEN_DELIVERABLE = "not answered yet"
# The highest SLA the schema accepts at two decimals: above any "high SLA" threshold.
TOP_SLA = round(SLA_MAX_PERCENT - 0.01, 2)
# The answers that must be known before any lane advice means something.
LANE_FIELDS = ("primary_lane", "lean_lane", "extra_lanes")


def _reliability_options(known: dict) -> list[dict]:
    bar, sla = known.get("reliability_bar"), known.get("sla_percent")
    internal = {"reliability_bar": ReliabilityBar.INTERNAL, "sla_percent": None}
    if bar == ReliabilityBar.INTERNAL:
        return [internal]
    if bar == ReliabilityBar.SLA and sla is not None:
        return [{"reliability_bar": bar, "sla_percent": sla}]
    slas = [
        {"reliability_bar": ReliabilityBar.SLA, "sla_percent": value}
        for value in (SLA_MIN_PERCENT, TOP_SLA)
    ]
    return slas if bar == ReliabilityBar.SLA else [internal, *slas]


def open_questions(known: dict) -> list[str]:
    """The step's required answers still missing (or invalid), by field name."""
    missing = [
        name
        for name in ("primary_lane", "deliverable", "deliverable_kind", "reliability_bar")
        if known.get(name) in (None, "")
    ]
    if known.get("reliability_bar") == ReliabilityBar.SLA and known.get("sla_percent") is None:
        missing.append("sla_percent")
    return missing


def variants(known: dict) -> list[dict]:
    """Every full set of answers the open ones could turn into, as far as the rules care."""
    base = {
        "primary_lane": known["primary_lane"],
        "lean_lane": known.get("lean_lane"),
        "extra_lanes": known.get("extra_lanes") or [],
        "deliverable": known.get("deliverable") or OPEN_DELIVERABLE,
        "stack_tags": known.get("stack_tags") or [],
    }
    kinds = [known["deliverable_kind"]] if known.get("deliverable_kind") else list(DeliverableKind)
    works = [known["llm_work"]] if known.get("llm_work") else list(LLMWork)
    return [
        {**base, "deliverable_kind": kind, **reliability, "llm_work": work}
        for kind, reliability, work in product(kinds, _reliability_options(known), works)
    ]


def provisional_findings(saved: dict, known: dict, *, today: date) -> list[Finding] | None:
    """The lane step's findings common to every way the open answers could go.

    `saved` is the engagement's saved answers (other steps feed some lane rules); `known` the
    valid answers so far. None when the lanes themselves are not usable yet.
    """
    if not known.get("primary_lane") or any(
        name not in known for name in LANE_FIELDS if name != "primary_lane"
    ):
        return None
    return settled_findings(saved, STEP, variants(known), today=today, ref=load_reference())
