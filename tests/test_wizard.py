"""The wizard engine on the context step: full pages, htmx partials, saves, errors, staleness."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from hireplan.context_step import CHOICES, MAX_VARIANTS, provisional_findings, variants
from hireplan.models import Activity, Engagement, Membership, Organization
from hireplan.plans import plan_for
from hireplan.steps import all_steps
from tests.conftest import (
    CONTEXT_ANSWERS,
    HTMX,
    context_post,
    preview_url,
    step_url,
    with_steps,
)


def test_it_renders_a_step_as_a_full_page(client, engagement, manager):
    client.force_login(manager)
    response = client.get(step_url(engagement, "context"))
    assert response.status_code == 200
    assert "<html" in response.text
    assert 'id="progress"' in response.text
    assert 'value="Senior ML Engineer, Search"' in response.text
    assert "HX-Request" in response["Vary"]


def test_it_renders_only_the_partial_for_htmx(client, engagement, manager):
    client.force_login(manager)
    response = client.get(step_url(engagement, "context"), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.split("</title>", 1)[-1].lstrip().startswith('<section id="step"')
    assert 'hx-swap-oob="true"' in response.text
    assert "<title>Context · Senior ML Engineer, Search · Hireplan</title>" in response.text


def test_it_renders_an_htmx_step_with_one_context(client, engagement, manager):
    """Title, step and sidebar share one context, so context processors run once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(step_url(engagement, "lane"), **HTMX)
    assert response.status_code == 200
    navigation = [q for q in captured if '"hireplan_membership"."role" = ' in q["sql"]]
    assert len(navigation) == 1, [q["sql"] for q in captured]


def test_it_renders_the_full_page_for_an_htmx_history_restore(client, engagement, manager):
    client.force_login(manager)
    response = client.get(
        step_url(engagement, "context"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert "<html" in response.text


def test_it_goes_to_the_current_step(client, engagement, manager):
    client.force_login(manager)
    response = client.get(reverse("engagement", args=[engagement.pk]))
    assert response.status_code == 302
    assert response.url == step_url(engagement, "lane")


def test_it_saves_a_valid_post_and_redirects_to_the_next_step(client, engagement, manager):
    client.force_login(manager)
    data = context_post(role_title="Staff ML Engineer", version=engagement.version)
    response = client.post(step_url(engagement, "context"), data)
    assert response.status_code == 302
    assert response.url == step_url(engagement, "lane")
    engagement.refresh_from_db()
    assert engagement.title == "Staff ML Engineer"
    assert engagement.answers["context"]["role_title"] == "Staff ML Engineer"
    assert engagement.version == 2
    assert engagement.current_step == "lane"
    assert "Context saved." in client.get(response.url).text


def test_it_swaps_in_the_next_step_for_htmx_and_pushes_its_url(client, engagement, manager):
    client.force_login(manager)
    data = context_post(industry="Logistics", version=engagement.version)
    response = client.post(step_url(engagement, "context"), data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(engagement, "lane")
    assert 'id="step-heading" tabindex="-1">Lane and scope' in response.text
    assert "Context saved" in response.text
    # The sidebar, swapped out of band, now shows the context step as done.
    assert 'class="progress-item is-done"' in response.text
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Logistics"


@pytest.mark.parametrize("htmx", [False, True])
def test_it_rejects_bad_input_by_field_and_saves_nothing(client, engagement, manager, htmx):
    client.force_login(manager)
    data = context_post(
        role_title="", company_stage="series_z", search_open_since="2999-01-01", version=1
    )
    response = client.post(step_url(engagement, "context"), data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert ("<html" in response.text) is not htmx
    assert "Nothing was saved." in response.text
    assert "Give the role a title." in response.text
    assert "Select a valid choice." in response.text
    assert "The search cannot have opened in the future." in response.text
    # What the user typed is kept.
    assert 'value="Fintech"' in response.text
    assert 'aria-invalid="true"' in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert engagement.answers["context"]["role_title"] == "Senior ML Engineer, Search"


def test_it_refuses_a_stale_overwrite_and_keeps_what_was_typed(client, engagement, manager):
    client.force_login(manager)
    url = step_url(engagement, "context")
    client.post(url, context_post(industry="Saved first", version=1))
    stale = client.post(url, context_post(industry="Typed in an old tab", version=1))
    assert stale.status_code == 200
    assert "manager@acme.test saved this step while you were editing" in stale.text
    assert "Industry: now “Saved first”" in stale.text
    assert 'value="Typed in an old tab"' in stale.text
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Saved first"
    # Saving again from the refreshed form wins, on purpose.
    again = client.post(url, context_post(industry="Typed in an old tab", version=2))
    assert again.status_code == 302
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Typed in an old tab"


def test_it_lets_an_old_tab_save_a_step_nobody_else_changed(client, engagement, manager):
    client.force_login(manager)
    engagement.version = 5  # other steps were saved since the tab was opened
    engagement.save()
    response = client.post(step_url(engagement, "context"), context_post(version=1))
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.version == 6


def test_it_keeps_a_locked_plan_unchanged(client, engagement, manager):
    engagement.status = Engagement.Status.APPROVED
    engagement.save()
    client.force_login(manager)
    url = step_url(engagement, "context")
    response = client.post(url, context_post(industry="Changed", version=1), follow=True)
    assert "approved, so its answers are locked" in response.text
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Fintech"
    assert "disabled" in client.get(url).text


def test_it_saves_nothing_posted_to_a_step_without_answers(client, engagement, manager):
    client.force_login(manager)
    response = client.post(step_url(engagement, "review"), {"role_title": "Changed"})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert "review" not in engagement.answers


def test_it_starts_a_plan_from_the_context_step(client, manager, acme):
    client.force_login(manager)
    page = client.get(reverse("engagement_new"))
    assert page.status_code == 200
    assert "Start a hiring plan" in page.text
    response = client.post(reverse("engagement_new"), context_post(role_title="ML Engineer"))
    engagement = Engagement.objects.get(title="ML Engineer")
    assert response.status_code == 302
    assert response.url == step_url(engagement, "lane")
    assert engagement.organization == acme
    assert engagement.owner == manager
    assert engagement.status == Engagement.Status.DRAFT
    assert engagement.current_step == "lane"
    assert engagement.answers["context"]["first_ml_hire"] is True


def test_it_starts_a_plan_with_htmx(client, manager):
    client.force_login(manager)
    response = client.post(reverse("engagement_new"), context_post(), **HTMX)
    engagement = Engagement.objects.get()
    assert response["HX-Push-Url"] == step_url(engagement, "lane")
    assert "Lane and scope" in response.text


def test_it_creates_nothing_from_a_bad_new_plan(client, manager):
    client.force_login(manager)
    response = client.post(reverse("engagement_new"), context_post(ml_in_seat=""))
    assert response.status_code == 200
    assert "Choose how much production ML is in place today." in response.text
    assert not Engagement.objects.exists()


def test_it_asks_which_company_when_the_manager_has_two(client, manager, globex):
    Membership.objects.create(user=manager, organization=globex, role="hiring_manager")
    client.force_login(manager)
    assert 'name="organization"' in client.get(reverse("engagement_new")).text
    missing = client.post(reverse("engagement_new"), context_post())
    assert missing.status_code == 200
    assert not Engagement.objects.exists()
    client.post(reverse("engagement_new"), context_post(organization=globex.pk))
    assert Engagement.objects.get().organization == globex


def test_it_cannot_start_a_plan_for_a_company_the_manager_is_not_in(client, manager, globex):
    other = Organization.objects.create(name="Initech", slug="initech")
    Membership.objects.create(user=manager, organization=globex, role="hiring_manager")
    client.force_login(manager)
    response = client.post(reverse("engagement_new"), context_post(organization=other.pk))
    assert response.status_code == 200
    assert not Engagement.objects.exists()


def test_it_walks_the_whole_wizard_without_javascript(client, manager):
    """No htmx headers at all: every step is reachable by links and plain posts."""
    client.force_login(manager)
    response = client.post(reverse("engagement_new"), context_post(), follow=True)
    engagement = Engagement.objects.get()
    assert response.redirect_chain[-1][0] == step_url(engagement, "lane")
    for slug in ["comp", "jd", "loop", "sourcing", "offer", "review"]:
        page = client.get(response.redirect_chain[-1][0])
        assert step_url(engagement, slug) in page.text
        response = client.get(step_url(engagement, slug))
        response.redirect_chain = [(step_url(engagement, slug), 200)]
        assert response.status_code == 200
    home = client.get("/")
    assert engagement.title in home.text
    # Coming back later lands on the step where the manager left off.
    assert client.get(reverse("engagement", args=[engagement.pk])).url == step_url(
        engagement, "lane"
    )


def test_it_previews_advice_for_unsaved_answers_without_saving(client, engagement, manager):
    client.force_login(manager)
    url = preview_url(engagement, "context")
    data = context_post(first_ml_hire="yes", hire_type="contract_to_hire", version=1)
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert 'id="finding-fitdirect_first_hire"' in response.text
    assert 'href="/guide/#claim-F2"' in response.text
    engagement.refresh_from_db()
    assert engagement.version == 1
    assert engagement.answers["context"]["hire_type"] == "direct"
    # The saved answers (direct hire) show no such finding on the page itself.
    page = client.get(step_url(engagement, "context")).text
    assert "finding-fitdirect_first_hire" not in page


def test_it_keeps_the_last_good_advice_while_answers_are_invalid(client, engagement, manager):
    client.force_login(manager)
    url = preview_url(engagement, "context")
    response = client.post(url, context_post(role_title="", version=1), **HTMX)
    assert response.status_code == 200
    assert "Some answers are missing or need fixing" in response.text


def test_it_shows_saved_advice_after_a_save_without_javascript(client, engagement, manager):
    client.force_login(manager)
    data = context_post(first_ml_hire="yes", hire_type="contract_to_hire", version=1)
    client.post(step_url(engagement, "context"), data)
    page = client.get(step_url(engagement, "context")).text
    assert 'id="finding-fitdirect_first_hire"' in page


# ------------------------------------------------------------------------------ new-plan advice
NEW_PREVIEW = reverse("engagement_new_preview")
# What a browser posts before the text boxes are filled: the radios that start checked, and the
# two answers that make the first ML hire a contract-to-hire.
FIRST_HIRE_AS_CONTRACTOR = {
    "regulated_setting": "none",
    "hire_type": "contract_to_hire",
    "llm_work": "none",
    "first_ml_hire": "yes",
}
F2 = 'id="finding-fitdirect_first_hire"'


def nothing_created() -> bool:
    return not Engagement.objects.exists() and not Activity.objects.exists()


def test_it_sends_a_logged_out_new_plan_preview_to_log_in(client, db):
    response = client.post(NEW_PREVIEW, context_post(), **HTMX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert nothing_created()


def test_it_refuses_a_get_of_the_new_plan_preview(client, manager):
    client.force_login(manager)
    assert client.get(NEW_PREVIEW).status_code == 405


def test_it_previews_only_for_someone_who_can_start_a_plan(client, recruiter):
    client.force_login(recruiter)
    assert client.post(NEW_PREVIEW, context_post(), **HTMX).status_code == 403
    assert nothing_created()


def test_it_previews_a_valid_new_plan_without_creating_it(client, manager):
    client.force_login(manager)
    response = client.post(NEW_PREVIEW, context_post(hire_type="contract_to_hire"), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert F2 in response.text
    assert 'href="/guide/#claim-F2"' in response.text
    # The findings line at the top of the form follows, out of band.
    assert 'id="advice-summary" class="advice-summary" hx-swap-oob="true"' in response.text
    assert "1 finding</span>: 1 risk" in response.text
    assert nothing_created()


def test_it_says_a_valid_direct_hire_has_nothing_to_flag(client, manager):
    client.force_login(manager)
    response = client.post(NEW_PREVIEW, context_post(), **HTMX)
    assert F2 not in response.text
    assert "Nothing to flag here" in response.text
    assert "Answer the questions" not in response.text
    assert '<p id="advice-summary" class="advice-summary" hx-swap-oob="true" hidden>' in (
        response.text
    )
    assert nothing_created()


def test_it_marks_invalid_new_plan_answers_by_field_and_creates_nothing(client, manager):
    """Without JavaScript, "Check the advice" posts the form here: the whole page comes back,
    the answers kept and each problem on its field; the contract-to-hire warning shows."""
    client.force_login(manager)
    data = context_post(industry="", role_title="", hire_type="contract_to_hire")
    response = client.post(NEW_PREVIEW, data)
    assert response.status_code == 200
    assert "Start a hiring plan" in response.text  # the whole page
    assert "Name the industry, for example fintech." in response.text
    assert "Give the role a title." in response.text
    assert 'value="series_b" selected' in response.text
    assert F2 in response.text
    assert "So far: 2 questions still open" in response.text
    assert nothing_created()


def test_it_previews_the_contract_to_hire_warning_before_the_rest_is_answered(client, manager):
    client.force_login(manager)
    response = client.post(NEW_PREVIEW, FIRST_HIRE_AS_CONTRACTOR, **HTMX)
    assert F2 in response.text
    # Title, stage, industry and the ML in seat are still open; the warning holds whatever
    # they turn out to be.
    assert "So far: 4 questions still open" in response.text
    assert "Some answers are missing" not in response.text
    assert nothing_created()


def test_it_gives_no_advice_that_an_open_answer_could_undo(client, manager):
    client.force_login(manager)
    data = {**FIRST_HIRE_AS_CONTRACTOR, "first_ml_hire": ""}  # not the first hire, maybe
    response = client.post(NEW_PREVIEW, data, **HTMX)
    assert F2 not in response.text
    assert "Answer the questions and advice from the guide appears here" in response.text
    assert "Nothing to flag" not in response.text
    assert '<p id="advice-summary" class="advice-summary" hx-swap-oob="true" hidden>' in (
        response.text
    )


def test_it_bounds_the_work_of_a_new_plan_preview(client, manager):
    today = date(2026, 6, 1)
    posted = {"regulated_setting": "none", "hire_type": "direct", "llm_work": "none"}
    # The usual worst case: the stage, the ML in seat and the first-hire question all open.
    usual = {**posted, "search_open_since": None}
    assert len(variants(usual, today=today)) == 6 * 3 * 2 <= MAX_VARIANTS
    # Every choice made: only a mistyped search date is left to try (not started, long open).
    assert len(variants({k: CONTEXT_ANSWERS[k] for k in CHOICES}, today=today)) == 2
    # A post with nearly everything missing is not worth trying every combination.
    assert variants(posted, today=today) is None
    assert provisional_findings({}, today=today) is None
    client.force_login(manager)
    response = client.post(NEW_PREVIEW, {}, **HTMX)
    assert response.status_code == 200
    assert "Answer the questions" in response.text


def test_it_shows_the_warning_on_a_new_plan_that_failed_to_save(client, manager):
    """Without JavaScript, a submit with an answer missing comes back with the advice."""
    client.force_login(manager)
    data = context_post(industry="", hire_type="contract_to_hire")
    response = client.post(reverse("engagement_new"), data)
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert F2 in response.text
    assert "1 finding</span>: 1 risk" in response.text
    assert nothing_created()
    # The same answers completed still create the plan, warning or not.
    response = client.post(reverse("engagement_new"), {**data, "industry": "Fintech"})
    engagement = Engagement.objects.get()
    assert response.url == step_url(engagement, "lane")
    assert engagement.answers["context"]["hire_type"] == "contract_to_hire"


def test_it_wires_the_new_plan_page_to_its_preview(client, manager):
    client.force_login(manager)
    page = client.get(reverse("engagement_new")).text
    live = page[page.index('class="live-wrap"') :]
    assert f'hx-post="{NEW_PREVIEW}"' in live[: live.index(">")]
    # Without JavaScript a second button checks the advice without saving.
    assert f'<noscript><button class="btn btn-ghost" type="submit" formaction="{NEW_PREVIEW}">' in (
        page
    )
    assert "Answer the questions and advice from the guide appears here" in page
    assert "Nothing to flag" not in page


# ------------------------------------------------------------------------------ findings summary
FORM_STEPS = [step.slug for step in all_steps() if step.form_class is not None]


def test_it_sums_up_the_findings_above_the_save_button_on_every_step(client, db):
    """Each demo plan, each step with a form: one line at the top of the form, before its
    buttons, counting the step's findings and linking to the panel (hidden with none)."""
    call_command("load_demo", verbosity=0)
    seen = set()
    for engagement in Engagement.objects.all():
        client.force_login(engagement.owner)
        for slug in FORM_STEPS:
            page = client.get(step_url(engagement, slug)).text
            summary = page.index('<p id="advice-summary"')
            assert page.index('<form id="step-form"') < summary < page.index("step-actions")
            assert page.count('id="advice-summary"') == 1
            line = page[summary : page.index("</p>", summary)]
            findings = [f for f in plan_for(engagement).findings if f.step == slug]
            if not findings:
                assert line.endswith(" hidden>"), (engagement, slug)
                continue
            seen.add(slug)
            count = len(findings)
            assert f">{count} finding{'s' if count > 1 else ''}</span>: " in line, (
                engagement,
                slug,
            )
            for severity in {f.severity for f in findings}:
                n = sum(f.severity == severity for f in findings)
                assert f"{n} {severity.label.lower()}" in line, (engagement, slug, severity)
            assert 'href="#advice-heading"' in line
            assert 'id="advice-heading"' in page
    assert len(seen) >= 3, seen


def test_it_counts_each_kind_of_finding_in_the_summary(client, engagement, manager):
    client.force_login(manager)
    with_steps(engagement, context={**CONTEXT_ANSWERS, "hire_type": "contract_to_hire"})
    page = client.get(step_url(engagement, "context")).text
    assert "1 finding</span>: 1 risk — <span" in page
    # A preview of other answers brings the summary up to date with the panel.
    response = client.post(preview_url(engagement, "context"), context_post(version=1), **HTMX)
    assert F2 not in response.text
    assert '<p id="advice-summary" class="advice-summary" hx-swap-oob="true" hidden>' in (
        response.text
    )
