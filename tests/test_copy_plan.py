"""“Copy this plan”: a hiring manager starts a new draft from any plan of their company. The
copy takes the answers and the JD, not the comments, history, status or briefs; it is named
"Copy of …", remembers its source, and works out its advice afresh. The home page offers the
company's approved plans to start from."""

import pytest
from django.urls import reverse

from hireplan.copying import TEMPLATES_SHOWN, copy_title
from hireplan.models import Activity, Brief, Comment, Engagement, Membership
from hireplan.plans import summary_columns
from jd.models import JDDraft
from tests.conftest import CONTEXT_ANSWERS, make_user, step_url


def copy_url(engagement: Engagement) -> str:
    return reverse("copy_plan", args=[engagement.pk])


@pytest.fixture
def lived(complete, manager, recruiter) -> Engagement:
    """A complete plan with a life of its own: approved, discussed, with a JD history, a
    history and a brief."""
    complete.status = Engagement.Status.APPROVED
    complete.version = 5
    complete.save()
    Comment.objects.create(engagement=complete, author=recruiter, body="Looks good.")
    Activity.objects.create(
        engagement=complete, actor=recruiter, kind=Activity.Kind.STATUS_CHANGED,
        from_status="in_review", to_status="approved",
    )  # fmt: skip
    JDDraft.objects.create(engagement=complete, text="An early draft.", label="Drafted")
    JDDraft.objects.create(
        engagement=complete, text=complete.answers["jd"]["jd_markdown"], label="Edited"
    )
    Brief.objects.create(
        engagement=complete, version=5, sha256="0" * 64, size=1, file="briefs/x.pdf"
    )
    return complete


def the_copy(source: Engagement) -> Engagement:
    return Engagement.objects.exclude(pk=source.pk).get()


# ----------------------------------------------------------------------------- the copy
def test_it_copies_the_answers_and_the_jd_and_nothing_of_the_plans_life(client, lived, manager):
    client.force_login(manager)
    response = client.post(copy_url(lived))
    made = the_copy(lived)
    assert response.status_code == 302
    assert response.url == step_url(made, "context")  # the copy's first step
    assert made.answers == lived.answers
    assert made.answers["jd"]["jd_markdown"] == lived.answers["jd"]["jd_markdown"]
    assert made.status == Engagement.Status.DRAFT
    assert made.version == 1
    assert made.saved_at_version == dict.fromkeys(lived.answers, 1)
    assert made.current_step == "context"
    assert made.recruiter is None
    assert not made.comments.exists()
    assert not made.briefs.exists()
    # The JD's history starts again with the copied text alone.
    [version] = made.jd_drafts.all()
    assert version.text == lived.answers["jd"]["jd_markdown"]
    assert version.label == "Copied from another plan"
    assert version.created_by == manager
    # The source is untouched.
    lived.refresh_from_db()
    assert lived.status == Engagement.Status.APPROVED and lived.version == 5
    assert lived.jd_drafts.count() == 2 and lived.comments.count() == 1


def test_it_records_where_the_copy_came_from(client, lived, manager):
    client.force_login(manager)
    client.post(copy_url(lived))
    made = the_copy(lived)
    assert made.copied_from == lived
    assert list(lived.copies.all()) == [made]
    [entry] = made.activities.all()
    assert entry.kind == Activity.Kind.COPIED
    assert entry.actor == manager
    assert entry.version == 1


def test_it_belongs_to_the_sources_company_and_to_the_manager_who_copied_it(client, lived, acme):
    colleague = make_user("colleague@acme.test")
    Membership.objects.create(user=colleague, organization=acme, role="hiring_manager")
    client.force_login(colleague)
    assert client.post(copy_url(lived)).status_code == 302
    made = the_copy(lived)
    assert made.organization == acme
    assert made.owner == colleague
    assert lived.owner != colleague


def test_it_opens_the_copy_with_a_message(client, lived, manager):
    client.force_login(manager)
    page = client.post(copy_url(lived), follow=True).text
    assert "Started “Copy of Senior ML Engineer, Search” as a new draft" in page
    assert 'name="role_title"' in page  # the first step, editable


def test_it_works_the_advice_out_again(client, complete, manager):
    """Columns the source holds from an older save (or older reference data) are not
    copied: the copy's come from its answers today."""
    complete.answers["context"] = {**CONTEXT_ANSWERS, "openings": 4}
    complete.save()
    Engagement.objects.filter(pk=complete.pk).update(
        blocker_count=99, risk_count=99, lane="", level="", metro="", openings=1
    )
    client.force_login(manager)
    client.post(copy_url(complete))
    made = the_copy(complete)
    expected = summary_columns(complete.answers)
    assert {column: getattr(made, column) for column in expected} == expected
    assert made.blocker_count != 99 and made.lane and made.level and made.metro
    assert made.openings == 4


def test_a_copy_is_a_new_search(client, complete, manager):
    complete.answers["context"] = {**CONTEXT_ANSWERS, "search_open_since": "2026-09-01"}
    complete.save()
    client.force_login(manager)
    client.post(copy_url(complete))
    made = the_copy(complete)
    assert made.answers["context"]["search_open_since"] is None
    assert made.search_opened_on is None
    assert {**made.answers["context"], "search_open_since": "2026-09-01"} == (
        complete.answers["context"]
    )


# ----------------------------------------------------------------------------- the title
def test_it_names_the_copy_within_the_titles_limit():
    assert copy_title("Senior ML Engineer") == "Copy of Senior ML Engineer"
    long = copy_title("x" * 120)
    assert len(long) == 120
    assert long.startswith("Copy of xxx") and long.endswith("…")
    # A title stored before the title checks goes through the one title cleaner.
    assert copy_title("ML\nEngineer\u202e") == "Copy of ML Engineer"
    assert copy_title("\u200b") == "Copy of an untitled plan"


def test_a_long_title_still_makes_a_copy(client, engagement, manager):
    Engagement.objects.filter(pk=engagement.pk).update(title="y" * 120)
    client.force_login(manager)
    assert client.post(copy_url(engagement)).status_code == 302
    assert len(the_copy(engagement).title) == 120


# ----------------------------------------------------------------------------- who may copy
def test_someone_from_another_company_gets_a_404(client, lived, other_manager, other_recruiter):
    for outsider in (other_manager, other_recruiter):
        client.force_login(outsider)
        assert client.post(copy_url(lived)).status_code == 404
    assert Engagement.objects.count() == 1


def test_a_recruiter_may_not_start_plans(client, lived, recruiter):
    client.force_login(recruiter)
    assert client.post(copy_url(lived)).status_code == 403
    assert Engagement.objects.count() == 1


def test_it_copies_only_on_a_post(client, lived, manager):
    client.force_login(manager)
    assert client.get(copy_url(lived)).status_code == 405
    assert Engagement.objects.count() == 1


def test_the_review_step_offers_the_copy_to_the_hiring_manager_only(
    client, lived, manager, recruiter
):
    button = f'action="{copy_url(lived)}"'
    client.force_login(manager)
    page = client.get(step_url(lived, "review")).text
    assert button in page and "Copy this plan" in page
    client.force_login(recruiter)
    assert button not in client.get(step_url(lived, "review")).text
    assert button not in client.get(reverse("review_detail", args=[lived.pk])).text


# ----------------------------------------------------------------------------- the home page
def start_from(page: str) -> str:
    """The home page's "Start from an approved plan" section ("" when there is none)."""
    if "Start from an approved plan" not in page:
        return ""
    start = page.index("Start from an approved plan")
    return page[start : page.index("</section>", start)]


def test_home_offers_the_approved_plans_of_the_managers_companies(
    client, manager, other_manager, acme, globex
):
    def plan(organization, owner, title, status):
        return Engagement.objects.create(
            organization=organization, owner=owner, title=title, status=status
        )

    approved = plan(acme, manager, "Approved at Acme", Engagement.Status.APPROVED)
    plan(acme, manager, "Draft at Acme", Engagement.Status.DRAFT)
    plan(acme, manager, "In review at Acme", Engagement.Status.IN_REVIEW)
    plan(globex, other_manager, "Approved at Globex", Engagement.Status.APPROVED)
    client.force_login(manager)
    offered = start_from(client.get(reverse("home")).text)
    assert "Approved at Acme" in offered
    assert f'action="{copy_url(approved)}"' in offered
    for other in ("Draft at Acme", "In review at Acme", "Approved at Globex"):
        assert other not in offered


def test_home_offers_a_bounded_number_of_the_newest(client, manager, acme):
    for number in range(TEMPLATES_SHOWN + 3):
        Engagement.objects.create(
            organization=acme, owner=manager, title=f"Approved plan {number:02}",
            status=Engagement.Status.APPROVED,
        )  # fmt: skip
    client.force_login(manager)
    offered = start_from(client.get(reverse("home")).text)
    assert offered.count('class="copy-plan"') == TEMPLATES_SHOWN
    assert f"Approved plan {TEMPLATES_SHOWN + 2:02}" in offered  # the newest
    assert "Approved plan 00" not in offered


def test_home_offers_recruiters_nothing_to_copy(client, lived, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("home")).text
    assert start_from(page) == ""
    assert reverse("copy_plan", args=[lived.pk]) not in page


def test_home_puts_a_copy_button_on_the_managers_rows(client, engagement, manager):
    client.force_login(manager)
    page = client.get(reverse("home")).text
    table = page[page.index("<table") : page.index("</table>")]
    assert f'action="{copy_url(engagement)}"' in table
