"""The guide's facts as typed reference data, loaded from fixtures/reference/*.json.

Each fixture file has a pydantic model here. Loading validates every file, checks that each
claim ID exists in claims.json and that every record is dated with the guide's date, and
reports every problem with the file, the record and the field it sits in. Nothing here reads
the guide itself: the fixtures are the product's only copy of its facts.
"""

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hireplan.engine.answers import (
    DeliverableKind,
    InterviewerRole,
    Lane,
    Level,
    LLMWork,
    Metro,
    RoundKind,
    SkillId,
)
from hireplan.engine.choices import Choice

ClaimId = Annotated[str, StringConstraints(pattern=r"^(L|S|C|J|SO|LP|O|T|F|FM)[1-9][0-9]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Usd = Annotated[int, Field(ge=0, le=10_000_000)]
Percent = Annotated[int, Field(ge=-100, le=100)]


def _claims_exist(value: list[str], info: ValidationInfo) -> list[str]:
    known = (info.context or {}).get("claim_ids")
    if known is not None:
        unknown = [claim for claim in value if claim not in known]
        if unknown:
            raise ValueError(f"unknown claim ID {', '.join(unknown)}: not in claims.json")
    if len(set(value)) != len(value):
        raise ValueError("a claim ID is listed twice")
    return value


def _guide_dated(value: date, info: ValidationInfo) -> date:
    expected = (info.context or {}).get("guide_date")
    if expected is not None and value != expected:
        raise ValueError(f"dated {value}, but the guide in claims.json is dated {expected}")
    return value


Claims = Annotated[list[ClaimId], Field(min_length=1), AfterValidator(_claims_exist)]
AsOf = Annotated[date, AfterValidator(_guide_dated)]


class Source(Choice):
    GUIDE = "guide", "The guide"
    PRODUCT_CHOICE = "product_choice", "Hireplan's rule"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Record(Strict):
    """A fact from the guide: where it comes from (claims) and when the guide said it (as_of)."""

    claims: Claims
    as_of: AsOf


# A validator that checks across records says which record and field it means by prefixing its
# message with this marker and a JSON path; _describe turns that back into record and field.
_AT = "@at"


def located(path: tuple[str | int, ...], message: str) -> ValueError:
    """An error about a specific record and field inside a file, found by a cross-record check."""
    return ValueError(f"{_AT}{json.dumps(list(path))}{_AT}{message}")


def _unique(items: list[Any], key: str) -> list[Any]:
    seen: set[Any] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise ValueError(f"{key} {value!r} appears twice")
        seen.add(value)
    return items


def _covers(items: list[Any], key: str, enum: type[Choice]) -> list[Any]:
    missing = [member.value for member in enum if member not in {getattr(i, key) for i in items}]
    if missing:
        raise ValueError(f"no record for {', '.join(missing)}")
    return items


# ----------------------------------------------------------------------------- claims.json
class Guide(Strict):
    title: Text
    edition: Text
    author: Text
    publisher: Text
    date: date
    note: Text


class ClaimEntry(Strict):
    """One claim of the catalogue. Its id is itself the claim, so it carries no claims list."""

    id: ClaimId
    group: Literal[
        "lanes", "skills", "comp", "jd", "sourcing", "loop", "offer", "timeline", "fit", "failure"
    ]
    section: Text
    summary: Text
    as_of: AsOf


class ClaimsFile(Strict):
    guide: Guide
    claims: list[ClaimEntry] = Field(min_length=1)

    @field_validator("claims")
    @classmethod
    def ids_unique(cls, value: list[ClaimEntry]) -> list[ClaimEntry]:
        return _unique(value, "id")


# ----------------------------------------------------------------------------- lanes.json
class LaneRecord(Record):
    id: Lane
    name: Text
    job: Text
    stack_signal: list[Text] = Field(min_length=1)
    usually_needed_by: Text
    fits_deliverables: list[DeliverableKind] = Field(min_length=1)
    fits_source: Source
    fits_reason: Text


class Adjacency(Record):
    lanes: tuple[Lane, Lane]
    source: Source
    reason: Text

    @field_validator("lanes")
    @classmethod
    def two_different(cls, value: tuple[Lane, Lane]) -> tuple[Lane, Lane]:
        if value[0] == value[1]:
            raise ValueError("a lane cannot be adjacent to itself")
        return value


class LanesFile(Strict):
    lanes: list[LaneRecord]
    adjacency: list[Adjacency]

    @field_validator("lanes")
    @classmethod
    def one_per_lane(cls, value: list[LaneRecord]) -> list[LaneRecord]:
        fitted = {kind for lane in value for kind in lane.fits_deliverables}
        missing = [kind.value for kind in DeliverableKind if kind not in fitted]
        if missing:
            raise ValueError(f"no lane's fits_deliverables has {', '.join(missing)}")
        return _covers(_unique(value, "id"), "id", Lane)

    @field_validator("adjacency")
    @classmethod
    def pairs_unique(cls, value: list[Adjacency]) -> list[Adjacency]:
        seen: set[frozenset[Lane]] = set()
        for pair in value:
            if frozenset(pair.lanes) in seen:
                raise ValueError(f"the pair {pair.lanes[0]}/{pair.lanes[1]} appears twice")
            seen.add(frozenset(pair.lanes))
        return value


# ----------------------------------------------------------------------------- week.json
class WeekShare(Record):
    id: Text
    label: Text
    percent: Annotated[int, Field(ge=0, le=100)]
    typical_jd_covers: bool


class WeekFile(Strict):
    shares: list[WeekShare] = Field(min_length=1)

    @field_validator("shares")
    @classmethod
    def adds_up(cls, value: list[WeekShare]) -> list[WeekShare]:
        total = sum(share.percent for share in value)
        if total != 100:
            raise ValueError(f"the shares add up to {total}%, not 100%")
        return _unique(value, "id")


# ----------------------------------------------------------------------------- skills.json
class SkillRecord(Record):
    id: SkillId
    rank: Annotated[int, Field(ge=1, le=6)]
    name: Text
    description: Text


class Guidance(Record):
    id: Text
    text: Text


class SkillsFile(Strict):
    skills: list[SkillRecord]
    guidance: list[Guidance]

    @field_validator("skills")
    @classmethod
    def in_rank_order(cls, value: list[SkillRecord]) -> list[SkillRecord]:
        for position, skill in enumerate(value, start=1):
            if skill.rank != position or skill.id != f"S{position}":
                raise ValueError(f"skill {position} must be S{position} with rank {position}")
        return _covers(value, "id", SkillId)


# ----------------------------------------------------------------------------- comp.json
class LevelBand(Record):
    level: Level
    low: Usd
    high: Usd
    part: Literal["body", "summary"]
    used: bool

    @field_validator("high")
    @classmethod
    def ordered(cls, value: int, info: ValidationInfo) -> int:
        if value < info.data.get("low", 0):
            raise ValueError("the top of the band is below its bottom")
        return value


class Disagreement(Record):
    id: Text
    level: Level
    topic: Text
    figures: Text
    used: Literal["body", "summary"]
    reason: Text


class TopTotalComp(Record):
    low: Usd
    high: Usd
    where: list[Text]
    includes: Text


class Benchmark(Record):
    id: Text
    name: Text
    measures: Text
    median: Usd
    p25: Usd
    p75: Usd
    mid_market_anchor: bool
    note: str = ""

    @model_validator(mode="after")
    def quartiles_ordered(self) -> "Benchmark":
        if not self.p25 <= self.median <= self.p75:
            raise ValueError("the 25th percentile, median and 75th percentile are out of order")
        return self


class HybridRegion(Choice):
    BAY_AREA = "bay_area", "the Bay Area"
    BELLEVUE = "bellevue", "the Bellevue corridor"


class MetroRecord(Record):
    id: Metro
    name: Text
    senior_base: Usd | None
    bonus_pct_low: Percent | None
    bonus_pct_high: Percent | None
    large_stock: bool
    hybrid_region: HybridRegion | None
    # Hireplan's reading of C6's "tier-two metro": the guide's metros outside the Bay Area and
    # Bellevue are tier two, those two hubs are not; None where the place is not known.
    tier_two: bool | None


class HybridUplift(Record):
    regions: list[HybridRegion] = Field(min_length=1)
    office_days: list[Annotated[int, Field(ge=1, le=5)]] = Field(min_length=1)
    pct_low: Percent
    pct_high: Percent


class RemotePool(Record):
    multiplier_low: Annotated[int, Field(ge=1)]
    multiplier_high: Annotated[int, Field(ge=1)]


class LLMEffect(Record):
    llm_work: LLMWork
    band_delta_usd: Annotated[int, Field(ge=-1_000_000, le=1_000_000)] | None
    band_direction: Literal["up", "down"] | None
    pool_change_pct: Percent | None
    pool: Literal["larger", "smaller"] | None


class Underpricing(Record):
    pct_low: Percent
    pct_high: Percent
    adds_weeks_low: Annotated[int, Field(ge=0)]
    adds_weeks_high: Annotated[int, Field(ge=0)]


class Posting(Record):
    states_requiring_range: Annotated[int, Field(ge=0, le=51)]
    states_named_in_guide: bool
    post_up_to: Literal["high_end"]


class CompFile(Strict):
    level_bands: list[LevelBand]
    disagreements: list[Disagreement]
    top_total_comp: TopTotalComp
    benchmarks: list[Benchmark] = Field(min_length=1)
    metros: list[MetroRecord]
    hybrid_uplift: HybridUplift
    remote_pool: RemotePool
    llm_effects: list[LLMEffect]
    underpricing: Underpricing
    posting: Posting

    @field_validator("level_bands")
    @classmethod
    def one_used_band_per_level(cls, value: list[LevelBand]) -> list[LevelBand]:
        for level in Level:
            used = [band for band in value if band.level == level and band.used]
            if len(used) != 1:
                raise ValueError(f"level {level} needs exactly one band marked used")
        return value

    @field_validator("metros")
    @classmethod
    def one_per_metro(cls, value: list[MetroRecord]) -> list[MetroRecord]:
        return _covers(_unique(value, "id"), "id", Metro)

    @field_validator("llm_effects")
    @classmethod
    def one_per_llm_work(cls, value: list[LLMEffect]) -> list[LLMEffect]:
        return _covers(_unique(value, "llm_work"), "llm_work", LLMWork)


# ----------------------------------------------------------------------------- loops.json
class RoundRecord(Record):
    kind: RoundKind
    name: Text
    minutes_low: Annotated[int, Field(ge=1)]
    minutes_high: Annotated[int, Field(ge=1)]
    purpose: Text
    interviewer_role: InterviewerRole
    interviewer_count: Annotated[int, Field(ge=1)]
    interviewers_source: Source
    skills_tested: list[SkillId]
    skills_source: Source
    skills_reason: Text


class RoundCounts(Record):
    mid: Annotated[int, Field(ge=1)]
    senior: Annotated[int, Field(ge=1)]


class CandidateEffort(Record):
    hours_low: Annotated[int, Field(ge=1)]
    hours_high: Annotated[int, Field(ge=1)]
    spread_weeks: Annotated[int, Field(ge=1)]


class TemplateRound(Strict):
    kind: RoundKind
    minutes: Annotated[int, Field(ge=1)]


class Template(Record):
    level: Level
    source: Source
    rounds: list[TemplateRound] = Field(min_length=1)
    dropped: list[RoundKind]
    reason: Text


class LoopsFile(Strict):
    rounds: list[RoundRecord]
    round_counts: RoundCounts
    candidate_effort: CandidateEffort
    templates: list[Template]

    @field_validator("rounds")
    @classmethod
    def guide_rounds_unique(cls, value: list[RoundRecord]) -> list[RoundRecord]:
        return _unique(value, "kind")

    @field_validator("templates")
    @classmethod
    def templates_follow_the_guide(
        cls, value: list[Template], info: ValidationInfo
    ) -> list[Template]:
        # A template must pass the loop checks itself: round count, minutes, candidate hours.
        if not {"rounds", "round_counts", "candidate_effort"} <= info.data.keys():
            return value  # those sections failed on their own and carry the errors
        ranges = {r.kind: (r.minutes_low, r.minutes_high) for r in info.data["rounds"]}
        effort = info.data["candidate_effort"]
        for index, template in enumerate(value):
            needed = getattr(info.data["round_counts"], template.level.value)
            if len(template.rounds) != needed:
                raise located(
                    ("templates", index, "rounds"),
                    f"has {len(template.rounds)} rounds, not {needed}",
                )
            for number, round_ in enumerate(template.rounds):
                low, high = ranges.get(round_.kind, (0, 0))
                if not low <= round_.minutes <= high:
                    raise located(
                        ("templates", index, "rounds", number, "minutes"),
                        f"{round_.minutes} minutes is outside the round's {low}–{high}",
                    )
            total = sum(round_.minutes for round_ in template.rounds)
            if not effort.hours_low * 60 <= total <= effort.hours_high * 60:
                raise located(
                    ("templates", index, "rounds"),
                    f"takes {total} minutes, outside {effort.hours_low}–{effort.hours_high} hours",
                )
        return _covers(_unique(value, "level"), "level", Level)


# ----------------------------------------------------------------------------- sourcing.json
class Share(Record):
    id: Text
    label: Text
    percent: Annotated[int, Field(ge=0, le=100)]


class Pool(Record):
    id: Text
    rank: Annotated[int, Field(ge=1)]
    name: Text
    where: Text
    reachable: Text
    team_size_low: int | None
    team_size_high: int | None
    window_weeks: int | None


class SourcingFile(Strict):
    shares: list[Share]
    pools: list[Pool] = Field(min_length=1)

    @field_validator("pools")
    @classmethod
    def in_priority_order(cls, value: list[Pool]) -> list[Pool]:
        if [pool.rank for pool in value] != list(range(1, len(value) + 1)):
            raise ValueError("pools must be listed in rank order 1, 2, 3…")
        return _unique(value, "id")


# ----------------------------------------------------------------------------- timeline.json
class CleanSearch(Record):
    low_weeks: Annotated[int, Field(ge=1)]
    high_weeks: Annotated[int, Field(ge=1)]
    typical_mid_weeks: Annotated[int, Field(ge=1)]
    typical_senior_weeks: Annotated[int, Field(ge=1)]


class Extension(Record):
    id: Literal["vague_jd", "underpriced_band"]
    label: Text
    weeks_low: Annotated[int, Field(ge=0)]
    weeks_high: Annotated[int, Field(ge=0)]


class StaffingPartner(Record):
    open_days_over: Annotated[int, Field(ge=1)]


class Stall(Record):
    days: Annotated[int, Field(ge=1)]


class TimelineFile(Strict):
    clean_search: CleanSearch
    extensions: list[Extension]
    staffing_partner: StaffingPartner
    do_it_all_stall: Stall

    @field_validator("extensions")
    @classmethod
    def both_causes(cls, value: list[Extension]) -> list[Extension]:
        ids = sorted(extension.id for extension in value)
        if ids != ["underpriced_band", "vague_jd"]:
            raise ValueError("needs exactly the vague_jd and underpriced_band extensions")
        return value


# ----------------------------------------------------------------------------- offer.json
class ChecklistItem(Record):
    id: Literal["offer_within", "same_day_walkthrough", "hm_call_within"]
    label: Text
    hours: Annotated[int, Field(ge=1)] | None


class CompetingOffers(Record):
    low: int
    high: int
    level: Level


class BasePosition(Record):
    quartile: Literal["top"]


class EquityBasis(Record):
    years: Annotated[int, Field(ge=1)]
    basis: Literal["vested_value"]


class StartDate(Record):
    rush_weeks: Annotated[int, Field(ge=1)]
    walked_equity_low: Usd
    walked_equity_high: Usd


class OfferFile(Strict):
    checklist: list[ChecklistItem]
    competing_offers: CompetingOffers
    base_position: BasePosition
    equity: EquityBasis
    start_date: StartDate

    @field_validator("checklist")
    @classmethod
    def items_unique(cls, value: list[ChecklistItem]) -> list[ChecklistItem]:
        return _unique(value, "id")


# ----------------------------------------------------------------------------- failure_modes.json
class FailureMode(Record):
    id: ClaimId
    slug: Text
    name: Text
    lane_needed: Lane | None
    lane_hired: Lane | None
    story: Text
    cost_usd: Usd | None
    cost_note: Text
    lesson: Text
    # Rules that show this story beyond those citing the failure mode's own claim ID.
    also_with_rules: list[Text] = Field(default_factory=list)


class FailureModesFile(Strict):
    failure_modes: list[FailureMode]


# ----------------------------------------------------------------------------- product_choices.json
class ProductChoice(Record):
    id: Text
    value: bool | int | float | str | list[int] | list[str]
    unit: Text
    applies_to: Text
    source: Literal["product_choice"]
    reason: Text


# The product's choices the engine reads, and the type each must have.
REQUIRED_CHOICES: dict[str, type | tuple[type, ...]] = {
    "high_sla_percent": (int, float),
    "full_office_days": int,
    "loop_skills_checked": int,
    "extension_stacks": bool,
    "band_compare": str,
    "vague_jd_facts": list,
    "aspiration_terms": list,
    "base_min_usd": int,
    "base_max_usd": int,
    "band_max_ratio": int,
    "sla_input_bounds": list,
    "one_day_loop_days": int,
    "metro_band_position_eighths": int,
    "metro_band_rounding_usd": int,
}


class ProductChoicesFile(Strict):
    choices: list[ProductChoice]

    @field_validator("choices")
    @classmethod
    def required_present(cls, value: list[ProductChoice]) -> list[ProductChoice]:
        _unique(value, "id")
        by_id = {choice.id: choice for choice in value}
        for name, kind in REQUIRED_CHOICES.items():
            if name not in by_id:
                raise ValueError(f"the product choice {name} is missing")
            actual = by_id[name].value
            if not isinstance(actual, kind) or (kind is int and isinstance(actual, bool)):
                raise ValueError(f"the product choice {name} has a value of the wrong type")
        return value


# ----------------------------------------------------------------------------- the whole set
FILES: dict[str, type[Strict]] = {
    "claims": ClaimsFile,
    "lanes": LanesFile,
    "week": WeekFile,
    "skills": SkillsFile,
    "comp": CompFile,
    "loops": LoopsFile,
    "sourcing": SourcingFile,
    "timeline": TimelineFile,
    "offer": OfferFile,
    "failure_modes": FailureModesFile,
    "product_choices": ProductChoicesFile,
}


class Reference(Strict):
    """Every fixture file, validated, with look-ups the engine needs."""

    claims: ClaimsFile
    lanes: LanesFile
    week: WeekFile
    skills: SkillsFile
    comp: CompFile
    loops: LoopsFile
    sourcing: SourcingFile
    timeline: TimelineFile
    offer: OfferFile
    failure_modes: FailureModesFile
    product_choices: ProductChoicesFile

    @property
    def guide(self) -> Guide:
        return self.claims.guide

    @property
    def claim_ids(self) -> frozenset[str]:
        return frozenset(entry.id for entry in self.claims.claims)

    def lane(self, lane: Lane) -> LaneRecord:
        return next(record for record in self.lanes.lanes if record.id == lane)

    def adjacency(self, a: Lane, b: Lane) -> Adjacency | None:
        return next((p for p in self.lanes.adjacency if set(p.lanes) == {a, b}), None)

    def adjacent_lanes(self, lane: Lane) -> list[Lane]:
        return [other for other in Lane if other != lane and self.adjacency(lane, other)]

    def lanes_for(self, kind: DeliverableKind) -> list[Lane]:
        return [record.id for record in self.lanes.lanes if kind in record.fits_deliverables]

    def level_band(self, level: Level) -> LevelBand:
        return next(b for b in self.comp.level_bands if b.level == level and b.used)

    def other_level_bands(self, level: Level) -> list[LevelBand]:
        return [b for b in self.comp.level_bands if b.level == level and not b.used]

    def metro(self, metro: Metro) -> MetroRecord:
        return next(record for record in self.comp.metros if record.id == metro)

    def llm_effect(self, work: LLMWork) -> LLMEffect:
        return next(effect for effect in self.comp.llm_effects if effect.llm_work == work)

    def skill(self, skill: SkillId) -> SkillRecord:
        return next(record for record in self.skills.skills if record.id == skill)

    def guide_round(self, kind: RoundKind) -> RoundRecord | None:
        return next((record for record in self.loops.rounds if record.kind == kind), None)

    def template(self, level: Level) -> Template:
        return next(template for template in self.loops.templates if template.level == level)

    def extension(self, cause: str) -> Extension:
        return next(ext for ext in self.timeline.extensions if ext.id == cause)

    def checklist_item(self, item: str) -> ChecklistItem:
        return next(entry for entry in self.offer.checklist if entry.id == item)

    def choice(self, name: str) -> Any:
        """The value of one of the product's own choices (product_choices.json)."""
        return next(c.value for c in self.product_choices.choices if c.id == name)


class ReferenceDataError(ValueError):
    """The fixtures are broken; `problems` lists each one with its file, record and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Reference data is broken:\n" + "\n".join(f"- {p}" for p in problems))


def _record_label(data: Any, section: str, index: int) -> str:
    label = f"{section}[{index}]"
    try:
        record = data[section][index]
    except (KeyError, IndexError, TypeError):
        return label
    if isinstance(record, dict):
        for key in ("id", "level", "kind", "llm_work", "lanes"):
            if key in record:
                return f"{label} ({key} {record[key]!r})"
    return label


def _describe(file_name: str, data: Any, error: dict[str, Any]) -> str:
    """One line naming the file, the record and the field of a validation error."""
    loc = tuple(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if message.startswith(_AT):
        path, message = message.removeprefix(_AT).split(_AT, 1)
        loc = tuple(json.loads(path))
    if not loc:
        record, rest = "(top level)", ()
    elif len(loc) > 1 and isinstance(loc[1], int):
        record, rest = _record_label(data, str(loc[0]), loc[1]), loc[2:]
    else:
        record, rest = str(loc[0]), loc[1:]
    field = ""
    for part in rest:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    where = f"{file_name}: record {record}, field {field or '(whole record)'}"
    return f"{where}: {message}"


def _read(path: Path) -> tuple[Any, str | None]:
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return None, f"{path.name}: record (file), field (file): the file is missing"
    except json.JSONDecodeError as exc:
        return None, (
            f"{path.name}: record (file), field (file): not valid JSON at line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg}"
        )


def _load(directory: Path) -> Reference:
    problems: list[str] = []
    raw: dict[str, Any] = {}
    for name in FILES:
        data, problem = _read(directory / f"{name}.json")
        if problem:
            problems.append(problem)
        raw[name] = data

    # claims.json first: every other file is checked against its IDs and its date.
    context: dict[str, Any] = {}
    parsed: dict[str, Any] = {}
    if raw["claims"] is not None:
        try:
            parsed["claims"] = ClaimsFile.model_validate(raw["claims"])
            context = {
                "claim_ids": {entry.id for entry in parsed["claims"].claims},
                "guide_date": parsed["claims"].guide.date,
            }
        except ValidationError as exc:
            problems += [_describe("claims.json", raw["claims"], e) for e in exc.errors()]
    for name, model in FILES.items():
        if name == "claims" or raw[name] is None:
            continue
        try:
            parsed[name] = model.model_validate(raw[name], context=context)
        except ValidationError as exc:
            problems += [_describe(f"{name}.json", raw[name], e) for e in exc.errors()]
    if problems:
        raise ReferenceDataError(problems)
    return Reference(**parsed)


def load_reference(directory: Path) -> Reference:
    """The reference data in `directory` (fixtures/reference), every file validated; raises
    ReferenceDataError naming each problem. Not cached: the caller keeps the copy it serves."""
    return _load(Path(directory))


def reference_errors(directory: Path) -> list[str]:
    """Every problem in the fixtures, one line each (empty when they are sound)."""
    try:
        _load(Path(directory))
    except ReferenceDataError as exc:
        return exc.problems
    return []
