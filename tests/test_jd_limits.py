"""Every stored JD text keeps to its 20,000-character limit: a draft's posted text (kept as a
version) as much as a saved one, and an over-long version kept before the limit held is not
restored (issue 18)."""

from django.urls import reverse

from hireplan.models import Activity
from jd.forms import TEXT_MAX_CHARS
from jd.models import JDDraft
from tests.conftest import HTMX, step_url
from tests.test_jd_views import jd_post, saved_jd
from tests.test_jd_views import planned as planned  # the fixture

ONE_MB = "word " * 200_000  # 1,000,000 characters


def draft_url(engagement) -> str:
    return reverse("jd_draft", args=[engagement.pk])


def test_a_1_mb_draft_post_stores_nothing_and_says_why_by_the_field(client, planned, manager):
    client.force_login(manager)
    response = client.post(draft_url(planned), jd_post(jd_markdown=ONE_MB))
    assert response.status_code == 200
    html = response.text
    assert "The job description is 999,999 characters (200,000 words); the limit is 20,000." in (
        html
    )
    # By the field: its own error list, which the textarea names in aria-describedby.
    assert 'aria-describedby="id_jd_markdown_helptext id_jd_markdown_error"' in html
    assert (
        '<ul class="field-errors" id="id_jd_markdown_error"><li>The job description is 999,999'
    ) in html
    assert not JDDraft.objects.exists()
    assert saved_jd(planned) is None
    assert planned.version == 1
    assert not planned.activities.filter(kind=Activity.Kind.STEP_SAVED).exists()


def test_a_1_mb_draft_post_with_htmx_stores_nothing_either(client, planned, manager):
    client.force_login(manager)
    response = client.post(draft_url(planned), jd_post(jd_markdown=ONE_MB), **HTMX)
    assert "the limit is 20,000" in response.text
    assert not JDDraft.objects.exists()
    assert saved_jd(planned) is None


def test_a_draft_keeps_a_text_at_the_limit(client, planned, manager):
    client.force_login(manager)
    text = "x" * TEXT_MAX_CHARS
    client.post(draft_url(planned), jd_post(jd_markdown=text))
    assert [draft.label for draft in JDDraft.objects.order_by("pk")] == ["Edited", "Drafted"]
    assert JDDraft.objects.get(label="Edited").text == text
    assert saved_jd(planned)["jd_markdown"] != text  # the draft replaced it


def test_an_over_long_version_kept_earlier_is_not_restored(client, planned, manager):
    client.force_login(manager)
    client.post(step_url(planned, "jd"), jd_post())
    planned.refresh_from_db()
    version = planned.version
    old = JDDraft.objects.create(engagement=planned, text=ONE_MB, label="Edited")
    response = client.post(reverse("jd_restore", args=[planned.pk, old.pk]), follow=True)
    assert "That version is 1,000,000 characters; the limit is 20,000" in response.text
    assert "Nothing was changed." in response.text
    planned.refresh_from_db()
    assert planned.version == version
    assert len(planned.answers["jd"]["jd_markdown"]) <= TEXT_MAX_CHARS
    assert JDDraft.objects.filter(engagement=planned).count() == 2  # no "Restored from" row
