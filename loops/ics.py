"""The loop and the plan's timeline as an iCalendar file (RFC 5545), built with `icalendar`.

One timed event per live round, placed by `loops.schedule.place_loop` in the chosen time zone
(whose VTIMEZONE the file carries), an all-day event per take-home round, and an all-day event
per phase of the plan's timeline, dated as the timeline chart dates them (`plan.timeline`: day 0
plus each phase's days). Every UID is built from the plan's id and the item's place, never from
a date, so importing the file again after choosing another date moves the events instead of
adding copies; SEQUENCE is the plan's version, so a calendar takes the newer file as newer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from hireplan.engine.answers.loop import LoopAnswers, Round, RoundFormat, skill_name
from hireplan.engine.plan import TimelineEstimate, TimelinePhase
from hireplan.engine.text import day as day_text
from hireplan.engine.text import hours, plural, prose
from loops.schedule import Slot, place_loop

PRODID = "-//Hireplan//Interview loop calendar//EN"
# VTIMEZONE rules are written for this window around the loop: the file is about the coming
# months, and a narrow window keeps the zone's definition short.
ZONE_YEARS_BEFORE = 1
ZONE_YEARS_AFTER = 4


@dataclass(frozen=True)
class PlanRef:
    """What the file says about the plan itself."""

    id: int
    title: str
    version: int
    uid_domain: str  # this install's own name, after the "@" of every UID


def round_uid(plan: PlanRef, number: int) -> str:
    return f"plan-{plan.id}-round-{number}@{plan.uid_domain}"


def milestone_uid(plan: PlanRef, name: str) -> str:
    return f"plan-{plan.id}-{name}@{plan.uid_domain}"


def round_description(round_: Round, kit_url: str) -> str:
    lines = [
        f"{round_.minutes} minutes, {round_.format.label.lower()}.",
        f"Interviewer role: {round_.interviewer_role.label}; "
        f"{plural(round_.interviewer_count, 'interviewer')}.",
    ]
    if round_.format == RoundFormat.TAKE_HOME:
        lines.append(
            f"The candidate's own time, about {hours(round_.minutes)}: this entry marks the day "
            "the task goes out and blocks no one's calendar."
        )
    if round_.skills_tested:
        lines.append("Tests: " + prose(skill_name(skill) for skill in round_.skills_tested) + ".")
    if round_.purpose:
        lines.append(round_.purpose)
    lines.append(f"Interview kit: {kit_url}")
    return "\n".join(lines)


def round_event(plan: PlanRef, round_: Round, slot: Slot, kit_url: str, stamp: datetime) -> Event:
    event = Event.new(
        uid=round_uid(plan, slot.number),
        summary=f"Round {slot.number}: {round_.title}",
        description=round_description(round_, kit_url),
        url=kit_url,
        stamp=stamp,
        sequence=plan.version,
    )
    if slot.start is not None and slot.end is not None:
        event.start, event.end = slot.start, slot.end
    else:  # a take-home round: all day, free time
        event.start, event.end = slot.day, slot.day + timedelta(days=1)
        event.add("TRANSP", "TRANSPARENT")
    return event


def _phase_dates(timeline: TimelineEstimate, phase: TimelinePhase) -> tuple[date, date]:
    """The phase's first day and the day after its last (DTEND of an all-day event)."""
    first = timeline.day_zero + timedelta(days=phase.start_day)
    end = timeline.day_zero + timedelta(days=phase.end_day)
    return first, max(end, first + timedelta(days=1))


def _phase_description(timeline: TimelineEstimate, phase: TimelinePhase) -> str:
    lines = ["The plan's estimate, as its timeline shows it."]
    if phase.note:
        lines.append(phase.note)
    if phase.slip_days:
        later = timeline.day_zero + timedelta(days=phase.end_day + phase.slip_days)
        lines.append(
            f"If the search runs to the long end of its estimate, this ends by {day_text(later)}."
        )
    return "\n".join(lines)


def milestone_events(plan: PlanRef, timeline: TimelineEstimate, stamp: datetime) -> list[Event]:
    """The timeline's phases as all-day events, and the target start when the plan has one.
    A notice period that is not entered yet has no days, so it has no event."""
    events = []
    for phase in timeline.phases:
        if phase.id == "notice" and (not phase.known or phase.end_day <= phase.start_day):
            continue
        first, end = _phase_dates(timeline, phase)
        event = Event.new(
            uid=milestone_uid(plan, f"phase-{phase.id}"),
            summary=f"{plan.title}: {phase.label}",
            description=_phase_description(timeline, phase),
            start=first,
            end=end,
            stamp=stamp,
            sequence=plan.version,
        )
        event.add("TRANSP", "TRANSPARENT")
        events.append(event)
    if timeline.target_start is not None:
        event = Event.new(
            uid=milestone_uid(plan, "target-start"),
            summary=f"{plan.title}: target start",
            description="The start date the plan aims for, as entered on the sourcing step.",
            start=timeline.target_start,
            end=timeline.target_start + timedelta(days=1),
            stamp=stamp,
            sequence=plan.version,
        )
        event.add("TRANSP", "TRANSPARENT")
        events.append(event)
    return events


def loop_calendar(
    plan: PlanRef,
    loop: LoopAnswers,
    timeline: TimelineEstimate,
    *,
    first: date,
    zone: ZoneInfo,
    kit_url: Callable[[int], str],
    stamp: datetime,
) -> Calendar:
    """The whole file: the rounds from `first` in `zone`, then the plan's milestones.
    `kit_url(number)` is the absolute link to round `number`'s interview kit."""
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=f"{plan.title}: interview loop",
        description=f"The interview loop and timeline of the plan “{plan.title}”, from Hireplan.",
        uid=f"plan-{plan.id}@{plan.uid_domain}",
    )
    calendar.add("X-WR-TIMEZONE", zone.key)
    for round_, slot in zip(loop.rounds, place_loop(loop, first, zone), strict=True):
        calendar.add_component(round_event(plan, round_, slot, kit_url(slot.number), stamp))
    for event in milestone_events(plan, timeline, stamp):
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=date(first.year - ZONE_YEARS_BEFORE, 1, 1),
        last_date=date(first.year + ZONE_YEARS_AFTER, 1, 1),
    )
    return calendar


def file_name(title: str) -> str:
    """A safe file name after the plan: letters, digits and hyphens."""
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in title.lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60].strip("-")
    return f"{slug or 'plan'}-interview-loop.ics"
