"""The job-description step's answers: the facts of the opener, the ranked skills, the
requirements, and optionally the JD text itself.

Fields are flat (one form field each) so the step's form maps onto them directly.
Claims these answers feed: J1–J4 (opener, skill order), F3 and S8 (degree), T2 (vague JD).

The end of this module decides two things once for both readers of a JD, the step's advice
rules (`jd.*` in rules.py) and the JD check (jd/lint.py), so the two never disagree: which
opener facts the JD states (`opener_fact_states`) and where a degree may be asked for
(`degree_exception`).
"""

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from hireplan.engine.answers.context import RegulatedSetting
from hireplan.engine.answers.lane import Lane
from hireplan.engine.choices import Choice


class SkillId(Choice):
    """The six skills, in the order a JD should rank them (J4)."""

    S1 = "S1", "Production debugging"
    S2 = "S2", "Feature pipeline reasoning"
    S3 = "S3", "Serving cost and performance trade-offs"
    S4 = "S4", "Experiment hygiene"
    S5 = "S5", "Explaining the work to people outside ML"
    S6 = "S6", "Modelling depth"


class Degree(Choice):
    NONE = "none", "No degree asked for"
    BS = "bs", "Bachelor's"
    MS = "ms", "Master's"
    PHD = "phd", "PhD"


Fact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]

# The opener facts, in the order a JD's first paragraph would give them (J2).
OPENER_FACTS: dict[str, str] = {
    "model": "the model",
    "serves": "what the model serves",
    "scale": "its scale",
    "framework": "framework and version",
    "serving_stack": "serving stack",
    "retraining_cadence": "retraining cadence",
    "orchestrator": "orchestrator",
    "feature_store": "feature store",
    "on_call_rotation": "on-call rotation",
    "pager_frequency": "how often the pager fires",
    "last_incident": "the last incident",
}

_SKILL_ID = re.compile(r"^s\d+$", re.IGNORECASE)


class JDAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    # Opener facts (J2). Blank means the JD does not say it yet.
    model: Fact = ""
    serves: Fact = ""
    scale: Fact = ""
    framework: Fact = ""
    serving_stack: Fact = ""
    retraining_cadence: Fact = ""
    orchestrator: Fact = ""
    feature_store: Fact = ""
    on_call_rotation: Fact = ""
    pager_frequency: Fact = ""
    last_incident: Fact = ""
    # Skills in the order the JD lists them: S1–S6 ids or the team's own words.
    ranked_skills: list[str] = Field(default_factory=list, max_length=20)
    years_experience: int | None = Field(default=None, ge=0, le=40)
    degree: Degree = Degree.NONE
    phd_required: bool = Field(default=False, validate_default=True)
    jd_markdown: str = Field(default="", max_length=20_000)

    @field_validator("ranked_skills")
    @classmethod
    def skills_known_and_unique(cls, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        seen: set[str] = set()
        for raw in value:
            skill = raw.strip()
            if _SKILL_ID.match(skill):
                skill = skill.upper()
                if skill not in SkillId.__members__:
                    raise ValueError(f"Unknown skill id {skill}: the skills are S1 to S6.")
            elif not 2 <= len(skill) <= 80:
                raise ValueError("Each skill is 2 to 80 characters.")
            if skill.casefold() in seen:
                raise ValueError(f"{skill} is listed twice.")
            seen.add(skill.casefold())
            cleaned.append(skill)
        return cleaned

    @field_validator("phd_required")
    @classmethod
    def phd_required_needs_phd(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("degree") not in (Degree.PHD, None):
            raise ValueError("A required PhD means the degree asked for is a PhD.")
        return value

    def opener_facts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in OPENER_FACTS}

    def missing_opener_facts(self) -> list[str]:
        """The opener facts with no answer (whatever the text says)."""
        return [name for name, value in self.opener_facts().items() if not value]

    def opener_states(self) -> dict[str, bool]:
        """Which opener facts the JD states: see `opener_fact_states` (four rules ask; the
        text's reading is kept, see `_read_text`)."""
        return opener_fact_states(self.opener_facts(), self.jd_markdown)

    def skill_ids(self) -> list[SkillId]:
        """The ranked skills that are S1–S6, in the JD's order; custom skills are left out."""
        return [SkillId(skill) for skill in self.ranked_skills if skill in SkillId.__members__]


# ----------------------------------------------------------------------------- what a JD states
# The facts the JD's text is read for (J1, J2). Once there is text, the text decides whether
# it states them, whatever the answers hold; before there is text, the answers decide (the
# draft writes them). The other opener facts (scale, framework, cadence…) count as stated
# when answered: no reading of free text could tell them reliably.
TEXT_FACTS = ("model", "serves", "on_call_rotation", "pager_frequency")

# Every pattern below is linear: no nested repetition, each alternative a short literal.
PLACEHOLDER = re.compile(r"\[To fill:[^\]\n]*\]")
HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
SENTENCE = re.compile(r"(?:[^\n.!?]|[.!?](?=[^\s.!?]))+[.!?]*")
MODEL_WORD = re.compile(
    r"\b(?:models?|classifiers?|rankers?|ranking|recommend(?:er|ers|ation|ations)|"
    r"forecast(?:s|er|ing)?|predict(?:s|ion|ions|ive|or)?|LLMs?|embeddings?|detectors?|scoring)\b",
    re.IGNORECASE,
)
USE_WORD = re.compile(
    r"\b(?:serv\w*|rank\w*|recommend\w*|predict\w*|detect\w*|scor\w*|classif\w*|forecast\w*|"
    r"pric\w*|match\w*|rout\w*|flag\w*|personali[sz]\w*|search\w*|moderat\w*|answer\w*|"
    r"generat\w*|power\w*|decid\w*|approv\w*|fraud|behind|for (?:every|each|all|our))\b",
    re.IGNORECASE,
)
ON_CALL = re.compile(r"\bon[- ]?call\b|\bpager(?:duty)?\b|\bpaged\b|\bopsgenie\b", re.IGNORECASE)
# "No on-call" is an honest answer (J1): it states the rotation and the pager at once.
NO_ON_CALL = re.compile(
    r"\b(?:no|not|without(?: an?)?|zero)\s+(?:on[- ]?call|pager(?:duty)?|pages)\b|"
    r"\bn[o']t\s+on[- ]?call\b|"
    r"\b(?:nobody|no one|never)\s+(?:is\s+|gets\s+|will be\s+)?paged\b",
    re.IGNORECASE,
)
PAGE_WORD = re.compile(r"\bpag(?:e|es|ed|er|ing)\b|\balerts?\b|\bincidents?\b", re.IGNORECASE)
# How often the pager fires: "about once a month", "two or three times a week", "rarely".
FREQUENCY = re.compile(
    r"\b(?:once|twice|rarely|seldom|never|weekly|monthly|daily|nightly|quarterly|yearly|"
    r"hourly)\b|"
    r"\b(?:a|an|per|each|every)\s+(?:day|night|week|month|quarter|year|shift)\b|"
    r"\b(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several)"
    r"\s+(?:pages?|alerts?|incidents?|times|calls)\b",
    re.IGNORECASE,
)


def opener_bounds(text: str) -> tuple[int, int] | None:
    """The opener: the JD's first block of prose, headings skipped, as (start, end)."""
    start = end = None
    offset = 0
    for line in text.split("\n"):
        if not line.strip() or HEADING.match(line):
            if start is not None:
                break
        else:
            if start is None:
                start = offset + (len(line) - len(line.lstrip()))
            end = offset + len(line.rstrip())
        offset += len(line) + 1
    return (start, end) if start is not None and end is not None else None


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _says(answer: str, flat_text: str) -> bool:
    """Whether the text holds an answer word for word (a two-letter answer proves nothing)."""
    flat = _flat(answer)
    return len(flat) >= 3 and flat in flat_text


def without_gaps(text: str) -> str:
    """The text with the draft's "[To fill: …]" gaps blanked out (offsets kept): a gap names a
    fact it does not state."""
    return PLACEHOLDER.sub(lambda gap: " " * len(gap.group()), text)


def pager_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences about on-call or pages, as (start, end)."""
    spans = []
    for match in SENTENCE.finditer(text):
        piece = match.group()
        if ON_CALL.search(piece) or PAGE_WORD.search(piece):
            start = match.start() + len(piece) - len(piece.lstrip())
            spans.append((start, match.start() + len(piece.rstrip())))
    return spans


def text_states(facts: Mapping[str, str], text: str) -> dict[str, bool]:
    """What the text itself states of the TEXT_FACTS (J1, J2): see `_read_text`."""
    return dict(_read_text(tuple(facts.get(name) or "" for name in TEXT_FACTS), text))


def forget_readings() -> None:
    """Empties the cache of recent readings (the bench measures each request as new)."""
    _read_text.cache_clear()


# The step's advice (in the plan) and the JD check read the same text in the same request, and
# reading a 20,000-character JD takes a few milliseconds: the last few readings are kept. The
# reading is a pure function of the answers and the text, so a kept one cannot go stale.
@lru_cache(maxsize=8)
def _read_text(answers: tuple[str, ...], text: str) -> tuple[tuple[str, bool], ...]:
    """What the text itself states of the TEXT_FACTS (J1, J2), given their answers in order:

    - the model: its answer, or a model word ("model", "ranker", "classifier"…), in the opener;
    - what it serves: its answer, or a use ("ranks", "serves", "detects", "for every"…), there;
    - the on-call rotation: its answer, on-call, the pager or being paged, anywhere;
    - the pager frequency: its answer anywhere, or a frequency ("once a month", "two pages a
      week", "rarely") in a sentence about on-call or pages.

    A plain "no on-call" (or "nobody is paged") states both on-call facts.
    """
    text = without_gaps(text)
    bounds = opener_bounds(text)
    opener = text[bounds[0] : bounds[1]] if bounds else ""
    flat_opener, flat_text = _flat(opener), _flat(text)

    facts = dict(zip(TEXT_FACTS, answers, strict=True))

    def answer(name: str) -> str:
        return facts[name]

    no_on_call = NO_ON_CALL.search(text) is not None
    states = {
        "model": _says(answer("model"), flat_opener) or bool(MODEL_WORD.search(opener)),
        "serves": _says(answer("serves"), flat_opener) or bool(USE_WORD.search(opener)),
        "on_call_rotation": no_on_call
        or bool(ON_CALL.search(text))
        or _says(answer("on_call_rotation"), flat_text),
        "pager_frequency": no_on_call
        or _says(answer("pager_frequency"), flat_text)
        or any(FREQUENCY.search(text[start:end]) for start, end in pager_sentences(text)),
    }
    return tuple(states.items())


def opener_fact_states(facts: Mapping[str, str], text: str) -> dict[str, bool]:
    """Each opener fact (OPENER_FACTS, in order): does the JD state it? The one answer both the
    step's advice and the JD check use."""
    states = {name: bool((facts.get(name) or "").strip()) for name in OPENER_FACTS}
    if text.strip():
        states |= text_states(facts, text)
    return states


# ----------------------------------------------------------------------------- degrees (F3)
# The settings F3 names where reviewers weigh the credential; no other setting is one.
F3_SETTINGS = (RegulatedSetting.HEALTHCARE_IMAGING, RegulatedSetting.BANK_RISK)


def degree_exception(lanes: Iterable[Lane | None], setting: RegulatedSetting | None) -> str:
    """Why an MS or PhD may be reasonable for this role (F3), or "" when it is not: the
    research / deep-learning lane as the primary lane or the lean, or one of F3's settings.
    The `jd.degree_gate` rule and the JD check's degree finding both ask this."""
    if Lane.RESEARCH_DL in tuple(lanes):
        return f"the {Lane.RESEARCH_DL.label} lane, where a PhD often helps"
    if setting in F3_SETTINGS:
        return f"a regulated setting ({setting.label.lower()}) where reviewers weigh the degree"
    return ""
