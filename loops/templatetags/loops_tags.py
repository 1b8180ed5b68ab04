"""Template helpers of the loop, sourcing and offer steps: they turn the form and the
plan into what the step's charts and tables show. The arithmetic lives in loops.loop and
loops.charts; these only gather the inputs."""

from dataclasses import dataclass

from django import template

from hireplan.engine import HiringPlan
from hireplan.engine.answers import skill_key
from hireplan.engine.text import hours_figure
from hireplan.models import Engagement
from hireplan.reference import load_reference
from loops import charts
from loops.forms import LoopCalendarForm, LoopForm, RoundRow
from loops.loop import Coverage, coverage

register = template.Library()


@register.filter
def hours_as_days(hours: int | None) -> str:
    """Hours as days and hours for a deadline: 48 → "2 days", 30 → "1 day 6 hours"."""
    if hours is None:
        return "—"
    days, rest = divmod(int(hours), 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if rest or not days:
        parts.append(f"{rest} hour{'s' if rest != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class LoopBoard:
    rows: list[RoundRow]
    coverage: Coverage
    minutes: int
    hours: str
    hours_low: int
    hours_high: int
    within_hours: bool
    take_homes: int
    spread_days: int | None
    spread_weeks: int
    calendar: charts.Calendar | None
    required_rounds: int
    level_label: str


@register.simple_tag
def loop_board(form: LoopForm, plan: HiringPlan, engagement: Engagement) -> LoopBoard:
    """The coverage matrix, the candidate's hours and the calendar for the rounds as the form
    has them now, saved or not."""
    ref = load_reference()
    rows = form.round_rows()
    ranked = []
    if "jd" in plan.steps_saved:
        ranked = list((engagement.answers.get("jd") or {}).get("ranked_skills") or [])
    matrix = coverage(
        ranked, [(row.title, row.skills) for row in rows], top=ref.choice("loop_skills_checked")
    )
    minutes = sum(row.minutes or 0 for row in rows)
    effort = ref.loops.candidate_effort
    days = form.current_spread_days()
    level = plan.loop.template_level
    return LoopBoard(
        rows=rows,
        coverage=matrix,
        minutes=minutes,
        hours=hours_figure(minutes),
        hours_low=effort.hours_low,
        hours_high=effort.hours_high,
        within_hours=effort.hours_low * 60 <= minutes <= effort.hours_high * 60,
        take_homes=sum(1 for row in rows if row.take_home),
        spread_days=days,
        spread_weeks=effort.spread_weeks,
        calendar=charts.loop_calendar(len(rows), days) if days and rows else None,
        required_rounds=plan.loop.required_rounds,
        level_label=level.label.lower() if level else "",
    )


@register.filter
def skills_by_name(skills: list[str], plan: HiringPlan) -> list[str]:
    """A saved round's ticks by name as the plan counts them: the guide's skills by their
    names, the team's own in their words; a team skill the JD no longer ranks is left out
    (the plan lists it in `loop.dropped_skills`)."""
    names = {skill_key(row.skill): row.name for row in plan.loop.coverage}
    return [names[skill_key(skill)] for skill in skills if skill_key(skill) in names]


@register.simple_tag
def timeline_chart(plan: HiringPlan) -> charts.TimelineChart:
    return charts.timeline_chart(plan.timeline)


@register.simple_tag
def split_bar(value: object) -> charts.SplitBar | None:
    try:
        share = int(str(value))
    except (TypeError, ValueError):
        return None
    return charts.split_bar(share) if 0 <= share <= 100 else None


@register.simple_tag
def equity_chart(plan: HiringPlan) -> charts.EquityChart | None:
    equity = plan.offer.equity
    return charts.equity_chart(equity) if equity is not None else None


@register.simple_tag
def band_chart(plan: HiringPlan) -> charts.BandChart | None:
    offer = plan.offer
    if offer.band_low_usd is None or offer.band_high_usd is None or offer.base_floor_usd is None:
        return None
    return charts.band_chart(
        offer.band_low_usd, offer.band_high_usd, offer.base_floor_usd, offer.offer_base_usd
    )


@register.filter
def minus(value: int | None, other: int | None) -> int | None:
    if value is None or other is None:
        return None
    return int(value) - int(other)


@register.simple_tag
def calendar_form() -> LoopCalendarForm:
    """{% calendar_form as calendar_form %}: the empty form of the loop's calendar panel."""
    return LoopCalendarForm()
