"""The quick plan (issue 22): a complete plan from the questions that decide it, every other
answer suggested and marked until a person saves its step."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hireplan.brief import render_html
from hireplan.models import Activity, Engagement
from hireplan.quick import FOLLOW_UPS, QUESTIONS
from hireplan.steps import answer_steps
from tests.conftest import HTMX, step_url

QUICK = {
    "role_title": "Senior ML Engineer, Search",
    "company_stage": "series_b",
    "industry": "Fintech",
    "ml_in_seat": "none",
    "first_ml_hire": "yes",
    "llm_work": "none",
    "primary_lane": "production_ml",
    "deliverable": "Retrain the search ranking model on fresher features",
    "reliability_bar": "internal",
    "level": "senior",
    "metro": "national",
    "arrangement": "remote",
    "target_start_date": (timezone.localdate() + timedelta(days=180)).isoformat(),
    "model": "the search ranking model",
    "serves": "every shopper's search",
}


def quick_post(client, **changes):
    data = {key: value for key, value in {**QUICK, **changes}.items() if value is not None}
    return client.post(reverse("quick_plan"), data)


@pytest.fixture
def quick(client, manager) -> Engagement:
    client.force_login(manager)
    response = quick_post(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Engagement.objects.get()


def test_it_asks_at_most_fifteen_questions_beside_the_follow_ups():
    assert len(QUESTIONS) - len(FOLLOW_UPS) <= 15
    assert len(QUICK) <= 15


def test_it_makes_a_complete_plan_from_the_quick_answers(client, quick):
    assert quick.title == QUICK["role_title"]
    assert set(quick.answers) == {step.slug for step in answer_steps()}
    assert quick.status == Engagement.Status.DRAFT
    # Every step saved through the wizard: versions and history.
    assert set(quick.saved_at_version) == set(quick.answers)
    saved = Activity.objects.filter(engagement=quick, kind=Activity.Kind.STEP_SAVED)
    assert saved.count() == len(answer_steps())
    assert quick.answers["jd"]["jd_markdown"].startswith("# Senior ML Engineer")
    assert quick.answers["offer"]["offer_hours_after_final_round"] == 48  # O2
    review = client.get(step_url(quick, "review"))
    assert review.status_code == 200
    page = review.content.decode()
    assert "not answered yet" not in page
    assert "Submit for review" in page and 'disabled aria-describedby="submit-why"' not in page


def test_it_lands_on_the_review_step_with_a_message(client, manager):
    client.force_login(manager)
    response = quick_post(client)
    engagement = Engagement.objects.get()
    assert response.url == step_url(engagement, "review")
    page = client.get(response.url).content.decode()
    assert "Your plan is ready" in page


def test_the_brief_downloads(client, quick):
    response = client.get(reverse("brief_pdf", args=[quick.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


def test_it_records_every_suggested_answer(quick):
    suggested = quick.suggested
    assert suggested["lane"] == ["deliverable_kind"]
    assert "recruiter_has_ml_network" in suggested["sourcing"]
    assert {"rounds", "spread"} <= set(suggested["loop"])
    assert "jd_markdown" in suggested["jd"]
    for slug, names in suggested.items():
        asked = {name for step, name in QUESTIONS if step == slug}
        assert not asked & set(names), slug


def test_it_lists_every_suggested_answer_on_the_review_step(client, quick):
    page = client.get(step_url(quick, "review")).content.decode()
    section = page.split('id="suggested-heading"')[1].split("</section>")[0]
    for step in answer_steps():
        names = set(quick.suggested.get(step.slug, ()))
        for entry in step.summary.answers:
            data = quick.answers[step.slug]
            applies = entry.when is None or entry.when(data)
            if names & set(entry.names) and applies and entry.read(data):
                assert f"<dt>{escape(entry.label)}</dt>" in section, (step.slug, entry.label)
                assert step.url(quick) in section
    assert "Kind of result" in section and "Rounds" in section


def test_it_says_where_each_steps_suggestions_come_from(client, quick):
    page = client.get(step_url(quick, "review")).content.decode()
    section = page.split('id="suggested-heading"')[1].split("</section>")[0]
    sourcing = section.split(escape("Sourcing and timeline"))[1]
    # The recruiter's network is Hireplan's own assumption, and says so, with T3 beside it.
    assert escape("Hireplan's rule") in sourcing.split("</p>")[0]
    assert ">T3<" in sourcing.split("</p>")[0]
    assert ">O2<" in section and ">LP1<" in section


def test_it_marks_suggested_answers_with_a_badge_on_their_step(client, quick):
    page = client.get(step_url(quick, "lane")).content.decode()
    kind = page.split("What kind of work is that?")[1].split("</legend>")[0]
    assert "Suggested" in kind
    assert "marked “Suggested”" in page
    # An answer the manager gave carries no badge.
    deliverable = page.split('for="id_deliverable"')[1].split("</label>")[0]
    assert "Suggested" not in deliverable


def test_saving_a_step_confirms_its_suggestions(client, quick):
    page = client.get(step_url(quick, "sourcing")).content.decode()
    assert page.count('class="suggested-badge"') >= 2
    response = client.post(
        step_url(quick, "sourcing"),
        {
            "version": quick.version,
            "recruiter_has_ml_network": "yes",
            "outreach_share_pct": "70",
            "target_start_date": QUICK["target_start_date"],
        },
    )
    assert response.status_code == 302
    quick.refresh_from_db()
    assert "sourcing" not in quick.suggested and "lane" in quick.suggested
    review = client.get(step_url(quick, "review")).content.decode()
    section = review.split('id="suggested-heading"')[1].split("</section>")[0]
    assert "Recruiter knows ML engineers" not in section
    page = client.get(step_url(quick, "sourcing")).content.decode()
    assert 'class="suggested-badge"' not in page


def test_the_recruiter_sees_the_unconfirmed_suggestions(client, quick, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[quick.pk])).content.decode()
    assert "Suggested answers to confirm" in page and "Kind of result" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role_title": None}, "role_title", "Give the role a title."),
        ({"role_title": "x" * 121}, "role_title", "at most 120 characters"),
        ({"primary_lane": "wizard"}, "primary_lane", "Select a valid choice"),
        ({"deliverable": "y" * 501}, "deliverable", "under 500 characters"),
        ({"model": "z" * 301}, "model", "under 300 characters"),
        ({"arrangement": "hybrid"}, "office_days", "how many days a week"),
        ({"reliability_bar": "sla"}, "sla_percent", "SLA"),
        ({"metro": "other"}, "other_metro_name", "Name the metro."),
        ({"target_start_date": "2001-01-01"}, "target_start_date", "past"),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_creates_nothing(
    client, manager, changes, field, message
):
    client.force_login(manager)
    response = quick_post(client, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.search(rf'<ul class="field-errors" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors is not None, page[:3000]
    assert message.lower() in errors.group(1).lower()
    assert "Nothing was saved." in page
    assert Engagement.objects.count() == 0 and Activity.objects.count() == 0


def test_a_follow_up_answer_makes_a_plan(client, manager):
    client.force_login(manager)
    response = quick_post(client, arrangement="hybrid", office_days="3")
    assert response.status_code == 302
    assert Engagement.objects.get().answers["comp"]["office_days"] == 3


def test_the_preview_gives_live_advice_and_saves_nothing(client, manager):
    client.force_login(manager)
    partial = {k: v for k, v in QUICK.items() if k in ("level", "metro", "arrangement")}
    response = client.post(reverse("quick_plan_preview"), partial, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="quick-advice"' in page and "<html" not in page
    assert "Recommended band" in page and "$" in page
    response = client.post(reverse("quick_plan_preview"), QUICK, **HTMX)
    page = response.content.decode()
    assert "Production ML engineer" in page and "Make the plan" in page
    assert Engagement.objects.count() == 0


def test_the_pages_offer_the_quick_plan(client, manager):
    client.force_login(manager)
    quick_url = reverse("quick_plan")
    assert quick_url in client.get(reverse("home")).content.decode()
    assert quick_url in client.get(reverse("engagement_new")).content.decode()
    assert client.get(quick_url).status_code == 200


def test_only_a_hiring_manager_may_make_one(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("quick_plan")).status_code == 403
    assert quick_post(client).status_code == 403
    assert client.post(reverse("quick_plan_preview"), QUICK).status_code == 403
    assert Engagement.objects.count() == 0


def test_it_is_behind_login(client, db):
    for name in ("quick_plan", "quick_plan_preview"):
        response = client.post(reverse(name), QUICK)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_plan_belongs_to_the_managers_company(client, quick, other_manager, acme):
    assert quick.organization == acme
    client.force_login(other_manager)
    assert client.get(step_url(quick, "review")).status_code == 404


def test_a_copy_keeps_the_suggestions_nobody_confirmed(client, quick):
    response = client.post(reverse("copy_plan", args=[quick.pk]))
    assert response.status_code == 302
    copy = Engagement.objects.exclude(pk=quick.pk).get()
    assert copy.suggested == quick.suggested and copy.suggested
    review = client.get(step_url(copy, "review")).content.decode()
    assert "Suggested answers to confirm" in review


def test_the_brief_says_which_steps_hold_unconfirmed_suggestions(quick):
    html = render_html(quick)
    assert "not yet confirmed by the hiring manager" in html
    assert "Production ML engineer, on the national band." in html  # not "in No single metro"
    assert "sourcing and timeline" in html.split("not yet confirmed by the hiring manager")[1]
    quick.suggested = {}
    assert "not yet confirmed by the hiring manager" not in render_html(quick)


def test_a_one_letter_title_is_refused_in_words_beside_it_with_the_rest(client, manager):
    client.force_login(manager)
    response = quick_post(client, role_title="X", industry="")
    assert Engagement.objects.count() == 0
    page = response.content.decode()
    title_errors = page.split('id="id_role_title_error"')[1].split("</ul>")[0]
    assert "at least 2 characters, as it would be posted" in title_errors
    assert "String should" not in page  # the schema's own wording never reaches the page
    assert "Name the industry" in page.split('id="id_industry_error"')[1].split("</ul>")[0]
