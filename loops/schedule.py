"""Where each round of a loop falls in a calendar, from a chosen first-interview date.

Pure (the standard library and the loop's answers): the calendar download (`loops/ics.py`)
places the rounds with it, and the tests check the placement without a request. These are
Hireplan's rules, not the guide's: the guide says over how long a loop runs (LP3), not at what
time of day its rounds start.

- Rounds fall on working days only, Monday to Friday; the first interview is one of them.
- "All in one day" puts every live round on the first date. Over N days, the window is the N
  calendar days from the first date; its working days are the loop's days, and the rounds are
  spread over them as evenly as they go, from the first working day to the last (the same
  spreading as the loop step's calendar picture, `place_rounds`). Rounds keep their order.
- A day's live rounds run back to back from `DAY_START`, with `BREAK_MINUTES` between them.
- A take-home round is not a meeting: the candidate does it in their own time. It is an
  all-day entry on its day (the day the task is sent), and it takes no hours from that day's
  live rounds.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from hireplan.engine.answers.loop import LoopAnswers, RoundFormat
from loops.loop import place_rounds

DAY_START = time(10, 0)  # Hireplan's rule: the first live round of a day starts at 10:00
BREAK_MINUTES = 15  # Hireplan's rule: a break between two live rounds on the same day
WEEKEND = (5, 6)  # Saturday and Sunday (date.weekday())


@dataclass(frozen=True)
class Slot:
    """One round's place: `start`/`end` are times for a live round; a take-home round is all
    day (`start` and `end` None) on `day`."""

    number: int  # the round's position in the loop, from 1
    day: date
    start: datetime | None
    end: datetime | None

    @property
    def all_day(self) -> bool:
        return self.start is None


def is_working_day(day: date) -> bool:
    return day.weekday() not in WEEKEND


def working_days(first: date, span_days: int) -> list[date]:
    """The working days among the `span_days` calendar days from `first` (at least `first`)."""
    days = [first + timedelta(days=offset) for offset in range(max(1, span_days))]
    return [day for day in days if is_working_day(day)] or [first]


def place_loop(
    loop: LoopAnswers,
    first: date,
    zone: tzinfo,
    *,
    day_start: time = DAY_START,
    break_minutes: int = BREAK_MINUTES,
) -> list[Slot]:
    """Each round's slot, in the loop's order (see the module docstring for the rules)."""
    days = working_days(first, loop.days)
    positions = place_rounds(len(loop.rounds), len(days))
    slots = []
    next_free: dict[date, datetime] = {}
    for number, (round_, position) in enumerate(zip(loop.rounds, positions, strict=True), 1):
        day = days[position - 1]
        if round_.format == RoundFormat.TAKE_HOME:
            slots.append(Slot(number=number, day=day, start=None, end=None))
            continue
        start = next_free.get(day, datetime.combine(day, day_start, tzinfo=zone))
        end = start + timedelta(minutes=round_.minutes)
        next_free[day] = end + timedelta(minutes=break_minutes)
        slots.append(Slot(number=number, day=day, start=start, end=end))
    return slots
