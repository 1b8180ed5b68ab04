"""The recruiter's dashboard: drafts left out unless asked for and called "In progress",
openings and another metro's name beside the plan, and sort arrows that follow the numbers."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from hireplan.models import Engagement


def plan(org, owner, title, **columns) -> Engagement:
    return Engagement.objects.create(organization=org, owner=owner, title=title, **columns)


@pytest.fixture
def board(acme, manager):
    today = date.today()
    return {
        "draft": plan(acme, manager, "Unsent search engineer"),
        "sent": plan(
            acme,
            manager,
            "Ranking engineer",
            status="in_review",
            openings=3,
            metro="other",
            metro_name="Lisbon",
            search_opened_on=today - timedelta(days=60),
        ),
        "newer": plan(
            acme,
            manager,
            "Vision engineer",
            status="approved",
            metro="tampa",
            search_opened_on=today - timedelta(days=5),
        ),
    }


def titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def test_it_leaves_drafts_out_unless_the_filter_asks(client, board, recruiter):
    client.force_login(recruiter)
    assert sorted(titles(client.get(reverse("dashboard")))) == [
        "Ranking engineer",
        "Vision engineer",
    ]
    asked = client.get(reverse("dashboard"), {"status": "draft"})
    assert titles(asked) == ["Unsent search engineer"]
    row = asked.text.split("<tbody>")[1]
    assert '<span class="status status-draft">In progress</span>' in row
    assert ">Draft<" not in row


def test_the_recruiter_reads_a_draft_as_in_progress_on_its_pages(
    client, engagement, recruiter, manager
):
    client.force_login(recruiter)
    review = client.get(reverse("review_detail", args=[engagement.pk])).text
    assert '<span class="status status-draft">In progress</span>' in review
    step = client.get(reverse("step", args=[engagement.pk, "context"])).text
    assert '<span class="status status-draft">In progress</span>' in step
    client.force_login(manager)  # the hiring manager's own word for it stays "Draft"
    step = client.get(reverse("step", args=[engagement.pk, "context"])).text
    assert '<span class="status status-draft">Draft</span>' in step


def test_its_status_filter_names_drafts_as_work_in_progress(client, board, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("dashboard")).text
    assert '<option value="draft">In progress (not submitted)</option>' in page


def test_it_shows_openings_above_one_and_another_metros_name(client, board, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("dashboard")).text
    ranking = page.split("Ranking engineer</a>")[1].split("</tr>")[0]
    assert '<span class="openings">3 openings</span>' in ranking
    assert "<td>Lisbon</td>" in ranking and "Another metro" not in ranking
    vision = page.split("Vision engineer</a>")[1].split("</tr>")[0]
    assert "openings" not in vision and "<td>Tampa</td>" in vision


@pytest.mark.parametrize(
    ("sort", "expected", "arrow", "aria"),
    [
        ("opened", ["Vision engineer", "Ranking engineer"], "↑", "ascending"),
        ("-opened", ["Ranking engineer", "Vision engineer"], "↓", "descending"),
        ("role", ["Ranking engineer", "Vision engineer"], "↑", "ascending"),
        ("-role", ["Vision engineer", "Ranking engineer"], "↓", "descending"),
    ],
)
def test_its_sort_arrow_points_the_way_the_values_run(
    client, board, recruiter, sort, expected, arrow, aria
):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"), {"sort": sort})
    assert titles(response) == expected
    if sort.lstrip("-") == "opened":  # ascending shows the fewest days open first
        days = [e.days_open for e in response.context["page"].object_list]
        assert days == sorted(days, reverse=sort.startswith("-"))
    heads = re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", response.text)
    sorted_heads = [h for h in heads if "aria-sort" in h]
    assert len(sorted_heads) == 1
    assert f'aria-sort="{aria}"' in sorted_heads[0]
    assert f'<span class="sort-mark" aria-hidden="true"> {arrow}</span>' in sorted_heads[0]
