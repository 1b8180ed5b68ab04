"""Drafts: what a hiring manager typed on a step and has not saved, kept on the server
(hireplan/drafts.py). The browser side (sent while typing, on leaving, the prompt) is in
tests/browser/test_drafts.py."""

import json

import pytest
from django.urls import reverse

from hireplan.models import Engagement, Membership, StepDraft
from hireplan.workflow import Action, change_status
from tests.conftest import HTMX, context_post, make_user, step_url


def draft_url(engagement: Engagement, slug: str, suffix: str = "") -> str:
    return reverse("step_draft" + suffix, args=[engagement.pk, slug])


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_it_keeps_what_was_typed_and_restores_it_with_a_notice(signed_in, engagement, manager):
    response = signed_in.post(
        draft_url(engagement, "context"), context_post(industry="Drafted industry", version=1)
    )
    assert response.status_code == 200
    assert "Draft kept at" in response.text
    draft = StepDraft.objects.get(engagement=engagement, user=manager, step="context")
    assert draft.data["industry"] == ["Drafted industry"]
    assert "csrfmiddlewaretoken" not in draft.data

    page = signed_in.get(step_url(engagement, "context")).text
    assert 'value="Drafted industry"' in page
    assert "Unsaved changes from" in page and "restored" in page
    assert "Discard them" in page
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Fintech"  # a draft is not a save
    assert engagement.version == 1


def test_it_shows_no_notice_without_a_draft(signed_in, engagement):
    page = signed_in.get(step_url(engagement, "context")).text
    assert "Unsaved changes from" not in page
    assert 'value="Fintech"' in page


def test_it_keeps_drafts_per_user(client, engagement, acme, manager):
    colleague = make_user("colleague@acme.test")
    Membership.objects.create(user=colleague, organization=acme, role="hiring_manager")
    client.force_login(manager)
    client.post(draft_url(engagement, "context"), context_post(industry="Mine", version=1))
    client.force_login(colleague)
    page = client.get(step_url(engagement, "context")).text
    assert 'value="Mine"' not in page and "Unsaved changes from" not in page


def test_it_keeps_drafts_per_step(signed_in, engagement):
    signed_in.post(draft_url(engagement, "context"), context_post(industry="Drafted", version=1))
    page = signed_in.get(step_url(engagement, "lane")).text
    assert "Unsaved changes from" not in page


def test_it_hides_a_restored_drafts_errors_until_the_save(signed_in, engagement):
    # Half a form: the questions not reached yet are not mistakes.
    signed_in.post(draft_url(engagement, "context"), {"industry": "Half typed", "version": "1"})
    page = signed_in.get(step_url(engagement, "context")).text
    assert 'value="Half typed"' in page
    assert "Nothing was saved" not in page
    assert 'aria-invalid="true"' not in page
    assert "field-errors" not in page


def test_it_deletes_the_draft_when_the_step_is_saved(signed_in, engagement, manager):
    signed_in.post(draft_url(engagement, "context"), context_post(industry="Drafted", version=1))
    response = signed_in.post(
        step_url(engagement, "context"), context_post(industry="Saved", version=1)
    )
    assert response.status_code == 302
    assert not StepDraft.objects.filter(user=manager).exists()
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Saved"
    assert "Unsaved changes from" not in signed_in.get(step_url(engagement, "context")).text


def test_it_keeps_a_failed_save_as_the_draft(signed_in, engagement, manager):
    response = signed_in.post(
        step_url(engagement, "context"), context_post(role_title="", version=1)
    )
    assert response.status_code == 200 and "Nothing was saved" in response.text
    draft = StepDraft.objects.get(engagement=engagement, user=manager, step="context")
    assert draft.data["role_title"] == [""]
    engagement.refresh_from_db()
    assert engagement.version == 1


def test_it_does_not_bring_back_a_draft_the_users_own_save_overtook(signed_in, engagement, manager):
    signed_in.post(step_url(engagement, "context"), context_post(industry="Saved", version=1))
    # A draft request sent just before that save, arriving after it.
    response = signed_in.post(
        draft_url(engagement, "context"), context_post(industry="Late", version=1)
    )
    assert response.status_code == 204
    assert not StepDraft.objects.filter(user=manager).exists()


def test_a_restored_draft_still_meets_the_version_check(client, engagement, acme, manager):
    colleague = make_user("colleague@acme.test")
    Membership.objects.create(user=colleague, organization=acme, role="hiring_manager")
    client.force_login(manager)
    client.post(draft_url(engagement, "context"), context_post(industry="Mine", version=1))
    client.force_login(colleague)
    client.post(step_url(engagement, "context"), context_post(industry="Theirs", version=1))
    client.force_login(manager)
    page = client.get(step_url(engagement, "context")).text
    assert 'value="Mine"' in page and 'name="version" value="1"' in page
    response = client.post(
        step_url(engagement, "context"), context_post(industry="Mine", version=1)
    )
    assert "saved this step while you were editing" in response.text
    assert "Industry: now “Theirs”" in response.text
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Theirs"


def test_it_discards_a_draft(signed_in, engagement, manager):
    signed_in.post(draft_url(engagement, "context"), context_post(industry="Drafted", version=1))
    response = signed_in.post(draft_url(engagement, "context", "_discard"), follow=True)
    assert "Unsaved changes discarded" in response.text
    assert 'value="Fintech"' in response.text and 'value="Drafted"' not in response.text
    assert not StepDraft.objects.filter(user=manager).exists()


def test_it_discards_a_draft_for_htmx_in_place(signed_in, engagement, manager):
    signed_in.post(draft_url(engagement, "context"), context_post(industry="Drafted", version=1))
    response = signed_in.post(draft_url(engagement, "context", "_discard"), **HTMX)
    assert response.status_code == 200
    assert 'id="step"' in response.text and "<html" not in response.text
    assert "Unsaved changes discarded" in response.text
    assert 'value="Fintech"' in response.text
    assert not StepDraft.objects.exists()


def test_it_names_the_fields_still_in_error(signed_in, engagement):
    response = signed_in.post(
        draft_url(engagement, "context"), context_post(role_title="", industry="", version=1)
    )
    invalid = json.loads(response["HX-Trigger"])["hireplan:draft-kept"]["invalid"]
    assert set(invalid) == {"role_title", "industry"}
    response = signed_in.post(
        draft_url(engagement, "context"), context_post(industry="", version=1)
    )
    invalid = json.loads(response["HX-Trigger"])["hireplan:draft-kept"]["invalid"]
    assert invalid == ["industry"]  # the title is fixed: the page clears its mark


def test_it_keeps_no_draft_for_a_recruiter(client, engagement, recruiter):
    client.force_login(recruiter)
    response = client.post(draft_url(engagement, "context"), context_post(version=1))
    assert response.status_code == 403
    assert not StepDraft.objects.exists()
    assert "data-draft-url" not in client.get(step_url(engagement, "context")).text


def test_it_does_not_restore_a_draft_on_a_locked_plan(signed_in, complete, manager):
    signed_in.post(draft_url(complete, "context"), context_post(industry="Drafted", version=1))
    change_status(complete, Action.SUBMIT, manager, role="hiring_manager")
    page = signed_in.get(step_url(complete, "context")).text
    assert 'value="Drafted"' not in page and "Unsaved changes from" not in page
    assert "data-draft-url" not in page


def test_it_restores_a_draft_of_repeating_rows(signed_in, complete, manager):
    from tests.engine.support import SOUND

    rounds = SOUND["loop"]["rounds"]
    data = {
        "version": "1",
        "spread": SOUND["loop"]["spread"],
        "rounds-TOTAL_FORMS": str(len(rounds)),
        "rounds-INITIAL_FORMS": str(len(rounds)),
    }
    for index, row in enumerate(rounds):
        for key, value in row.items():
            if isinstance(value, list):
                continue
            data[f"rounds-{index}-{key}"] = "" if value is None else str(value)
    data["rounds-0-title"] = "A drafted round title"
    signed_in.post(draft_url(complete, "loop"), data)
    page = signed_in.get(step_url(complete, "loop")).text
    assert 'value="A drafted round title"' in page
    assert "Unsaved changes from" in page


def test_the_new_plan_page_keeps_its_draft_until_the_plan_exists(client, manager):
    client.force_login(manager)
    client.post(reverse("new_plan_draft"), {"role_title": "Staff ML Engineer, Ads"})
    page = client.get(reverse("engagement_new")).text
    assert 'value="Staff ML Engineer, Ads"' in page and "Unsaved changes from" in page
    assert "Nothing was saved" not in page

    response = client.post(reverse("engagement_new"), context_post(role_title="Staff ML Engineer"))
    assert response.status_code == 302
    assert not StepDraft.objects.exists()
    assert "Unsaved changes from" not in client.get(reverse("engagement_new")).text


def test_the_new_plan_draft_can_be_discarded(client, manager):
    client.force_login(manager)
    client.post(reverse("new_plan_draft"), {"role_title": "Staff ML Engineer, Ads"})
    response = client.post(reverse("new_plan_draft_discard"), follow=True)
    assert "Unsaved changes discarded" in response.text
    assert not StepDraft.objects.exists()


def test_only_a_hiring_manager_keeps_a_new_plan_draft(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("new_plan_draft"), {"role_title": "x"}).status_code == 403
    assert not StepDraft.objects.exists()


def test_a_plain_form_offers_the_draft_only_to_someone_who_may_edit(signed_in, engagement):
    page = signed_in.get(step_url(engagement, "context")).text
    assert f'data-draft-url="{draft_url(engagement, "context")}"' in page
    assert 'id="draft-status"' in page


def test_a_failed_save_with_a_nul_keeps_the_rest_of_the_draft(signed_in, engagement, manager):
    """PostgreSQL's JSON cannot store NUL: the draft drops it, the save refuses it as ever."""
    response = signed_in.post(
        step_url(engagement, "context"), context_post(industry="Fin\x00tech", version=1)
    )
    assert response.status_code == 200 and "Nothing was saved" in response.text
    draft = StepDraft.objects.get(engagement=engagement, user=manager, step="context")
    assert draft.data["industry"] == ["Fintech"]
    response = signed_in.post(draft_url(engagement, "context"), {"industry\x00": "x\x00"})
    assert response.status_code == 200
    assert StepDraft.objects.get().data == {"industry": ["x"]}
