"""Fixed bounds for every date an answer holds: Hireplan's rule, not the guide's.

A stored answer must stay valid as time passes, so the schema cannot compare a date with
today; it keeps every date inside a fixed window instead, so no typo (2207, 9999) reaches a
chart or the arithmetic. The forms add a horizon relative to today (loops/forms.py,
hireplan/forms.py); imports go through these models and get the fixed window.
"""

from datetime import date

from hireplan.engine.text import day

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)


def within_bounds(value: date | None, what: str) -> date | None:
    """`value` if it lies in [DATE_MIN, DATE_MAX]; a plain-words error otherwise."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"Enter a {what} between {day(DATE_MIN)} and {day(DATE_MAX)}.")
    return value


# The forms' horizon relative to today, on top of the fixed window (Hireplan's rule): a start
# date at most three years ahead, a search opened at most ten years ago.
START_HORIZON_YEARS = 3
SEARCH_OPEN_YEARS_MAX = 10
