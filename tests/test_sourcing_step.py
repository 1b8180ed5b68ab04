"""The sourcing and timeline step: the pools in the guide's order, the outreach share, the
timeline chart with its reasons, the staffing-partner advice, and bad input saving nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hireplan.engine.text import day
from tests.conftest import HTMX, preview_url, step_url, with_steps
from tests.engine.support import SOUND


def sourcing_post(**changes) -> dict:
    data = {
        "version": 1,
        "recruiter_has_ml_network": "yes",
        "outreach_share_pct": "70",
        "notice_period_weeks": "4",
        "target_start_date": "",
    }
    return {**data, **changes}


@pytest.fixture
def planned(engagement):
    return with_steps(
        engagement, lane=SOUND["lane"], comp=SOUND["comp"], jd=SOUND["jd"], loop=SOUND["loop"]
    )


def test_it_lists_the_pools_in_the_guides_order_for_the_lane(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "sourcing")).text
    assert "Passive pools for the Production ML engineer lane" in page
    order = [
        page.index(name)
        for name in (
            "Mid-market SaaS platform teams",
            "FAANG-tier teams in a reorg",
            "Late-stage AI startups that have stalled",
            "Research-engineer graduates",
            "Defence and government-contract engineers",
        )
    ]
    assert order == sorted(order)
    assert "<strong>70%</strong> share of placements that come from passive outreach" in page
    assert 'name="outreach_share_pct" value="70"' in page


def test_it_draws_the_timeline_with_a_table(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "sourcing")).text
    assert 'class="chart chart-timeline"' in page
    assert 'font-family="DejaVu Sans, sans-serif"' in page
    assert "The timeline as a table" in page
    # Senior, clean: nine weeks to an accepted offer, the two-week loop just before it.
    assert "About <strong>9 weeks</strong> to an accepted offer" in page
    assert "weeks 6.7–8.7" in page
    assert "Senior searches run near 9 weeks" in page


def test_it_saves_the_sourcing_answers(client, planned, manager):
    client.force_login(manager)
    start = timezone.localdate() + timedelta(days=120)
    response = client.post(
        step_url(planned, "sourcing"), sourcing_post(target_start_date=start.isoformat())
    )
    assert response.status_code == 302
    assert response.url == step_url(planned, "offer")
    planned.refresh_from_db()
    assert planned.answers["sourcing"] == {
        "recruiter_has_ml_network": True,
        "outreach_share_pct": 70,
        "notice_period_weeks": 4,
        "target_start_date": start.isoformat(),
    }
    page = client.get(step_url(planned, "sourcing")).text
    assert re.search(r'name="recruiter_has_ml_network" value="yes"[^>]*checked', page)


BAD = [
    ({"notice_period_weeks": "-1"}, "The notice period cannot be below 0."),
    ({"notice_period_weeks": "30"}, "The notice period cannot be above 26."),
    ({"notice_period_weeks": "two"}, "Enter the notice period as a whole number."),
    ({"outreach_share_pct": "120"}, "The share cannot be above 100."),
    ({"outreach_share_pct": "-5"}, "The share cannot be below 0."),
    ({"outreach_share_pct": ""}, "Enter the share."),
    ({"recruiter_has_ml_network": ""}, "Say whether your recruiter has a network of ML engineers."),
    ({"target_start_date": "2001-01-01"}, "The target start date is in the past"),
    ({"target_start_date": "soon"}, "Enter a date such as 2027-03-01."),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("change", "message"), BAD)
def test_it_rejects_bad_input_by_field_and_saves_nothing(
    client, planned, manager, htmx, change, message
):
    client.force_login(manager)
    response = client.post(
        step_url(planned, "sourcing"), sourcing_post(**change), **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert message in response.text
    field = next(iter(change))
    assert f'id="id_{field}_error"' in response.text
    planned.refresh_from_db()
    assert "sourcing" not in planned.answers
    assert planned.version == 1


def test_it_previews_a_start_that_comes_too_soon(client, planned, manager):
    client.force_login(manager)
    soon = timezone.localdate() + timedelta(days=14)
    data = sourcing_post(target_start_date=soon.isoformat())
    response = client.post(preview_url(planned, "sourcing"), data, **HTMX)
    assert response.text.lstrip().startswith('<div id="live"')
    assert 'id="finding-sourcingstart_too_soon"' in response.text
    assert "comes sooner." in response.text
    # Nine weeks to an offer plus four of notice: 91 days from today.
    earliest = timezone.localdate() + timedelta(days=91)
    assert f"Aim for {day(earliest)} or later." in response.text
    planned.refresh_from_db()
    assert "sourcing" not in planned.answers


def test_it_shows_the_notice_period_on_the_chart(client, planned, manager):
    client.force_login(manager)
    response = client.post(
        preview_url(planned, "sourcing"), sourcing_post(notice_period_weeks="4"), **HTMX
    )
    assert "weeks 9–13" in response.text  # the notice runs from the offer to the start
    response = client.post(
        preview_url(planned, "sourcing"), sourcing_post(notice_period_weeks=""), **HTMX
    )
    assert "not entered yet" in response.text


def test_it_suggests_a_staffing_partner_with_its_reasons(client, planned, manager):
    client.force_login(manager)
    data = sourcing_post(recruiter_has_ml_network="no")
    response = client.post(preview_url(planned, "sourcing"), data, **HTMX)
    assert 'id="finding-sourcingstaffing_partner"' in response.text
    assert "the recruiter has no existing network of ML engineers to call" in response.text
    assert "the role is senior, so most of the candidates are passive" in response.text
    assert 'href="/guide/#claim-T3"' in response.text


def test_it_warns_when_the_plan_is_to_post_and_wait(client, planned, manager):
    client.force_login(manager)
    response = client.post(
        preview_url(planned, "sourcing"), sourcing_post(outreach_share_pct="0"), **HTMX
    )
    assert 'id="finding-sourcingposting_only"' in response.text
    assert "Outreach 0%" in response.text and "Posting 100%" in response.text


def test_it_shows_a_recruiter_the_timeline_read_only(client, planned, recruiter):
    client.force_login(recruiter)
    page = client.get(step_url(planned, "sourcing")).text
    assert "only its hiring manager can change it" in page
    assert 'class="chart chart-timeline"' in page
    assert client.post(step_url(planned, "sourcing"), sourcing_post()).status_code == 403
