"""One date format everywhere, and sources grouped once at the end of a block."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats

from hireplan.engine import text
from hireplan.models import Activity, Engagement
from hireplan.templatetags.hireplan_tags import lowerfirst
from tests.conftest import step_url

ROOT = Path(settings.BASE_DIR)
# Format names Django resolves through hireplan/formats/en/formats.py, and "c" (ISO 8601) for
# machine-readable `datetime` attributes. Anything else spelled out in a template is a second
# date format.
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "c"}
APPS = ("hireplan", "lanes", "comp", "jd", "loops")


def template_files() -> list[Path]:
    """The app's templates (the page templates and each app's own); not bench/."""
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return [p for folder in folders if folder.is_dir() for p in folder.rglob("*.*")]


def test_templates_name_the_one_date_format_and_never_spell_one_out() -> None:
    spelled = []
    for path in template_files():
        source = path.read_text()
        for fmt in re.findall(r"\|(?:date|time):\s*[\"']([^\"']*)[\"']", source):
            if fmt not in NAMED:
                spelled.append(f"{path.relative_to(ROOT)}: {fmt}")
        for fmt in re.findall(r"{%\s*now\s+[\"']([^\"']*)[\"']", source):
            if fmt not in NAMED:
                spelled.append(f"{path.relative_to(ROOT)}: now {fmt}")
        if "|timesince" in source or "|timeuntil" in source:
            spelled.append(f"{path.relative_to(ROOT)}: a relative time")
    assert spelled == []


def test_django_and_the_engine_write_a_date_the_same_way() -> None:
    day = date(2027, 1, 4)
    assert formats.date_format(day) == text.day(day) == "4 Jan 2027"
    moment = datetime(2027, 1, 4, 14, 5, tzinfo=UTC)
    rendered = Template('{{ moment|date:"DATETIME_FORMAT" }}').render(Context({"moment": moment}))
    assert rendered == "4 Jan 2027, 14:05"


def test_pages_show_dates_in_the_one_format(client, engagement, manager, recruiter) -> None:
    Engagement.objects.filter(pk=engagement.pk).update(status="in_review")
    Activity.objects.create(engagement=engagement, actor=manager, kind="commented", version=1)
    Activity.objects.filter(engagement=engagement).update(
        created_at=datetime(2027, 1, 4, 14, 5, tzinfo=UTC)
    )
    Engagement.objects.filter(pk=engagement.pk).update(
        updated_at=datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
    )
    client.force_login(recruiter)
    assert "4 Jan 2027, 09:30" in client.get(reverse("dashboard")).text
    review = client.get(reverse("review_detail", args=[engagement.pk])).text
    assert "4 Jan 2027, 14:05" in review
    assert " ago<" not in review


def test_a_blocks_sources_show_once_at_its_end() -> None:
    html = Template(
        "<fieldset><legend>Grant{% cite 'C8 C9' %}</legend>{% cite 'C9 O1' %}"
        "{% sources %}</fieldset>{% sources %}"
    ).render(Context())
    assert html.count('href="/guide/#claim-C9"') == 1
    assert html.index("Grant</legend>") < html.index('<p class="sources">')
    assert re.findall(r">(\w+)</a>", html) == ["C8", "C9", "O1"]
    assert html.endswith("</fieldset>")  # nothing left over for the next block


def test_step_labels_carry_no_source_links_but_the_page_keeps_every_claim(
    client, engagement, manager
) -> None:
    client.force_login(manager)
    for slug in ("context", "lane", "compensation", "jd", "loop", "sourcing", "offer"):
        page = client.get(step_url(engagement, slug)).text
        labels = re.findall(r"<(?:label|legend)[^>]*>.*?</(?:label|legend)>", page, re.S)
        assert not [label for label in labels if 'class="claim"' in label], slug
        form = page.partition('id="step-form"')[2].split("</form>")[0]
        if 'class="claim"' in form:
            assert '<p class="sources">' in form, slug


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("The JD is vague", "the JD is vague"),
        ("Senior searches run near 9 weeks", "senior searches run near 9 weeks"),
        ("JD and intake", "JD and intake"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_label_runs_on_in_a_sentence_keeping_its_acronyms(label, in_a_sentence) -> None:
    assert lowerfirst(label) == in_a_sentence
