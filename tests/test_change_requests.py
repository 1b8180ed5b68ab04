"""Review that points at the work: a request for changes names steps, the steps show it, a save
answers it, and sending the plan again tells the recruiter what changed."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hireplan.forms import CommentForm, StatusForm
from hireplan.models import Comment, Engagement, StepRequest
from hireplan.steps import answer_step_choices
from hireplan.workflow import Action, TransitionRefused, change_status
from tests.conftest import context_post, step_url


def in_review(engagement: Engagement) -> Engagement:
    engagement.status = Engagement.Status.IN_REVIEW
    engagement.save(update_fields=["status"])
    return engagement


def request_changes(client, engagement, recruiter, steps, comment="Widen the band, please."):
    client.force_login(recruiter)
    return client.post(
        reverse("change_status", args=[engagement.pk]),
        {"action": "request_changes", "comment": comment, "steps": steps},
    )


def link(engagement, slug) -> str:
    return f"{settings.SITE_URL}{step_url(engagement, slug)}"


def test_it_points_a_request_at_steps_and_emails_their_links(
    client, complete, manager, recruiter, smtp, run_tasks
):
    in_review(complete)
    response = request_changes(client, complete, recruiter, ["offer", "comp"])
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == "changes_requested"
    comment = Comment.objects.get()
    # One per step, in the wizard's order, tied to the comment that says what to change.
    rows = list(StepRequest.objects.order_by("pk"))
    assert [(r.step, r.comment_id, r.answered_at) for r in rows] == [
        ("comp", comment.pk, None),
        ("offer", comment.pk, None),
    ]
    run_tasks()
    [sent] = smtp.sent()
    assert sent.to == [manager.email]
    assert "Widen the band, please." in sent.body
    assert "They ask for changes on these steps:" in sent.body
    assert f"- Compensation: {link(complete, 'comp')}" in sent.body
    assert f"- Offer: {link(complete, 'offer')}" in sent.body
    assert "Lane and scope" not in sent.body


def test_it_requests_changes_without_steps_as_before(
    client, complete, manager, recruiter, smtp, run_tasks
):
    in_review(complete)
    response = request_changes(client, complete, recruiter, [])
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == "changes_requested"
    assert Comment.objects.get().body == "Widen the band, please."
    assert not StepRequest.objects.exists()
    run_tasks()
    [sent] = smtp.sent()
    assert "Widen the band, please." in sent.body
    assert "these steps" not in sent.body


def test_it_shows_the_request_on_the_requested_step_only(client, complete, manager, recruiter):
    in_review(complete)
    request_changes(client, complete, recruiter, ["comp", "offer"], comment="Base looks low.")
    client.force_login(manager)
    page = client.get(step_url(complete, "comp")).content.decode()
    assert "Changes requested." in page
    assert "Base looks low." in page
    assert str(recruiter) in page
    request = StepRequest.objects.get(step="comp")
    assert f'datetime="{request.created_at.isoformat()}"' in page
    # The sidebar marks both requested steps, with words for a screen reader.
    assert page.count("(changes requested)") == 2
    other = client.get(step_url(complete, "lane")).content.decode()
    assert "step-request" not in other and "Base looks low." not in other
    assert other.count("(changes requested)") == 2
    # The recruiter, who may read the steps, sees the same banner.
    client.force_login(recruiter)
    assert "Base looks low." in client.get(step_url(complete, "comp")).content.decode()


def test_it_reads_the_requests_in_one_query_whatever_their_number(
    client, complete, manager, recruiter
):
    in_review(complete)
    request_changes(client, complete, recruiter, ["comp"])
    client.force_login(manager)
    client.get(step_url(complete, "lane"))  # warm what the first page caches
    with CaptureQueriesContext(connection) as one:
        client.get(step_url(complete, "lane"))
    complete.status = "in_review"
    complete.save(update_fields=["status"])
    request_changes(client, complete, recruiter, ["context", "jd", "loop", "sourcing", "offer"])
    client.force_login(manager)
    with CaptureQueriesContext(connection) as six:
        page = client.get(step_url(complete, "lane")).content.decode()
    assert page.count("(changes requested)") == 6
    assert len(six) == len(one)
    assert sum("hireplan_steprequest" in q["sql"] for q in six.captured_queries) == 1


def test_it_marks_the_request_answered_when_the_step_is_saved(client, complete, manager, recruiter):
    in_review(complete)
    request_changes(client, complete, recruiter, ["context", "comp"], comment="Which industry?")
    client.force_login(manager)
    complete.refresh_from_db()
    response = client.post(
        step_url(complete, "context"), context_post(industry="Insurance", version=complete.version)
    )
    assert response.status_code == 302
    answered = StepRequest.objects.get(step="context")
    assert answered.answered_by == manager and answered.answered_at is not None
    assert StepRequest.objects.get(step="comp").answered_at is None
    page = client.get(step_url(complete, "context")).content.decode()
    assert "Answered: " in page and "Changes requested." not in page
    # Only the step still open keeps its mark.
    assert page.count("(changes requested)") == 1
    # The review step lists both, open and answered.
    review = client.get(step_url(complete, "review")).content.decode()
    assert "The recruiter’s requests for changes" in review
    assert "</span> answered</span>, saved by" in review
    assert '<span class="request-state">open</span>' in review
    assert "Industry" in review and "Insurance" in review


def test_it_tells_the_recruiter_what_changed_when_the_plan_is_sent_again(
    client, complete, manager, recruiter, smtp, run_tasks
):
    in_review(complete)
    request_changes(client, complete, recruiter, ["context"], comment="Which industry?")
    run_tasks()
    client.force_login(manager)
    complete.refresh_from_db()
    client.post(
        step_url(complete, "context"), context_post(industry="Insurance", version=complete.version)
    )
    response = client.post(reverse("submit", args=[complete.pk]))
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == "in_review"
    run_tasks()
    sent = smtp.sent()[-1]
    assert sent.to == [recruiter.email]
    assert "What changed since" in sent.body
    assert f"Context ({link(complete, 'context')})" in sent.body
    assert "- Industry: Fintech → Insurance" in sent.body
    # The recruiter's review page shows the same list for the latest request.
    client.force_login(recruiter)
    page = client.get(reverse("review_detail", args=[complete.pk])).content.decode()
    assert "Since your request for changes" in page
    assert "Fintech → Insurance" in page


def test_it_says_when_nothing_was_saved_since_the_request(
    client, complete, manager, recruiter, smtp, run_tasks
):
    in_review(complete)
    request_changes(client, complete, recruiter, ["comp"])
    client.force_login(manager)
    client.post(reverse("submit", args=[complete.pk]))
    run_tasks()
    assert "No step was saved since" in smtp.sent()[-1].body


def test_it_refuses_steps_that_are_not_steps(client, complete, recruiter):
    actions = [Action.REQUEST_CHANGES]
    form = StatusForm(
        {"action": "request_changes", "comment": "x", "steps": ["review"]},
        actions=actions,
        steps=answer_step_choices(),
    )
    assert not form.is_valid()
    [error] = form.errors["steps"]
    assert error == "“review” is not a step of this plan: tick steps from the list."
    in_review(complete)
    response = request_changes(client, complete, recruiter, ["comp", "nope"])
    # The page again, the problem beside the steps, the recruiter's words kept; nothing moved.
    assert response.status_code == 400
    page = response.content.decode()
    assert "“nope” is not a step of this plan" in page
    assert "Widen the band, please." in page
    complete.refresh_from_db()
    assert complete.status == "in_review"
    assert not Comment.objects.exists() and not StepRequest.objects.exists()


def test_it_refuses_steps_with_another_action(client, complete, recruiter):
    in_review(complete)
    client.force_login(recruiter)
    response = client.post(
        reverse("change_status", args=[complete.pk]),
        {"action": "approve", "comment": "", "steps": ["comp"]},
    )
    assert response.status_code == 400
    assert "Steps are for a request for changes." in response.content.decode()
    complete.refresh_from_db()
    assert complete.status == "in_review"
    # The workflow refuses it too, whoever calls it.
    try:
        change_status(complete, Action.APPROVE, recruiter, role="recruiter", steps=["comp"])
    except TransitionRefused as refused:
        assert "Only a request for changes" in str(refused)
    else:
        raise AssertionError("approving with steps was accepted")
    complete.refresh_from_db()
    assert complete.status == "in_review"


def test_it_links_the_step_a_comment_is_about(
    client, engagement, manager, recruiter, smtp, run_tasks
):
    client.force_login(manager)
    client.post(
        reverse("add_comment", args=[engagement.pk]), {"body": "Is $240k enough?", "step": "comp"}
    )
    client.force_login(recruiter)
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": "It is.", "step": "comp"})
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": "All good otherwise."})
    assert list(Comment.objects.values_list("step", flat=True)) == ["comp", "comp", ""]
    run_tasks()
    to_recruiter, to_manager, whole = smtp.sent()
    about = f"The comment is about Compensation: {link(engagement, 'comp')}"
    assert to_recruiter.to == [recruiter.email] and about in to_recruiter.body
    assert f"/review/{engagement.pk}/" in to_recruiter.body
    assert to_manager.to == [manager.email] and about in to_manager.body
    assert "The comment is about" not in whole.body
    # The thread says which step a comment is about, linked.
    page = client.get(reverse("review_detail", args=[engagement.pk])).content.decode()
    assert f'about <a href="{step_url(engagement, "comp")}">Compensation</a>' in page


def test_it_refuses_a_comment_about_a_step_that_is_not_one(client, engagement, manager):
    form = CommentForm({"body": "Hi", "step": "nope"}, steps=answer_step_choices())
    assert not form.is_valid()
    client.force_login(manager)
    response = client.post(
        reverse("add_comment", args=[engagement.pk]), {"body": "Hi", "step": "nope"}, follow=True
    )
    assert "Choose the plan as a whole or one of its steps." in response.content.decode()
    assert not Comment.objects.exists()


def test_it_offers_the_steps_only_where_changes_can_be_requested(client, complete, recruiter):
    client.force_login(recruiter)
    url = reverse("review_detail", args=[complete.pk])
    in_review(complete)
    page = client.get(url).content.decode()
    assert "Steps to change" in page and 'name="steps" value="comp"' in page
    assert 'name="steps" value="review"' not in page  # the review has nothing of its own
    complete.status = "approved"
    complete.save(update_fields=["status"])
    assert "Steps to change" not in client.get(url).content.decode()
