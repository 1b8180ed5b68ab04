"""The first draft of a job description, written from what the plan already knows.

`draft_jd(inp, ref)` is pure and deterministic: the same answers always give the same
Markdown. It follows the guide's shape for a JD that closes (J1–J4): the model and what it
serves first, what the week really holds for the chosen lane (L1, L9), the skills in rank
order (S1–S6), the stack in use, the honest on-call, and the pay range where the posting must
show one (C5). A fact nobody has given yet becomes a visible "[To fill: …]" gap, which the
linter flags, rather than a guess. All wording is Hireplan's own.

Each answer is a free phrase, so every sentence is built to read correctly whatever the
phrase's shape ("Feast" or "hand-built in BigQuery"): answers are tidied first (`_clean`),
labelled where their grammar cannot be known ("Feature store: …"), and a sentence whose fact
is missing is left out or becomes a gap, never a sentence with a hole in it
(tests/test_jd_draft_english.py checks this over generated answers).

The draft speaks of GPUs and CUDA only where the role touches them (`touches_gpus`).
"""

import re

from hireplan.engine.answers import (
    Arrangement,
    CompAnswers,
    CompanyStage,
    Degree,
    JDAnswers,
    Lane,
    LaneAnswers,
    Level,
    LLMWork,
    Metro,
    MLInSeat,
    PayTransparency,
    ReliabilityBar,
    SkillId,
)
from hireplan.engine.inputs import EngagementInput
from hireplan.engine.reference import Reference
from hireplan.engine.text import usd_span

DEFAULT_SKILLS = [skill.value for skill in SkillId]

# How each ranked skill reads in a posting, in the second person.
SKILL_LINES: dict[SkillId, str] = {
    SkillId.S1: (
        "You can work out why a live model misbehaves (a latency spike, a business metric "
        "sliding while offline scores hold) and fix it without drama."
    ),
    SkillId.S2: (
        "You can trace a feature from its source to the model and catch training–serving "
        "skew or a stale cache before users feel it."
    ),
    SkillId.S3: (
        "You can weigh GPU against CPU serving and batching against latency, and say what "
        "each costs when traffic is quiet."
    ),
    SkillId.S4: (
        "Your runs are tagged and reproducible, and every deployed model points back to the "
        "run that produced it."
    ),
    SkillId.S5: (
        "You can tell a product manager in plain words what the model is doing and why, with "
        "no slides needed."
    ),
    SkillId.S6: (
        "You know the model families you work with and can tell when a different one would "
        "pay for itself."
    ),
}

# S3 for a role that does not touch GPUs (`touches_gpus`).
S3_WITHOUT_GPUS = (
    "You can weigh one way of serving against another, and batching against latency, and say "
    "what each costs when traffic is quiet."
)

# Where the role touches GPUs (docs/jd-linter.md, "The draft"): a chosen lane whose stack
# signal names GPUs or CUDA (L1: MLOps' GPU node pools, research's multi-GPU CUDA), or a tool
# in the team's own stack that runs on GPUs (the GPU servers S3 names, CUDA, NVIDIA's tools).
_GPU_SIGNAL = re.compile(r"\b(?:GPUs?|CUDA)\b", re.IGNORECASE)
_GPU_TOOL = re.compile(
    r"\b(?:GPUs?|CUDA|NVIDIA|TensorRT|Triton|vLLM|DeepSpeed|FSDP)\b", re.IGNORECASE
)

TEAM_LINES: dict[MLInSeat, str] = {
    MLInSeat.NONE: "You will be the first engineer here to run ML in production.",
    MLInSeat.SOME: "A model or two already runs in production, with no senior owner yet.",
    MLInSeat.HEALTHY_SENIOR: "You join a working ML team that already has a senior engineer.",
}

LLM_LINES: dict[LLMWork, str] = {
    LLMWork.SOME: (
        "Part of the job is LLM work beside the classical models: fine-tuning, evaluations "
        "or retrieval."
    ),
    LLMWork.CORE: "LLM features are the heart of the job.",
}

DEGREE_LINES: dict[Degree, str] = {
    Degree.NONE: "No degree is required.",
    Degree.BS: "A bachelor's degree, or the same ground covered at work.",
    Degree.MS: "A master's degree, or the same ground covered at work.",
    Degree.PHD: "A PhD is a plus, not a requirement.",
}

COMPANY: dict[CompanyStage, str] = {
    CompanyStage.SEED: "a seed-stage company",
    CompanyStage.SERIES_A: "a Series A company",
    CompanyStage.SERIES_B: "a Series B company",
    CompanyStage.SERIES_C: "a Series C company",
    CompanyStage.LATER_STAGE: "a later-stage private company",
    CompanyStage.PUBLIC: "a public company",
}


def _gap(what: str) -> str:
    return f"[To fill: {what}]"


def _clean(value: str) -> str:
    """An answer ready to sit inside a sentence: one space between words, no closing stop,
    comma or colon of its own (the sentence brings its own)."""
    return " ".join(value.split()).rstrip(" .,;:")


def _without_lead(value: str, *words: str) -> str:
    """ "in PyTorch" after "built in" → "PyTorch": a leading word the sentence already says."""
    first, _, rest = value.partition(" ")
    return rest if rest and first.casefold() in words else value


def _sentence(text: str) -> str:
    """A phrase as a whole sentence: its own full stop (or ! or ?) kept, else one added."""
    text = " ".join(text.split()).rstrip(" ,;:")
    return text if text.endswith((".", "!", "?")) else text + "."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lowered_first(text: str) -> str:
    """Lower-cases a fragment's first letter to follow a colon, but leaves "ETL" or "GPU" be."""
    if len(text) > 1 and text[0].isupper() and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


_DETERMINERS = frozenset({"the", "a", "an", "our", "its", "their", "this", "that", "each", "every"})


def _with_article(noun: str) -> str:
    """ "fraud-scoring model" → "the fraud-scoring model"; "our ranker" and "Acme's" stay;
    "The ranker" → "the ranker", as it sits mid-sentence."""
    first, _, rest = noun.partition(" ")
    if not noun or first.endswith(("'s", "’s")):
        return noun
    if first.casefold() in _DETERMINERS:
        return f"{first.casefold()} {rest}".rstrip() if first[:1].isupper() and rest else noun
    return f"the {noun}"


# Answers that mean nobody is on call, or that the pager never fires.
_NONE = re.compile(
    r"(?:none|no|n/?a|nobody|no one|never|zero|0|no on[- ]?call(?: rotation)?|no rotation|"
    r"not on[- ]?call|nobody is on[- ]?call|no pager|no pages|nobody is paged)",
    re.IGNORECASE,
)
_PAGER_LEAD = re.compile(r"(?:the\s+)?pager\s+(?:fires|goes off|rings)\s+", re.IGNORECASE)


def opener(jd: JDAnswers) -> str:
    """The first paragraph: the model, what it serves, its stack, retraining and on-call (J2)."""
    model, serves, scale = _clean(jd.model), _clean(jd.serves), _clean(jd.scale)
    framework = _without_lead(_clean(jd.framework), "in", "with", "using")
    serving = _without_lead(_clean(jd.serving_stack), "with", "by", "using", "via")
    cadence = _without_lead(_clean(jd.retraining_cadence), "retrains", "retrained")
    orchestrator = _without_lead(_clean(jd.orchestrator), "through", "via", "with", "by", "in")
    feature_store = _clean(jd.feature_store)
    parts: list[str] = []
    about = [value for value in (serves, scale) if value]
    if not serves:
        about.insert(0, _gap("what the model serves, and for whom"))
    parts.append(f"You will own {_with_article(model) or _gap('the model')} ({'; '.join(about)}).")
    if framework and serving:
        parts.append(f"It is built in {framework} and served with {serving}.")
    elif framework:
        parts.append(f"It is built in {framework}.")
    elif serving:
        parts.append(f"It is served with {serving}.")
    else:
        parts.append(f"It is built in {_gap('the framework and version, and the serving stack')}.")
    if cadence and orchestrator:
        parts.append(f"It retrains {cadence} through {orchestrator}.")
    elif cadence:
        parts.append(f"It retrains {cadence}.")
    elif orchestrator:
        parts.append(f"Retraining runs through {orchestrator}.")
    if feature_store:
        # A feature store's answer may be a name ("Feast") or a description ("hand-built in
        # BigQuery"): a label reads right for both.
        parts.append(f"Feature store: {feature_store}.")
    parts.append(on_call_sentence(jd))
    incident = _clean(jd.last_incident)
    if incident:
        parts.append(f"The last real incident: {_lowered_first(incident)}.")
    return " ".join(parts)


def on_call_sentence(jd: JDAnswers) -> str:
    """The on-call facts in one sentence; "no on-call" is said plainly (J1)."""
    rotation = _clean(jd.on_call_rotation)
    pager = _PAGER_LEAD.sub("", _clean(jd.pager_frequency), count=1)
    if rotation and _NONE.fullmatch(rotation):
        return "There is no on-call rotation for this role."
    fires = ""
    if pager:
        fires = "the pager never fires" if _NONE.fullmatch(pager) else f"the pager fires {pager}"
    if rotation and fires:
        return f"On call: {rotation}; {fires}."
    if rotation:
        return f"On call: {rotation}."
    if fires:
        return f"{_capital(fires)}."
    return f"On call: {_gap('the rotation and how often the pager fires')}."


def _lane_of(lane: LaneAnswers | None) -> Lane:
    # Before the lane step is saved, the draft assumes the most common lane (L3).
    return lane.primary_lane if lane is not None else Lane.PRODUCTION_ML


def touches_gpus(inp: EngagementInput, ref: Reference) -> bool:
    """Whether the role works on GPUs: a chosen lane (primary, lean or extra) whose stack signal
    names GPUs or CUDA (L1: MLOps / ML platform, research / deep learning), or a GPU tool in the
    team's own stack: the lane step's stack tags, or the JD step's framework or serving stack
    (Triton, TensorRT and vLLM are the GPU servers S3 weighs against CPU)."""
    lanes = inp.lane.lanes if inp.lane is not None else [_lane_of(None)]
    for lane in lanes:
        if any(_GPU_SIGNAL.search(signal) for signal in ref.lane(lane).stack_signal):
            return True
    own = list(inp.lane.stack_tags) if inp.lane is not None else []
    if inp.jd is not None:
        own += [inp.jd.framework, inp.jd.serving_stack]
    return any(_GPU_TOOL.search(value) for value in own)


def week(inp: EngagementInput, ref: Reference) -> list[str]:
    """What the work looks like: the production week's shares (L9), or the lane's own job. The
    week's GPU-driver share is left out where the role does not touch GPUs."""
    lines = ["## What the work looks like", ""]
    primary = _lane_of(inp.lane)
    record = ref.lane(primary)
    if primary == Lane.PRODUCTION_ML:
        gpus = touches_gpus(inp, ref)
        lines.append("A typical week, by rough share of time:")
        lines.append("")
        for share in ref.week.shares:
            if gpus or not _GPU_SIGNAL.search(share.label):
                lines.append(f"- About {share.percent}%: {_lowered_first(share.label)}")
        lines += [
            "",
            "Training the model is one part of it; most of the week goes to what keeps the "
            "model healthy in production.",
        ]
    else:
        lines.append(f"**{record.name}.** {record.job}")
    if inp.lane is not None and inp.lane.lean_lane is not None:
        lean = ref.lane(inp.lane.lean_lane)
        lines += ["", f"**Leaning toward: {lean.name}.** {lean.job}"]
    llm = inp.lane.llm_work if inp.lane is not None else None
    if llm is None and inp.context is not None:
        llm = inp.context.llm_work
    if llm in LLM_LINES:
        lines += ["", LLM_LINES[llm]]
    if inp.lane is not None and _clean(inp.lane.deliverable):
        deliverable = _lowered_first(_clean(inp.lane.deliverable))
        lines += ["", f"In the first six months: {deliverable}."]
    return lines


def skills(jd: JDAnswers, ref: Reference, gpus: bool = True) -> list[str]:
    ranked = jd.ranked_skills or DEFAULT_SKILLS
    lines = ["## What matters most, in this order", ""]
    for number, skill in enumerate(ranked, start=1):
        if skill in SkillId.__members__:
            skill_id = SkillId(skill)
            line = SKILL_LINES[skill_id]
            if skill_id == SkillId.S3 and not gpus:
                line = S3_WITHOUT_GPUS
            lines.append(f"{number}. **{ref.skill(skill_id).name}.** {line}")
        else:
            lines.append(f"{number}. **{_clean(skill)}.**")
    return lines


def stack(jd: JDAnswers, lane: LaneAnswers | None) -> list[str]:
    rows = [
        ("Framework", _clean(jd.framework)),
        ("Serving", _clean(jd.serving_stack)),
        ("Orchestration", _clean(jd.orchestrator)),
        ("Feature store", _clean(jd.feature_store)),
    ]
    lines = ["## The stack in use today", ""]
    lines += [f"- {label}: {value}" for label, value in rows if value]
    named = " ".join(value for _, value in rows).casefold()
    also = [tag for tag in (lane.stack_tags if lane else []) if tag.casefold() not in named]
    if also:
        lines.append(f"- Also in use: {', '.join(also)}")
    if len(lines) == 2:
        lines.append(f"- {_gap('the tools the team runs today')}")
    return lines


def on_call(jd: JDAnswers, lane: LaneAnswers | None) -> list[str]:
    lines = ["## On call", "", on_call_sentence(jd)]
    if lane is not None and lane.reliability_bar == ReliabilityBar.SLA and lane.sla_percent:
        lines.append(f"The model carries a {lane.sla_percent:g}% availability commitment.")
    elif lane is not None and lane.reliability_bar == ReliabilityBar.INTERNAL:
        lines.append("The model is used inside the company, and nobody is paged for it.")
    return [lines[0], lines[1], " ".join(lines[2:])]


def requirements(jd: JDAnswers, comp: CompAnswers | None) -> list[str]:
    lines = ["## What you bring", ""]
    if jd.years_experience:  # 0 or none: no years asked for
        lines.append(f"- {jd.years_experience}+ years building and running models in production.")
    if comp is None or comp.level == Level.SENIOR:
        lines.append("- You have owned a model through a real production incident, page to fix.")
    if jd.degree == Degree.PHD and jd.phd_required:
        lines.append("- A PhD is required for this role.")
    else:
        lines.append(f"- {DEGREE_LINES[jd.degree]}")
    return lines


def pay_range(comp: CompAnswers | None) -> tuple[int, int] | None:
    """The range to post: the comp step's posted range, else its band (C5: post the band)."""
    if comp is None:
        return None
    if comp.has_posting_range:
        return comp.posting_low_usd, comp.posting_high_usd  # type: ignore[return-value]
    if comp.has_band:
        return comp.band_low_usd, comp.band_high_usd  # type: ignore[return-value]
    return None


def must_post_range(comp: CompAnswers | None) -> bool:
    """A public posting under a pay-transparency law, or remote nationwide, shows a range (C5)."""
    return bool(
        comp is not None
        and comp.posted_publicly
        and (comp.remote_nationwide or comp.pay_transparency_law == PayTransparency.YES)
    )


def _place(comp: CompAnswers) -> str:
    where = ""
    if comp.metro == Metro.OTHER and comp.other_metro_name:
        where = comp.other_metro_name
    elif comp.metro not in (Metro.NATIONAL, Metro.OTHER):
        where = comp.metro.label
    if comp.arrangement == Arrangement.REMOTE:
        return "Remote, anywhere in the U.S." if comp.remote_nationwide else "Remote."
    if comp.arrangement == Arrangement.HYBRID:
        days = f"{comp.office_days} day{'s' if comp.office_days != 1 else ''} a week"
        return f"Hybrid: {days} in the office" + (f" in {where}." if where else ".")
    return "In the office" + (f" in {where}." if where else ", five days a week.")


def pay(comp: CompAnswers | None) -> list[str]:
    """Pay and place: shown when the comp step has a posted range or the posting needs one."""
    required = must_post_range(comp)
    if comp is None or not (required or comp.has_posting_range):
        return []  # an internal band is not for posting unless the posting must show one
    found = pay_range(comp)
    lines = ["## Pay and place", ""]
    if found is not None:
        lines.append(f"- Base salary: {usd_span(found[0], found[1])} a year.")
    else:
        lines.append(f"- Base salary: {_gap('the posted pay range, which this posting must show')}")
    if comp.bonus_target_pct:
        lines.append(f"- Target bonus: {comp.bonus_target_pct:g}% of base.")
    if comp.equity_note:
        lines.append(f"- Equity: {_sentence(comp.equity_note)}")
    lines.append(f"- Level: {comp.level.label}.")
    lines.append(f"- Where: {_place(comp)}")
    return lines


def about(inp: EngagementInput) -> list[str]:
    context = inp.context
    if context is None:
        return []
    company = COMPANY[context.company_stage]
    return [
        "## The team",
        "",
        f"We are {company} in {_clean(context.industry)}. {TEAM_LINES[context.ml_in_seat]}",
    ]


def draft_jd(inp: EngagementInput, ref: Reference) -> str:
    """The whole JD in Markdown from the saved answers, with the JD step's answers in `inp.jd`."""
    jd = inp.jd or JDAnswers()
    title = inp.context.role_title if inp.context is not None else "Machine learning engineer"
    sections = [
        [f"# {title}", "", opener(jd)],
        week(inp, ref),
        skills(jd, ref, touches_gpus(inp, ref)),
        stack(jd, inp.lane),
        on_call(jd, inp.lane),
        requirements(jd, inp.comp),
        about(inp),
        pay(inp.comp),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"
