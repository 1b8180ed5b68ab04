"""The JD linter: checks a job description's text against the guide, as a pure function.

`lint(text, context)` returns the engine's `Finding` objects (step "jd", ids `jd.lint_*`), a
score out of 100 and the character spans behind each finding, so the page can highlight the
phrase or sentence a finding is about. `lint_context(...)` builds the small input model the
linter needs from the plan's answers, the plan's posting band and the reference data. No ORM,
no request.

What each finding costs and why is in docs/jd-linter.md. The thresholds below (how many tools
make a wish list, how long is too long) are Hireplan's own choices: the guide gives no number.
Which opener facts the text states, and where a degree may be asked for, are decided in
hireplan/engine/answers/jd.py, the same functions the step's advice rules use, so the check
and the advice never disagree.

Every pass over the text is a regular-expression scan or a walk over its lines, each pattern
free of nested repetition, so a pasted 10,000-word text lints in a fraction of a second.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from hireplan.engine.answers import (
    BASE_MAX_USD,
    BASE_MIN_USD,
    OPENER_FACTS,
    Lane,
    RegulatedSetting,
)
from hireplan.engine.answers.jd import (
    HEADING,
    ON_CALL,
    PLACEHOLDER,
    SENTENCE,
    degree_exception,
    opener_bounds,
    opener_fact_states,
    without_gaps,
)
from hireplan.engine.inputs import EngagementInput
from hireplan.engine.plan import Finding, PostingAdvice, Severity
from hireplan.engine.reference import Reference
from hireplan.engine.text import usd, usd_span
from jd.draft import must_post_range

# Hireplan's rules (docs/jd-linter.md): the guide names the traits, not these numbers.
MAX_TOOLS = 12  # more distinct tools than this reads as a wish list
FOREIGN_TOOLS_MIN = 2  # tools from other lanes, not in use here: one can be real, two is a wish
LIST_TOOLS_MIN = 8  # tools in one list or paragraph that the team has not said it runs
MIN_WORDS = 150  # too short to carry the opener, the week, the skills, the stack and on-call
MAX_WORDS = 1200  # long enough to bury the opener
EXCERPTS_SHOWN = 3  # quoted phrases listed under a finding

# Points each finding takes off the score of 100.
POINTS: dict[str, int] = {
    "jd.lint_opener": 25,
    "jd.lint_on_call": 20,
    "jd.lint_on_call_vague": 10,
    "jd.lint_wish_list": 15,
    "jd.lint_degree_first": 15,
    "jd.lint_modelling_first": 10,
    "jd.lint_seniority": 10,
    "jd.lint_aspiration": 10,
    "jd.lint_pay_range": 15,
    "jd.lint_pay_band": 10,
    "jd.lint_placeholder": 10,
    "jd.lint_length": 10,
}

SEVERITIES: dict[str, Severity] = {
    "jd.lint_opener": Severity.RISK,
    "jd.lint_on_call": Severity.RISK,
    "jd.lint_on_call_vague": Severity.ADVICE,
    "jd.lint_wish_list": Severity.RISK,
    "jd.lint_degree_first": Severity.RISK,
    "jd.lint_modelling_first": Severity.ADVICE,
    "jd.lint_seniority": Severity.RISK,
    "jd.lint_aspiration": Severity.RISK,
    "jd.lint_pay_range": Severity.BLOCKER,
    "jd.lint_pay_band": Severity.RISK,
    "jd.lint_placeholder": Severity.RISK,
    "jd.lint_length": Severity.ADVICE,
}

CLAIMS: dict[str, list[str]] = {
    "jd.lint_opener": ["J1", "J2"],
    "jd.lint_on_call": ["J1", "J2"],
    "jd.lint_on_call_vague": ["J1", "J2"],
    "jd.lint_wish_list": ["J1", "S8", "L1"],
    "jd.lint_degree_first": ["S8", "F3"],
    "jd.lint_modelling_first": ["J4", "S1", "S6"],
    "jd.lint_seniority": ["S7", "F4"],
    "jd.lint_aspiration": ["J3"],
    "jd.lint_pay_range": ["C5"],
    "jd.lint_pay_band": ["C5"],
    "jd.lint_placeholder": ["J2"],
    "jd.lint_length": ["J2"],
}

# Filler the product adds to the guide's own examples (product_choices.json holds those).
EXTRA_ASPIRATION_TERMS = (
    "innovative",
    "disrupt",
    "best-in-class",
    "next-generation",
    "visionary",
    "guru",
    "rock star",
    "unicorn",
    "synergy",
)

# Tools no lane owns: every lane writes Python, so it never marks a JD as another lane's.
NEUTRAL_TOOLS = frozenset({"python"})

# Tools outside the five lanes' stack signals that still count towards a wish list.
COMMON_TOOLS = (
    "TensorFlow",
    "JAX",
    "Keras",
    "MXNet",
    "Caffe",
    "Theano",
    "PaddlePaddle",
    "Chainer",
    "fastai",
    "LightGBM",
    "CatBoost",
    "H2O",
    "OpenCV",
    "spaCy",
    "NLTK",
    "Spark",
    "Dask",
    "Polars",
    "Kafka",
    "Flink",
    "BigQuery",
    "Redshift",
    "SageMaker",
    "Vertex AI",
    "Docker",
    "AWS",
    "GCP",
    "Azure",
    "EKS",
    "GKE",
    "ONNX",
    "TensorRT",
    "pandas",
    "NumPy",
    "PostgreSQL",
    "Redis",
    "Elasticsearch",
    "Weights & Biases",
    "Prometheus",
    "Grafana",
    "Hadoop",
    "Prefect",
    "Metaflow",
    "BentoML",
    "Seldon",
)

# A lane's stack signal is written for people ("Kubernetes (in depth)"); the text names tools.
_SIGNAL_ALIASES = {"multi-gpu cuda debugging": "CUDA"}

BandBasis = Literal["proposed_band", "recommendation", ""]
_BASIS_NAMES = {
    "proposed_band": "the band you proposed on the compensation step",
    "recommendation": "Hireplan's recommended band",
}


def tool_name(signal: str) -> str:
    """The tool a stack-signal entry names: "Kubernetes (in depth)" → "Kubernetes"."""
    alias = _SIGNAL_ALIASES.get(signal.strip().casefold())
    if alias:
        return alias
    name = re.sub(r"\s*\(.*?\)", "", signal).strip()
    return re.sub(r"\s+SDK$", "", name).strip()


class LintContext(BaseModel):
    """What the linter needs from the plan besides the text. Built by `lint_context`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lane_name: str = ""  # empty until the lane step is saved
    lane_tools: list[str] = Field(default_factory=list)  # primary lane and lean
    other_tools: dict[str, list[str]] = Field(default_factory=dict)  # other lane → its tools
    known_tools: list[str] = Field(default_factory=list)  # every lane's tools, lane or none
    tools_in_use: list[str] = Field(default_factory=list)  # the team's own words
    opener_facts: dict[str, str] = Field(default_factory=dict)
    pay_range_required: bool = False
    pay_range_reason: str = ""
    # The band a posted range is held to (C5): the proposed band, else the recommended one.
    band_low_usd: int | None = None
    band_high_usd: int | None = None
    band_basis: BandBasis = ""
    # Why an MS or PhD may be asked for here (F3), or "" (answers/jd.py degree_exception).
    degree_exception: str = ""
    regulated_other: bool = False  # a regulated setting F3 does not name
    aspiration_terms: list[str] = Field(default_factory=list)


class Span(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int
    end: int
    finding: str


class LintResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    score: int = Field(ge=0, le=100)
    findings: list[Finding]
    spans: list[Span]
    deductions: dict[str, int]
    words: int
    tools: list[str]  # distinct tools the text names, in order of first mention
    opener: tuple[int, int] | None = None  # the first paragraph, as checked
    facts_stated: dict[str, bool] = Field(default_factory=dict)  # opener_fact_states

    def marks_opener(self, finding_id: str) -> bool:
        """Whether a finding marks something in the first paragraph."""
        if self.opener is None:
            return False
        start, end = self.opener
        return any(s.finding == finding_id and start <= s.start < end for s in self.spans)

    def excerpts(self, text: str, finding_id: str) -> list[str]:
        """The first few highlighted phrases behind a finding, for its card."""
        out: list[str] = []
        for span in self.spans:
            if span.finding == finding_id:
                piece = " ".join(text[span.start : span.end].split())
                out.append(piece if len(piece) <= 90 else piece[:87].rstrip() + "…")
                if len(out) == EXCERPTS_SHOWN:
                    break
        return out


def _names(tool: str, text: str) -> bool:
    """Whether the text names the tool as a word: "Triton on EKS" names Triton, not R."""
    pattern = rf"(?<![\w-]){re.escape(tool.casefold())}(?![\w-])"
    return re.search(pattern, text.casefold()) is not None


# ----------------------------------------------------------------------------- the input model
def lint_context(
    inp: EngagementInput,
    ref: Reference,
    facts: dict[str, str],
    posting: PostingAdvice | None = None,
) -> LintContext:
    """The linter's input from the saved steps, the reference data and the JD's opener facts.

    `facts` are the JD step's opener answers as typed, so an unsaved edit already counts.
    `posting` is the plan's posting advice (`plan.compensation.posting`): the band a posted
    range must reach the top of, the proposed band or else the recommended one (C5).
    """
    lane_answers = inp.lane
    chosen: list[Lane] = []
    if lane_answers is not None:
        pair = (lane_answers.primary_lane, lane_answers.lean_lane)
        chosen = [lane for lane in pair if lane is not None]
    lane_tools: list[str] = []
    other_tools: dict[str, list[str]] = {}
    known_tools: list[str] = []
    for record in ref.lanes.lanes:
        tools = [tool_name(signal) for signal in record.stack_signal]
        known_tools += [tool for tool in tools if tool not in known_tools]
        if record.id in chosen:
            lane_tools += [tool for tool in tools if tool not in lane_tools]
        elif chosen:
            other_tools[record.name] = tools
    if Lane.PRODUCTION_ML in chosen:
        # The production week (L9) includes fighting CUDA versions: those tools are its own.
        week = " ".join(share.label for share in ref.week.shares).casefold()
        for tools in other_tools.values():
            lane_tools += [t for t in tools if _names(t, week) and t not in lane_tools]
    in_use = list(lane_answers.stack_tags) if lane_answers is not None else []
    for name in ("framework", "serving_stack", "orchestrator", "feature_store"):
        value = (facts.get(name) or "").strip()
        if value:
            in_use.append(value)
    comp = inp.comp
    required, reason = must_post_range(comp), ""
    if required and comp is not None:
        reason = (
            "The posting is remote across the country, so it reaches the states that require one."
            if comp.remote_nationwide
            else "The compensation step says a pay-transparency law applies to this posting."
        )
    setting = inp.context.regulated_setting if inp.context is not None else None
    band: dict = {}
    if posting is not None:
        band = {
            "band_low_usd": posting.range.low,
            "band_high_usd": posting.range.high,
            "band_basis": posting.basis,
        }
    return LintContext(
        lane_name=ref.lane(chosen[0]).name if chosen else "",
        lane_tools=lane_tools,
        other_tools=other_tools,
        known_tools=known_tools,
        tools_in_use=in_use,
        opener_facts={
            name: (facts.get(name) or "").strip()
            for name in OPENER_FACTS
            if (facts.get(name) or "").strip()
        },
        pay_range_required=required,
        pay_range_reason=reason,
        degree_exception=degree_exception(chosen, setting),
        regulated_other=setting == RegulatedSetting.OTHER,
        aspiration_terms=[*ref.choice("aspiration_terms")],
        **band,
    )


# ----------------------------------------------------------------------------- text helpers
_WORD = re.compile(r"\S+")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
# A line that heads what follows without being a Markdown heading: "Requirements:" or
# "**What you bring**" on a line of its own.
_LABEL_LINE = re.compile(r"^\s{0,3}(?:\*\*[^*\n]{1,60}\*\*:?|[^\s\-*+#][^\n]{0,58}:)\s*$")
_SKILLS_HEADING = re.compile(
    r"skill|requirement|qualification|you (?:have|bring|need)|looking for|must[- ]haves?|"
    r"about you|what matters|experience",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")

# S8, F3: an advanced degree ("PhD or MS in CS/statistics…").
_DEGREE = re.compile(
    r"\b(?:ph\.?\s?d\.?|doctora(?:te|l)|master['’]s|masters?\s+degrees?|"
    r"(?:graduate|advanced|postgraduate)\s+degrees?)(?!\w)|"
    r"(?-i:\b(?:MS|M\.S\.|MSc|M\.Sc\.|MEng)(?![\w.]))",
    re.IGNORECASE,
)
# J4, S6: a skills list led by modelling or research rather than production work.
_MODELLING = re.compile(
    r"\b(?:model(?:l)?ing|deep learning|statistic(?:s|al)|research|publications?|papers|"
    r"state[- ]of[- ]the[- ]art|novel architectures?|neural networks?|ml theory|mathematics)\b",
    re.IGNORECASE,
)
# S7, F4: seniority counted in years ("10+ years of deep learning") or in medals.
_YEARS = re.compile(
    r"\b(?:\d{1,2}(?:\s?[-–]\s?\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty)\s?(?:\+|plus)?\s?(?:or more\s)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
# What makes a number of years a requirement: what follows it, or what comes just before.
_YEARS_AFTER = re.compile(
    r"['’]?\s{0,3}(?:of|in|with|as|building|working|doing|using|developing|shipping|running|"
    r"writing|hands-on|professional|industry|relevant|experience|exp)\b",
    re.IGNORECASE,
)
_YEARS_BEFORE = re.compile(
    r"\b(?:at least|minimum(?: of)?|min\.?|over|more than|experience|requires?|required)"
    r"\W{0,3}$",
    re.IGNORECASE,
)
_PRODUCTION = re.compile(r"\bproduction\b|\bin prod\b", re.IGNORECASE)
# Every match of _YEARS ends in its unit word, at most 21 characters after the match starts.
_YEARS_UNIT = re.compile(r"y(?:ea)?rs?\b", re.IGNORECASE)
_MEDALS = re.compile(
    r"\bkaggle(?:\s(?:competition\s)?(?:grandmasters?|masters?|experts?|medals?|medallists?|"
    r"competitions?|rankings?|ranks?))?\b|"
    r"\bgrandmasters?\b|"
    r"\b(?:gold|silver|bronze)\s(?:medals?|medallists?)\b|"
    r"\bleaderboards?\b|"
    r"\b(?:ml|machine[- ]learning|data[- ]science|model(?:l)?ing|ai)\s(?:competitions?|"
    r"challenges?)\b|"
    r"\bcompetition\s(?:wins?|winners?|results?|rankings?|medals?)\b",
    re.IGNORECASE,
)
# A phrase said in the negative: "no PhD needed", "a PhD is not required".
_NOT_BEFORE = re.compile(
    r"\b(?:no|not|without|never|nor|don['’]t\s+need|doesn['’]t\s+need)\b[^.;\n]{0,30}$",
    re.IGNORECASE,
)
_NOT_AFTER = re.compile(
    r"^[^.;\n]{0,30}?\b(?:not|n['’]t)\s+(?:required|needed|necessary|expected|a requirement|"
    r"a must)",
    re.IGNORECASE,
)
_PHRASE_END = re.compile(r"[,.;:()\n!?]")
_CLAUSE_END = re.compile(r"[.;\n!?]")
# C5: a pay range such as "$180,000 – $220,000", "$180K-$220K", "180k to 220k", "USD 180,000
# to 240,000". Every part is bounded, so a long run of digits or spaces costs a constant.
_AMOUNT = r"(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,7})(?:\.\d{1,2})?"
_PAY = re.compile(
    rf"(?<![\w.,$])(?P<c1>\$|USD ?|US\$ ?)?(?P<lo>{_AMOUNT})(?: ?(?P<u1>[km])(?![a-z]))?"
    r"[ \t]{0,3}(?:-|–|—|to|and)[ \t]{0,3}"
    rf"(?P<c2>\$|USD ?|US\$ ?)?(?P<hi>{_AMOUNT})(?: ?(?P<u2>[km])(?![a-z]))?(?!\d)(?!,\d{{3}})",
    re.IGNORECASE,
)
_UNITS = {"k": 1_000, "m": 1_000_000}


def _near(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, before: int, after: int
) -> Iterable[re.Match[str]]:
    """`pattern`'s matches in `text`, searched only around the matches of `anchor`: a word
    every match of `pattern` holds, starting at most `before` characters after the match and
    ending at most `after` characters before its end. A long text is crossed at the speed of
    one simple search. The windows are merged, so matches come in order and never twice;
    bounded `finditer` still sees the text around its window, so `\b` and look-behinds are
    unchanged."""
    window: list[int] | None = None
    for hit in anchor.finditer(text):
        start, end = max(0, hit.start() - before), min(len(text), hit.end() + after)
        if window is not None and start <= window[1]:
            window[1] = end
            continue
        if window is not None:
            yield from pattern.finditer(text, *window)
        window = [start, end]
    if window is not None:
        yield from pattern.finditer(text, *window)


class PayRange(NamedTuple):
    start: int
    end: int
    low: int
    high: int
    yearly: bool  # within the bounds of a yearly U.S. base (comp inputs' bounds)


_DIGIT = re.compile(r"\d")


def _pay_matches(text: str) -> Iterable[re.Match[str]]:
    """`_PAY`'s matches, searched only in the lines that hold a digit (a range sits on one
    line and always has one): most of a long JD is skipped at the speed of a digit scan.
    `finditer` with bounds still sees the text around them, so the look-behind is unchanged."""
    position = 0
    while digit := _DIGIT.search(text, position):
        start = text.rfind("\n", 0, digit.start()) + 1
        end = text.find("\n", digit.start())
        end = len(text) if end < 0 else end
        yield from _PAY.finditer(text, start, end)
        position = end + 1


def pay_ranges(text: str) -> list[PayRange]:
    """The pay ranges a text gives, in order. A pair of numbers counts when it carries a
    currency, or when it reads as a yearly base ("180k to 220k"); a unit on one end applies to
    a bare other end ("$180-220K")."""
    found: list[PayRange] = []
    for match in _pay_matches(text):
        low = float(match["lo"].replace(",", ""))
        high = float(match["hi"].replace(",", ""))
        low_unit = _UNITS.get((match["u1"] or "").lower())
        high_unit = _UNITS.get((match["u2"] or "").lower())
        if low_unit is None and high_unit is not None and low * high_unit <= high * high_unit:
            low_unit = high_unit if low < 1_000 else None
        if high_unit is None and low_unit is not None and high < 1_000:
            high_unit = low_unit
        low, high = low * (low_unit or 1), high * (high_unit or 1)
        if not low < high:
            continue
        yearly = low >= BASE_MIN_USD and high <= BASE_MAX_USD
        if yearly or match["c1"] or match["c2"]:
            found.append(PayRange(match.start(), match.end(), round(low), round(high), yearly))
    return found


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """Each line with the offset where it starts."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _is_heading(line: str) -> bool:
    return bool(HEADING.match(line) or _LABEL_LINE.match(line))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Each paragraph and each list (its items and their indented lines), as (start, end):
    the places one list of tools can sit."""
    blocks: list[tuple[int, int]] = []
    start = end = -1
    kind = ""
    for offset, line in _lines(text):
        if not line.strip() or HEADING.match(line):
            if start >= 0:
                blocks.append((start, end))
            start, kind = -1, ""
            continue
        if _LIST_ITEM.match(line):
            this = "list"
        elif kind == "list" and line[:1].isspace():
            this = "list"  # an item's continuation
        else:
            this = "prose"
        if this != kind or (this == "prose" and _LABEL_LINE.match(line)):
            if start >= 0:
                blocks.append((start, end))
            start = offset
        kind, end = this, offset + len(line)
    if start >= 0:
        blocks.append((start, end))
    return blocks


def _negated(text: str, start: int, end: int) -> bool:
    """Whether a phrase is said in the negative ("no PhD needed", "a PhD is not required")."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 50]
    return bool(_NOT_BEFORE.search(before) or _NOT_AFTER.search(after))


class _Sentences:
    """The text's sentences as spans, with a look-up of the sentence around an offset."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        for match in SENTENCE.finditer(text):
            piece = match.group()
            stripped = piece.lstrip()
            if stripped.strip():
                start = match.start() + len(piece) - len(stripped)
                self.spans.append((start, match.start() + len(piece.rstrip())))
        self.starts = [start for start, _ in self.spans]

    def around(self, offset: int) -> tuple[int, int] | None:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and self.spans[index][0] <= offset < self.spans[index][1]:
            return self.spans[index]
        return None


def _term_pattern(term: str) -> str:
    """A filler word with its usual endings; "transform" matches "transformative" but never
    "transformer", a model architecture."""
    words = [re.escape(word) for word in re.split(r"[\s-]+", term.strip()) if word]
    if term.endswith("e"):
        words[-1] = words[-1][:-1] + r"(?:e|es|ed|ing|ely)"
    else:
        words[-1] += r"(?:s|ed|ing|ion|ions|ive|ation|ations|ative)?"
    return r"[\s-]*".join(words)


class _Tools:
    """Finds tool names in the text: short names case-sensitively ("Ray", "dbt"), long ones not."""

    def __init__(self, names: Iterable[str]) -> None:
        self.canonical: dict[str, str] = {}
        short, long = [], []
        for name in names:
            key = name.casefold()
            if not name or key in NEUTRAL_TOOLS or key in self.canonical:
                continue
            self.canonical[key] = name
            (short if len(name) <= 4 else long).append(name)
        self.patterns = [
            self._compile(long, re.IGNORECASE),
            self._compile(short, 0),
        ]

    @staticmethod
    def _compile(names: list[str], flags: int) -> re.Pattern[str] | None:
        if not names:
            return None
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w&.-])(?:{alternation})(?![\w&'’-])", flags)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        hits = []
        for pattern in self.patterns:
            if pattern is not None:
                for match in pattern.finditer(text):
                    name = self.canonical[match.group().casefold()]
                    hits.append((match.start(), match.end(), name))
        return sorted(hits)


# The live check lints on every keystroke pause against the same few lane contexts: build each
# context's tool finder and filler pattern once (both are pure functions of their names).
@lru_cache(maxsize=32)
def _tools(names: tuple[str, ...]) -> _Tools:
    return _Tools(names)


@lru_cache(maxsize=32)
def _aspiration_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_term_pattern(t) for t in terms) + r")\b", re.IGNORECASE)


# ----------------------------------------------------------------------------- the checks
class _Linter:
    def __init__(self, text: str, ctx: LintContext) -> None:
        self.text = text
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.spans: list[Span] = []
        self.sentences = _Sentences(text)
        # The opener as answers/jd.py reads it (gaps blanked), so both mark the same paragraph.
        self.opener = opener_bounds(without_gaps(text))
        self.opener_text = text[self.opener[0] : self.opener[1]] if self.opener else ""
        self.states = opener_fact_states(ctx.opener_facts, text)
        foreign_names = [tool for tools in ctx.other_tools.values() for tool in tools]
        self.tools = _tools((*ctx.lane_tools, *foreign_names, *ctx.known_tools, *COMMON_TOOLS))
        self.tool_hits = self.tools.find(text)
        self.tool_starts = [start for start, _, _ in self.tool_hits]

    def add(
        self,
        finding_id: str,
        title: str,
        action: str,
        detail: str = "",
        spans: Iterable[tuple[int, int]] = (),
    ) -> None:
        self.findings.append(
            Finding(
                id=finding_id,
                severity=SEVERITIES[finding_id],
                title=title,
                action=action,
                step="jd",
                claims=CLAIMS[finding_id],
                detail=detail,
            )
        )
        self.spans += [Span(start=s, end=e, finding=finding_id) for s, e in spans]

    def _skills_item(self) -> tuple[int, int] | None:
        """The first requirement: the first item of the first list under a heading about skills,
        requirements or experience (a Markdown heading or a "Requirements:" line), else the
        first item of the first list."""
        first_item = None
        heading_is_skills = False
        for offset, line in _lines(self.text):
            if HEADING.match(line):
                heading_is_skills = bool(_SKILLS_HEADING.search(line))
                continue
            if _LABEL_LINE.match(line) and not _LIST_ITEM.match(line):
                # "Requirements:" heads a list; "We would love to see:" under it keeps it one.
                heading_is_skills = heading_is_skills or bool(_SKILLS_HEADING.search(line))
                continue
            if _LIST_ITEM.match(line):
                span = (offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()))
                if heading_is_skills:
                    return span
                if first_item is None:
                    first_item = span
        return first_item

    # -- J1, J2: the opener names the model and what it is for
    def check_opener(self) -> None:
        model, serves = self.states["model"], self.states["serves"]
        if model and serves:
            return
        if not model and not serves:
            title = "The first paragraph does not name the model and what it is for"
        elif not model:
            title = "The first paragraph does not name the model"
        else:
            title = "The first paragraph does not say what the model is for"
        self.add(
            "jd.lint_opener",
            title,
            "Open with the model the hire will own and what it does for whom, then its "
            "scale and stack.",
            "Candidates decide from the first paragraph whether the work is theirs.",
            [self.opener] if self.opener else [],
        )

    # -- J1, S8, L1: the stack actually in use, not a wish list
    def check_stack(self) -> list[str]:
        found: list[str] = []
        for _, _, name in self.tool_hits:
            if name not in found:
                found.append(name)
        lane_keys = {tool.casefold() for tool in self.ctx.lane_tools}
        in_use = [value.casefold() for value in self.ctx.tools_in_use]
        owners: dict[str, str] = {}
        for lane_name, tools in self.ctx.other_tools.items():
            for tool in tools:
                owners.setdefault(tool.casefold(), lane_name)

        in_use_by_name: dict[str, bool] = {}

        def used(name: str) -> bool:
            if name not in in_use_by_name:
                in_use_by_name[name] = any(_names(name, value) for value in in_use)
            return in_use_by_name[name]

        def foreign(name: str) -> bool:
            key = name.casefold()
            return key not in lane_keys and key in owners and not used(name)

        # Lists (or paragraphs) naming LIST_TOOLS_MIN tools or more that the team has not said
        # it runs; each tool marked once per list.
        listed: list[tuple[int, int]] = []
        listed_names: list[str] = []
        lists = 0
        for start, end in _blocks(self.text):
            first = bisect_left(self.tool_starts, start)
            last = bisect_left(self.tool_starts, end)
            unused: dict[str, tuple[int, int]] = {}
            for s, e, name in self.tool_hits[first:last]:
                if name not in unused and not used(name):
                    unused[name] = (s, e)
            if len(unused) >= LIST_TOOLS_MIN:
                lists += 1
                listed += unused.values()
                listed_names += [name for name in unused if name not in listed_names]

        foreign_tools = [name for name in found if foreign(name)]
        too_many = len(found) > MAX_TOOLS
        is_foreign = len(foreign_tools) >= FOREIGN_TOOLS_MIN
        if not (listed or is_foreign or too_many):
            return found
        details: list[str] = []
        spans: list[tuple[int, int]] = []
        if listed:
            title = (
                f"One list names {len(listed_names)} tools the team has not said it runs, "
                "which reads like a wish list"
                if lists == 1
                else f"{lists} lists name {len(listed_names)} tools the team has not said it runs"
            )
            details.append(
                f"Hireplan's rule: {LIST_TOOLS_MIN} or more tools in one list or paragraph "
                "that neither the lane step's stack tags nor the opener's facts name. If the "
                "team does run them, add them to the stack tags."
            )
            spans += listed
        if is_foreign:
            lanes = sorted({owners[name.casefold()] for name in foreign_tools})
            if not listed:
                title = f"The stack names {len(foreign_tools)} tools from another lane"
            details.append(
                f"{', '.join(foreign_tools)} belong to the {' and '.join(lanes)} lane"
                f"{'s' if len(lanes) > 1 else ''}, not to the {self.ctx.lane_name} role "
                "you chose, and you have not said the team uses them (Hireplan's rule: "
                f"{FOREIGN_TOOLS_MIN} or more)."
            )
            marked = {name.casefold() for name in foreign_tools}
            spans += [(s, e) for s, e, name in self.tool_hits if name.casefold() in marked]
        if too_many:
            if not listed and not is_foreign:
                title = f"The stack lists {len(found)} tools, which reads like a wish list"
            details.append(f"Hireplan's rule: more than {MAX_TOOLS} distinct tools in the JD.")
            if not listed and not is_foreign:
                seen: set[str] = set()
                for s, e, name in self.tool_hits:
                    if name not in seen:
                        seen.add(name)
                        spans.append((s, e))
        self.add(
            "jd.lint_wish_list",
            title,
            "List only the tools the team runs today; name the rest as things the hire "
            "may pick up.",
            " ".join(details),
            sorted(set(spans)),
        )
        return found

    # -- J1, J2: honest about on-call, and how often the pager fires
    def check_on_call(self) -> None:
        if not self.states["on_call_rotation"]:
            self.add(
                "jd.lint_on_call",
                "The JD says nothing about on-call",
                "Say whether the hire is on call, how the rotation works and how often the "
                "pager fires; “no on-call” is an answer too.",
                "Leaving it out reads as hiding it, and the candidates who care most drop out.",
            )
            return
        if self.states["pager_frequency"]:
            return
        sentences: list[tuple[int, int]] = []
        for match in ON_CALL.finditer(self.text):
            sentence = self.sentences.around(match.start())
            if sentence is not None and sentence not in sentences:
                sentences.append(sentence)
        self.add(
            "jd.lint_on_call_vague",
            "On-call is mentioned, but not how often the pager fires",
            "Add how often the hire gets paged, for example “a page or two a month”, beside "
            "the rotation.",
            "A rotation alone leaves out what candidates most want to know about it.",
            sentences,
        )

    # -- S8, F3: no advanced degree in the opening lines or as the first requirement
    def check_degree(self) -> None:
        if self.ctx.degree_exception:
            return  # F3: research work or a regulated setting the guide names
        spans: list[tuple[int, int]] = []
        # The opening lines: the title and the first paragraph (or the first line, if none).
        if self.opener is not None:
            opening_end = self.opener[1]
        else:
            first = re.search(r"\S[^\n]*", self.text)
            opening_end = first.end() if first else 0
        for match in _DEGREE.finditer(self.text, 0, opening_end):
            if not _negated(self.text, match.start(), match.end()):
                spans.append((match.start(), match.end()))
        item = self._skills_item()
        if item is not None and item[0] >= opening_end:
            for match in _DEGREE.finditer(self.text, item[0], item[1]):
                if not _negated(self.text, match.start(), match.end()):
                    spans.append(item)
                    break
        if not spans:
            return
        detail = (
            "Leading with degrees draws data scientists rather than people who run models in "
            "production. A PhD earns its place for research work and in the regulated settings "
            "the guide names (healthcare imaging, risk models at a top-tier bank)."
        )
        if self.ctx.regulated_other:
            detail += (
                " Your setting is regulated but not one of those two: keep the degree only if "
                "your reviewers truly weigh it."
            )
        self.add(
            "jd.lint_degree_first",
            "The JD leads with a degree",
            "Move any degree to the end of the requirements, as a plus, and open with the "
            "production work.",
            detail,
            spans,
        )

    # -- J4, S1, S6: skills ranked with the production work first, modelling last
    def check_modelling_first(self) -> None:
        item = self._skills_item()
        if item is None:
            return
        words = self.text[item[0] : item[1]]
        if _DEGREE.search(words) or not _MODELLING.search(words):
            return  # a degree first is the degree finding's
        self.add(
            "jd.lint_modelling_first",
            "The skills list opens with modelling or research",
            "Put production debugging first and modelling depth last.",
            "The order of the list tells candidates what the job is mostly about.",
            [item],
        )

    # -- S7, F4: senior means owning a model through an incident, not years or medals
    def check_seniority(self) -> None:
        spans: list[tuple[int, int]] = []
        for match in _MEDALS.finditer(self.text):
            if not _negated(self.text, match.start(), match.end()):
                spans.append((match.start(), match.end()))
        for match in _near(_YEARS, _YEARS_UNIT, self.text, before=40, after=0):
            start, end = match.start(), match.end()
            before = self.text[max(0, start - 30) : start]
            if not (_YEARS_AFTER.match(self.text, end) or _YEARS_BEFORE.search(before)):
                continue  # "retrained every two years", "a four-year vest": not a requirement
            stop = _CLAUSE_END.search(self.text, end, end + 200)
            clause_end = stop.start() if stop else min(len(self.text), end + 200)
            sentence = self.sentences.around(start)
            clause_start = sentence[0] if sentence else start
            if _PRODUCTION.search(self.text, clause_start, clause_end):
                continue  # years of running models in production: the work itself
            cut = _PHRASE_END.search(self.text, end, end + 60)
            phrase_end = cut.start() if cut else min(len(self.text), end + 60)
            phrase_end = start + len(self.text[start:phrase_end].rstrip())
            spans.append((start, phrase_end))
        if not spans:
            return
        self.add(
            "jd.lint_seniority",
            "Seniority is measured in years or medals",
            "Describe senior by what the person has done instead, for example: “You have "
            "carried a model from launch into live traffic and led the fix when it broke, "
            "from the first page to the write-up.”",
            "Years and competition ranks say little about running a model for real users; "
            "the people you want talk about skew, drift, being paged at night and the "
            "postmortem. Hireplan's rule: a number of years counts unless its clause is about "
            "production work.",
            sorted(spans),
        )

    # -- J3: aspiration words with nothing behind them
    def check_aspiration(self) -> None:
        pattern = _aspiration_pattern((*self.ctx.aspiration_terms, *EXTRA_ASPIRATION_TERMS))
        facts = [value.casefold() for value in self.ctx.opener_facts.values() if len(value) >= 3]
        empty: list[tuple[int, int]] = []
        checked: set[tuple[int, int]] = set()
        for match in pattern.finditer(self.text):
            sentence = self.sentences.around(match.start())
            if sentence is None or sentence in checked:
                continue
            checked.add(sentence)
            words = self.text[sentence[0] : sentence[1]]
            index = bisect_right(self.tool_starts, sentence[0])
            names_tool = index < len(self.tool_starts) and self.tool_starts[index] < sentence[1]
            lowered = words.casefold()
            if _DIGIT.search(words) or names_tool or any(f in lowered for f in facts):
                continue  # filler beside a real fact is style, not emptiness
            empty.append(sentence)
        if not empty:
            return
        in_opener = self.opener is not None and any(
            self.opener[0] <= start < self.opener[1] for start, _ in empty
        )
        self.add(
            "jd.lint_aspiration",
            "The opening is aspiration, not facts"
            if in_opener
            else f"{len(empty)} sentence{'s' if len(empty) > 1 else ''} of aspiration with "
            "no facts",
            "Replace each with what the hire will run, use or own: the model, the stack, the "
            "pager.",
            "Words like these could describe any job, so they tell a candidate nothing.",
            empty,
        )

    # -- C5: the range where a posting must show one, reaching the top of the band
    def check_pay_range(self) -> None:
        ranges = pay_ranges(self.text)
        ctx = self.ctx
        has_band = ctx.band_low_usd is not None and ctx.band_high_usd is not None
        if ctx.pay_range_required and not ranges:
            top = (
                f": up to {usd(ctx.band_high_usd)}, the top of {_BASIS_NAMES[ctx.band_basis]}"
                if has_band and ctx.band_basis
                else ", reaching the top of your band"
            )
            self.add(
                "jd.lint_pay_range",
                "The JD has no pay range, and this posting must show one",
                f"Add the posted base range{top}.",
                ctx.pay_range_reason,
            )
            return
        posted = next((found for found in ranges if found.yearly), None)
        if posted is None or not has_band or not ctx.band_basis:
            return
        low, high = ctx.band_low_usd or 0, ctx.band_high_usd or 0
        why = (
            "Candidates bargain from the posted range wherever they are, so its top should be "
            "the most you would pay."
        )
        if posted.high < high:
            title = "The posted range stops below the top of the band"
        elif posted.low > high:
            title = "The posted range starts above the top of the band"
            why += " Hireplan's rule: a range that starts above the band's top disagrees too."
        else:
            return
        self.add(
            "jd.lint_pay_band",
            title,
            f"Post a range whose top is {usd(high)}, the top of {_BASIS_NAMES[ctx.band_basis]}.",
            f"The JD posts {usd_span(posted.low, posted.high)}; the band is "
            f"{usd_span(low, high)}. {why}",
            [(posted.start, posted.end)],
        )

    def check_placeholders(self) -> None:
        spans = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(self.text)]
        if spans:
            self.add(
                "jd.lint_placeholder",
                f"{len(spans)} gap{'s' if len(spans) > 1 else ''} in the draft still to fill",
                "Replace each “[To fill: …]” with the fact, or answer the question above and "
                "draft again.",
                spans=spans,
            )

    def check_length(self, words: list[re.Match[str]]) -> None:
        count = len(words)
        if count < MIN_WORDS:
            self.add(
                "jd.lint_length",
                f"At {count} words, the JD is very short",
                "Cover the opener, the week, the ranked skills, the stack and on-call; "
                "“Draft the JD” writes each part.",
                f"Hireplan's rule: a JD under {MIN_WORDS} words is too short.",
            )
        elif count > MAX_WORDS:
            self.add(
                "jd.lint_length",
                f"At {count:,} words, the JD is very long",
                "Cut it to the facts a candidate needs; the highlighted part runs past "
                f"{MAX_WORDS:,} words.",
                f"Hireplan's rule: a JD over {MAX_WORDS:,} words buries its opener.",
                [(words[MAX_WORDS].start(), words[-1].end())],
            )


def lint(text: str, ctx: LintContext) -> LintResult:
    """Checks a JD's Markdown text; the score is 100 less the points of each finding."""
    linter = _Linter(text, ctx)
    words = list(_WORD.finditer(text))
    linter.check_opener()
    tools = linter.check_stack()
    linter.check_on_call()
    linter.check_degree()
    linter.check_modelling_first()
    linter.check_seniority()
    linter.check_aspiration()
    linter.check_pay_range()
    linter.check_placeholders()
    linter.check_length(words)
    deductions = {finding.id: POINTS[finding.id] for finding in linter.findings}
    order = {severity: rank for rank, severity in enumerate(Severity)}
    findings = sorted(linter.findings, key=lambda finding: order[finding.severity])
    return LintResult(
        score=max(0, 100 - sum(deductions.values())),
        findings=findings,
        spans=sorted(linter.spans, key=lambda span: (span.start, span.end)),
        deductions=deductions,
        words=len(words),
        tools=tools,
        opener=linter.opener,
        facts_stated=linter.states,
    )
