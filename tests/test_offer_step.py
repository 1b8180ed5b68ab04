"""The offer step: the O2 checklist with owners and deadlines, base against the top quartile,
the equity calculator, competing offers, and bad input saving nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hireplan.engine.equity import add_months
from hireplan.engine.text import day
from tests.conftest import HTMX, preview_url, step_url, with_steps
from tests.engine.support import SOUND


def rows(prefix: str, items: list[dict], fields: tuple[str, ...], total: int) -> dict:
    """A formset's rows as posted: `total` rows, the ones beyond `items` left blank."""
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index in range(total):
        item = items[index] if index < len(items) else {}
        for name in fields:
            data[f"{prefix}-{index}-{name}"] = item.get(name, "")
    return data


GRANT_FIELDS = (
    "value_usd",
    "vesting_years",
    "schedule",
    "vesting_start",
    "cliff_months",
    "vested_usd",
)
OFFER_FIELDS = ("label", "base_usd", "equity_per_year_usd")
TODAY = timezone.localdate()
A_YEAR_AGO = add_months(TODAY, -12)
# A year into a $400,000 four-year monthly grant: $100,000 a year still to come for three years.
A_YEAR_IN = {"value_usd": "400000", "vesting_years": "4", "schedule": "monthly",
             "vesting_start": A_YEAR_AGO.isoformat(), "cliff_months": "12",
             "vested_usd": "100000"}  # fmt: skip


def offer_post(grants=(A_YEAR_IN,), competing=(), **changes) -> dict:
    data = {
        "version": 1,
        "offer_hours_after_final_round": "24",
        "same_day_walkthrough": "yes",
        "hm_call_within_hours": "48",
        "offer_base_usd": "300000",
        "equity_compared_by_nominal_grant": "no",
        "offer_equity_usd": "400000",
        "offer_vesting_pct": "25, 25, 25, 25",
        "offer_cliff_months": "12",
        "start_date": "",
        "start_weeks_after_acceptance": "4",
        **rows("grants", list(grants), GRANT_FIELDS, 3),
        **rows("competing", list(competing), OFFER_FIELDS, 2),
    }
    return {**data, **changes}


@pytest.fixture
def planned(engagement):
    return with_steps(
        engagement,
        lane=SOUND["lane"],
        comp=SOUND["comp"],
        jd=SOUND["jd"],
        loop=SOUND["loop"],
        sourcing={**SOUND["sourcing"], "target_start_date": None},
    )


def test_it_starts_from_the_guides_timings(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "offer")).text
    assert 'name="offer_hours_after_final_round" value="48"' in page
    assert 'name="hm_call_within_hours" value="72"' in page
    assert re.search(r'name="same_day_walkthrough" value="yes"[^>]*checked', page)
    # No candidate yet: no grant or offer rows, each added in place when there is one.
    assert 'name="grants-TOTAL_FORMS" value="0"' in page
    assert 'name="competing-TOTAL_FORMS" value="0"' in page
    assert "optional until you have a finalist" in page
    assert 'value="add-grants"' in page and 'value="add-competing"' in page


def test_it_carries_a_future_target_start_from_sourcing(client, planned, manager):
    start = timezone.localdate() + timedelta(days=90)
    with_steps(planned, sourcing={**SOUND["sourcing"], "target_start_date": start.isoformat()})
    client.force_login(manager)
    page = client.get(step_url(planned, "offer")).text
    assert f'name="start_date" value="{start.isoformat()}"' in page


def test_it_lists_the_checklist_with_owners_and_deadlines(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "offer")).text
    assert "Offer out within 48 hours of the final round" in page
    assert "Owner: Recruiter" in page
    assert "Owner: Hiring manager" in page
    assert "the guide names nobody" in page
    # Within 72 hours of an offer due 48 hours after the final round: 120 hours, 5 days.
    assert "<td>5 days</td>" in page


def test_it_saves_grants_and_offers_and_skips_blank_rows(client, planned, manager):
    client.force_login(manager)
    competing = [{"label": "Fintech", "base_usd": "285000", "equity_per_year_usd": "90000"}]
    response = client.post(step_url(planned, "offer"), offer_post(competing=competing))
    assert response.status_code == 302
    assert response.url == step_url(planned, "review")
    planned.refresh_from_db()
    saved = planned.answers["offer"]
    assert saved["current_grants"] == [
        {"value_usd": 400_000, "vesting_years": 4, "schedule": "monthly",
         "vesting_start": A_YEAR_AGO.isoformat(), "cliff_months": 12, "vested_usd": 100_000}
    ]  # fmt: skip
    assert saved["offer_vesting_pct"] == [25, 25, 25, 25]
    assert saved["competing_offers"] == [
        {"label": "Fintech", "base_usd": 285_000, "equity_per_year_usd": 90_000}
    ]
    assert saved["same_day_walkthrough"] is True
    page = client.get(step_url(planned, "offer")).text
    assert 'name="offer_vesting_pct" value="25, 25, 25, 25"' in page
    assert 'name="grants-TOTAL_FORMS" value="1"' in page  # the saved grant, no blank row


def test_it_compares_equity_year_by_year_in_whole_dollars(client, planned, manager):
    # Starting today, a year into the $400,000 grant: $100,000 in each of the next three
    # years, then nothing. The offer: $100,000 a year for four years.
    client.force_login(manager)
    response = client.post(preview_url(planned, "offer"), offer_post(), **HTMX)
    text = response.text
    assert "Left behind over 4 years</dt><dd>$300,000" in text
    assert "The offer vests over 4 years</dt><dd>$400,000" in text
    assert 'The offer is ahead by</dt><dd class="is-good">$100,000' in text
    assert re.search(r"<th scope=\"row\">4</th><td class=\"num\">\$0</td>", text)
    assert "rounded half up to the dollar" in text
    assert 'class="chart chart-equity"' in text


def test_it_flags_an_offer_that_leaves_the_candidate_short(client, planned, manager):
    client.force_login(manager)
    big = {**A_YEAR_IN, "value_usd": "1200000", "vested_usd": "300000"}
    response = client.post(preview_url(planned, "offer"), offer_post(grants=[big]), **HTMX)
    assert "The offer falls short by" in response.text
    assert 'id="finding-offerequity_short"' in response.text
    assert "$500,000 more than the offer vests" in response.text  # $900,000 − $400,000


def test_it_names_the_vest_a_rushed_start_gives_up(client, planned, manager):
    # A quarterly $200,000 grant (16 vests of $12,500) whose vest falls 10 days after a start
    # 30 days out: the candidate, gone by the start day, gives it up; moving the start
    # 11 days, to the day after the vest, keeps it.
    client.force_login(manager)
    start = timezone.localdate() + timedelta(days=30)
    vesting_start = add_months(start + timedelta(days=10), -15)
    vest = add_months(vesting_start, 15)
    days = (vest - start).days + 1
    grant = {"grants-0-value_usd": "200000", "grants-0-vesting_years": "4",
             "grants-0-schedule": "quarterly", "grants-0-vesting_start": vesting_start.isoformat(),
             "grants-0-cliff_months": "12", "grants-0-vested_usd": ""}  # fmt: skip
    data = offer_post(start_date=start.isoformat(), **grant)
    response = client.post(preview_url(planned, "offer"), data, **HTMX)
    assert 'id="finding-offerwalked_vest"' in response.text
    assert f"The start gives up $12,500 vesting on {day(vest)}" in response.text
    assert f"move the start {days} days, to {day(vest + timedelta(days=1))}" in response.text


def test_it_places_the_base_against_the_top_quartile(client, planned, manager):
    client.force_login(manager)
    response = client.post(
        preview_url(planned, "offer"), offer_post(offer_base_usd="250000"), **HTMX
    )
    # The band $210,000–$320,000: its top quarter starts at $292,500.
    assert "at least <strong>$292,500</strong>" in response.text
    assert "$250,000 is $42,500 short of the top quarter." in response.text
    assert 'id="finding-offerbase_below_top_quartile"' in response.text


def test_it_compares_the_competing_offers(client, planned, manager):
    client.force_login(manager)
    competing = [{"label": "Big Co", "base_usd": "320000", "equity_per_year_usd": "150000"}]
    response = client.post(preview_url(planned, "offer"), offer_post(competing=competing), **HTMX)
    text = response.text
    assert '<tr class="ours"><th scope="row">This offer</th>' in text
    assert "<strong>$400,000</strong>" in text  # $300,000 + $400,000 / 4
    assert "<strong>$470,000</strong>" in text


BAD = [
    ({"offer_vesting_pct": "25, 25, 25"}, "offer_vesting_pct", "add up to 75%, not 100%"),
    ({"offer_vesting_pct": "half"}, "offer_vesting_pct", "Enter whole percentages"),
    ({"offer_vesting_pct": "50, -10, 60"}, "offer_vesting_pct", "cannot be negative"),
    ({"offer_vesting_pct": ""}, "offer_vesting_pct", "Give the share vesting each year"),
    ({"offer_cliff_months": "60"}, "offer_cliff_months", "longer than the 4-year schedule"),
    ({"offer_equity_usd": "-1"}, "offer_equity_usd", "cannot be below $0"),
    ({"offer_base_usd": "-300000"}, "offer_base_usd", "cannot be below $50,000"),
    ({"offer_hours_after_final_round": "-2"}, "offer_hours_after_final_round", "below 0"),
    ({"hm_call_within_hours": "0"}, "hm_call_within_hours", "cannot be below 1"),
    ({"start_date": "2001-01-01"}, "start_date", "The start date is in the past"),
    ({"grants-0-cliff_months": "60"}, "grants-0-cliff_months", "longer than the grant"),
    ({"grants-0-vested_usd": "500000"}, "grants-0-vested_usd", "More has vested ($500,000)"),
    ({"grants-0-value_usd": "-5"}, "grants-0-value_usd", "cannot be below $1"),
    ({"grants-0-vested_usd": "-1"}, "grants-0-vested_usd", "cannot be below $0"),
    ({"grants-0-vesting_years": ""}, "grants-0-vesting_years", "Enter the vesting period"),
    ({"grants-0-vesting_start": ""}, "grants-0-vesting_start", "Enter the date the grant"),
    ({"grants-0-vesting_start": "1999-12-31"}, "grants-0-vesting_start", "between 1 Jan 2000"),
    ({"grants-0-schedule": "weekly"}, "grants-0-schedule", "Choose monthly, quarterly or yearly"),
    (
        {"grants-0-vesting_start": add_months(TODAY, 2).isoformat()},
        "grants-0-vested_usd",
        "Nothing vests before the grant starts on",
    ),
    (
        {"grants-0-vesting_start": add_months(TODAY, -6).isoformat()},
        "grants-0-vested_usd",
        f"Nothing vests before the cliff on {day(add_months(TODAY, 6))}",
    ),
    (
        {"grants-0-vesting_start": "2020-01-15"},
        "grants-0-vesting_start",
        "This grant finished vesting on 15 Jan 2024",
    ),
    ({"approvers": "x" * 201}, "approvers", "Keep this to 200 characters or fewer."),
    ({"offer_owner": "x" * 81}, "offer_owner", "Keep this to 80 characters or fewer."),
    ({"approval_hours": "-1"}, "approval_hours", "cannot be below 0"),
    ({"company_valuation_usd": "5"}, "company_valuation_usd", "cannot be below $1,000,000"),
    ({"competing-0-base_usd": "-1"}, "competing-0-base_usd", "cannot be below $50,000"),
    (
        {"competing-0-label": "Big Co", "competing-0-equity_per_year_usd": "-5"},
        "competing-0-equity_per_year_usd",
        "cannot be below $0",
    ),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] for b in BAD])
def test_it_rejects_bad_input_by_field_and_saves_nothing(
    client, planned, manager, htmx, change, field, message
):
    client.force_login(manager)
    response = client.post(
        step_url(planned, "offer"), offer_post(**change), **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert message in response.text
    errors = response.text.split(f'id="id_{field}_error"')
    assert len(errors) == 2, f"no error beside {field}"
    assert message in errors[1][:400]
    planned.refresh_from_db()
    assert "offer" not in planned.answers
    assert planned.version == 1


def test_it_moves_on_to_the_review_after_an_htmx_save(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "offer"), offer_post(), **HTMX)
    assert response.status_code == 200
    partial = response.text.split("</title>", 1)[-1].lstrip()
    assert partial.startswith('<section id="step" class="step card review"')
    assert "Offer saved" in response.text
    assert response["HX-Push-Url"] == step_url(planned, "review")


def test_it_accepts_dollars_typed_with_a_sign_and_commas(client, planned, manager):
    client.force_login(manager)
    client.post(
        step_url(planned, "offer"),
        offer_post(offer_base_usd="$300,000", offer_equity_usd="400,000"),
    )
    planned.refresh_from_db()
    assert planned.answers["offer"]["offer_base_usd"] == 300_000
    assert planned.answers["offer"]["offer_equity_usd"] == 400_000


# ----------------------------------------------------------------------------- rows in place
def edit_url(engagement) -> str:
    return f"/engagements/{engagement.pk}/offer/edit/"


def test_it_adds_a_grant_row_in_place_keeping_what_was_typed(client, planned, manager):
    client.force_login(manager)
    data = offer_post(grants=[A_YEAR_IN], offer_base_usd="$301,000", edit="add-grants")
    data["grants-TOTAL_FORMS"] = "1"
    response = client.post(edit_url(planned), data)
    assert response.status_code == 200
    page = response.text
    assert 'name="grants-TOTAL_FORMS" value="2"' in page
    assert 'name="offer_base_usd" value="$301,000"' in page
    assert 'name="grants-0-value_usd" value="400000"' in page
    # The new row is empty, its first field focused, and the change is announced.
    assert re.search(r'name="grants-1-value_usd"[^>]*autofocus', page)
    assert "Grant 2 added." in page
    planned.refresh_from_db()
    assert "offer" not in planned.answers


def test_it_removes_a_competing_offer_and_renumbers_the_rest(client, planned, manager):
    client.force_login(manager)
    competing = [
        {"label": "First", "base_usd": "250000"},
        {"label": "Second", "base_usd": "260000"},
        {"label": "Third", "base_usd": "270000"},
    ]
    data = {
        **offer_post(edit="remove-competing-1"),
        **rows("competing", competing, OFFER_FIELDS, 3),
    }
    response = client.post(edit_url(planned), data, **HTMX)
    assert response.status_code == 200
    page = response.text
    assert page.lstrip().startswith('<div id="offer-work"')
    assert 'name="competing-TOTAL_FORMS" value="2"' in page
    assert 'name="competing-1-label" value="Third"' in page and "Second" not in page
    assert "Offer 2 removed." in page
    assert re.search(r'id="add-competing"[^>]*autofocus', page)


def test_it_stops_adding_rows_at_the_limit(client, planned, manager):
    client.force_login(manager)
    competing = [{"label": f"Offer {n}", "base_usd": "250000"} for n in range(4)]
    data = {**offer_post(edit="add-competing"), **rows("competing", competing, OFFER_FIELDS, 4)}
    page = client.post(edit_url(planned), data).text
    assert 'name="competing-TOTAL_FORMS" value="4"' in page
    assert 'id="add-competing"' not in page  # four is the most (O1)


def test_it_refuses_a_row_count_beyond_the_limit(client, planned, manager):
    # Issue 18: a forged count is refused with a message, not clamped (tests/test_bounds.py).
    client.force_login(manager)
    data = offer_post(edit="add-grants")
    data["grants-TOTAL_FORMS"] = "100000000"
    page = client.post(edit_url(planned), data).text
    assert "Some rows did not arrive intact: reload the page and try again." in page


def test_it_ignores_an_unknown_edit(client, planned, manager):
    client.force_login(manager)
    data = offer_post(edit="explode-grants-7")
    data["grants-TOTAL_FORMS"] = "1"
    page = client.post(edit_url(planned), data).text
    assert 'name="grants-TOTAL_FORMS" value="1"' in page


def test_it_refuses_row_edits_on_a_locked_plan(client, planned, manager):
    planned.status = planned.Status.IN_REVIEW
    planned.save()
    client.force_login(manager)
    response = client.post(edit_url(planned), offer_post(edit="add-grants"))
    assert response.status_code in (302, 409)
    planned.refresh_from_db()
    assert "offer" not in planned.answers


def test_it_completes_the_plan_without_a_candidate(client, planned, manager):
    client.force_login(manager)
    data = offer_post(grants=(), start_weeks_after_acceptance="")
    data["grants-TOTAL_FORMS"] = "0"
    data["competing-TOTAL_FORMS"] = "0"
    response = client.post(step_url(planned, "offer"), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    saved = planned.answers["offer"]
    assert saved["current_grants"] == [] and saved["start_weeks_after_acceptance"] is None
    review = client.get(step_url(planned, "review")).text
    assert "Offer" in review and "Not saved" not in review


def test_it_shows_the_grant_as_a_share_when_a_valuation_is_given(client, planned, manager):
    client.force_login(manager)
    data = offer_post(company_valuation_usd="$500,000,000")
    response = client.post(preview_url(planned, "offer"), data, **HTMX)
    # $400,000 of a $500,000,000 company: 0.08%.
    assert "0.08%" in response.text


def test_it_flags_a_sign_off_slower_than_the_offer(client, planned, manager):
    client.force_login(manager)
    slow = client.post(preview_url(planned, "offer"), offer_post(approval_hours="30"), **HTMX)
    assert 'id="finding-offerapproval_late"' in slow.text
    on_time = client.post(preview_url(planned, "offer"), offer_post(approval_hours="24"), **HTMX)
    assert 'id="finding-offerapproval_late"' not in on_time.text


def test_it_names_the_offers_owner_in_the_checklist(client, planned, manager):
    client.force_login(manager)
    data = offer_post(offer_owner="Dana, head of talent")
    response = client.post(preview_url(planned, "offer"), data, **HTMX)
    assert "Owner: Dana, head of talent (entered by you)" in response.text
    unnamed = client.post(preview_url(planned, "offer"), offer_post(), **HTMX).text
    assert "Hireplan's suggestion; the guide names nobody" in unnamed
