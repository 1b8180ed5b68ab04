"""The interview loop's answers: the rounds, what each tests, and how the loop is spread.

Claims these answers feed: LP1–LP4 and FM3.
"""

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from hireplan.engine.answers.jd import SkillId
from hireplan.engine.answers.titles import Title
from hireplan.engine.choices import Choice

# Product choices: bounds that catch typos without second-guessing a real plan.
ROUND_MINUTES_MIN = 5
ROUND_MINUTES_MAX = 240  # four hours: longer is a work day, not a round
LOOP_ROUNDS_MAX = 10
SPREAD_DAYS_MAX = 60
# A round may tick as many skills as a JD can rank (JDAnswers.ranked_skills: 20), each named
# as the JD names it: an S1–S6 id, or the team's own words of 2 to 80 characters.
ROUND_SKILLS_MAX = 20
SKILL_NAME_MIN = 2
SKILL_NAME_MAX = 80
# The manager's own interview-kit prompts (issue 21), one per skill, keyed by skill_key. A loop
# can tick at most ROUND_SKILLS_MAX different skills on one round and the JD ranks at most as
# many, so that many prompts cover every skill in play; twice it leaves room for prompts kept
# for skills the JD has since dropped (a prompt is not deleted when its skill goes) while still
# bounding what one answer can hold: 40 prompts of at most 600 characters, about 24 KB.
KIT_PROMPT_MAX = 600
LOOP_KIT_PROMPTS_MAX = ROUND_SKILLS_MAX * 2

_SKILL_ID = re.compile(r"^s\d+$", re.IGNORECASE)


def skill_key(skill: str) -> str:
    """How a round's tick is matched with a skill the JD ranks: case and outer spaces aside."""
    return skill.strip().casefold()


def skill_name(skill: str) -> str:
    """An S1–S6 id by its name; the team's own skill in its own words."""
    return SkillId(skill).label if skill in SkillId.__members__ else skill


def _known_skill(value: str) -> str:
    if _SKILL_ID.match(value):
        value = value.upper()
        if value not in SkillId.__members__:
            raise ValueError(f"Unknown skill id {value}: the guide's skills are S1 to S6.")
    return value


# One ticked skill: an S1–S6 id, or one of the team's own skills as the JD step ranks it. The
# schema does not check it against the JD, so a saved loop stays readable whatever the JD
# later ranks; the plan counts only the skills the JD ranks now (hireplan/engine/sections.py).
SkillRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=SKILL_NAME_MIN, max_length=SKILL_NAME_MAX),
    AfterValidator(_known_skill),
]


class RoundKind(Choice):
    RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
    HIRING_MANAGER = "hiring_manager", "Hiring-manager call"
    TECHNICAL_DEPTH = "technical_depth", "Technical depth"
    PRODUCTION_DEBUGGING = "production_debugging", "Production debugging or system design"
    TEAM_FIT = "team_fit", "Team fit and reverse interview"
    OTHER = "other", "Another round"


class RoundFormat(Choice):
    LIVE = "live", "Live"
    TAKE_HOME = "take_home", "Take-home"


class InterviewerRole(Choice):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    ENGINEER = "engineer", "ML engineers"
    TEAMMATE = "teammate", "Future teammates (ICs)"
    OTHER = "other", "Someone else"


class LoopSpread(Choice):
    ONE_DAY = "one_day", "All in one day"
    ONE_WEEK = "one_week", "Over one week"
    TWO_WEEKS = "two_weeks", "Over two weeks"
    CUSTOM = "custom", "Another span"


SPREAD_DAYS = {LoopSpread.ONE_DAY: 1, LoopSpread.ONE_WEEK: 7, LoopSpread.TWO_WEEKS: 14}


class Round(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    kind: RoundKind
    title: Title = Field(min_length=2, max_length=80)
    minutes: int = Field(ge=ROUND_MINUTES_MIN, le=ROUND_MINUTES_MAX)
    interviewer_role: InterviewerRole
    interviewer_count: int = Field(default=1, ge=1, le=10)
    format: RoundFormat = RoundFormat.LIVE
    skills_tested: list[SkillRef] = Field(
        default_factory=list,
        max_length=ROUND_SKILLS_MAX,
        description="S1–S6 ids and the team's own skills as the JD step ranks them; the plan "
        "counts a skill only while the JD ranks it.",
    )
    purpose: str = Field(default="", max_length=400)

    @field_validator("minutes", mode="before")
    @classmethod
    def minutes_in_bounds(cls, value: object) -> object:
        if isinstance(value, int) and not ROUND_MINUTES_MIN <= value <= ROUND_MINUTES_MAX:
            raise ValueError(
                f"A round lasts {ROUND_MINUTES_MIN} to {ROUND_MINUTES_MAX} minutes; split a "
                "longer one in two."
            )
        return value

    @field_validator("skills_tested")
    @classmethod
    def skills_once(cls, value: list[str]) -> list[str]:
        if len({skill_key(skill) for skill in value}) != len(value):
            raise ValueError("Each skill may be listed once per round.")
        return value


def _kit_prompts(value: dict[str, str]) -> dict[str, str]:
    """Each key a skill ref stored as skill_key gives it, each prompt stripped, NUL refused."""
    if len(value) > LOOP_KIT_PROMPTS_MAX:
        raise ValueError(f"Keep at most {LOOP_KIT_PROMPTS_MAX} prompts of your own.")
    prompts: dict[str, str] = {}
    for raw_key, raw_prompt in value.items():
        key = raw_key.strip()
        if "\x00" in key or not SKILL_NAME_MIN <= len(key) <= SKILL_NAME_MAX:
            raise ValueError(
                f"A prompt belongs to a skill named in {SKILL_NAME_MIN} to {SKILL_NAME_MAX} "
                "characters."
            )
        key = skill_key(_known_skill(key))
        if key in prompts:
            raise ValueError("Each skill may have one prompt of your own.")
        prompt = raw_prompt.strip()
        if "\x00" in prompt:
            raise ValueError("A prompt cannot hold a NUL character.")
        if not 1 <= len(prompt) <= KIT_PROMPT_MAX:
            raise ValueError(
                f"A prompt of your own holds 1 to {KIT_PROMPT_MAX} characters; leave the skill "
                "out to use Hireplan's."
            )
        prompts[key] = prompt
    return prompts


class LoopAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rounds: list[Round] = Field(min_length=1, max_length=LOOP_ROUNDS_MAX)
    spread: LoopSpread
    spread_days: int | None = Field(default=None, validate_default=True)
    kit_prompts: Annotated[dict[str, str], AfterValidator(_kit_prompts)] = Field(
        default_factory=dict,
        description="The manager's own interview-kit prompt per skill, keyed by skill_key "
        "(an S1–S6 id in lower case, or the team's own skill case-folded).",
    )

    @field_validator("spread_days")
    @classmethod
    def days_for_custom(cls, value: int | None, info: ValidationInfo) -> int | None:
        spread = info.data.get("spread")
        if spread == LoopSpread.CUSTOM:
            if value is None:
                raise ValueError("Say over how many days the loop runs.")
            if not 1 <= value <= SPREAD_DAYS_MAX:
                raise ValueError(f"A loop runs over 1 to {SPREAD_DAYS_MAX} days.")
        elif value is not None and spread is not None:
            raise ValueError("Days apply to another span only; the choice already says it.")
        return value

    @property
    def days(self) -> int:
        if self.spread == LoopSpread.CUSTOM:
            return self.spread_days or 1
        return SPREAD_DAYS[self.spread]

    @property
    def candidate_minutes(self) -> int:
        return sum(round_.minutes for round_ in self.rounds)
