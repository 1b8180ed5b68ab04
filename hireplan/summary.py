"""A step's saved answers as display rows: labels and formatted values, never raw data.

Each step declares its summary once, answer by answer (`Summary(Answer(...), Figure(...))`),
and the review step, the recruiter's page, the history and the brief all read it. Values are
formatted from the stored JSON, so one changed field in the history ("Offer within: 72 hours →
48 hours") reads exactly as it does in the summary. The formats themselves live in the engine
(hireplan/engine/text.py), where the findings' text uses them too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

from hireplan.engine import HiringPlan
from hireplan.engine import text as fmt

Format = Callable[[Any], str]  # a stored (JSON) value, never empty, to its text


# ------------------------------------------------------------------------------ the formats
def plain(value: Any) -> str:
    """Any stored value as words: the fallback for a field no summary names (old history)."""
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if isinstance(value, list):
        return fmt.prose(plain(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {plain(item)}" for key, item in value.items())
    return fmt.number(value) if isinstance(value, float) else str(value)


def money(value: Any) -> str:
    return fmt.usd(int(value))


def percent(value: Any) -> str:
    return f"{fmt.number(value)}%"


def yes_no(value: Any) -> str:
    return fmt.yes_no(bool(value))


def day(value: Any) -> str:
    return fmt.day(value if isinstance(value, date) else date.fromisoformat(str(value)))


def words(value: Any) -> str:
    return fmt.plural(len(str(value).split()), "word")


def label_of(enum: type[Enum], value: Any) -> str:
    """A stored choice's label; a value the enum no longer knows (or a custom skill, typed in
    the team's own words) stands as written."""
    try:
        return enum(value).label  # type: ignore[attr-defined]
    except ValueError:
        return str(value)


def choice(enum: type[Enum]) -> Format:
    return lambda value: label_of(enum, value)


def choices(enum: type[Enum]) -> Format:
    """A list of choices as prose: "Applied ML, MLOps and Research"."""
    return lambda values: fmt.prose(label_of(enum, value) for value in values)


def count(unit: str, many: str | None = None) -> Format:
    """A whole number with its unit: count("week") gives "1 week", "6 weeks"."""
    return lambda value: fmt.plural(int(value), unit, many)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def money_span(values: tuple) -> str:
    """A band's two ends ("$180,000–$220,000"), or the one end given."""
    low, high = values
    if is_empty(low) or is_empty(high):
        return money(high if is_empty(low) else low)
    return fmt.usd_span(int(low), int(high))


# ------------------------------------------------------------------------------ the rows
@dataclass(frozen=True)
class Row:
    label: str
    value: str
    claims: tuple[str, ...] = ()  # the sources of a figure the plan works out


@dataclass(frozen=True)
class Answer:
    """One stored answer, or a few read as one (a band's two ends), with its short label.

    `show` gets the field's value, or a tuple of the fields' values when there are several."""

    fields: str | tuple[str, ...]
    label: str
    show: Format = plain
    # Whether the answer applies, given the step's other answers (say, office days only for a
    # hybrid team); an answer that does not apply, or is empty, is left out of the summary.
    when: Callable[[dict], bool] | None = None
    # What answers saved before this field existed stand for (its schema default): a save
    # that keeps it records no change, where "empty → 1 person" would be news to nobody.
    default: Any = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.fields,) if isinstance(self.fields, str) else self.fields

    def value(self, data: dict) -> Any:
        values = tuple(data.get(name) for name in self.names)
        if all(is_empty(value) for value in values):
            return None
        return values if len(values) > 1 else values[0]

    def read(self, data: dict) -> str:
        """The answer's text, "" when empty; a value stored before the field changed shape
        reads as plain words rather than failing."""
        value = self.value(data)
        if value is None:
            return ""
        try:
            return self.show(value)
        except (TypeError, ValueError, KeyError):
            return plain(value)


@dataclass(frozen=True)
class Figure:
    """A row the plan works out from the answers (the recommended band, the time to hire)."""

    label: str
    value: Callable[[Any, HiringPlan], str | None]  # (typed answers, plan) → text, or None
    claims: Callable[[HiringPlan], Iterable[str]] | None = None


@dataclass(frozen=True)
class Change:
    """One answer of a saved step, before and after, as the history shows it ("" is empty).
    `known` is False for a change whose values were not recorded (an imported history)."""

    label: str
    before: str = ""
    after: str = ""
    known: bool = True


class Summary:
    def __init__(self, *entries: Answer | Figure) -> None:
        self.entries = entries
        self.answers = [entry for entry in entries if isinstance(entry, Answer)]
        self.fields = {name for entry in self.answers for name in entry.names}
        self.defaults = {
            name: entry.default
            for entry in self.answers
            if entry.default is not None
            for name in entry.names
        }

    def __call__(self, answers: BaseModel, plan: HiringPlan | None = None) -> list[Row]:
        """The rows of a step's saved answers; figures need the plan and are left out without."""
        data = answers.model_dump(mode="json")
        rows = []
        for entry in self.entries:
            if isinstance(entry, Answer):
                if entry.when is not None and not entry.when(data):
                    continue
                if text := entry.read(data):
                    rows.append(Row(entry.label, text))
            elif plan is not None and (text := entry.value(answers, plan)):
                claims = tuple(entry.claims(plan)) if entry.claims is not None else ()
                rows.append(Row(entry.label, text, claims))
        return rows

    def changes(self, before: dict | None, after: dict) -> list[dict]:
        """What a save changed, as the history stores it: the fields, their label and both
        values as text (computed now, while the whole of both versions is at hand)."""
        # Answers saved before a field existed read as its default; a first save has no before.
        before = {**self.defaults, **before} if before else {}
        changed = []
        for entry in self.answers:
            if any(before.get(name) != after.get(name) for name in entry.names):
                changed.append(
                    {
                        "fields": [n for n in entry.names if before.get(n) != after.get(n)],
                        "label": entry.label,
                        "before": entry.read(before),
                        "after": entry.read(after),
                    }
                )
        return changed

    def read_change(self, stored: dict) -> Change:
        """A stored change for the history. Older rows hold one field's raw values, and an
        imported history only the field's name: both still read with the field's label."""
        if "label" in stored:
            return Change(stored["label"], stored.get("before", ""), stored.get("after", ""))
        name = stored.get("field", "")
        entry = next((entry for entry in self.answers if name in entry.names), None)
        label = entry.label if entry is not None else name.replace("_", " ").capitalize()
        if "before" not in stored and "after" not in stored:
            return Change(label, known=False)
        single = entry is not None and len(entry.names) == 1

        def read(value: Any) -> str:
            if is_empty(value):
                return ""
            return entry.read({name: value}) if single else plain(value)  # type: ignore[union-attr]

        return Change(label, read(stored.get("before")), read(stored.get("after")))
