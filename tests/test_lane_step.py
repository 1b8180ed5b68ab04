"""The lane-and-scope step: page, partials, live advice, saves, errors, access, the week chart."""

from datetime import date
from itertools import pairwise

import pytest
from django.urls import reverse

from hireplan.engine.plan import Finding
from hireplan.models import Engagement
from hireplan.reference import load_reference
from lanes.advice import open_questions, provisional_findings, variants
from lanes.charts import BAR_MAX, week_chart
from lanes.forms import LaneForm, parse_tags
from tests.conftest import CONTEXT_ANSWERS, HTMX, step_url

LANE_ANSWERS = {
    "primary_lane": "production_ml",
    "lean_lane": "mlops_platform",
    "extra_lanes": [],
    "deliverable": "Retrain the ranking model on fresher features",
    "deliverable_kind": "ship_or_retrain_model",
    "reliability_bar": "sla",
    "sla_percent": 99.9,
    "stack_tags": ["PyTorch", "BigQuery"],
    "llm_work": "some",
}


def lane_post(**changes) -> dict:
    """The lane form as a browser would post it: ticked boxes plus the typed tools."""
    data = {
        "version": 1,
        "primary_lane": "production_ml",
        "lean_lane": "mlops_platform",
        "extra_lanes": [],
        "deliverable": "Retrain the ranking model on fresher features",
        "deliverable_kind": "ship_or_retrain_model",
        "reliability_bar": "sla",
        "sla_percent": "99.9",
        "stack_tags": ["PyTorch", "MLflow"],
        "stack_other": "BigQuery, Ray",
        "llm_work": "some",
    }
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items()}


def advice_url(engagement: Engagement) -> str:
    return reverse("lane_advice", args=[engagement.pk])


def choices_url(engagement: Engagement) -> str:
    return reverse("lane_choices", args=[engagement.pk])


@pytest.fixture
def saved_lane(engagement) -> Engagement:
    engagement.answers = {**engagement.answers, "lane": LANE_ANSWERS}
    engagement.saved_at_version = {**engagement.saved_at_version, "lane": 2}
    engagement.version = 2
    engagement.save()
    return engagement


# ----------------------------------------------------------------------------- the page


def test_it_renders_the_lane_step_as_a_full_page(client, engagement, manager):
    client.force_login(manager)
    response = client.get(step_url(engagement, "lane"))
    assert response.status_code == 200
    html = response.text
    assert "<html" in html
    assert html.count('name="primary_lane"') == 5
    # Radio cards: each radio sits inside its label and is described by the card's details.
    assert '<label class="lane-card-label" for="id_primary_lane_0">' in html
    assert 'aria-describedby="lane-production_ml-about"' in html
    assert "PyTorch, scikit-learn, XGBoost" in html
    assert 'href="/guide/#claim-L7"' in html  # the MLOps card's sources
    # The week chart sits with the production ML card, with its table alternative.
    assert '<svg class="week-chart"' in html
    assert 'href="/guide/#claim-L9"' in html
    assert "The week as a table" in html
    # LLM work starts from the context step's answer ("some").
    assert response.context["form"]["llm_work"].value() == "some"
    assert 'value="some" id="id_llm_work_1" required checked' in html
    assert "Choose a primary lane above" in html
    assert "{#" not in html and "{%" not in html  # no template comment or tag leaks out
    assert "HX-Request" in response["Vary"]


def test_it_renders_only_the_step_partial_for_htmx(client, engagement, manager):
    client.force_login(manager)
    response = client.get(step_url(engagement, "lane"), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.split("</title>", 1)[-1].lstrip().startswith('<section id="step"')
    assert 'hx-swap-oob="true"' in response.text


def test_it_points_the_live_panel_and_the_lane_cards_at_their_views(client, engagement, manager):
    client.force_login(manager)
    html = client.get(step_url(engagement, "lane")).text
    # The preview is triggered from a wrapper that the swap never replaces.
    assert f'<div class="live-wrap" hx-post="{advice_url(engagement)}"' in html
    assert f'hx-post="{choices_url(engagement)}"' in html


def test_it_shows_saved_answers_with_stack_tags_split(client, saved_lane, manager):
    client.force_login(manager)
    response = client.get(step_url(saved_lane, "lane"))
    form = response.context["form"]
    # PyTorch is on the production ML signal: a ticked box. BigQuery is not: typed text.
    assert form.initial["stack_tags"] == ["PyTorch"]
    assert form.initial["stack_other"] == "BigQuery"
    html = response.text
    assert 'value="PyTorch" id="id_stack_tags_0" checked' in html
    assert 'value="BigQuery"' in html
    assert 'value="99.9"' in html
    # The lean is grouped by adjacency to the saved primary lane.
    assert "Next to Production ML engineer" in html
    assert "Not next to it: picking one brings the do-it-all finding" not in html


def test_it_groups_the_lean_by_adjacency_to_the_primary(client, engagement, manager):
    client.force_login(manager)
    response = client.post(choices_url(engagement), lane_post(primary_lane="data_scientist"))
    groups = response.context["form"].lean_groups()
    assert [e["radio"].data["value"] for e in groups["adjacent"]] == ["production_ml"]
    assert [e["radio"].data["value"] for e in groups["other"]] == [
        "mlops_platform",
        "applied_llm",
        "research_dl",
    ]
    assert "Not next to it: picking one brings the do-it-all finding" in response.text


def test_it_notes_each_lanes_neighbours_before_a_primary_is_chosen(engagement):
    form = LaneForm(initial={"version": 1})
    groups = form.lean_groups()
    assert groups["primary"] is None
    notes = {e["radio"].data["value"]: e["note"] for e in groups["other"]}
    assert notes["data_scientist"] == "next to Production ML engineer"
    assert len(groups["other"]) == 5


# ----------------------------------------------------------------------------- live choices


def test_it_rerenders_the_lane_choices_for_a_new_primary(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(primary_lane="applied_llm", lean_lane="", stack_tags=["PyTorch"])
    response = client.post(choices_url(engagement), data, **HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<div id="lane-choices"')
    assert "Next to Applied AI / LLM engineer" in html
    # The stack suggestions follow the new primary, out of band, and keep the ticked tool.
    assert '<div id="stack-choices" class="stack-choices" hx-swap-oob="true">' in html
    assert 'value="OpenAI SDK"' in html
    assert 'value="PyTorch" id="id_stack_tags_9" checked' in html
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert "lane" not in engagement.answers


def test_it_flags_a_lean_that_now_repeats_the_primary(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(primary_lane="mlops_platform", lean_lane="mlops_platform")
    html = client.post(choices_url(engagement), data, **HTMX).text
    assert "The lean must be a different lane from the primary lane." in html
    assert "(the primary lane)" in html


# ----------------------------------------------------------------------------- live advice


def test_it_previews_advice_without_saving(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(lean_lane="", extra_lanes=["data_scientist", "research_dl"])
    response = client.post(advice_url(engagement), data, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert 'id="finding-lanedo_it_all"' in response.text
    assert 'href="/guide/#claim-L4"' in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert "lane" not in engagement.answers


def test_it_changes_the_advice_as_the_answers_change(client, engagement, manager):
    client.force_login(manager)
    good = client.post(advice_url(engagement), lane_post(), **HTMX).text
    assert 'id="finding-laneprimary_with_lean"' in good
    assert "finding-lanedo_it_all" not in good
    internal = lane_post(reliability_bar="internal", sla_percent="")
    html = client.post(advice_url(engagement), internal, **HTMX).text
    assert 'id="finding-laneinternal_reliability"' in html


def test_it_gives_lane_advice_before_the_scope_is_answered(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(
        extra_lanes=["data_scientist"],
        deliverable="",
        deliverable_kind="",
        reliability_bar="",
        sla_percent="",
    )
    html = client.post(advice_url(engagement), data, **HTMX).text
    assert 'id="finding-lanedo_it_all"' in html
    assert "3 questions still open" in html
    # A finding that depends on the open deliverable kind is not guessed at.
    assert "finding-lanedeliverable_mismatch" not in html


def test_it_asks_for_the_primary_lane_before_any_advice(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(primary_lane="", lean_lane="", deliverable="")
    html = client.post(advice_url(engagement), data, **HTMX).text
    assert "Choose the primary lane to start the advice." in html
    assert "finding-lane" not in html


def test_it_keeps_the_last_good_advice_when_the_lanes_contradict(client, saved_lane, manager):
    client.force_login(manager)
    data = lane_post(lean_lane="production_ml")
    html = client.post(advice_url(saved_lane), data, **HTMX).text
    assert "Some answers are missing or need fixing" in html
    assert 'id="finding-laneprimary_with_lean"' in html  # from the saved answers


# ----------------------------------------------------------------------------- saving


def test_it_saves_a_valid_post_and_redirects_to_compensation(client, engagement, manager):
    client.force_login(manager)
    response = client.post(step_url(engagement, "lane"), lane_post())
    assert response.status_code == 302
    assert response.url == step_url(engagement, "comp")
    engagement.refresh_from_db()
    lane = engagement.answers["lane"]
    assert lane["primary_lane"] == "production_ml"
    assert lane["lean_lane"] == "mlops_platform"
    assert lane["stack_tags"] == ["PyTorch", "MLflow", "BigQuery", "Ray"]
    assert lane["sla_percent"] == 99.9
    assert engagement.version == 2
    assert engagement.current_step == "comp"
    # Without JavaScript, coming back shows the advice for the saved answers.
    page = client.get(step_url(engagement, "lane")).text
    assert 'id="finding-laneprimary_with_lean"' in page


def test_it_saves_with_htmx_and_swaps_in_the_next_step(client, engagement, manager):
    client.force_login(manager)
    response = client.post(step_url(engagement, "lane"), lane_post(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(engagement, "comp")
    assert "Lane and scope saved" in response.text
    engagement.refresh_from_db()
    assert engagement.answers["lane"]["deliverable_kind"] == "ship_or_retrain_model"


def test_it_drops_a_leftover_sla_when_nobody_is_paged(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(reliability_bar="internal", sla_percent="abc")
    assert client.post(step_url(engagement, "lane"), data).status_code == 302
    engagement.refresh_from_db()
    assert engagement.answers["lane"]["sla_percent"] is None


def test_it_accepts_an_sla_typed_with_a_percent_sign(client, engagement, manager):
    client.force_login(manager)
    client.post(step_url(engagement, "lane"), lane_post(sla_percent="99.95 %"))
    engagement.refresh_from_db()
    assert engagement.answers["lane"]["sla_percent"] == 99.95


def test_it_saves_a_do_it_all_req_and_shows_the_blocker_on_reload(client, engagement, manager):
    client.force_login(manager)
    data = lane_post(lean_lane="data_scientist", extra_lanes=["applied_llm"])
    assert client.post(step_url(engagement, "lane"), data).status_code == 302
    page = client.get(step_url(engagement, "lane")).text
    assert 'id="finding-lanedo_it_all"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sla_percent": "150"}, "sla_percent", "An SLA is at least 90% and below 100%"),
        ({"sla_percent": "abc"}, "sla_percent", "Enter the SLA as a number, for example 99.9."),
        ({"sla_percent": ""}, "sla_percent", "Enter the SLA as a percentage, for example 99.9."),
        (
            {"lean_lane": "production_ml"},
            "lean_lane",
            "The lean must be a different lane from the primary lane.",
        ),
        ({"deliverable": ""}, "deliverable", "Say what the hire must deliver in the first six"),
        ({"deliverable": "ab"}, "deliverable", "Describe the deliverable in a few words"),
        ({"primary_lane": ""}, "primary_lane", "Choose the primary lane"),
        ({"primary_lane": "astrologer"}, "primary_lane", "Select a valid choice."),
        (
            {"lean_lane": "", "extra_lanes": ["production_ml"]},
            "extra_lanes",
            "Production ML engineer is already the primary lane or the lean.",
        ),
        ({"stack_other": "x" * 41}, "stack_other", "Keep each tool to 40 characters"),
        ({"stack_tags": ["Not a tool"]}, "stack_tags", "Select a valid choice."),
        (
            {"stack_other": ", ".join(f"tool {n}" for n in range(41))},
            "stack_other",
            "List at most 40 tools",
        ),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_it_rejects_bad_input_by_field_and_saves_nothing(
    client, engagement, manager, changes, field, message, htmx
):
    client.force_login(manager)
    response = client.post(
        step_url(engagement, "lane"), lane_post(**changes), **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert ("<html" in response.text) is not htmx
    assert "Nothing was saved." in response.text
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    # The message sits by its field, tied to it for screen readers.
    assert f'id="id_{field}_error"' in response.text
    assert f"id_{field}_error" in response.text.split(f'id="id_{field}_error"')[0]
    # What the user typed is kept.
    assert "Retrain the ranking model" in response.text or field == "deliverable"
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert "lane" not in engagement.answers


# ----------------------------------------------------------------------------- access


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
@pytest.mark.parametrize("url_name", ["lane_advice", "lane_choices"])
def test_it_hides_the_lane_urls_from_outsiders(client, engagement, request, who, url_name):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(url_name, args=[engagement.pk]), lane_post())
    assert response.status_code == 404
    engagement.refresh_from_db()
    assert engagement.version == 1


@pytest.mark.parametrize("url_name", ["lane_advice", "lane_choices"])
def test_it_sends_anonymous_visitors_to_login_from_the_lane_urls(client, engagement, url_name):
    response = client.post(reverse(url_name, args=[engagement.pk]), lane_post())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["lane_advice", "lane_choices"])
def test_it_only_accepts_posts_on_the_lane_urls(client, engagement, manager, url_name):
    client.force_login(manager)
    assert client.get(reverse(url_name, args=[engagement.pk])).status_code == 405


def test_it_lets_the_serving_recruiter_read_but_not_change_the_lane(client, saved_lane, recruiter):
    client.force_login(recruiter)
    page = client.get(step_url(saved_lane, "lane")).text
    assert "only its hiring manager can change it" in page
    radio = page.split('id="id_primary_lane_0"')[1].split(">")[0]
    assert "checked disabled" in radio
    assert reverse("lane_advice", args=[saved_lane.pk]) not in page
    response = client.post(step_url(saved_lane, "lane"), lane_post(primary_lane="research_dl"))
    assert response.status_code == 403
    saved_lane.refresh_from_db()
    assert saved_lane.answers["lane"]["primary_lane"] == "production_ml"


def test_it_keeps_a_locked_plans_lane_unchanged(client, saved_lane, manager):
    saved_lane.status = Engagement.Status.APPROVED
    saved_lane.save()
    client.force_login(manager)
    url = step_url(saved_lane, "lane")
    response = client.post(url, lane_post(primary_lane="research_dl", version=2), follow=True)
    assert "so its answers are locked" in response.text
    saved_lane.refresh_from_db()
    assert saved_lane.answers["lane"]["primary_lane"] == "production_ml"


# ----------------------------------------------------------------------------- pure parts


def test_it_draws_the_week_from_the_reference_data():
    chart = week_chart(load_reference().week)
    assert [bar.percent for bar in chart.bars] == [20, 20, 15, 15, 15, 10, 5]
    assert sum(bar.percent for bar in chart.bars) == 100
    assert chart.claims == ["L9"]
    assert chart.covered_labels == ["Model work"]
    assert (chart.covered_percent, chart.rest_percent) == (15, 85)
    # Bars scale to the widest share, and the covered slice stands out in the brand colour.
    widest = chart.bars[0]
    assert widest.width == BAR_MAX
    assert chart.bars[-1].width == BAR_MAX / 4
    covered = [bar for bar in chart.bars if bar.covered]
    assert [bar.id for bar in covered] == ["model_work"]
    assert covered[0].color == "#3b3fb6"
    assert {bar.color for bar in chart.bars if not bar.covered} == {"#a9b0c9"}
    # Rows do not overlap and everything fits inside the drawing.
    ys = [bar.y for bar in chart.bars]
    assert all(b - a >= 15 for a, b in pairwise(ys))
    assert max(bar.value_x for bar in chart.bars) + 40 <= chart.width
    assert chart.legend_y + 20 <= chart.height


def test_it_describes_the_week_in_words():
    chart = week_chart(load_reference().week)
    assert "Meetings: 10%" in chart.description
    assert "describe only model work, 15% of the week; the other 85%" in chart.description


def test_it_falls_back_to_the_full_label_for_an_unknown_share():
    week = load_reference().week
    share = week.shares[0].model_copy(update={"id": "new_share"})
    chart = week_chart(week.model_copy(update={"shares": [share, *week.shares[1:]]}))
    assert chart.bars[0].label == share.label


def test_it_renders_the_chart_as_plain_svg(client, engagement, manager):
    client.force_login(manager)
    html = client.get(step_url(engagement, "lane")).text
    svg = html.split('<svg class="week-chart"')[1].split("</svg>")[0]
    assert 'font-family="DejaVu Sans, sans-serif"' in svg
    assert "var(" not in svg and "class=" not in svg
    assert 'fill="#3b3fb6"' in svg
    assert '<desc id="week-svg-desc">' in svg


def test_it_parses_typed_tools():
    assert parse_tags(" Ray, BigQuery ,,\nSpark ") == ["Ray", "BigQuery", "Spark"]


def test_it_lists_the_open_questions():
    assert open_questions({"primary_lane": "production_ml", "reliability_bar": "sla"}) == [
        "deliverable",
        "deliverable_kind",
        "sla_percent",
    ]


def test_it_tries_every_value_an_open_answer_could_take():
    known = {"primary_lane": "production_ml", "lean_lane": None, "extra_lanes": []}
    tried = variants(known)
    assert len(tried) == 5 * 3 * 4  # deliverable kinds × reliability × LLM work
    assert {v["reliability_bar"] for v in tried} == {"sla", "internal"}
    known |= {"deliverable_kind": "llm_features", "reliability_bar": "internal", "llm_work": "core"}
    assert len(variants(known)) == 1


def test_it_keeps_only_findings_every_variant_agrees_on():
    saved = {"context": CONTEXT_ANSWERS}
    known = {"primary_lane": "mlops_platform", "lean_lane": None, "extra_lanes": []}
    findings = provisional_findings(saved, known, today=date(2026, 11, 1))
    ids = [finding.id for finding in findings]
    # A first ML hire into the platform lane: true whatever the scope turns out to be.
    assert ids == ["lane.platform_first_hire"]
    assert all(isinstance(finding, Finding) for finding in findings)


def test_it_gives_no_provisional_advice_without_usable_lanes():
    saved = {"context": CONTEXT_ANSWERS}
    assert provisional_findings(saved, {"lean_lane": None}, today=date(2026, 11, 1)) is None
    known = {"primary_lane": "production_ml", "extra_lanes": []}  # the lean was invalid
    assert provisional_findings(saved, known, today=date(2026, 11, 1)) is None
