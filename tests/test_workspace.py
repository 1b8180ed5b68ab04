"""The recruiter's workspace: dashboard, review page, comments, status workflow, history."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from hireplan.models import Activity, Comment, Engagement, Membership, Organization, User
from tests.conftest import CONTEXT_ANSWERS, HTMX, context_post, step_url


def make_plan(org, owner, title, **columns) -> Engagement:
    answers = {"context": {**CONTEXT_ANSWERS, "role_title": title}}
    return Engagement.objects.create(
        organization=org, owner=owner, title=title, answers=answers, **columns
    )


@pytest.fixture
def plans(acme, globex, manager, other_manager):
    today = date.today()
    return {
        "ranking": make_plan(
            acme,
            manager,
            "Ranking engineer",
            lane="production_ml",
            level="senior",
            status="in_review",
            blocker_count=2,
            search_opened_on=today - timedelta(days=60),
        ),
        "platform": make_plan(
            acme,
            manager,
            "Platform engineer",
            lane="mlops_platform",
            level="mid",
            risk_count=1,
            search_opened_on=today - timedelta(days=10),
        ),
        "imaging": make_plan(
            globex,
            other_manager,
            "Imaging engineer",
            lane="research_dl",
            level="senior",
            status="approved",
        ),
    }


def titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def test_it_lists_only_the_companies_a_recruiter_serves(client, plans, other_recruiter):
    client.force_login(other_recruiter)  # serves Globex only
    response = client.get(reverse("dashboard"))
    assert titles(response) == ["Imaging engineer"]
    assert client.get(reverse("review_detail", args=[plans["ranking"].pk])).status_code == 404


def test_it_keeps_hiring_managers_out_of_the_workspace(client, plans, manager):
    client.force_login(manager)
    assert client.get(reverse("dashboard")).status_code == 404
    assert client.get(reverse("review_detail", args=[plans["ranking"].pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, plans):
    for url in [reverse("dashboard"), reverse("review_detail", args=[plans["ranking"].pk])]:
        assert client.get(url).url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Drafts (Platform) are the hiring manager's work in progress: shown only on request.
        ({}, ["Imaging engineer", "Ranking engineer"]),
        ({"status": "draft"}, ["Platform engineer"]),
        ({"status": "in_review"}, ["Ranking engineer"]),
        ({"lane": "mlops_platform", "status": "draft"}, ["Platform engineer"]),
        ({"lane": "mlops_platform"}, []),
        ({"level": "senior", "sort": "role"}, ["Imaging engineer", "Ranking engineer"]),
        ({"open_long": "on"}, ["Ranking engineer"]),
        ({"blockers": "on"}, ["Ranking engineer"]),
        ({"q": "platform", "status": "draft"}, ["Platform engineer"]),
        ({"q": "globex"}, ["Imaging engineer"]),
        # Ties break on the newest change first.
        ({"sort": "-blockers"}, ["Ranking engineer", "Imaging engineer"]),
        # Days open, most first; a plan with no search date comes last either way.
        ({"sort": "-opened"}, ["Ranking engineer", "Imaging engineer"]),
        ({"sort": "opened", "status": "draft"}, ["Platform engineer"]),
    ],
)
def test_it_filters_searches_and_sorts(client, plans, recruiter, query, expected):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"), query)
    if "sort" not in query:
        assert sorted(titles(response)) == sorted(expected)
    else:
        assert titles(response) == expected


def test_it_filters_by_company(client, plans, recruiter, acme):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"), {"company": acme.pk})
    assert sorted(titles(response)) == ["Ranking engineer"]


def test_it_ignores_filter_values_it_does_not_know(client, plans, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"), {"status": "nope", "sort": "password"})
    assert response.status_code == 200
    assert len(titles(response)) == 2  # every plan sent for review, drafts left out as usual


def test_it_renders_only_the_results_for_htmx_with_sort_links_in_the_url(client, plans, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"), {"lane": "research_dl"}, **HTMX)
    assert response.text.lstrip().startswith('<section id="results"')
    assert "?lane=research_dl&amp;sort=role" in response.text  # state kept in links
    assert 'hx-push-url="true"' in response.text


def test_it_paginates(client, acme, manager, recruiter):
    for n in range(30):
        make_plan(acme, manager, f"Plan {n:02}", status="in_review")
    client.force_login(recruiter)
    first = client.get(reverse("dashboard"), {"sort": "role"})
    assert titles(first)[0] == "Plan 00" and len(titles(first)) == 25
    second = client.get(reverse("dashboard"), {"sort": "role", "page": 2})
    assert titles(second) == [f"Plan {n}" for n in range(25, 30)]
    assert "page=1" in second.text


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"), {"sort": "-blockers"})
    assert response.status_code == 200
    return len(queries)


def test_it_uses_the_same_number_of_queries_for_10_and_1000_plans(client, acme, manager, recruiter):
    client.force_login(recruiter)
    Engagement.objects.bulk_create(
        Engagement(organization=acme, owner=manager, title=f"Plan {n}") for n in range(10)
    )
    with_ten = count_queries(client)
    Engagement.objects.bulk_create(
        Engagement(organization=acme, owner=manager, title=f"More {n}") for n in range(990)
    )
    assert count_queries(client) == with_ten


def test_it_shows_the_review_page(client, plans, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[plans["ranking"].pk])).text
    assert "Ranking engineer" in page
    assert "Answers by step" in page
    assert "Request changes" in page and "Approve" in page
    assert "Submit for review" not in page


def test_it_requires_a_comment_to_request_changes(client, plans, recruiter):
    client.force_login(recruiter)
    url = reverse("change_status", args=[plans["ranking"].pk])
    response = client.post(url, {"action": "request_changes", "comment": " "}, follow=True)
    assert "Say what should change" in response.text
    plans["ranking"].refresh_from_db()
    assert plans["ranking"].status == "in_review"
    assert mail.outbox == []


def test_it_requests_changes_and_tells_the_hiring_manager(
    client, plans, recruiter, manager, run_tasks
):
    client.force_login(recruiter)
    url = reverse("change_status", args=[plans["ranking"].pk])
    client.post(url, {"action": "request_changes", "comment": "Name the model, please."})
    run_tasks()
    plans["ranking"].refresh_from_db()
    assert plans["ranking"].status == "changes_requested"
    assert Comment.objects.get().body == "Name the model, please."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Name the model, please." in mail.outbox[0].body
    assert "changes requested" in mail.outbox[0].subject
    # The hiring manager sees the status and the comment on their home page.
    client.force_login(manager)
    home = client.get("/").text
    assert "Changes requested" in home and "Name the model, please." in home


def test_it_lets_the_manager_resubmit_and_the_recruiter_approve(
    client, plans, recruiter, manager, run_tasks
):
    plan = plans["ranking"]
    plan.status = "changes_requested"
    plan.save()
    client.force_login(manager)
    client.post(reverse("change_status", args=[plan.pk]), {"action": "submit"})
    run_tasks()
    plan.refresh_from_db()
    assert plan.status == "in_review"
    assert mail.outbox[-1].to == [recruiter.email]  # every recruiter serving Acme
    client.force_login(recruiter)
    client.post(reverse("change_status", args=[plan.pk]), {"action": "approve"})
    plan.refresh_from_db()
    assert plan.status == "approved"
    moves = list(
        Activity.objects.filter(kind="status_changed").values_list("from_status", "to_status")
    )
    assert set(moves) == {("changes_requested", "in_review"), ("in_review", "approved")}


@pytest.mark.parametrize(
    ("who", "status", "action"),
    [
        ("manager", "in_review", "approve"),  # managers never approve their own plan
        ("recruiter", "draft", "approve"),  # nothing to approve before it is submitted
        ("recruiter", "in_review", "submit"),
        ("manager", "archived", "reopen"),  # archiving is the recruiters' call to undo
        ("recruiter", "archived", "archive"),
        ("recruiter", "draft", "archive"),  # a draft nobody submitted is not theirs to decide
    ],
)
def test_it_refuses_transitions_that_are_not_allowed(
    client, plans, manager, recruiter, who, status, action
):
    plan = plans["ranking"]
    plan.status = status
    plan.save()
    client.force_login({"manager": manager, "recruiter": recruiter}[who])
    client.post(reverse("change_status", args=[plan.pk]), {"action": action, "comment": "x"})
    plan.refresh_from_db()
    assert plan.status == status


def test_it_archives_and_reopens(client, plans, recruiter):
    client.force_login(recruiter)
    plan = plans["imaging"]
    client.post(reverse("change_status", args=[plan.pk]), {"action": "archive"})
    plan.refresh_from_db()
    assert plan.status == "archived"
    client.post(reverse("change_status", args=[plan.pk]), {"action": "reopen"})
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_it_lets_the_manager_reopen_an_approved_plan_and_tells_the_recruiter(
    client, plans, manager, recruiter, run_tasks
):
    plan = plans["ranking"]
    plan.status = "approved"
    plan.save()
    client.force_login(manager)
    review = client.get(reverse("step", args=[plan.pk, "review"])).text
    assert "Reopen" in review
    page = client.post(reverse("change_status", args=[plan.pk]), {"action": "reopen"}, follow=True)
    assert "Reopened as a draft: its answers can be changed again." in page.text
    plan.refresh_from_db()
    assert plan.status == "draft"
    change = Activity.objects.get(engagement=plan, kind="status_changed")
    assert (change.from_status, change.to_status, change.actor) == ("approved", "draft", manager)
    run_tasks()
    [message] = mail.outbox
    assert message.to == [recruiter.email]
    assert "moved the hiring plan “Ranking engineer”" in message.body and "to draft" in message.body
    assert f"/review/{plan.pk}/" in message.body


def test_it_points_the_manager_of_an_approved_plan_to_reopen_it(client, plans, manager):
    plan = plans["ranking"]
    plan.status = "approved"
    plan.save()
    client.force_login(manager)
    page = strip_tags(client.get(reverse("step", args=[plan.pk, "comp"])).text)
    assert "only its hiring manager can change it" not in page
    assert "This plan is approved. Reopen it from the review step to change it." in page


def test_it_offers_a_recruiter_no_decision_on_a_draft(client, plans, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[plans["platform"].pk])).text
    assert 'value="archive"' not in page and 'value="approve"' not in page


def test_it_keeps_status_and_comments_away_from_outsiders(client, plans, other_manager):
    client.force_login(other_manager)
    plan = plans["ranking"]
    assert (
        client.post(reverse("change_status", args=[plan.pk]), {"action": "submit"}).status_code
        == 404
    )
    assert client.post(reverse("add_comment", args=[plan.pk]), {"body": "hi"}).status_code == 404
    assert client.get(reverse("export_one", args=[plan.pk])).status_code == 404
    assert not Comment.objects.exists()


def test_it_shares_one_comment_thread(client, plans, recruiter, manager):
    plan = plans["ranking"]
    client.force_login(manager)
    client.post(reverse("add_comment", args=[plan.pk]), {"body": "Is the band right?"})
    client.force_login(recruiter)
    client.post(reverse("add_comment", args=[plan.pk]), {"body": "Raise the top by 10%."})
    page = client.get(reverse("review_detail", args=[plan.pk])).text
    assert page.index("Is the band right?") < page.index("Raise the top by 10%.")
    response = client.post(reverse("add_comment", args=[plan.pk]), {"body": ""}, follow=True)
    assert "Write something before sending." in response.text
    assert Comment.objects.count() == 2


def test_it_records_who_changed_which_step_and_what(client, engagement, manager, recruiter):
    client.force_login(manager)
    url = step_url(engagement, "context")
    client.post(url, context_post(industry="Insurance", version=1))
    activity = Activity.objects.get(kind="step_saved")
    assert activity.actor == manager and activity.step == "context" and activity.version == 2
    assert activity.changes == [
        {"fields": ["industry"], "label": "Industry", "before": "Fintech", "after": "Insurance"}
    ]
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[engagement.pk])).text
    assert "saved <em>Context</em> (version 2)" in page
    assert "Industry: Fintech → Insurance" in page


def test_it_copies_dashboard_columns_on_save(client, engagement, manager):
    client.force_login(manager)
    url = step_url(engagement, "context")
    client.post(url, context_post(search_open_since="2026-09-01", version=1))
    engagement.refresh_from_db()
    assert engagement.search_opened_on == date(2026, 9, 1)


def test_it_links_recruiters_to_the_workspace(client, recruiter, manager):
    client.force_login(recruiter)
    assert 'href="/review/"' in client.get("/").text
    client.force_login(manager)
    assert 'href="/review/"' not in client.get("/").text


def test_it_names_users_by_their_email_in_the_admin(admin_client, plans):
    assert admin_client.get("/admin/hireplan/engagement/").status_code == 200
    assert (
        admin_client.get(f"/admin/hireplan/engagement/{plans['ranking'].pk}/change/").status_code
        == 200
    )
    assert Organization.objects.count() == 2 and User.objects.count() >= 2
    assert Membership.objects.exists()


def test_it_shows_the_thread_and_briefs_on_the_managers_review_step(
    client, engagement, manager, recruiter
):
    Comment.objects.create(engagement=engagement, author=recruiter, body="Please add the model.")
    client.force_login(manager)
    client.get(reverse("brief_pdf", args=[engagement.pk]))
    page = client.get(step_url(engagement, "review")).text
    assert "Please add the model." in page
    assert "Version 1 · US Letter" in page
    response = client.post(reverse("add_comment", args=[engagement.pk]), {"body": "Done."})
    assert response.url == step_url(engagement, "review")
