"""The job-description step's views: page, live check, save, draft, skills, compare, restore,
export, and who may reach each of them."""

import pytest
from django.urls import reverse

from hireplan.models import Engagement
from jd.models import JDDraft
from tests.conftest import HTMX, step_url
from tests.test_jd_lint import SOUND, STRONG

FACTS = {name: SOUND["jd"][name] for name in (
    "model", "serves", "scale", "framework", "serving_stack", "retraining_cadence",
    "orchestrator", "feature_store", "on_call_rotation", "pager_frequency", "last_incident",
)}  # fmt: skip


@pytest.fixture
def planned(engagement) -> Engagement:
    """The fixture plan with its lane and compensation steps saved (remote nationwide: C5)."""
    engagement.answers = {**engagement.answers, "lane": SOUND["lane"], "comp": SOUND["comp"]}
    engagement.saved_at_version = {"context": 1, "lane": 1, "comp": 1}
    engagement.save()
    return engagement


def jd_post(**changes) -> dict:
    """The JD form as a browser posts it."""
    data = {
        **FACTS,
        "ranked_skills": ["S1", "S2", "S3", "S4", "S5", "S6"],
        "years_experience": "5",
        "degree": "none",
        "jd_markdown": STRONG,
        "version": "1",
        "new_skill": "",
        **changes,
    }
    if data.pop("phd_required", False):
        data["phd_required"] = "on"
    return data


def url(name: str, engagement: Engagement, *args) -> str:
    return reverse(name, args=[engagement.pk, *args])


def saved_jd(engagement: Engagement) -> dict | None:
    engagement.refresh_from_db()
    return engagement.answers.get("jd")


# ----------------------------------------------------------------------------- the page
def test_it_renders_the_step_before_anything_is_written(client, planned, manager):
    client.force_login(manager)
    response = client.get(step_url(planned, "jd"))
    assert response.status_code == 200
    html = response.text
    assert "<html" in html
    assert f'action="{step_url(planned, "jd")}"' in html
    assert 'name="jd_markdown"' in html
    # Skills start in the guide's order (J4), ready to move.
    assert html.index('value="S1"') < html.index('value="S6"')
    assert "Move Production debugging down" in html
    assert "Draft the JD" in html
    assert "the check runs here as you type" in html
    assert 'hx-post="' + url("step_preview", planned, "jd") + '"' in html


def test_it_renders_only_the_step_for_htmx(client, planned, manager):
    client.force_login(manager)
    response = client.get(step_url(planned, "jd"), **HTMX)
    assert response.text.split("</title>", 1)[-1].lstrip().startswith('<section id="step"')
    assert "<html" not in response.text
    assert "js/jd.js" in response.text


def test_it_shows_the_saved_text_checked_marked_and_previewed(client, planned, manager):
    text = STRONG.replace(
        "## What the work looks like", "We are passionate.\n\n## What the work looks like"
    )
    planned.answers = {**planned.answers, "jd": {**SOUND["jd"], "jd_markdown": text}}
    planned.save()
    client.force_login(manager)
    html = client.get(step_url(planned, "jd")).text
    assert '<span class="jd-score-number">90</span>' in html
    assert 'id="finding-jdlint_aspiration"' in html
    assert '<mark class="lint-mark" data-finding="jd.lint_aspiration"' in html
    assert "<h1>Senior ML Engineer, Fraud</h1>" in html  # the preview
    assert f'href="{url("jd_export", planned, "md")}"' in html


def test_it_shows_html_and_scripts_in_a_jd_as_text(client, planned, manager):
    text = STRONG + "\n<script>alert('jd')</script> [x](javascript:alert(1))\n"
    planned.answers = {**planned.answers, "jd": {**SOUND["jd"], "jd_markdown": text}}
    planned.save()
    client.force_login(manager)
    html = client.get(step_url(planned, "jd")).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;jd&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


# ----------------------------------------------------------------------------- live check
def test_it_checks_unsaved_text_live_without_saving(client, planned, manager):
    client.force_login(manager)
    data = jd_post(jd_markdown="We want a passionate rockstar to transform everything.")
    response = client.post(url("step_preview", planned, "jd"), data, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert 'id="finding-jdlint_aspiration"' in response.text
    assert 'id="finding-jdlint_opener"' in response.text
    assert "not saved yet" in response.text
    assert "HX-Request" in response["Vary"]
    assert saved_jd(planned) is None
    assert not JDDraft.objects.exists()


def test_it_updates_the_plans_advice_with_the_unsaved_answers(client, planned, manager):
    client.force_login(manager)
    data = jd_post(ranked_skills=["S6", "S1", "S2"])
    response = client.post(url("step_preview", planned, "jd"), data, **HTMX)
    assert 'id="finding-jdskills_order"' in response.text


def test_it_lints_a_10000_word_paste_without_saving_it(client, planned, manager):
    client.force_login(manager)
    pasted = STRONG + "\n\n" + " ".join(f"word{i % 97}" for i in range(10_000))
    response = client.post(url("step_preview", planned, "jd"), jd_post(jd_markdown=pasted), **HTMX)
    assert response.status_code == 200
    assert 'id="finding-jdlint_length"' in response.text
    assert "Some answers are missing or need fixing" in response.text  # too long to save as it is


def test_it_renders_the_live_partial_through_the_generic_preview_too(client, planned, manager):
    client.force_login(manager)
    response = client.post(url("step_preview", planned, "jd"), jd_post(), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="live"')
    assert '<span class="jd-score-number">100</span>' in response.text


# ----------------------------------------------------------------------------- save
def test_it_saves_the_step_and_keeps_the_text_in_the_history(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "jd"), jd_post())
    assert response.status_code == 302
    assert response.url == step_url(planned, "loop")
    saved = saved_jd(planned)
    assert saved["jd_markdown"] == STRONG.strip()
    assert saved["model"] == "fraud-scoring model"
    assert saved["ranked_skills"] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert planned.current_step == "loop"
    draft = JDDraft.objects.get()
    assert (draft.label, draft.created_by, draft.text) == ("Edited", manager, STRONG.strip())


def test_it_adds_a_history_row_only_when_the_text_changes(client, planned, manager):
    client.force_login(manager)
    client.post(step_url(planned, "jd"), jd_post())
    planned.refresh_from_db()
    client.post(
        step_url(planned, "jd"), jd_post(version=str(planned.version), years_experience="6")
    )
    assert JDDraft.objects.count() == 1
    planned.refresh_from_db()
    changed = STRONG.replace("nightly", "weekly")
    client.post(step_url(planned, "jd"), jd_post(version=str(planned.version), jd_markdown=changed))
    assert JDDraft.objects.count() == 2
    assert saved_jd(planned)["jd_markdown"] == changed.strip()


def test_it_saves_with_htmx_and_moves_on(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "jd"), jd_post(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(planned, "loop")
    assert "Job description saved" in response.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"years_experience": "99"}, "years_experience", "Years of experience run from 0 to 40."),
        ({"degree": "ms", "phd_required": True}, "phd_required", "A required PhD means"),
        ({"jd_markdown": "   "}, "jd_markdown", "The job description is empty."),
        ({"jd_markdown": "x " * 10_001}, "jd_markdown", "the limit is 20,000"),
        ({"model": "m" * 301}, "model", "Keep this to one short fact"),
        ({"ranked_skills": ["S1", "S9"]}, "ranked_skills", "Unknown skill id S9"),
        ({"new_skill": "production debugging"}, "new_skill", "is already in the list"),
    ],
)
def test_it_saves_nothing_and_shows_errors_by_field(
    client, planned, manager, changes, field, message
):
    client.force_login(manager)
    response = client.post(step_url(planned, "jd"), jd_post(**changes))
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    assert saved_jd(planned) is None
    assert planned.version == 1
    assert not JDDraft.objects.exists()


def test_it_adds_a_skill_typed_in_when_saving(client, planned, manager):
    client.force_login(manager)
    client.post(step_url(planned, "jd"), jd_post(new_skill="Owning the relevance metric"))
    assert saved_jd(planned)["ranked_skills"][-1] == "Owning the relevance metric"


def test_it_refuses_a_stale_save_and_keeps_the_input(client, planned, manager):
    client.force_login(manager)
    client.post(step_url(planned, "jd"), jd_post())
    response = client.post(step_url(planned, "jd"), jd_post(jd_markdown=STRONG + "\nMine."))
    assert "saved this step while you were editing" in response.text
    assert "Mine." in response.text
    assert "Mine." not in saved_jd(planned)["jd_markdown"]


# ----------------------------------------------------------------------------- draft
def test_it_drafts_the_jd_from_the_answers_and_stays_on_the_step(client, planned, manager):
    client.force_login(manager)
    response = client.post(url("jd_draft", planned), jd_post(jd_markdown=""))
    assert response.status_code == 302
    assert response.url == step_url(planned, "jd")
    saved = saved_jd(planned)
    assert saved["jd_markdown"].startswith("# Senior ML Engineer, Search\n\nYou will own the fraud")
    assert planned.current_step == "lane"  # drafting does not move the plan on
    assert list(JDDraft.objects.values_list("label", flat=True)) == ["Drafted"]
    page = client.get(step_url(planned, "jd")).text
    assert "Drafted the JD from your answers." in page
    assert '<span class="jd-score-number">100</span>' in page


def test_it_keeps_unsaved_edits_before_drafting_again(client, planned, manager):
    client.force_login(manager)
    client.post(url("jd_draft", planned), jd_post(jd_markdown=""))
    planned.refresh_from_db()
    edited = saved_jd(planned)["jd_markdown"] + "\nMy own closing line."
    client.post(url("jd_draft", planned), jd_post(jd_markdown=edited, version=str(planned.version)))
    labels = list(JDDraft.objects.order_by("pk").values_list("label", flat=True))
    assert labels == ["Drafted", "Edited", "Drafted"]
    assert JDDraft.objects.get(label="Edited").text.endswith("My own closing line.")
    assert "My own closing line." not in saved_jd(planned)["jd_markdown"]


def test_it_drafts_with_htmx_into_the_editor(client, planned, manager):
    client.force_login(manager)
    response = client.post(url("jd_draft", planned), jd_post(jd_markdown=""), **HTMX)
    assert response.status_code == 200
    assert response.text.split("</title>", 1)[-1].lstrip().startswith('<section id="step"')
    assert 'data-focus-after="id_jd_markdown"' in response.text
    assert "You will own the fraud-scoring model" in response.text
    assert "Draft the JD again" in response.text


def test_it_drafts_nothing_from_answers_with_errors(client, planned, manager):
    client.force_login(manager)
    response = client.post(url("jd_draft", planned), jd_post(years_experience="-1"))
    assert "Years of experience run from 0 to 40." in response.text
    assert saved_jd(planned) is None
    assert not JDDraft.objects.exists()


# ----------------------------------------------------------------------------- skills
def test_it_points_every_skill_button_at_the_skills_editor(client, planned, manager):
    client.force_login(manager)
    html = client.get(url("step", planned, "jd")).text
    skills = url("jd_skills", planned)
    # Up, down and remove for each of the six skills, and Add: all post to the editor.
    assert html.count(f'formaction="{skills}" hx-post="{skills}"') == 6 * 3 + 1


def test_it_moves_a_skill_without_saving(client, planned, manager):
    client.force_login(manager)
    data = jd_post(skill_action="down:0")
    response = client.post(url("jd_skills", planned), data, **HTMX)
    assert response.text.lstrip().startswith('<fieldset id="jd-skills"')
    html = response.text
    assert html.index('value="S2"') < html.index('value="S1"')
    # Focus stays with the moved skill's button.
    assert 'value="down:1" formaction' in html
    assert html.split('value="down:1"')[1].split(">")[0].endswith("data-jd-focus")
    assert saved_jd(planned) is None


@pytest.mark.parametrize(
    ("action", "new_skill", "expected"),
    [
        ("up:5", "", ["S1", "S2", "S3", "S4", "S6", "S5"]),
        ("remove:0", "", ["S2", "S3", "S4", "S5", "S6"]),
        ("add", "Owning the metric", ["S1", "S2", "S3", "S4", "S5", "S6", "Owning the metric"]),
        ("up:0", "", ["S1", "S2", "S3", "S4", "S5", "S6"]),
        ("down:99", "", ["S1", "S2", "S3", "S4", "S5", "S6"]),
        ("sideways:1", "", ["S1", "S2", "S3", "S4", "S5", "S6"]),
    ],
)
def test_it_edits_the_skill_list(client, planned, manager, action, new_skill, expected):
    from jd.forms import apply_skill_action

    assert apply_skill_action(["S1", "S2", "S3", "S4", "S5", "S6"], action, new_skill).skills == (
        expected
    )
    client.force_login(manager)
    data = jd_post(skill_action=action, new_skill=new_skill)
    html = client.post(url("jd_skills", planned), data, **HTMX).text
    shown = [part.split('"')[0] for part in html.split('name="ranked_skills" value="')[1:]]
    assert shown == expected


def test_it_refuses_a_skill_already_listed(client, planned, manager):
    client.force_login(manager)
    data = jd_post(skill_action="add", new_skill="Feature pipeline reasoning")
    html = client.post(url("jd_skills", planned), data, **HTMX).text
    assert "“Feature pipeline reasoning” is already in the list." in html


def test_it_moves_skills_without_javascript_on_a_full_page(client, planned, manager):
    client.force_login(manager)
    response = client.post(url("jd_skills", planned), jd_post(skill_action="remove:5"))
    assert "<html" in response.text
    assert 'value="S6"' not in response.text.split('id="jd-skills"')[1].split("</fieldset>")[0]
    # The other answers on the form survive the round trip.
    assert "fraud-scoring model</textarea>" in response.text  # a fact's box is a textarea
    assert client.get(url("jd_skills", planned)).url == step_url(planned, "jd")


# ----------------------------------------------------------------------------- versions
def drafts_for(engagement: Engagement, manager, *texts: str) -> list[JDDraft]:
    rows = [
        JDDraft.objects.create(engagement=engagement, text=text, label="Edited", created_by=manager)
        for text in texts
    ]
    engagement.answers = {**engagement.answers, "jd": {**SOUND["jd"], "jd_markdown": texts[-1]}}
    engagement.save()
    return rows


def test_it_lists_the_twenty_latest_versions_and_counts_the_rest(client, planned, manager):
    client.force_login(manager)
    drafts_for(planned, manager, *[f"Text number {n}" for n in range(20)])
    page = client.get(step_url(planned, "jd")).text
    assert page.count("Compare with the current text") == 19  # the current one has no link
    assert "not listed" not in page
    drafts_for(planned, manager, *[f"Later text {n}" for n in range(3)])
    page = client.get(step_url(planned, "jd")).text
    assert page.count("Compare with the current text") == 19
    assert "3 older versions not listed." in page


def test_it_compares_an_earlier_version_with_the_current_text(client, planned, manager):
    old, _ = drafts_for(
        planned, manager, "# Role\n\nRetrains nightly.", "# Role\n\nRetrains weekly."
    )
    client.force_login(manager)
    page = client.get(step_url(planned, "jd")).text
    assert url("jd_compare", planned, old.pk) in page
    response = client.get(url("jd_compare", planned, old.pk))
    assert response.status_code == 200
    assert "1 line changed" in response.text
    assert '<del><span class="visually-hidden">removed: </span>nightly</del>' in response.text
    assert "Restore this version" in response.text


def test_it_says_when_the_version_is_the_current_one(client, planned, manager):
    (current,) = drafts_for(planned, manager, "# Role\n\nText.")
    client.force_login(manager)
    response = client.get(url("jd_compare", planned, current.pk))
    assert "This version is the current text" in response.text
    assert "Restore this version" not in response.text


def test_it_restores_an_earlier_version_as_a_new_one(client, planned, manager):
    old, _ = drafts_for(planned, manager, "# Role\n\nOld text.", "# Role\n\nNew text.")
    client.force_login(manager)
    response = client.post(url("jd_restore", planned, old.pk), follow=True)
    assert response.redirect_chain[-1][0] == step_url(planned, "jd")
    assert "Restored the version from" in response.text
    assert saved_jd(planned)["jd_markdown"] == "# Role\n\nOld text."
    newest = JDDraft.objects.first()
    assert newest.label.startswith("Restored from ")
    assert newest.text == "# Role\n\nOld text."
    assert JDDraft.objects.count() == 3


def test_it_restores_nothing_when_the_version_is_current(client, planned, manager):
    (current,) = drafts_for(planned, manager, "# Role\n\nText.")
    client.force_login(manager)
    response = client.post(url("jd_restore", planned, current.pk), follow=True)
    assert "already the current text" in response.text
    assert JDDraft.objects.count() == 1


# ----------------------------------------------------------------------------- export
def test_it_downloads_the_saved_jd_as_markdown_and_plain_text(client, planned, manager):
    drafts_for(planned, manager, "# Senior ML\n\nYou will own **the** [model](https://x.test).\n")
    client.force_login(manager)
    md = client.get(url("jd_export", planned, "md"))
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert md["Content-Disposition"] == 'attachment; filename="senior-ml-engineer-search.md"'
    assert md.content.decode() == "# Senior ML\n\nYou will own **the** [model](https://x.test).\n"
    txt = client.get(url("jd_export", planned, "txt"))
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert txt["Content-Disposition"] == 'attachment; filename="senior-ml-engineer-search.txt"'
    assert txt.content.decode() == "Senior ML\n\nYou will own the model (https://x.test).\n"


def test_it_has_nothing_to_download_before_a_jd_is_saved(client, planned, manager):
    client.force_login(manager)
    assert client.get(url("jd_export", planned, "md")).status_code == 404
    drafts_for(planned, manager, "# Role")
    assert client.get(url("jd_export", planned, "pdf")).status_code == 404


# ----------------------------------------------------------------------------- access
def jd_urls(engagement: Engagement, draft: JDDraft) -> list[tuple[str, str]]:
    return [
        ("get", step_url(engagement, "jd")),
        ("post", step_url(engagement, "jd")),
        ("post", url("jd_draft", engagement)),
        ("post", url("step_preview", engagement, "jd")),
        ("post", url("jd_skills", engagement)),
        ("get", url("jd_skills", engagement)),
        ("get", url("jd_compare", engagement, draft.pk)),
        ("post", url("jd_restore", engagement, draft.pk)),
        ("get", url("jd_export", engagement, "md")),
        ("get", url("jd_export", engagement, "txt")),
    ]


@pytest.fixture
def everyone(manager, other_manager, recruiter, other_recruiter):
    return {
        "manager": manager,
        "other_manager": other_manager,
        "recruiter": recruiter,
        "other_recruiter": other_recruiter,
    }


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
def test_it_hides_every_jd_url_from_outsiders(client, planned, everyone, who):
    old, _ = drafts_for(planned, everyone["manager"], "# Old", "# New")
    client.force_login(everyone[who])
    for method, address in jd_urls(planned, old):
        response = getattr(client, method)(address, jd_post(skill_action="down:0"))
        assert response.status_code == 404, (who, method, address)
    planned.refresh_from_db()
    assert planned.answers["jd"]["jd_markdown"] == "# New"
    assert JDDraft.objects.count() == 2


def test_it_hides_a_version_of_another_plan(client, planned, manager, other_manager, globex):
    other = Engagement.objects.create(organization=globex, owner=other_manager, title="Theirs")
    (theirs,) = drafts_for(other, other_manager, "# Theirs")
    client.force_login(manager)
    assert client.get(url("jd_compare", planned, theirs.pk)).status_code == 404
    assert client.post(url("jd_restore", planned, theirs.pk)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, planned, manager):
    old, _ = drafts_for(planned, manager, "# Old", "# New")
    for method, address in jd_urls(planned, old):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("login")), address


def test_it_lets_the_recruiter_read_but_not_change_the_jd(client, planned, manager, recruiter):
    old, _ = drafts_for(planned, manager, "# Old", "# New")
    client.force_login(recruiter)
    page = client.get(step_url(planned, "jd")).text
    assert "only its hiring manager can change it" in page
    assert 'name="jd_action"' not in page
    assert client.get(url("jd_compare", planned, old.pk)).status_code == 200
    assert client.get(url("jd_export", planned, "md")).status_code == 200
    assert client.post(url("step_preview", planned, "jd"), jd_post()).status_code == 200
    assert client.post(step_url(planned, "jd"), jd_post()).status_code == 403
    for name, args in [
        ("jd_draft", ()),
        ("jd_skills", ()),
        ("jd_restore", (old.pk,)),
    ]:
        assert client.post(url(name, planned, *args), jd_post()).status_code == 403, name
    assert saved_jd(planned)["jd_markdown"] == "# New"


def test_it_keeps_a_locked_plans_jd_unchanged(client, planned, manager):
    old, _ = drafts_for(planned, manager, "# Old", "# New")
    planned.status = Engagement.Status.APPROVED
    planned.save()
    client.force_login(manager)
    response = client.post(url("jd_draft", planned), jd_post(), follow=True)
    assert "approved, so its answers are locked" in response.text
    client.post(url("jd_restore", planned, old.pk))
    client.post(step_url(planned, "jd"), jd_post())
    assert saved_jd(planned)["jd_markdown"] == "# New"
    assert JDDraft.objects.count() == 2
