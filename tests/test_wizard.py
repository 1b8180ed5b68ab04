"""The wizard engine on the context step: full pages, htmx partials, saves, errors, staleness."""

import pytest
from django.urls import reverse

from hireplan.models import Engagement, Membership, Organization
from tests.conftest import HTMX, context_post, preview_url, step_url


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
