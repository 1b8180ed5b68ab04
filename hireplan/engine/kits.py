"""Interview kits (issue 21): for every round of the loop, what to ask about each skill it tests,
what strong and weak answers sound like, and a scorecard.

Pure content built from the loop's answers: `build_kit(loop)` gives the whole loop's kit,
`round_kit(loop, number)` one round's. Every line names the guide's claims it rests on; lines
that are Hireplan's own rubric say so (`hireplans_rule=True`, claims may then be empty), and so
may the manager's own prompts (their words, not the guide's: `claims=()`, `hireplans_rule=False`).
docs/engine.md, "Interview kits", explains which is which and why.
"""

import re
from dataclasses import dataclass

from hireplan.engine.answers.jd import SkillId
from hireplan.engine.answers.loop import (
    KIT_PROMPT_MAX,
    InterviewerRole,
    LoopAnswers,
    Round,
    RoundFormat,
    RoundKind,
    skill_key,
    skill_name,
)

__all__ = [
    "KIT_PROMPT_MAX",
    "RECOMMENDATIONS",
    "SCALE",
    "KitLine",
    "LoopKit",
    "RoundKit",
    "RoundNotFound",
    "ScalePoint",
    "SkillKit",
    "build_kit",
    "claim_sort_key",
    "kit_lines",
    "round_kit",
]


@dataclass(frozen=True)
class KitLine:
    text: str
    claims: tuple[str, ...]  # claim IDs; () only for Hireplan's rule or the manager's own words
    hireplans_rule: bool = False  # True where the line is Hireplan's own rubric, not the guide's


@dataclass(frozen=True)
class SkillKit:
    skill: str  # the ref as the round ticks it: "S1".."S6" or the team's own words
    name: str  # display name (loop.skill_name(skill))
    custom: bool  # True for the team's own skill
    ask: tuple[KitLine, ...]  # what to ask (1–3 lines); the manager's prompt first when set
    strong: tuple[KitLine, ...]  # what a strong answer sounds like
    weak: tuple[KitLine, ...]  # what a weak answer sounds like
    own_prompt: str  # the manager's own prompt for this skill ("" if none)


@dataclass(frozen=True)
class ScalePoint:
    score: int  # 1..4
    label: str
    meaning: str


@dataclass(frozen=True)
class RoundKit:
    number: int  # 1-based position in the loop
    title: str
    kind: str  # RoundKind label
    minutes: int
    interviewer_role: str  # InterviewerRole label
    interviewer_count: int
    format: str  # RoundFormat label
    purpose: str
    skills: tuple[SkillKit, ...]
    not_evidence: tuple[KitLine, ...]  # signals that are not evidence of seniority
    focus: tuple[KitLine, ...]  # what this kind of round is for per the guide; () for OTHER


@dataclass(frozen=True)
class LoopKit:
    rounds: tuple[RoundKit, ...]
    scale: tuple[ScalePoint, ...]  # four points, Hireplan's rule
    recommendations: tuple[str, ...]  # overall recommendation choices, Hireplan's rule
    claims: tuple[str, ...]  # every claim the kit cites, in the catalogue's order


class RoundNotFound(IndexError, ValueError):
    """`round_kit` was given a number that is no round of the loop (catch either base)."""


# The catalogue's order (fixtures/reference/claims.json): lanes, skills, pay, JD, sourcing,
# loop, offer, timeline, questions, failure modes; by number within each.
_CLAIM_GROUPS = ("L", "S", "C", "J", "SO", "LP", "O", "T", "F", "FM")
_CLAIM_ID = re.compile(r"^([A-Z]+)(\d+)$")


def claim_sort_key(claim: str) -> tuple[int, int, str]:
    """Sorts claim IDs as the catalogue lists them (L1…L11, S1…, …, FM3); unknown ones last."""
    match = _CLAIM_ID.match(claim)
    if match and match.group(1) in _CLAIM_GROUPS:
        return (_CLAIM_GROUPS.index(match.group(1)), int(match.group(2)), claim)
    return (len(_CLAIM_GROUPS), 0, claim)


def _guide(text: str, *claims: str) -> KitLine:
    return KitLine(text, tuple(sorted(claims, key=claim_sort_key)))


def _rule(text: str, *claims: str) -> KitLine:
    return KitLine(text, tuple(sorted(claims, key=claim_sort_key)), hireplans_rule=True)


# ------------------------------------------------------------------------ the scorecard's rules
# Hireplan's rule: the guide sets no scale. Four points and no middle one, so every score leans
# towards hire or not; each point is about the evidence heard, not about the person.
SCALE: tuple[ScalePoint, ...] = (
    ScalePoint(
        1, "No evidence", "Nothing in the answers showed the skill, or they went against it."
    ),
    ScalePoint(
        2,
        "Thin evidence",
        "Some sign of the skill, but general, second-hand or drawn out only by heavy prompting.",
    ),
    ScalePoint(
        3,
        "Clear evidence",
        "Specific examples from the candidate's own work that held up under follow-up questions.",
    ),
    ScalePoint(
        4,
        "Strong evidence",
        "Specific, first-hand and deep: they led the work, weighed the trade-offs unprompted and "
        "said what they would do differently.",
    ),
)

# Hireplan's rule: four recommendations, again with no middle, one per interviewer and round.
RECOMMENDATIONS: tuple[str, ...] = ("Strong hire", "Hire", "No hire", "Strong no hire")


# ------------------------------------------------------------------------ the guide's six skills
@dataclass(frozen=True)
class _SkillContent:
    ask: tuple[KitLine, ...]
    strong: tuple[KitLine, ...]
    weak: tuple[KitLine, ...]


GUIDE_SKILLS: dict[SkillId, _SkillContent] = {
    SkillId.S1: _SkillContent(
        ask=(
            _guide(
                "Describe a live incident and have the candidate narrate their diagnosis aloud, "
                "step by step: p99 latency has just jumped, or customer complaints are climbing "
                "while the model still scores well on the evaluation set.",
                "S1",
            ),
            _guide(
                "Ask for an incident they owned themselves: how it surfaced, what they checked "
                "first, how they stopped the damage, and what they changed in the features and "
                "the monitoring once it was over.",
                "S1",
                "S7",
            ),
        ),
        strong=(
            _guide(
                "Lays out a calm, ordered diagnosis plan without being led to it, and says why "
                "each check comes where it does.",
                "S1",
            ),
            _guide(
                "Speaks from production: skew between training and serving, drift, being paged "
                "at night, the postmortem, and the fix that went into the next training run.",
                "F4",
                "S7",
            ),
        ),
        weak=(
            _guide(
                "Flails between guesses with no order to them, or goes quiet once the scenario "
                "gets messy.",
                "S1",
                "LP2",
            ),
            _guide(
                "Stays with offline numbers (evaluation accuracy, hyperparameter tuning) and has "
                "nothing to say about the model once it was live.",
                "F4",
            ),
        ),
    ),
    SkillId.S2: _SkillContent(
        ask=(
            _guide(
                "Ask them to take you through a feature of theirs that drifted: what changed "
                "upstream, how the join broke, and why skew detection between training and "
                "serving did not catch it.",
                "S2",
            ),
            _guide(
                "Follow up on the feature store: have they ever tracked down a cache TTL "
                "mismatch, and how did it show itself?",
                "S2",
            ),
        ),
        strong=(
            _guide(
                "Traces the drift to one concrete upstream change and explains, link by link, how "
                "it opened a gap between what the model trained on and what it was served.",
                "S2",
            ),
            _guide(
                "Has debugged a feature-store cache TTL mismatch first-hand: a plus, not a "
                "requirement.",
                "S2",
            ),
        ),
        weak=(
            _guide(
                "Treats the features as a finished table someone else hands over, and cannot say "
                "how a broken upstream join would reach the model or the skew checks.",
                "S2",
            ),
        ),
    ),
    SkillId.S3: _SkillContent(
        ask=(
            _guide(
                "Give them a serving budget to defend: for a given model, when would they pick "
                "Triton with TensorRT, vLLM, or a fallback on CPUs only, and why?",
                "S3",
            ),
            _guide(
                "Ask what one option costs on a g5.12xlarge kept at 30% utilisation for six "
                "months, and what they would change about that bill.",
                "S3",
            ),
        ),
        strong=(
            _guide(
                "Matches each option to the workload, says when each one makes sense, and puts "
                "a running cost on it, idle capacity included.",
                "S3",
            ),
        ),
        weak=(
            _guide(
                "Has one favourite stack for every case, or cannot say what keeping it running "
                "would cost.",
                "S3",
            ),
        ),
    ),
    SkillId.S4: _SkillContent(
        ask=(
            _guide(
                "Ask how their experiments are tracked (in MLflow or similar): what each run is "
                "tagged with, whether someone else could reproduce it, and how it links to the "
                "model version now deployed.",
                "S4",
            ),
        ),
        strong=(
            _guide(
                "Runs carry the right metadata, can be reproduced, and point to the deployed "
                "version; they can show how they keep it that way.",
                "S4",
            ),
        ),
        weak=(
            _guide(
                "Shrugs the question off: nobody could say which run produced the model that is "
                "serving today. The guide reads that as never having done it at scale.",
                "S4",
            ),
        ),
    ),
    SkillId.S5: _SkillContent(
        ask=(
            _guide(
                "Play the product manager: the recommender now offers the same three items to "
                "half of all users. Ask the candidate to explain what is going on, to you, in "
                "that role.",
                "S5",
            ),
        ),
        strong=(
            _guide(
                "A short, plain explanation a listener outside ML can act on, with no need for a "
                "slide deck.",
                "S5",
            ),
        ),
        weak=(
            _guide(
                "Reaches for slides or a lecture on the model's internals before the listener "
                "learns what is wrong and what happens next.",
                "S5",
            ),
        ),
    ),
    SkillId.S6: _SkillContent(
        ask=(
            _guide(
                "Work a problem the team has already solved down to the modelling choices, such "
                "as a recommender whose click-through rate fell 8% in a week: which model "
                "changes would they weigh, and why?",
                "S6",
                "LP2",
            ),
        ),
        strong=(
            _guide(
                "Real depth on the model and its trade-offs, tied back to how it behaves once "
                "it is serving.",
                "S6",
            ),
        ),
        weak=(
            _guide(
                "Deep on theory and tuning but with no model carried into production. Modelling "
                "matters, yet the guide ranks it last of the six: depth here does not make up "
                "for the skills ranked above it.",
                "S6",
                "S7",
            ),
        ),
    ),
}


# ------------------------------------------------------------------------ the team's own skills
def _neutral_ask(name: str) -> KitLine:
    return _rule(
        f"Ask for one piece of their own work that depended on “{name}”: what they did "
        "themselves, what they weighed, and how it turned out."
    )


def _neutral_strong(name: str) -> tuple[KitLine, ...]:
    return (
        _rule(
            f"A concrete case of “{name}” from their own work, with details that still hold "
            "after a follow-up question or two."
        ),
        _rule("Says what they would do differently now, and why."),
    )


def _neutral_weak(name: str) -> tuple[KitLine, ...]:
    return (
        _rule(
            f"Speaks of “{name}” only in general terms, or of what the team did, and cannot say "
            "what their own part was."
        ),
    )


# ------------------------------------------------------------------------ not evidence
# Signals the guide says do not show seniority. Shown on every round's kit.
NOT_EVIDENCE: tuple[KitLine, ...] = (
    _guide(
        "Years in the field. Five years of training models, or of leaderboard work, does not "
        "make someone senior; one year on call for a recommender behind 11% of revenue can.",
        "S7",
    ),
    _guide(
        "Kaggle medals and leaderboard rank. Diagnosing a live production problem is the best "
        "single predictor of a senior, and competition results are not that.",
        "S1",
        "S7",
    ),
    _guide(
        "A PhD or other advanced degree, for production work. It counts for research "
        "engineering, novel modelling and some regulated settings; for shipping production "
        "ML, three to seven years of putting models into real systems usually beats it. The "
        "guide's notebook hire had a PhD and eight first-author papers and had never deployed "
        "a model.",
        "F3",
        "FM1",
    ),
    _guide(
        "Talk of accuracy and hyperparameters alone. That is the notebook engineer's "
        "vocabulary; production engineers talk about skew, drift, the night-time page and the "
        "postmortem.",
        "F4",
    ),
    _guide(
        "A polished take-home. Ten minutes on a model they shipped, what broke and what they "
        "changed, predicts more than any take-home does.",
        "F4",
    ),
)


# ------------------------------------------------------------------------ each round's focus
FOCUS: dict[RoundKind, tuple[KitLine, ...]] = {
    RoundKind.RECRUITER_SCREEN: (
        _guide(
            "Confirm the lane the candidate works in, what they expect to be paid, their "
            "notice period, and why they are looking now.",
            "LP2",
        ),
    ),
    RoundKind.HIRING_MANAGER: (
        _guide(
            "The candidate takes you through one model they shipped, from start to finish: "
            "what it does, who used it, what broke and how they fixed it.",
            "LP2",
        ),
        _guide(
            "The guide finds this call alone rules out two thirds of the candidates who looked "
            "strong on paper. Listen for skew, drift, the night-time page and the postmortem.",
            "LP2",
            "F4",
        ),
    ),
    RoundKind.TECHNICAL_DEPTH: (
        _guide(
            "A real problem the team has already solved, worked at a whiteboard or in a shared "
            "notebook with two engineers in the room. No LeetCode and no textbook derivations.",
            "LP2",
        ),
        _guide(
            "Keep it production-flavoured, for example diagnosing a recommender whose "
            "click-through rate dropped 8% last week.",
            "LP2",
        ),
    ),
    RoundKind.PRODUCTION_DEBUGGING: (
        _guide(
            "Hand over a messy inherited setup, for example three feature pipelines, two model "
            "versions live in an A/B test and nothing watching training-serving skew. Ask where "
            "they would begin, what they would change first and what they would refuse.",
            "LP2",
        ),
        _guide(
            "Someone who has done this work can talk through it for most of the hour; someone "
            "who has not tends to freeze.",
            "LP2",
        ),
        _guide(
            "Keep this round live: squeezing the loop into one day turns it into a take-home, "
            "which senior candidates decline.",
            "LP4",
            "FM3",
        ),
    ),
    RoundKind.TEAM_FIT: (
        _guide(
            "Two ICs the candidate would work with; half of the time belongs to the "
            "candidate's questions.",
            "LP2",
        ),
        _guide(
            "Note what they ask: the candidates who accept offers have almost always asked "
            "sharp questions here.",
            "LP2",
        ),
    ),
    RoundKind.OTHER: (),
}


# ------------------------------------------------------------------------ building the kit
def _skill_kit(skill: str, loop: LoopAnswers) -> SkillKit:
    own = loop.kit_prompts.get(skill_key(skill), "")
    name = skill_name(skill)
    mine = (KitLine(own, ()),) if own else ()
    if skill in SkillId.__members__:
        content = GUIDE_SKILLS[SkillId(skill)]
        return SkillKit(skill, name, False, mine + content.ask, content.strong, content.weak, own)
    return SkillKit(
        skill,
        name,
        True,
        mine or (_neutral_ask(name),),
        _neutral_strong(name),
        _neutral_weak(name),
        own,
    )


def _ordered_skills(round_: Round) -> list[str]:
    # The guide's six in their rank order (J4), then the team's own in the order ticked.
    guide = [skill for skill in SkillId if skill.value in round_.skills_tested]
    own = [skill for skill in round_.skills_tested if skill not in SkillId.__members__]
    return [skill.value for skill in guide] + own


def _round_kit(loop: LoopAnswers, index: int) -> RoundKit:
    round_ = loop.rounds[index]
    return RoundKit(
        number=index + 1,
        title=round_.title,
        kind=RoundKind(round_.kind).label,
        minutes=round_.minutes,
        interviewer_role=InterviewerRole(round_.interviewer_role).label,
        interviewer_count=round_.interviewer_count,
        format=RoundFormat(round_.format).label,
        purpose=round_.purpose,
        skills=tuple(_skill_kit(skill, loop) for skill in _ordered_skills(round_)),
        not_evidence=NOT_EVIDENCE,
        focus=FOCUS[RoundKind(round_.kind)],
    )


def round_kit(loop: LoopAnswers, number: int) -> RoundKit:
    """The kit for the loop's round at `number`, counted from 1. RoundNotFound (an IndexError
    and a ValueError) when no round has that number."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise RoundNotFound(f"A round is numbered by a whole number, not {number!r}.")
    if not 1 <= number <= len(loop.rounds):
        raise RoundNotFound(f"The loop has rounds 1 to {len(loop.rounds)}, not {number}.")
    return _round_kit(loop, number - 1)


def kit_lines(kit: RoundKit) -> list[KitLine]:
    """Every line of a round's kit: focus, each skill's ask, strong and weak, not-evidence."""
    lines = list(kit.focus)
    for skill in kit.skills:
        lines += [*skill.ask, *skill.strong, *skill.weak]
    return lines + list(kit.not_evidence)


def build_kit(loop: LoopAnswers) -> LoopKit:
    """Every round's kit, the four-point scale, the recommendations and the claims cited."""
    rounds = tuple(_round_kit(loop, index) for index in range(len(loop.rounds)))
    cited = {claim for kit in rounds for line in kit_lines(kit) for claim in line.claims}
    return LoopKit(
        rounds=rounds,
        scale=SCALE,
        recommendations=RECOMMENDATIONS,
        claims=tuple(sorted(cited, key=claim_sort_key)),
    )
