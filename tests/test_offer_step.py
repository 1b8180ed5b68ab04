"""The offer step: the O2 checklist with owners and deadlines, base against the top quartile,
the equity calculator, competing offers, and bad input saving nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

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


GRANT_FIELDS = ("value_usd", "vesting_years", "cliff_months", "vested_usd", "cliff_date")
OFFER_FIELDS = ("label", "base_usd", "equity_per_year_usd")
# A year into a $400,000 four-year grant: $100,000 a year still to come for three years.
A_YEAR_IN = {"value_usd": "400000", "vesting_years": "4", "cliff_months": "12",
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
    # Three current-grant rows at most, one shown to start.
    assert 'name="grants-TOTAL_FORMS" value="1"' in page


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
        {"value_usd": 400_000, "vesting_years": 4, "cliff_months": 12, "vested_usd": 100_000,
         "cliff_date": None}
    ]  # fmt: skip
    assert saved["offer_vesting_pct"] == [25, 25, 25, 25]
    assert saved["competing_offers"] == [
        {"label": "Fintech", "base_usd": 285_000, "equity_per_year_usd": 90_000}
    ]
    assert saved["same_day_walkthrough"] is True
    page = client.get(step_url(planned, "offer")).text
    assert 'name="offer_vesting_pct" value="25, 25, 25, 25"' in page
    assert 'name="grants-TOTAL_FORMS" value="2"' in page  # the saved grant plus a blank row


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


def test_it_walks_a_cliff_when_the_start_comes_before_it(client, planned, manager):
    client.force_login(manager)
    today = timezone.localdate()
    cliff = today + timedelta(days=60)
    new_grant = {"value_usd": "120000", "vesting_years": "4", "cliff_months": "12",
                 "vested_usd": "0", "cliff_date": cliff.isoformat()}  # fmt: skip
    start = today + timedelta(days=30)
    data = offer_post(grants=[new_grant], start_date=start.isoformat())
    response = client.post(preview_url(planned, "offer"), data, **HTMX)
    assert 'id="finding-offercliff_walk"' in response.text
    assert "waiting for it keeps $30,000" in response.text  # 12 of 48 months of $120,000


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
    ({"grants-0-cliff_months": "60"}, "grants-0-cliff_months", "longer than the 4-year"),
    ({"grants-0-vested_usd": "500000"}, "grants-0-vested_usd", "More has vested than"),
    ({"grants-0-vested_usd": "40000"}, "grants-0-vested_usd", "does not fit this schedule"),
    ({"grants-0-value_usd": "-5"}, "grants-0-value_usd", "cannot be below $1"),
    ({"grants-0-vested_usd": "-1"}, "grants-0-vested_usd", "cannot be below $0"),
    ({"grants-0-vesting_years": ""}, "grants-0-vesting_years", "Enter the vesting period"),
    ({"grants-0-vested_usd": "0"}, "grants-0-cliff_date", "give the date it falls on"),
    (
        {"grants-0-vested_usd": "0", "grants-0-cliff_date": "2001-01-01"},
        "grants-0-cliff_date",
        "The cliff date is in the past",
    ),
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


def test_it_refuses_a_grant_cliff_date_beyond_the_cliff(client, planned, manager):
    client.force_login(manager)
    far = timezone.localdate() + timedelta(days=800)
    change = {"grants-0-vested_usd": "0", "grants-0-cliff_date": far.isoformat()}
    response = client.post(step_url(planned, "offer"), offer_post(**change))
    assert "A 12-month cliff falls within 12 months of the grant" in response.text
    planned.refresh_from_db()
    assert "offer" not in planned.answers


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
