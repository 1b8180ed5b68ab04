"""Figure 8 and 9: inputs at their limits.

Figure 8 builds a plan whose answers sit at the limits the answers allow (the longest JD,
20,000 characters; the most interview rounds; the most current grants and competing offers;
the farthest allowed target start) with a long JD version history (each version 20,000
characters), then times every page a person can open on it against the floor: every step as
an htmx partial, the recruiter's review page and the JD compare page of the oldest version
(the diff of two 20,000-character texts). The slowest counts.

Figure 9 times, outside any request, the JD check (`jd/lint.py`), the version diff
(`jd/diff.py`, its worst cases from `bench/diff_cases.py`) and the brief's HTML
(`hireplan.brief.render_html`) as the text grows.
"""

import copy
import time
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from bench.data import BenchData
from bench.diff_cases import CASES, JD_LIMIT
from bench.inprocess import FLOOR, Mode, client_for, expect, floor_case, get
from bench.jd_text import long_jd
from bench.timing import Case, Samples, sample
from hireplan.models import Engagement, User
from hireplan.plans import forget_plans, summary_columns
from hireplan.steps import all_steps

SIZES = (1_000, 5_000, 10_000, 20_000)
HISTORY = 30  # JD versions kept for the limits plan
RECRUITER = "recruiter@staffing.example"


def jd_text(chars: int) -> str:
    text = long_jd(max(chars // 5, 50))
    while len(text) < chars:
        text += text
    return text[:chars].rstrip() + "\n"


def _validated(model: Any, value: dict) -> bool:
    try:
        model.model_validate(value)
    except Exception:  # a tweak the answers refuse is skipped and reported
        return False
    return True


def limit_answers(answers: dict) -> tuple[dict, dict]:
    """The answers pushed to their limits, and what was pushed (or skipped, and why)."""
    from hireplan.engine import answers as schema

    out = copy.deepcopy(answers)
    applied: dict[str, Any] = {}

    def attempt(step: str, model_name: str, change) -> None:
        model = getattr(schema, model_name, None)
        if step not in out or model is None:
            applied[step] = "skipped: no such step in the plan"
            return
        trial = copy.deepcopy(out[step])
        note = change(trial)
        if _validated(model, trial):
            out[step] = trial
            applied[step] = note
        else:
            applied[step] = f"skipped: the answers refuse {note}"

    def jd(value: dict) -> str:
        value["jd_markdown"] = jd_text(JD_LIMIT)
        return f"jd_markdown of {len(value['jd_markdown']):,} characters"

    def loop(value: dict) -> str:
        rounds = value.get("rounds") or []
        if rounds:
            value["rounds"] = [copy.deepcopy(rounds[i % len(rounds)]) for i in range(10)]
            value["rounds"] = value["rounds"][: getattr(schema, "LOOP_ROUNDS_MAX", 10)]
        return f"{len(value.get('rounds') or [])} rounds"

    def offer(value: dict) -> str:
        notes = []
        for key, limit in (
            ("current_grants", getattr(schema, "CURRENT_GRANTS_MAX", 3)),
            ("competing_offers", getattr(schema, "COMPETING_OFFERS_MAX", 4)),
        ):
            items = value.get(key) or []
            if items:
                value[key] = [copy.deepcopy(items[i % len(items)]) for i in range(limit)]
            notes.append(f"{len(value.get(key) or [])} {key}")
        return ", ".join(notes)

    attempt("jd", "JDAnswers", jd)
    attempt("loop", "LoopAnswers", loop)
    attempt("offer", "OfferAnswers", offer)
    today = timezone.localdate()
    for candidate in (
        today + timedelta(days=365 * 3),
        today + timedelta(days=365),
        date(2099, 12, 31),
    ):

        def start(value: dict, candidate=candidate) -> str:
            value["target_start_date"] = candidate.isoformat()
            return f"target start {candidate.isoformat()}"

        attempt("sourcing", "SourcingAnswers", start)
        if not str(applied["sourcing"]).startswith("skipped"):
            break
    return out, applied


def build_limits(data: BenchData) -> tuple[Engagement, int, dict]:
    """A copy of the bench plan at its limits, with HISTORY JD versions; the oldest's id."""
    from jd.models import JDDraft

    answers, applied = limit_answers(data.engagement.answers)
    engagement = Engagement.objects.create(
        organization=data.engagement.organization,
        owner=data.manager,
        title="Limits (bench)",
        current_step="review",
        answers=answers,
        saved_at_version=dict.fromkeys(answers, 1),
        **summary_columns(answers),
    )
    base = jd_text(JD_LIMIT)
    oldest = None
    for n in range(HISTORY):
        # Each version rewrites a different tenth of the lines, as successive edits would.
        lines = base.splitlines()
        for i in range(n % 10, len(lines), 10):
            lines[i] = f"{lines[i]} (v{n})" if lines[i] else lines[i]
        draft = JDDraft.objects.create(
            engagement=engagement, text="\n".join(lines), label=f"v{n}", created_by=data.manager
        )
        oldest = oldest or draft.pk
    applied["history"] = f"{HISTORY} JD versions of {len(base):,} characters"
    return engagement, oldest, applied


def limit_cases(data: BenchData) -> tuple[list[Case], dict]:
    engagement, oldest, applied = build_limits(data)
    manager = client_for(data.manager)
    recruiter = client_for(User.objects.get(email=RECRUITER))
    cases = [floor_case(manager)]
    for step in all_steps():
        url = step.url(engagement)
        cases.append(
            Case(
                f"limits.{step.slug}",
                lambda url=url: get(manager, url, htmx=True),
                prepare=forget_plans,
                check=expect(200),
            )
        )
    review = reverse("review_detail", args=[engagement.pk])
    compare = reverse("jd_compare", args=[engagement.pk, oldest])
    cases += [
        Case(
            "limits.review_detail",
            lambda: get(recruiter, review),
            prepare=forget_plans,
            check=expect(200),
        ),
        Case(
            "limits.jd_compare",
            lambda: get(manager, compare),
            prepare=forget_plans,
            check=expect(200, contains="<del"),
        ),
    ]
    return cases, applied


def limits(data: BenchData, mode: Mode) -> tuple[dict[str, Samples], dict]:
    cases, applied = limit_cases(data)
    samples = sample(cases, rounds=mode.rounds, per_round=mode.per_round, warmup=mode.warmup)
    return samples, applied


def _best_ms(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def growth(data: BenchData, *, repeat: int, sizes=SIZES) -> dict[str, dict[int, float]]:
    """Milliseconds (best of `repeat`) of each piece at each size of text."""
    from hireplan.brief import render_html
    from jd.diff import diff_rows
    from jd.lint import lint
    from jd.panel import Panel

    curves: dict[str, dict[int, float]] = {"jd_check": {}, "brief_html": {}}
    curves.update({f"diff.{name}": {} for name in CASES})
    engagement = Engagement.objects.get(pk=data.engagement.pk)
    for chars in sizes:
        text = jd_text(chars)
        answers = copy.deepcopy(engagement.answers)
        answers.setdefault("jd", {})["jd_markdown"] = text
        context = Panel(engagement, None).context
        curves["jd_check"][chars] = _best_ms(lambda t=text, c=context: lint(t, c), repeat)
        for name, make in CASES.items():
            old, new = make(chars)
            curves[f"diff.{name}"][chars] = _best_ms(lambda o=old, n=new: diff_rows(o, n), repeat)
        copy_ = Engagement(pk=engagement.pk, organization=engagement.organization)
        copy_.__dict__.update({k: v for k, v in engagement.__dict__.items() if k != "_state"})
        copy_.answers = answers

        def brief(e=copy_) -> None:
            forget_plans()
            render_html(e)

        curves["brief_html"][chars] = _best_ms(brief, repeat)
    return {
        name: {size: round(ms, 2) for size, ms in curve.items()} for name, curve in curves.items()
    }


__all__ = ["FLOOR", "growth", "limits"]
