"""The loop as a calendar file (issue 21): placing the rounds (pure), the .ics a plan downloads
(parsed back with icalendar), and the form's refusals beside their fields."""

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hireplan import plans
from hireplan.engine.answers import LoopAnswers
from loops.calendar_views import uid_domain
from loops.forms import LoopCalendarForm
from loops.schedule import BREAK_MINUTES, DAY_START, place_loop, working_days
from tests.conftest import with_steps
from tests.engine.support import SOUND

BERLIN = ZoneInfo("Europe/Berlin")
MINUTES = [30, 45, 90, 60, 45]  # SOUND's senior loop


def next_monday(weeks_ahead: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def loop(spread: str = "two_weeks", **changes) -> LoopAnswers:
    return LoopAnswers.model_validate({**SOUND["loop"], "spread": spread, **changes})


def calendar_url(engagement, **query) -> str:
    url = reverse("loop_calendar", args=[engagement.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.fixture
def planned(engagement):
    steps = {slug: SOUND[slug] for slug in ("comp", "jd", "loop", "sourcing")}
    return with_steps(engagement, **steps)


def download(client, engagement, first: date, tz: str = "Europe/Berlin") -> Calendar:
    response = client.get(calendar_url(engagement, first=first.isoformat(), tz=tz))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('-interview-loop.ics"')
    return Calendar.from_ical(response.content)


def rounds_of(calendar: Calendar) -> list:
    return [event for event in calendar.events if "-round-" in str(event["UID"])]


def milestones_of(calendar: Calendar) -> dict[str, object]:
    return {
        str(event["UID"]).split("@")[0].split("-", 2)[2]: event
        for event in calendar.events
        if "-round-" not in str(event["UID"])
    }


# ----------------------------------------------------------------------------- placement (pure)
def test_it_puts_a_one_day_loop_back_to_back_from_ten():
    first = next_monday()
    slots = place_loop(loop("one_day"), first, BERLIN)
    assert [slot.day for slot in slots] == [first] * 5
    assert slots[0].start == datetime.combine(first, DAY_START, tzinfo=BERLIN)
    for slot, minutes in zip(slots, MINUTES, strict=True):
        assert slot.end - slot.start == timedelta(minutes=minutes)
    for earlier, later in pairwise(slots):
        assert later.start - earlier.end == timedelta(minutes=BREAK_MINUTES)


def test_it_spreads_a_two_week_loop_over_working_days_only():
    first = next_monday()
    slots = place_loop(loop("two_weeks"), first, BERLIN)
    days = [slot.day for slot in slots]
    assert all(day.weekday() < 5 for day in days)
    assert days[0] == first and days == sorted(days) and len(set(days)) == 5
    assert days[-1] == first + timedelta(days=11)  # the last weekday of the 14 days: a Friday
    # Evenly over the ten working days: 1st, 3rd, 6th, 8th and 10th.
    assert days == [first + timedelta(days=d) for d in (0, 2, 7, 9, 11)]
    assert all(slot.start.time() == DAY_START for slot in slots)


def test_it_skips_the_weekend_inside_a_short_span_and_shares_days_when_rounds_outnumber_them():
    friday = next_monday() + timedelta(days=4)
    assert working_days(friday, 3) == [friday]  # Friday, then Saturday and Sunday
    slots = place_loop(loop("custom", spread_days=3), friday, BERLIN)
    assert [slot.day for slot in slots] == [friday] * 5
    assert slots[1].start == slots[0].end + timedelta(minutes=BREAK_MINUTES)


def test_it_puts_a_take_home_round_all_day_without_taking_time_from_live_rounds():
    rounds = [dict(r) for r in SOUND["loop"]["rounds"]]
    rounds[1] = {**rounds[1], "format": "take_home", "minutes": 120}
    first = next_monday()
    slots = place_loop(loop("one_day", rounds=rounds), first, BERLIN)
    assert slots[1].all_day and slots[1].start is None and slots[1].day == first
    assert slots[2].start == slots[0].end + timedelta(minutes=BREAK_MINUTES)


# ----------------------------------------------------------------------------- the file
def test_it_writes_one_timed_event_per_round_in_the_chosen_zone(client, planned, manager):
    client.force_login(manager)
    first = next_monday()
    calendar = download(client, planned, first)
    assert calendar["VERSION"] == "2.0" and "Hireplan" in str(calendar["PRODID"])
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert planned.title in str(calendar["X-WR-CALNAME"])
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]
    events = rounds_of(calendar)
    assert len(events) == 5
    for number, (event, minutes) in enumerate(zip(events, MINUTES, strict=True), start=1):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.start.tzinfo.key == "Europe/Berlin"
        assert event.end - event.start == timedelta(minutes=minutes)
        assert event.start.weekday() < 5
        assert "DTSTAMP" in event and event["SEQUENCE"] == planned.version
        assert str(event["UID"]) == f"plan-{planned.pk}-round-{number}@{uid_domain()}"
    assert events[0].start == datetime.combine(first, time(10), tzinfo=BERLIN)
    assert [e.start.date() for e in events] == [first + timedelta(days=d) for d in (0, 2, 7, 9, 11)]
    technical = events[2]
    assert str(technical["SUMMARY"]) == "Round 3: Technical depth"
    description = str(technical["DESCRIPTION"])
    assert "90 minutes, live." in description
    assert "Interviewer role: ML engineers; 2 interviewers." in description
    assert "Interview kit: http://testserver/" in description


def test_it_links_each_round_to_its_kit(client, planned, manager):
    client.force_login(manager)
    calendar = download(client, planned, next_monday())
    for number, event in enumerate(rounds_of(calendar), start=1):
        kit = reverse("round_kit", kwargs={"engagement_id": planned.pk, "number": number})
        assert str(event["URL"]) == "http://testserver" + kit
        assert client.get(kit).status_code == 200


def test_it_keeps_the_uids_when_the_date_changes(client, planned, manager):
    client.force_login(manager)
    one = download(client, planned, next_monday(1))
    other = download(client, planned, next_monday(3) + timedelta(days=2), tz="America/New_York")
    assert [str(e["UID"]) for e in one.events] == [str(e["UID"]) for e in other.events]
    assert len({str(e["UID"]) for e in one.events}) == len(one.events)
    assert rounds_of(one)[0].start != rounds_of(other)[0].start


def test_it_places_a_one_day_loop_on_the_chosen_day(client, planned, manager):
    with_steps(planned, loop={**SOUND["loop"], "spread": "one_day"})
    client.force_login(manager)
    first = next_monday() + timedelta(days=2)
    events = rounds_of(download(client, planned, first, tz="Asia/Kolkata"))
    assert {event.start.date() for event in events} == {first}
    assert events[-1].end == datetime.combine(first, time(10), tzinfo=ZoneInfo("Asia/Kolkata")) + (
        timedelta(minutes=sum(MINUTES) + 4 * BREAK_MINUTES)
    )


def test_it_dates_the_timeline_milestones_as_the_plan_does(client, planned, manager):
    client.force_login(manager)
    calendar = download(client, planned, next_monday())
    timeline = plans.plan_for(planned).timeline
    milestones = milestones_of(calendar)
    phases = {phase.id: phase for phase in timeline.phases}
    assert set(milestones) == {f"phase-{p}" for p in phases} | {"target-start"}
    for phase_id, phase in phases.items():
        event = milestones[f"phase-{phase_id}"]
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert type(event.start) is date
        assert event.start == timeline.day_zero + timedelta(days=phase.start_day)
        assert event.end == max(
            timeline.day_zero + timedelta(days=phase.end_day), event.start + timedelta(days=1)
        )
    assert milestones["phase-start"].start == timeline.start_low
    assert milestones["target-start"].start == date(2026, 9, 1)  # SOUND's target start


def test_it_leaves_out_a_notice_period_that_is_not_entered(client, planned, manager):
    sourcing = {**SOUND["sourcing"], "notice_period_weeks": None, "target_start_date": None}
    with_steps(planned, sourcing=sourcing)
    client.force_login(manager)
    milestones = milestones_of(download(client, planned, next_monday()))
    assert "phase-notice" not in milestones and "target-start" not in milestones
    assert "phase-start" in milestones


# ----------------------------------------------------------------------------- the page
def test_it_shows_the_form_when_nothing_was_asked_yet(client, planned, manager):
    client.force_login(manager)
    response = client.get(calendar_url(planned))
    assert response.status_code == 200
    page = response.text
    assert "Put the loop in a calendar" in page
    assert 'name="first"' in page and 'name="tz"' in page
    assert 'value="UTC"' in page  # the default zone (settings.TIME_ZONE)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"first": "next-tuesday", "tz": "UTC"}, "first", "year-month-day"),
        ({"first": "2020-01-06", "tz": "UTC"}, "first", "in the past"),
        ({"first": "2999-01-06", "tz": "UTC"}, "first", "within two years"),
        ({"tz": "UTC"}, "first", "Choose the date of the first interview."),
        ({"first": "MONDAY", "tz": "Mars/Olympus_Mons"}, "tz", "does not know that time zone"),
        ({"first": "MONDAY", "tz": "x" * 500}, "tz", "That is not a time zone"),
        ({"first": "SATURDAY", "tz": "UTC"}, "first", "weekdays"),
    ],
)
def test_it_refuses_bad_input_beside_the_field(client, planned, manager, query, field, message):
    client.force_login(manager)
    days = {"MONDAY": next_monday(), "SATURDAY": next_monday() + timedelta(days=5)}
    query = {k: days[v].isoformat() if v in days else v for k, v in query.items()}
    response = client.get(calendar_url(planned, **query))
    assert response.status_code == 400
    page = response.text
    assert message in page
    # The message sits with its field: after the field's label, before the other field.
    label = page.index(f'for="calendar_{field}"')
    assert label < page.index(message)
    if field == "first":
        assert page.index(message) < page.index('for="calendar_tz"')


def test_it_accepts_any_iana_zone_not_only_the_listed_ones(client, planned, manager):
    client.force_login(manager)
    calendar = download(client, planned, next_monday(), tz="Pacific/Chatham")
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Pacific/Chatham"]
    form = LoopCalendarForm({"first": next_monday().isoformat(), "tz": "Pacific/Chatham"})
    assert form.is_valid()
    assert ("Pacific/Chatham", "Pacific/Chatham") in form.fields["tz"].widget.choices


def test_it_says_when_the_loop_is_not_saved(client, engagement, manager):
    client.force_login(manager)
    for query in ({}, {"first": next_monday().isoformat(), "tz": "UTC"}):
        response = client.get(calendar_url(engagement, **query))
        assert response.status_code == 200
        assert "The interview loop is not saved yet" in response.text
        assert reverse("step", args=[engagement.pk, "loop"]) in response.text
        assert response["Content-Type"].startswith("text/html")


def test_it_is_a_404_for_people_outside_the_company(client, planned, other_manager):
    client.force_login(other_manager)
    response = client.get(calendar_url(planned, first=next_monday().isoformat(), tz="UTC"))
    assert response.status_code == 404
    assert planned.title.encode() not in response.content


def test_it_offers_the_panel_on_the_loop_step(client, planned, manager):
    client.force_login(manager)
    page = client.get(reverse("step", args=[planned.pk, "loop"])).text
    assert "Put the loop in a calendar" in page
    assert f'action="{calendar_url(planned)}"' in page
    assert "Hireplan's rule" in page
