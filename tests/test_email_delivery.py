"""Email goes through the task queue to a real SMTP server on loopback (aiosmtpd).

The request only queues; the worker sends, with a timeout, and retries with back-off. A mail
server that is down or silent never fails or slows the user's action.
"""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hireplan.mail import header_safe, send_email
from hireplan.models import Brief, Comment
from hireplan.tasks import retry_delays
from tests.conftest import run_queued_tasks
from tests.mailserver import Inbox, free_port, smtp_settings


def submit(client, engagement, manager):
    client.force_login(manager)
    return client.post(reverse("submit", args=[engagement.pk]))


def test_it_queues_on_submit_and_the_worker_delivers_over_smtp(
    client, complete, manager, recruiter, smtp, run_tasks
):
    response = submit(client, complete, manager)
    assert response.status_code == 302
    # The request only queued: nothing has reached the mail server yet.
    assert smtp.envelopes == []
    assert DBTaskResult.objects.filter(task_path="hireplan.tasks.deliver_email").count() == 1
    run_tasks()
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [recruiter.email]
    [message] = smtp.messages()
    assert message["Subject"] == "[Hireplan] Senior ML Engineer, Search: in review"
    assert f"/review/{complete.pk}/" in message.get_content()


def test_it_keeps_the_action_when_the_mail_server_is_down(
    client, complete, manager, recruiter, smtp_down, run_tasks
):
    response = submit(client, complete, manager)
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == "in_review"
    before = timezone.now()
    run_tasks()
    failed = DBTaskResult.objects.get(task_path="hireplan.tasks.deliver_email", status="FAILED")
    assert "ConnectionRefusedError" in failed.exception_class_path
    # The next try waits in the queue, a minute out, carrying its attempt number.
    retry = DBTaskResult.objects.get(task_path="hireplan.tasks.deliver_email", status="READY")
    assert retry.args_kwargs["args"][1] == 2
    assert before + retry_delays()[0] <= retry.run_after <= timezone.now() + retry_delays()[0]
    # Not run before its time.
    assert run_tasks() == []


def test_it_never_lets_a_silent_mail_server_hold_a_request(
    client, complete, manager, recruiter, silent_smtp, run_tasks
):
    response = submit(client, complete, manager)
    assert response.status_code == 302
    # The request never connected: a server that never answers cannot hold it.
    assert silent_smtp == []
    run_tasks()
    # The worker connected once and gave up at the timeout, then queued the next try.
    assert len(silent_smtp) == 1
    failed = DBTaskResult.objects.get(task_path="hireplan.tasks.deliver_email", status="FAILED")
    assert "timed out" in failed.traceback
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_it_retries_until_the_server_is_back(settings, db, smtp_down):
    send_email("Hello", "Body", "someone@acme.test")
    run_queued_tasks()
    retry = DBTaskResult.objects.get(status="READY")
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp_settings(settings, controller.port)
        run_queued_tasks()
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in inbox.envelopes] == [["someone@acme.test"]]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


@pytest.mark.parametrize(("attempt", "retried"), [(4, True), (5, False)])
def test_it_stops_retrying_after_the_fifth_try(db, smtp_down, attempt, retried):
    from hireplan.tasks import deliver_email

    assert len(retry_delays()) == 4  # five tries in all

    message = {"subject": "S", "body": "B", "to": "a@acme.test", "html": None}
    deliver_email.enqueue(message, attempt)
    run_queued_tasks()
    assert DBTaskResult.objects.filter(status="READY").exists() is retried


def test_it_keeps_a_title_with_line_breaks_out_of_the_headers(
    client, complete, manager, recruiter, smtp, run_tasks
):
    # A title stored before titles were checked, or written straight to the database.
    complete.title = "Ranking\r\nBcc: attacker@evil.test\r\n\r\nInjected body"
    complete.save(update_fields=["title"])
    submit(client, complete, manager)
    run_tasks()
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [recruiter.email]
    [message] = smtp.messages()
    assert message["Bcc"] is None
    assert message["Subject"] == (
        "[Hireplan] Ranking Bcc: attacker@evil.test Injected body: in review"
    )


def test_it_makes_header_text_one_bounded_line():
    assert header_safe("a\r\nb\tc\x00d  e") == "a b c d e"
    assert header_safe("x" * 150) == "x" * 150
    long = header_safe("x" * 151)
    assert len(long) == 150 and long.endswith("…")


def test_it_tells_the_recruiter_of_a_managers_comment(
    client, engagement, manager, recruiter, smtp, run_tasks
):
    client.force_login(manager)
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": "Is $240k enough?"})
    run_tasks()
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [recruiter.email]
    [message] = smtp.messages()
    assert message["Subject"] == "[Hireplan] Senior ML Engineer, Search: new comment"
    assert "Is $240k enough?" in message.get_content()
    assert f"/review/{engagement.pk}/" in message.get_content()


def test_it_tells_the_manager_of_a_recruiters_comment_and_nobody_of_their_own(
    client, engagement, manager, recruiter, smtp, run_tasks
):
    client.force_login(recruiter)
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": "Looks right to me."})
    run_tasks()
    assert [e.rcpt_tos for e in smtp.envelopes] == [[manager.email]]
    assert f"/engagements/{engagement.pk}/" in smtp.messages()[0].get_content()


def test_it_keeps_the_comment_when_the_mail_server_is_down(
    client, engagement, manager, recruiter, smtp_down, run_tasks
):
    client.force_login(manager)
    response = client.post(reverse("add_comment", args=[engagement.pk]), {"body": "Still here?"})
    assert response.status_code == 302
    assert Comment.objects.get().body == "Still here?"
    run_tasks()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1


def test_it_queues_nothing_for_a_refused_comment(client, engagement, manager, smtp):
    client.force_login(manager)
    client.post(reverse("add_comment", args=[engagement.pk]), {"body": "   "})
    assert not DBTaskResult.objects.exists()


def test_it_renders_the_brief_ahead_when_a_plan_is_submitted(
    client, complete, manager, recruiter, run_tasks
):
    submit(client, complete, manager)
    assert not Brief.objects.exists()  # the request did not render it
    run_tasks()
    brief = Brief.objects.get()
    assert (brief.version, brief.paper, brief.requested_by) == (complete.version, "letter", None)
    assert brief.pages >= 1
    # The download serves the stored file: no second render, the same bytes.
    client.force_login(recruiter)
    response = client.get(reverse("brief_pdf", args=[complete.pk]))
    assert response.status_code == 200
    assert response["X-Brief-SHA256"] == brief.sha256
    assert Brief.objects.count() == 1


def test_it_renders_the_brief_ahead_on_approval(client, complete, recruiter, run_tasks):
    complete.status = "in_review"
    complete.save()
    client.force_login(recruiter)
    client.post(reverse("change_status", args=[complete.pk]), {"action": "approve"})
    run_tasks()
    assert Brief.objects.filter(version=complete.version).count() == 1


def test_it_renders_no_brief_ahead_when_changes_are_requested(
    client, complete, recruiter, run_tasks
):
    complete.status = "in_review"
    complete.save()
    client.force_login(recruiter)
    client.post(
        reverse("change_status", args=[complete.pk]),
        {"action": "request_changes", "comment": "Tighten the JD."},
    )
    run_tasks()
    assert not Brief.objects.exists()


def test_it_skips_a_brief_whose_plan_has_moved_on(complete, run_tasks):
    from hireplan.tasks import prepare_brief

    prepare_brief.enqueue(complete.pk, complete.version - 1, "letter")
    [row] = run_tasks()
    assert row.status == "SUCCESSFUL" and not Brief.objects.exists()


def test_it_serves_a_brief_not_yet_rendered_by_rendering_it(client, complete, manager):
    submit(client, complete, manager)  # queued, but no worker has run
    response = client.get(reverse("brief_pdf", args=[complete.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Brief.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_delivers_with_the_real_worker_command(smtp, acme, recruiter):
    send_email("[Hireplan] Hello", "From the queue.", recruiter.email)
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
    )
    assert [e.rcpt_tos for e in smtp.envelopes] == [[recruiter.email]]
    row = DBTaskResult.objects.get()
    assert row.status == "SUCCESSFUL"
    assert row.finished_at - row.enqueued_at < timedelta(minutes=1)


def test_it_says_who_will_get_the_comment(client, engagement, manager, recruiter, run_tasks):
    client.force_login(manager)
    url = reverse("add_comment", args=[engagement.pk])
    page = client.post(url, {"body": "Thoughts?"}, follow=True)
    assert "Comment added; the recruiter will get it by email." in page.text
    client.force_login(recruiter)
    page = client.post(url, {"body": "Looks right."}, follow=True)
    assert "Comment added; the hiring manager will get it by email." in page.text
