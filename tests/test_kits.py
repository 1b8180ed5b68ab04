"""Interview kits (issue 21): every round's kit as a page, read-only for the recruiter and with
the hiring manager's own prompts; a printable PDF per round and for the whole loop, each round
with its scorecard, stored per version like the brief."""

import copy
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hireplan.engine.answers import LoopAnswers
from hireplan.engine.kits import KIT_PROMPT_MAX, build_kit
from hireplan.models import Activity, Brief, Engagement
from loops import kits
from tests.conftest import with_steps
from tests.engine.support import SOUND

TEAM_SKILL = "Streaming feature pipelines"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def loop_answers() -> dict:
    loop = copy.deepcopy(SOUND["loop"])
    loop["rounds"][-1]["skills_tested"] = ["S5", TEAM_SKILL]
    return loop


@pytest.fixture
def looped(engagement) -> Engagement:
    return with_steps(engagement, loop=loop_answers())


def the_kit(engagement: Engagement):
    engagement.refresh_from_db()
    return build_kit(LoopAnswers.model_validate(engagement.answers["loop"]))


def kit_url(engagement: Engagement, number: int | None = None) -> str:
    if number is None:
        return reverse("loop_kit", args=[engagement.pk])
    return reverse("round_kit", args=[engagement.pk, number])


def pdf_url(engagement: Engagement, number: int | None = None) -> str:
    if number is None:
        return reverse("loop_kit_pdf", args=[engagement.pk])
    return reverse("round_kit_pdf", args=[engagement.pk, number])


def prompts_url(engagement: Engagement) -> str:
    return reverse("kit_prompts", args=[engagement.pk])


def download(client, url: str, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_it_shows_every_rounds_kit_with_its_sources(client, looped, manager):
    client.force_login(manager)
    page = client.get(kit_url(looped)).text
    kit = the_kit(looped)
    assert len(kit.rounds) == 5
    for round_ in kit.rounds:
        assert round_.title in page
        assert reverse("round_kit_pdf", args=[looped.pk, round_.number]) in page
        for skill in round_.skills:
            assert skill.name in page
    assert TEAM_SKILL in page and "Your team's skill" in page
    assert "Not evidence" in page and "A strong answer" in page and "A weak answer" in page
    # Each block ends with its sources: every claim a line rests on is linked.
    for claim in kit.claims:
        assert f"#claim-{claim}" in page, claim
    assert reverse("loop_kit_pdf", args=[looped.pk]) in page
    for point in kit.scale:
        assert point.label in page


def test_it_lists_what_is_not_evidence_in_full_once_and_folds_the_repeats(client, looped, manager):
    client.force_login(manager)
    page = client.get(kit_url(looped)).text
    assert page.count("<h4>Not evidence</h4>") == 1
    assert page.count('<details class="more" id="kit-not-evidence-') == 4  # rounds 2 to 5
    one = client.get(kit_url(looped, 3)).text  # a round alone shows its list in full
    assert "<h4>Not evidence</h4>" in one and "kit-not-evidence-" not in one


def test_it_links_the_kits_from_the_loop_step(client, looped, manager):
    client.force_login(manager)
    page = client.get(reverse("step", args=[looped.pk, "loop"])).text
    assert kit_url(looped) in page and pdf_url(looped) in page


def test_it_shows_one_round_alone(client, looped, recruiter):
    client.force_login(recruiter)
    page = client.get(kit_url(looped, 3)).text
    assert "Interview kit: round 3, Technical depth" in page
    assert "Recruiter screen</h3>" not in page
    assert pdf_url(looped, 3) in page


def test_it_shows_the_recruiter_the_kits_without_a_form(client, looped, recruiter):
    client.force_login(recruiter)
    page = client.get(kit_url(looped)).text
    assert "Technical depth" in page
    assert "<textarea" not in page and prompts_url(looped) not in page
    version = looped.version
    response = client.post(prompts_url(looped), {"version": version, "prompt_0": "Mine"})
    assert response.status_code == 403
    looped.refresh_from_db()
    assert looped.version == version and "kit_prompts" not in looped.answers["loop"]


def test_it_saves_the_managers_prompt_and_shows_it(client, looped, manager):
    client.force_login(manager)
    page = client.get(kit_url(looped)).text
    assert f'maxlength="{KIT_PROMPT_MAX}"' in page
    assert 'name="prompt_0"' in page
    version = looped.version
    prompt = "Walk me through the last model you took from notebook to production."
    response = client.post(prompts_url(looped), {"version": version, "prompt_0": prompt})
    assert response.status_code == 302
    assert response.url == kit_url(looped) + "#prompts"
    looped.refresh_from_db()
    assert looped.answers["loop"]["kit_prompts"] == {"s1": prompt}
    assert looped.version == version + 1
    assert looped.saved_at_version["loop"] == looped.version
    saved = Activity.objects.get(kind=Activity.Kind.STEP_SAVED, step="loop")
    assert saved.actor == manager and saved.changes[0]["label"] == "Interview-kit prompts"
    page = client.get(kit_url(looped)).text
    assert "Your prompts are saved" in page
    assert "Your prompt</span>" in page and prompt in page
    # Emptying the box removes the prompt again.
    client.post(prompts_url(looped), {"version": looped.version, "prompt_0": "  "})
    looped.refresh_from_db()
    assert looped.answers["loop"]["kit_prompts"] == {}


def test_it_refuses_a_prompt_that_is_too_long_and_keeps_it(client, looped, manager):
    client.force_login(manager)
    version = looped.version
    long = "Why " + "x" * KIT_PROMPT_MAX
    response = client.post(
        prompts_url(looped), {"version": version, "prompt_0": long, "prompt_1": "Fine one"}
    )
    assert response.status_code == 200
    page = response.text
    assert f"Keep your prompt to {KIT_PROMPT_MAX} characters or fewer" in page
    assert long in page and "Fine one" in page  # what was typed stays in the boxes
    looped.refresh_from_db()
    assert looped.version == version and "kit_prompts" not in looped.answers["loop"]
    assert not Activity.objects.filter(kind=Activity.Kind.STEP_SAVED).exists()


def test_it_counts_a_line_break_as_the_browser_does(client, looped, manager):
    client.force_login(manager)
    prompt = "a" * (KIT_PROMPT_MAX - 1)
    posted = prompt[:10] + "\r\n" + prompt[11:]  # 600 characters to the browser, 601 bytes here
    response = client.post(prompts_url(looped), {"version": looped.version, "prompt_0": posted})
    assert response.status_code == 302
    looped.refresh_from_db()
    assert len(looped.answers["loop"]["kit_prompts"]["s1"]) == KIT_PROMPT_MAX - 1


def test_it_saves_nothing_over_a_newer_loop(client, looped, manager):
    client.force_login(manager)
    stale = looped.version
    looped.version += 1
    looped.saved_at_version["loop"] = looped.version
    looped.save()
    response = client.post(prompts_url(looped), {"version": stale, "prompt_0": "Mine"})
    assert response.status_code == 200
    assert "Someone saved the interview loop while you were writing" in response.text
    assert "Mine" in response.text
    assert f'name="version" value="{looped.version}"' in response.text  # saving again wins
    looped.refresh_from_db()
    assert "kit_prompts" not in looped.answers["loop"]


def test_it_locks_the_prompts_of_a_submitted_plan(client, looped, manager):
    looped.status = Engagement.Status.IN_REVIEW
    looped.save()
    client.force_login(manager)
    page = client.get(kit_url(looped)).text
    assert "<textarea" not in page and "its prompts are locked" in page
    response = client.post(prompts_url(looped), {"version": looped.version, "prompt_0": "Mine"})
    assert response.status_code == 302 and response.url == kit_url(looped)
    looped.refresh_from_db()
    assert "kit_prompts" not in looped.answers["loop"]


def test_it_prints_one_round_with_its_scorecard(client, looped, recruiter):
    client.force_login(recruiter)
    text = pdf_text(download(client, pdf_url(looped, 3)))
    kit = the_kit(looped)
    round_ = kit.rounds[2]
    assert "Round 3: Technical depth" in text
    assert "Scorecard · round 3: Technical depth" in text
    for skill in round_.skills:
        assert skill.name in text
    for point in kit.scale:
        assert point.label in text
    for choice in kit.recommendations:
        assert choice in text
    assert "Overall recommendation" in text
    assert "evidence: what they said or did" in text.lower()
    assert "90 minutes" in text
    assert f"2 × {round_.interviewer_role}" in text
    assert "Acme" in text and "Page 1 of" in text
    assert "Recruiter screen" not in text  # this round only


def test_it_prints_the_whole_loop(client, looped, manager):
    client.force_login(manager)
    content = download(client, pdf_url(looped))
    text = pdf_text(content)
    kit = the_kit(looped)
    assert "The loop at a glance" in text
    for round_ in kit.rounds:
        assert f"Scorecard · round {round_.number}: {round_.title}" in text
        assert f"{round_.minutes} minutes" in text
        assert round_.interviewer_role in text
    assert TEAM_SKILL in text
    assert text.count("Overall recommendation") == len(kit.rounds) and "Sources" in text
    # A kit and a scorecard per round, at least.
    assert len(PdfReader(io.BytesIO(content)).pages) >= 2 * len(kit.rounds)


def test_it_prints_the_managers_prompt(client, looped, manager):
    client.force_login(manager)
    client.post(prompts_url(looped), {"version": looped.version, "prompt_0": "Tell me a story."})
    text = pdf_text(download(client, pdf_url(looped, 2)))
    assert "your prompt" in text.lower() and "Tell me a story." in text


def test_it_stores_each_kit_once_per_version(client, looped, manager):
    client.force_login(manager)
    first = download(client, pdf_url(looped, 3))
    again = download(client, pdf_url(looped, 3))
    assert first == again
    whole = download(client, pdf_url(looped))
    download(client, pdf_url(looped))
    stored = Brief.objects.filter(engagement=looped).order_by("pk")
    assert [(b.document, b.version) for b in stored] == [("kit-3", 1), ("kit", 1)]
    assert stored[0].size == len(first) and stored[1].size == len(whole)
    assert stored[0].requested_by == manager
    # A4 is another stored file; a new version another again.
    download(client, pdf_url(looped, 3), paper="a4")
    looped.version += 1
    looped.save()
    download(client, pdf_url(looped, 3))
    assert Brief.objects.filter(engagement=looped, document="kit-3").count() == 3


@pytest.mark.parametrize("number", [0, 6, 99])
def test_it_answers_404_for_a_round_the_loop_lacks(client, looped, manager, number):
    client.force_login(manager)
    assert client.get(kit_url(looped, number)).status_code == 404
    assert client.get(pdf_url(looped, number)).status_code == 404
    assert not Brief.objects.exists()


def test_it_says_so_when_the_loop_is_not_saved(client, engagement, manager):
    client.force_login(manager)
    page = client.get(kit_url(engagement)).text
    assert "No interview loop is saved yet" in page
    assert reverse("step", args=[engagement.pk, "loop"]) in page
    response = client.get(pdf_url(engagement))
    assert response.status_code == 302 and response.url == kit_url(engagement)
    response = client.post(prompts_url(engagement), {"version": 1, "prompt_0": "Mine"})
    assert response.status_code == 302
    assert not Brief.objects.exists()
    engagement.refresh_from_db()
    assert "loop" not in engagement.answers


def test_it_explains_a_failed_print_and_stores_nothing(client, looped, manager, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(kits, "render_pdf", broken, raising=False)
    monkeypatch.setattr("hireplan.brief.render_pdf", broken)
    client.force_login(manager)
    response = client.get(pdf_url(looped, 2))
    assert response.status_code == 500
    assert "couldn’t make the PDF just now" in response.text
    assert "Hiring manager" in response.text  # the kit is still there to read
    assert not Brief.objects.exists()


def test_it_hides_the_kits_from_outsiders(client, looped, other_manager):
    client.force_login(other_manager)
    for url in [kit_url(looped), kit_url(looped, 1), pdf_url(looped), pdf_url(looped, 1)]:
        assert client.get(url).status_code == 404, url
    assert client.post(prompts_url(looped), {"version": 1}).status_code == 404
    assert not Brief.objects.exists()


def test_it_keeps_the_prompts_when_the_loop_is_saved_again(client, looped, manager):
    """Saving the loop step's form (which has no prompt boxes) must not drop the prompts."""
    from tests.test_loop_step import loop_post

    client.force_login(manager)
    client.post(prompts_url(looped), {"version": looped.version, "prompt_0": "Mine"})
    looped.refresh_from_db()
    post = loop_post(looped.answers["loop"]["rounds"], version=looped.version)
    response = client.post(reverse("step", args=[looped.pk, "loop"]), post)
    assert response.status_code == 302
    looped.refresh_from_db()
    assert looped.answers["loop"]["kit_prompts"] == {"s1": "Mine"}
