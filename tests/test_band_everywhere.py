"""A band is always a range: every level × place × arrangement × LLM setting × lane.

The engine is walked over every combination; the pages that show the band (the compensation
step, the review step, the recruiter's page and the brief) are rendered for every combination
too, and none may print a one-figure "range" such as "$190,000–$190,000".
"""

import itertools
import re

import pytest
from django.urls import reverse

from hireplan import brief
from hireplan.engine.answers import Lane, Level, LLMWork, Metro
from hireplan.engine.comp import top_quartile_floor
from hireplan.engine.text import usd_span
from hireplan.models import Engagement
from tests.conftest import step_url, with_steps
from tests.engine.support import answers, plan

# (arrangement, office days): hybrid in the Bay Area's uplift band, and five days (in-office).
ARRANGEMENTS = [("remote", None), ("hybrid", 2), ("hybrid", 5), ("in_office", None)]
LLM_SETTINGS = [(work.value, None) for work in LLMWork] + [("some", 25_000)]
PLACES = [metro.value for metro in Metro] + ["other-with-local-figure"]

# "$190,000–$190,000", "$190,000 – $190,000", "$190K–$190K": one figure twice, as a range.
ONE_FIGURE_RANGE = re.compile(r"\$(\d[\d,.]*[KM]?)\s*(?:–|-|to)\s*\$\1(?![\d,.KM])")


def comp_answers(level: str, place: str, arrangement: str, office_days: int | None, uplift):
    comp = {
        "level": level,
        "metro": place,
        "arrangement": arrangement,
        "office_days": office_days,
        "remote_nationwide": False,
        "llm_uplift_usd": uplift,
        "band_low_usd": None,
        "band_high_usd": None,
        "posting_low_usd": None,
        "posting_high_usd": None,
        "other_metro_name": "",
        "local_base_usd": None,
    }
    if place.startswith("other"):
        comp.update(metro="other", other_metro_name="Austin")
    if place == "other-with-local-figure":
        comp["local_base_usd"] = 175_000
    return comp


def lane_answers(lane: str, llm_work: str) -> dict:
    return {"primary_lane": lane, "lean_lane": None, "extra_lanes": [], "llm_work": llm_work}


LEVELS = [level.value for level in Level]
LANES = [lane.value for lane in Lane]
COMBINATIONS = list(itertools.product(LEVELS, PLACES, ARRANGEMENTS, LLM_SETTINGS, LANES))


def test_it_walks_every_combination() -> None:
    assert len(COMBINATIONS) == 2 * 9 * 4 * 5 * 5


@pytest.mark.parametrize("level", LEVELS)
def test_it_recommends_a_real_range_for_every_combination(level) -> None:
    for _, place, (arrangement, days), (work, uplift), lane in (
        combo for combo in COMBINATIONS if combo[0] == level
    ):
        data = answers(
            comp=comp_answers(level, place, arrangement, days, uplift),
            lane=lane_answers(lane, work),
        )
        comp = plan(data).compensation
        where = (level, place, arrangement, days, work, uplift, lane)
        assert comp.band.high > comp.band.low, where
        assert comp.posting.range.high > comp.posting.range.low, where
        # The top quarter (C7) is a range as well, not its top figure alone.
        assert top_quartile_floor(comp.band.low, comp.band.high) < comp.band.high, where
        assert not ONE_FIGURE_RANGE.search(usd_span(comp.band.low, comp.band.high)), where


def test_it_labels_an_unpriced_place_and_needs_no_local_figure() -> None:
    comp = plan(answers(comp=comp_answers("senior", "other", "remote", None, None))).compensation
    labels = [line.label for line in comp.lines]
    assert "The guide does not price Austin: the national band stands" in labels
    assert (comp.band.low, comp.band.high) == (210_000, 320_000)  # classical: −$20K (L10)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("place", PLACES)
def test_it_never_prints_a_one_figure_range(client, engagement, manager, recruiter, level, place):
    """Every arrangement × LLM setting for this level and place, rendered on the four pages.

    The lane does not move the band (the engine walk above covers every lane); here the lanes
    take turns, so each lane is rendered with every arrangement, and rendering stays quick.
    """
    client.force_login(manager)
    recruiter_client = type(client)()
    recruiter_client.force_login(recruiter)
    base = answers(offer=None)  # the offer step does not move the band
    checked = 0
    lanes = itertools.cycle(LANES)
    for (arrangement, days), (work, uplift) in itertools.product(ARRANGEMENTS, LLM_SETTINGS):
        lane = next(lanes)
        comp = comp_answers(level, place, arrangement, days, uplift)
        with_steps(
            engagement,
            **{
                **base,
                "comp": {**base["comp"], **comp},
                "lane": {**base["lane"], **lane_answers(lane, work)},
            },
        )
        Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.IN_REVIEW)
        engagement.refresh_from_db()
        pages = {
            "comp step": client.get(step_url(engagement, "comp")).text,
            "review step": client.get(step_url(engagement, "review")).text,
            "recruiter page": recruiter_client.get(
                reverse("review_detail", args=[engagement.pk])
            ).text,
            "brief": brief.render_html(engagement),
        }
        for name, html in pages.items():
            text = visible_text(html)
            assert "Recommended" in text or name == "recruiter page", name
            found = ONE_FIGURE_RANGE.search(text)
            assert found is None, (name, found and found.group(0), arrangement, work, lane)
        checked += 1
    assert checked == len(ARRANGEMENTS) * len(LLM_SETTINGS)
