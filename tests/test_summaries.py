"""One summary per step: the review step, the recruiter's page, the brief and the history show
the same labelled, formatted rows, and never raw data (a Python list, a field's name, True,
a skill's code without its claim link)."""

import html
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from hireplan import plans
from hireplan.brief import render_html
from hireplan.engine.answers import OfferAnswers
from hireplan.models import Activity, Engagement
from hireplan.review import step_summaries
from hireplan.steps import answer_steps, get_step
from hireplan.summary import Answer, Change, Summary, money, money_span
from hireplan.wizard import save_answers
from tests.conftest import step_url

DEMO_PASSWORD = "hireplan-demo"
MANAGERS = {"acme": "manager@acme.example", "globex": "manager@globex.example"}
RECRUITER = "recruiter@staffing.example"
# Every stored field name with an underscore: plain words ("model", "scale") are also labels.
FIELD_NAMES = sorted(
    {name for step in answer_steps() for name in step.schema.model_fields if "_" in name},
    key=len,
    reverse=True,
)
# A claim is shown as a link or a tag; the same ID as bare text is a code leaking through.
CLAIM_TAGS = re.compile(r'<(a|span) class="claim"[^>]*>[^<]*</\1>')
SKILL_CODE = re.compile(r"\bS[1-9]\b")
# A Python list, dict or bool printed as text ("None" is a word in some answers' labels).
REPR = re.compile(r"\[|\{|\bTrue\b|\bFalse\b|'\w[^']*'(?:,|\])")
STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S)


def visible(page: str) -> str:
    """A page's text as a reader sees it, claim links left out."""
    return html.unescape(strip_tags(CLAIM_TAGS.sub("", STYLE.sub("", page))))


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def assert_readable(text: str, where: str) -> None:
    assert not REPR.search(text), (where, REPR.search(text).group())
    leaked = [name for name in FIELD_NAMES if name in text]
    assert not leaked, (where, leaked)
    assert not SKILL_CODE.search(text), (where, SKILL_CODE.search(text).group())


@pytest.fixture
def demo(db) -> list[Engagement]:
    call_command("load_demo", verbosity=0)
    return list(Engagement.objects.select_related("organization").order_by("pk"))


def rows_of(engagement: Engagement) -> list[tuple[str, list]]:
    plan = plans.plan_for(engagement)
    return [(s.title, s.rows) for s in step_summaries(engagement, plan)]


# ----------------------------------------------------------------------------- the formats
def test_it_names_every_answer_of_every_step():
    for step in answer_steps():
        assert step.summary.fields == set(step.schema.model_fields), step.slug


def test_it_formats_each_kind_of_value_one_way():
    offer = get_step("offer").summary
    answers = OfferAnswers(
        offer_hours_after_final_round=48,
        same_day_walkthrough=True,
        offer_base_usd=295_000,
        offer_equity_usd=400_000,
        offer_vesting_pct=[25, 25, 25, 25],
        start_date=date(2027, 1, 4),
    )
    rows = {row.label: row.value for row in offer(answers)}
    assert rows["Offer within"] == "48 hours"
    assert rows["Same-day walk-through"] == "Yes"
    assert rows["Base"] == "$295,000"
    assert rows["Vesting each year"] == "25%, 25%, 25% and 25%"
    assert rows["Start date"] == "4 Jan 2027"
    assert "Manager's call within" not in rows  # empty: left out
    jd = get_step("jd").summary
    show = next(entry for entry in jd.answers if entry.fields == "ranked_skills").show
    assert show(["S1", "S6", "Owning the relevance metric"]) == (
        "Production debugging, Modelling depth and Owning the relevance metric"
    )


def test_it_leaves_out_answers_that_do_not_apply():
    comp = get_step("comp")
    remote = comp.schema.model_validate(
        {"level": "senior", "metro": "national", "arrangement": "remote", "office_days": None}
    )
    labels = [row.label for row in comp.summary(remote)]
    assert "Posted nationwide" in labels and "Office days a week" not in labels


def test_it_records_a_change_as_its_label_and_both_values():
    summary = Summary(
        Answer("offer_base_usd", "Base", money),
        Answer(("band_low_usd", "band_high_usd"), "Band", money_span),
    )
    before = {"offer_base_usd": 280_000, "band_low_usd": 250_000, "band_high_usd": 300_000}
    after = {"offer_base_usd": 280_000, "band_low_usd": 260_000, "band_high_usd": 300_000}
    assert summary.changes(before, after) == [
        {
            "fields": ["band_low_usd"],
            "label": "Band",
            "before": "$250,000–$300,000",
            "after": "$260,000–$300,000",
        }
    ]
    first = summary.changes(None, {"offer_base_usd": 280_000})
    assert first == [
        {"fields": ["offer_base_usd"], "label": "Base", "before": "", "after": "$280,000"}
    ]


def test_it_reads_older_and_imported_history_with_labels():
    offer = get_step("offer").summary
    legacy = {"field": "same_day_walkthrough", "before": None, "after": True}
    assert offer.read_change(legacy) == Change("Same-day walk-through", "", "Yes")
    money_change = offer.read_change({"field": "offer_base_usd", "before": 280000, "after": 0})
    assert money_change == Change("Base", "$280,000", "$0")
    assert offer.read_change({"field": "offer_base_usd"}) == Change("Base", known=False)
    gone = offer.read_change({"field": "retired_field", "before": [1, 2], "after": False})
    assert gone == Change("Retired field", "1 and 2", "No")


# ----------------------------------------------------------------------------- the pages
def test_it_shows_the_same_rows_on_the_review_step_the_recruiters_page_and_the_brief(client, demo):
    for engagement in demo:
        manager = MANAGERS[engagement.organization.slug]
        client.login(username=manager, password=DEMO_PASSWORD)
        review_step = client.get(step_url(engagement, "review")).text
        client.login(username=RECRUITER, password=DEMO_PASSWORD)
        recruiter_page = client.get(f"/review/{engagement.pk}/").text
        brief = render_html(engagement)
        brief = brief[: brief.index('id="sources"')]  # the claims table lists IDs on purpose
        surfaces = {
            "review step": section(review_step, "The plan in short", "Findings, most serious"),
            "recruiter's page": section(recruiter_page, "Answers by step", "</section>"),
            "brief": brief,
        }
        shown = 0
        for title, rows in rows_of(engagement):
            for row in rows:
                shown += 1
                assert row.value not in ("None", "True", "False"), row
                assert not REPR.search(row.value), row
                cell = f"<dt>{html.escape(row.label)}</dt><dd>{html.escape(row.value)}"
                for where, page in surfaces.items():
                    assert cell in page, (engagement.title, where, title, row)
        assert shown >= 8, engagement.title  # every demo plan has at least its context
        for where, page in surfaces.items():
            assert_readable(visible(page), f"{engagement.title}: {where}")


def test_it_shows_the_history_in_labels_and_formatted_values(client, demo):
    """Every step of every demo plan saved again with another plan's answers: the recruiter's
    history reads each change as its label and two formatted values."""
    complete = next(e for e in demo if e.title == "ML Platform Engineer")
    for engagement in demo:
        # Saves go to editable plans only (wizard.lock_editable): reopen each plan for its
        # saves, then put its status back so the recruiter sees it as the demo has it.
        status = engagement.status
        Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.DRAFT)
        engagement.refresh_from_db()
        for step in answer_steps():
            donor = complete if engagement.pk != complete.pk else demo[0]
            stored = donor.answers.get(step.slug) or complete.answers.get(step.slug)
            if stored is None:
                continue
            save_answers(
                engagement,
                step,
                step.schema.model_validate(stored),
                base_version=None,
                next_slug=engagement.current_step,
            )
        Engagement.objects.filter(pk=engagement.pk).update(status=status)
    assert Activity.objects.filter(kind="step_saved").count() >= 20
    client.login(username=RECRUITER, password=DEMO_PASSWORD)
    for engagement in demo:
        page = client.get(f"/review/{engagement.pk}/").text
        history = section(page, 'id="history-heading"', "</section>")
        assert "→" in history, engagement.title
        assert_readable(visible(history), f"{engagement.title}: history")
    page = client.get(f"/review/{demo[0].pk}/").text
    hours = complete.answers["offer"]["offer_hours_after_final_round"]
    assert f'Offer within: <span class="muted">empty</span> → {hours} hours' in page
