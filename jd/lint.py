"""The JD linter: checks a job description's text against the guide, as a pure function.

`lint(text, context)` returns the engine's `Finding` objects (step "jd", ids `jd.lint_*`), a
score out of 100 and the character spans behind each finding, so the page can highlight the
phrase or sentence a finding is about. `lint_context(...)` builds the small input model the
linter needs from the plan's answers and the reference data. No ORM, no request.

What each finding costs and why is in docs/jd-linter.md. The thresholds below (how many tools
make a wish list, how long is too long) are Hireplan's own choices: the guide gives no number.
Every pass over the text is a regular-expression scan or a walk over its lines, so a pasted
10,000-word text lints in a fraction of a second.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from hireplan.engine.answers import OPENER_FACTS, Lane
from hireplan.engine.inputs import EngagementInput
from hireplan.engine.plan import Finding, Severity
from hireplan.engine.reference import Reference
from jd.draft import must_post_range

# Product choices (docs/jd-linter.md): the guide names the traits, not these numbers.
MAX_TOOLS = 12  # more distinct tools than this reads as a wish list
FOREIGN_TOOLS_MIN = 2  # tools from other lanes, not in use here: one can be real, two is a wish
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
    "jd.lint_aspiration": 10,
    "jd.lint_pay_range": 15,
    "jd.lint_placeholder": 10,
    "jd.lint_length": 10,
}

SEVERITIES: dict[str, Severity] = {
    "jd.lint_opener": Severity.RISK,
    "jd.lint_on_call": Severity.RISK,
    "jd.lint_on_call_vague": Severity.ADVICE,
    "jd.lint_wish_list": Severity.RISK,
    "jd.lint_degree_first": Severity.RISK,
    "jd.lint_aspiration": Severity.RISK,
    "jd.lint_pay_range": Severity.BLOCKER,
    "jd.lint_placeholder": Severity.RISK,
    "jd.lint_length": Severity.ADVICE,
}

CLAIMS: dict[str, list[str]] = {
    "jd.lint_opener": ["J1", "J2"],
    "jd.lint_on_call": ["J1"],
    "jd.lint_on_call_vague": ["J1", "J2"],
    "jd.lint_wish_list": ["J1", "L1"],
    "jd.lint_degree_first": ["S8", "J4"],
    "jd.lint_aspiration": ["J3"],
    "jd.lint_pay_range": ["C5"],
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

# Tools outside the five lanes' stack signals that still count towards "too many tools".
COMMON_TOOLS = (
    "TensorFlow",
    "JAX",
    "Keras",
    "LightGBM",
    "CatBoost",
    "Spark",
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
    tools_in_use: list[str] = Field(default_factory=list)  # the team's own words
    opener_facts: dict[str, str] = Field(default_factory=dict)
    pay_range_required: bool = False
    pay_range_reason: str = ""
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
def lint_context(inp: EngagementInput, ref: Reference, facts: dict[str, str]) -> LintContext:
    """The linter's input from the saved steps, the reference data and the JD's opener facts.

    `facts` are the JD step's opener answers as typed, so an unsaved edit already counts.
    """
    lane_answers = inp.lane
    chosen: list[Lane] = []
    if lane_answers is not None:
        pair = (lane_answers.primary_lane, lane_answers.lean_lane)
        chosen = [lane for lane in pair if lane is not None]
    lane_tools: list[str] = []
    other_tools: dict[str, list[str]] = {}
    for record in ref.lanes.lanes:
        tools = [tool_name(signal) for signal in record.stack_signal]
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
    return LintContext(
        lane_name=ref.lane(chosen[0]).name if chosen else "",
        lane_tools=lane_tools,
        other_tools=other_tools,
        tools_in_use=in_use,
        opener_facts={
            name: (facts.get(name) or "").strip()
            for name in OPENER_FACTS
            if (facts.get(name) or "").strip()
        },
        pay_range_required=required,
        pay_range_reason=reason,
        aspiration_terms=[*ref.choice("aspiration_terms")],
    )


# ----------------------------------------------------------------------------- text helpers
_WORD = re.compile(r"\S+")
# A sentence ends at . ! or ? followed by space or the end, or at a line break; "2.5" does not.
_SENTENCE = re.compile(r"(?:[^\n.!?]|[.!?](?=[^\s.!?]))+[.!?]*")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
_PLACEHOLDER = re.compile(r"\[To fill:[^\]\n]*\]")
_PAY_RANGE = re.compile(
    r"(?:\$|\bUSD\s?)\s?\d[\d,.]*\s?[kK]?\s*(?:-|–|—|to)\s*(?:\$|USD\s?)?\s?\d[\d,.]*",
    re.IGNORECASE,
)
_ON_CALL = re.compile(r"\bon[- ]?call\b|\bpager(?:duty)?\b|\bpaged\b|\bopsgenie\b", re.I)
_ON_CALL_DETAIL = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|once|twice|every|each|per|"
    r"weekly|monthly|daily|nightly|quarterly|rarely|never|no|not|nobody|none|"
    r"a (?:day|week|month|quarter|year))\b",
    re.IGNORECASE,
)
_MODEL_WORD = re.compile(
    r"\b(?:models?|classifiers?|rankers?|ranking|recommend(?:er|ers|ation|ations)|"
    r"forecast(?:s|er|ing)?|predict(?:s|ion|ions|ive|or)?|LLMs?|embeddings?|detectors?|scoring)\b",
    re.IGNORECASE,
)
_USE_WORD = re.compile(
    r"\b(?:serv\w*|rank\w*|recommend\w*|predict\w*|detect\w*|scor\w*|classif\w*|forecast\w*|"
    r"pric\w*|match\w*|rout\w*|flag\w*|personali[sz]\w*|search\w*|moderat\w*|answer\w*|"
    r"generat\w*|power\w*|decid\w*|approv\w*|fraud|behind|for (?:every|each|all|our))\b",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"\b(?:ph\.?\s?d|doctora(?:te|l)|master(?:'|’)?s|bachelor(?:'|’)?s|degrees?)\b|"
    r"(?-i:\b(?:MS|M\.S\.|MSc|BS|B\.S\.|BSc)(?![\w.]))",
    re.IGNORECASE,
)
_MODELLING = re.compile(
    r"\b(?:model(?:l)?ing|deep learning|statistic(?:s|al)|research|publications?|papers|kaggle|"
    r"leaderboards?|state[- ]of[- ]the[- ]art|novel architectures?|neural networks?|"
    r"ml theory|mathematics)\b",
    re.IGNORECASE,
)
_SKILLS_HEADING = re.compile(
    r"skill|requirement|qualification|you (?:have|bring|need)|looking for|must[- ]haves?|"
    r"about you|what matters|experience",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """Each line with the offset where it starts."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _first_paragraph(text: str) -> tuple[int, int] | None:
    """The opener: the first block of prose, headings skipped, as (start, end)."""
    start = end = None
    for offset, line in _lines(text):
        if not line.strip():
            if start is not None:
                break
            continue
        if _HEADING.match(line):
            if start is not None:
                break
            continue
        if start is None:
            start = offset + (len(line) - len(line.lstrip()))
        end = offset + len(line.rstrip())
    return (start, end) if start is not None and end is not None else None


class _Sentences:
    """The text's sentences as spans, with a look-up of the sentence around an offset."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        for match in _SENTENCE.finditer(text):
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
        self.opener = _first_paragraph(text)
        self.opener_text = text[self.opener[0] : self.opener[1]] if self.opener else ""
        foreign_names = [tool for tools in ctx.other_tools.values() for tool in tools]
        self.tools = _tools((*ctx.lane_tools, *foreign_names, *COMMON_TOOLS))
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

    # -- J1, J2: the opener names the model and what it is for
    def check_opener(self) -> None:
        lowered = self.opener_text.casefold()
        named_fact = any(
            len(self.ctx.opener_facts.get(name, "")) >= 3
            and self.ctx.opener_facts[name].casefold() in lowered
            for name in ("model", "serves")
        )
        if named_fact or (_MODEL_WORD.search(lowered) and _USE_WORD.search(lowered)):
            return
        self.add(
            "jd.lint_opener",
            "The first paragraph does not name the model and what it is for",
            "Open with the model the hire will own and what it does for whom, then its "
            "scale and stack.",
            "Candidates decide from the first paragraph whether the work is theirs.",
            [self.opener] if self.opener else [],
        )

    # -- J1, L1: the stack actually in use, not a wish list
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

        def foreign(name: str) -> bool:
            key = name.casefold()
            if key in lane_keys or key not in owners:
                return False
            return not any(_names(name, value) for value in in_use)

        foreign_tools = [name for name in found if foreign(name)]
        too_many = len(found) > MAX_TOOLS
        if len(foreign_tools) < FOREIGN_TOOLS_MIN and not too_many:
            return found
        if len(foreign_tools) >= FOREIGN_TOOLS_MIN:
            lanes = sorted({owners[name.casefold()] for name in foreign_tools})
            title = f"The stack names {len(foreign_tools)} tools from another lane"
            detail = (
                f"{', '.join(foreign_tools)} belong to the {' and '.join(lanes)} lane"
                f"{'s' if len(lanes) > 1 else ''}, not to the {self.ctx.lane_name} role "
                "you chose, and you have not said the team uses them."
            )
            marked = {name.casefold() for name in foreign_tools}
            spans = [(s, e) for s, e, name in self.tool_hits if name.casefold() in marked]
        else:
            title = f"The stack lists {len(found)} tools, which reads like a wish list"
            detail = f"Hireplan flags more than {MAX_TOOLS} distinct tools."
            seen: set[str] = set()
            spans = []
            for s, e, name in self.tool_hits:
                if name not in seen:
                    seen.add(name)
                    spans.append((s, e))
        self.add(
            "jd.lint_wish_list",
            title,
            "List only the tools the team runs today; name the rest as things the hire "
            "may pick up.",
            detail,
            spans,
        )
        return found

    # -- J1: honest about on-call
    def check_on_call(self) -> None:
        mentions = [match.start() for match in _ON_CALL.finditer(self.text)]
        if not mentions:
            self.add(
                "jd.lint_on_call",
                "The JD says nothing about on-call",
                "Say whether the hire is on call, how the rotation works and how often the "
                "pager fires; “no on-call” is an answer too.",
                "Leaving it out reads as hiding it, and the candidates who care most drop out.",
            )
            return
        sentences: list[tuple[int, int]] = []
        for offset in mentions:
            sentence = self.sentences.around(offset)
            if sentence is not None and sentence not in sentences:
                sentences.append(sentence)
        if any(_ON_CALL_DETAIL.search(self.text[s:e]) for s, e in sentences):
            return
        self.add(
            "jd.lint_on_call_vague",
            "On-call is mentioned but not described",
            "Give the rotation and how often the pager fires, for example one week in six "
            "and a page or two a month.",
            spans=sentences,
        )

    # -- S8, J4: skills ranked with the production work first, degrees last
    def check_degree_first(self) -> None:
        first_item = skills_item = None
        heading_is_skills = False
        for offset, line in _lines(self.text):
            if _HEADING.match(line):
                heading_is_skills = bool(_SKILLS_HEADING.search(line))
                continue
            if _LIST_ITEM.match(line):
                span = (offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()))
                if first_item is None:
                    first_item = span
                if heading_is_skills:
                    skills_item = span
                    break
        item = skills_item or first_item
        spans: list[tuple[int, int]] = []
        if item is not None:
            words = self.text[item[0] : item[1]]
            if _DEGREE.search(words) or _MODELLING.search(words):
                spans.append(item)
        if self.opener and _DEGREE.search(self.opener_text):
            spans.append(self.opener)
        if not spans:
            return
        self.add(
            "jd.lint_degree_first",
            "The JD leads with a degree or with modelling",
            "Put production debugging first and modelling depth last; move any degree to the "
            "end, as a plus.",
            "Leading with degrees and research draws data scientists rather than people who "
            "run models in production.",
            spans,
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

    # -- C5: the range where a posting must show one
    def check_pay_range(self) -> None:
        if not self.ctx.pay_range_required or _PAY_RANGE.search(self.text):
            return
        self.add(
            "jd.lint_pay_range",
            "The JD has no pay range, and this posting must show one",
            "Add the posted range, reaching the top of the band, for example "
            "“$210,000–$320,000 base”.",
            self.ctx.pay_range_reason,
        )

    def check_placeholders(self) -> None:
        spans = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(self.text)]
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
                f"Hireplan flags a JD under {MIN_WORDS} words.",
            )
        elif count > MAX_WORDS:
            self.add(
                "jd.lint_length",
                f"At {count:,} words, the JD is very long",
                "Cut it to the facts a candidate needs; the highlighted part runs past "
                f"{MAX_WORDS:,} words.",
                f"Hireplan flags a JD over {MAX_WORDS:,} words: the opener gets lost.",
                [(words[MAX_WORDS].start(), words[-1].end())],
            )


def lint(text: str, ctx: LintContext) -> LintResult:
    """Checks a JD's Markdown text; the score is 100 less the points of each finding."""
    linter = _Linter(text, ctx)
    words = list(_WORD.finditer(text))
    linter.check_opener()
    tools = linter.check_stack()
    linter.check_on_call()
    linter.check_degree_first()
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
    )
