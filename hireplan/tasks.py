"""Background work, run by `manage.py db_worker` from the queue in the app's own database.

Django's Tasks framework with django-tasks-db's backend: enqueuing writes a row in the same
database (and transaction) as the change that caused it; any number of workers on any number
of machines take rows one at a time (docs/deployment.md, "Workers").

Two kinds of work: sending an email (retried with back-off, as mail servers fail for a while
and come back) and rendering a plan's PDF brief ahead of its download.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from hireplan.mail import Message

log = logging.getLogger(__name__)


# Hireplan's rule: five tries in all, by default 1, 5, 30 and 120 minutes apart (settings
# EMAIL_RETRY_DELAYS), so a mail server that is down for up to about two and a half hours
# loses no message.
def retry_delays() -> list[timedelta]:
    return [timedelta(seconds=s) for s in settings.EMAIL_RETRY_DELAYS]


# Email goes ahead of briefs when both wait: a person is waiting for the email.
EMAIL_PRIORITY = 10
BRIEF_PRIORITY = 0


@task(priority=EMAIL_PRIORITY)
def deliver_email(message: dict, attempt: int = 1) -> str:
    """Sends one queued message; on a mail-server failure, queues the next try and fails
    this one (the failed row records why)."""
    mail = Message(**message)
    email = EmailMultiAlternatives(subject=mail.subject, body=mail.body, to=[mail.to])
    if mail.html:
        email.attach_alternative(mail.html, "text/html")
    try:
        email.send()
    except (OSError, smtplib.SMTPException) as error:
        delays = retry_delays()
        if attempt <= len(delays):
            delay = delays[attempt - 1]
            deliver_email.using(run_after=timezone.now() + delay).enqueue(message, attempt + 1)
            log.warning(
                "Email to %s failed (try %s of %s), retrying in %s: %s",
                mail.to,
                attempt,
                len(delays) + 1,
                delay,
                error,
            )
        else:
            log.error("Email to %s failed on the last try (%s): %s", mail.to, attempt, error)
        raise
    return f"sent to {mail.to}"


@task(priority=BRIEF_PRIORITY)
def prepare_brief(engagement_id: int, version: int, paper: str) -> str:
    """Renders and stores the brief of this version, so its download is served from storage.
    A plan edited since the task was queued has moved on: its brief is rendered on request."""
    # Here, not at the top: the brief imports the review step, whose workflow queues this task.
    from hireplan.brief import brief_for
    from hireplan.models import Engagement

    engagement = Engagement.objects.filter(pk=engagement_id).first()
    if engagement is None or engagement.version != version:
        return "skipped: the plan changed or is gone"
    brief = brief_for(engagement, paper, None)
    return f"brief {brief.pk}: {brief.pages} pages"
