"""The loop step's own arithmetic: the starting template, the coverage matrix and how the
rounds spread over the days. Pure functions over plain data (LP1–LP3)."""

from dataclasses import dataclass, field

from hireplan.engine.answers import (
    Level,
    LoopSpread,
    RoundFormat,
    SkillId,
    skill_key,
    skill_name,
)
from hireplan.engine.reference import Reference

# Product choice: without a level from the compensation step, start from the senior loop:
# it is the guide's own five rounds, and dropping one is easier than inventing one.
FALLBACK_LEVEL = Level.SENIOR


def template_answers(ref: Reference, level: Level | None) -> dict:
    """The loop step's starting answers: the guide's template for the level, spread over
    about two weeks (LP2, LP3)."""
    template = ref.template(level or FALLBACK_LEVEL)
    rounds = []
    for planned in template.rounds:
        guide = ref.guide_round(planned.kind)
        if guide is None:  # the fixture validator rules this out
            continue
        rounds.append(
            {
                "kind": planned.kind.value,
                "title": guide.name,
                "minutes": planned.minutes,
                "interviewer_role": guide.interviewer_role.value,
                "interviewer_count": guide.interviewer_count,
                "format": RoundFormat.LIVE.value,
                "skills_tested": [skill.value for skill in guide.skills_tested],
                "purpose": guide.purpose,
            }
        )
    weeks = ref.loops.candidate_effort.spread_weeks
    spread = LoopSpread.TWO_WEEKS if weeks == 2 else LoopSpread.CUSTOM
    return {
        "rounds": rounds,
        "spread": spread.value,
        "spread_days": None if spread != LoopSpread.CUSTOM else weeks * 7,
    }


@dataclass(frozen=True)
class RoundColumn:
    number: int
    title: str
    tests_jd_skill: bool  # False: the round tests nothing the JD ranks


@dataclass(frozen=True)
class SkillRow:
    skill: str  # "S1"–"S6", or the team's own words as the JD ranks them
    name: str
    rank: int
    checked: bool  # one of the top skills every loop must test (product choice)
    cells: list[bool]
    team_skill: bool = False  # the team's own skill from the JD step, not one of the guide's six

    @property
    def tested(self) -> bool:
        return any(self.cells)


@dataclass(frozen=True)
class Coverage:
    rows: list[SkillRow]
    columns: list[RoundColumn]
    from_jd: bool  # False: the JD step ranks no skills, so the guide's order stands in
    # Team skills ticked on a round that the JD does not rank (any more): they count for
    # nothing here, and the loop step drops them at its next save.
    dropped: list[str] = field(default_factory=list)

    @property
    def untested(self) -> list[SkillRow]:
        return [row for row in self.rows if not row.tested]

    @property
    def untested_top(self) -> list[SkillRow]:
        return [row for row in self.untested if row.checked]

    @property
    def top_count(self) -> int:
        return sum(1 for row in self.rows if row.checked)

    @property
    def idle_rounds(self) -> list[RoundColumn]:
        return [column for column in self.columns if not column.tests_jd_skill]


def coverage(ranked: list[str], rounds: list[tuple[str, list[str]]], *, top: int) -> Coverage:
    """The JD's ranked skills against the rounds: which skill each round tests.

    `ranked` is the JD step's list (S1–S6 ids and the team's own words), in its order; `rounds`
    is each round's title and the skills it ticks. The team's own skills are rows like the
    guide's six, and rank among them: the top `top` of the whole list must each have a round.
    A tick matches a skill by `skill_key` (case aside). With no ranking, the guide's S1–S6
    stand in. The caller bounds the lists (a JD ranks 20 skills at most, a loop holds 10
    rounds of 20 ticks at most).
    """
    from_jd = bool(ranked)
    skills = list(ranked) if from_jd else [skill.value for skill in SkillId]
    keys = {skill_key(skill) for skill in skills}
    ticked = [{skill_key(skill) for skill in tested} for _, tested in rounds]
    rows = [
        SkillRow(
            skill=skill,
            name=skill_name(skill),
            rank=rank,
            checked=rank <= top,
            cells=[skill_key(skill) in ticks for ticks in ticked],
            team_skill=skill not in SkillId.__members__,
        )
        for rank, skill in enumerate(skills, start=1)
    ]
    columns = [
        RoundColumn(number=number, title=title, tests_jd_skill=bool(keys & ticks))
        for number, ((title, _), ticks) in enumerate(zip(rounds, ticked, strict=True), start=1)
    ]
    dropped: dict[str, str] = {}
    for _, tested in rounds:
        for skill in tested:
            if skill not in SkillId.__members__ and skill_key(skill) not in keys:
                dropped.setdefault(skill_key(skill), skill)
    return Coverage(rows=rows, columns=columns, from_jd=from_jd, dropped=list(dropped.values()))


def place_rounds(count: int, days: int) -> list[int]:
    """The day (1-based) each round falls on, spread evenly from the first day to the last.

    Hireplan's illustration of a span, not a booking: 5 rounds over 14 days fall on days
    1, 4, 8, 11 and 14 (halves round up). More rounds than days share days.
    """
    if count <= 0:
        return []
    if count == 1 or days <= 1:
        return [1] * count
    gaps = count - 1
    return [1 + (2 * i * (days - 1) + gaps) // (2 * gaps) for i in range(count)]


# ----------------------------------------------------------------------------- the editor
ROUND_FIELDS = (
    "kind",
    "title",
    "minutes",
    "format",
    "interviewer_role",
    "interviewer_count",
    "purpose",
)

BLANK_ROUND = {
    "kind": "other",
    "title": "",
    "minutes": "",
    "format": RoundFormat.LIVE.value,
    "interviewer_role": "engineer",
    "interviewer_count": 1,
    "skills_tested": [],
    "purpose": "",
}


@dataclass(frozen=True)
class Edit:
    """The rounds after one editor action, which round's editor is open, where focus goes next
    and what to announce."""

    rounds: list[dict]
    focus_row: int | None  # the round whose control takes focus
    focus: str  # "title", "edit", "up", "down", or "add" (the add button)
    message: str
    open_row: int | None = None  # the round shown with all its fields; the rest as summaries


def edit_rounds(rounds: list[dict], action: str, *, template: list[dict], limit: int) -> Edit:
    """Applies one editor action to the rounds as posted: "add", "template", or
    "open-N"/"close-N"/"up-N"/"down-N"/"remove-N" for the round at index N. Unknown actions
    change nothing. Only "add" and "open-N" leave a round's editor open."""
    rounds = [dict(row) for row in rounds]
    verb, _, index_text = action.partition("-")
    index = int(index_text) if index_text.isdigit() else None
    if verb == "add":
        if len(rounds) >= limit:
            return Edit(rounds, None, "add", f"A loop holds at most {limit} rounds.")
        rounds.append(dict(BLANK_ROUND))
        added = len(rounds) - 1
        return Edit(rounds, added, "title", f"Round {len(rounds)} added: name it.", added)
    if verb == "template":
        return Edit(
            [dict(row) for row in template], 0, "edit", "The guide's rounds are back in place."
        )
    if index is None or not 0 <= index < len(rounds):
        return Edit(rounds, None, "add", "")
    name = str(rounds[index].get("title") or "").strip() or f"Round {index + 1}"
    if verb == "open":
        return Edit(rounds, index, "title", f"Editing round {index + 1}: {name}.", index)
    if verb == "close":
        return Edit(rounds, index, "edit", f"Round {index + 1}: {name}. Not saved yet.")
    if verb == "remove":
        rounds.pop(index)
        if not rounds:
            return Edit(rounds, None, "add", f"{name} removed. The loop has no rounds left.")
        return Edit(rounds, min(index, len(rounds) - 1), "edit", f"{name} removed.")
    if verb in ("up", "down"):
        target = index - 1 if verb == "up" else index + 1
        if not 0 <= target < len(rounds):
            return Edit(rounds, index, verb, "")
        rounds[index], rounds[target] = rounds[target], rounds[index]
        # Keep focus on the same button of the moved round, unless it now sits at that end.
        at_end = target == 0 if verb == "up" else target == len(rounds) - 1
        focus = ("down" if verb == "up" else "up") if at_end else verb
        return Edit(rounds, target, focus, f"{name} is now round {target + 1}.")
    return Edit(rounds, None, "add", "")
