"""How values read in Hireplan's own text: money, dates, spans, lists, yes or no.

One home for every kind of value, so a figure reads the same in a finding, on a step, on the
recruiter's page and in the brief. The web layer's template filters call these too, and its
Django date format (hireplan/formats/en/formats.py) matches `day`.
"""

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

DASH = "—"  # an empty answer


def usd(amount: int) -> str:
    """185000 → "$185,000"; a negative amount keeps its sign in front: "−$5,000"."""
    return f"−${-amount:,}" if amount < 0 else f"${amount:,}"


def usd_short(amount: int) -> str:
    """A chart's label: $120K, $187.5K, $1M, $1.25M."""
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        return f"{sign}${amount / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    if amount >= 1_000:
        return f"{sign}${amount / 1_000:.1f}".removesuffix(".0") + "K"
    return f"{sign}${amount}"


def usd_span(low: int, high: int) -> str:
    """A range of dollars, or one figure when both ends agree: "$180,000–$220,000"."""
    return usd(low) if low == high else f"{usd(low)}–{usd(high)}"


def share_percent(value: Fraction) -> str:
    """A small share of a company, to three significant figures: "0.0857%", "1.25%"."""
    if value <= 0:
        return "0%"
    text = f"{float(value):.3g}"
    if "e" in text:
        text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return f"{text}%"


def day(value: date) -> str:
    """The one date format: "4 Jan 2027"."""
    return f"{value.day} {value:%b %Y}"


def number(value: float) -> str:
    """A figure without a trailing ".0": 3.0 → "3", 99.95 → "99.95"."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 week", "3 weeks"; `many` for irregular plurals."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def span(low: int, high: int, unit: str) -> str:
    """ "6 weeks" or "6–10 weeks"."""
    return plural(low, unit) if low == high else f"{low}–{high} {unit}s"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def prose(items: Iterable[str]) -> str:
    """A list as a reader writes it: "A", "A and B", "A, B and C"."""
    words = [item for item in items if item]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def hours_figure(minutes: int) -> str:
    """Minutes as hours with at most one decimal: 270 → "4.5", 240 → "4"."""
    return f"{minutes / 60:.1f}".removesuffix(".0")


def hours(minutes: int) -> str:
    """Minutes as hours for a candidate's time: 330 → "5.5 hours", 60 → "1 hour"."""
    value = hours_figure(minutes)
    return f"{value} hour" if value == "1" else f"{value} hours"
