"""Email leaves Hireplan through one door: `send_email` queues it; a worker sends it.

Nothing here talks to a mail server. `send_email` adds a row to the task queue, inside the
caller's transaction when there is one: the message goes out if and only if the change it
reports is saved, and a mail server that is down or silent never slows or fails the request.
The worker's task (hireplan/tasks.py) sends it, with a timeout and retries.
"""

from dataclasses import asdict, dataclass

from hireplan.engine.answers.titles import one_line

# A subject line longer than this is cut with an ellipsis; mail clients show less anyway.
SUBJECT_MAX = 150
# A body is made by Hireplan from bounded fields (a comment is at most 5,000 characters);
# this cap is the last guard on the size of a queued row.
BODY_MAX = 20_000


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: str
    html: str | None = None


def header_safe(text: str) -> str:
    """One line of text fit for a header: every run of whitespace or control characters
    (CR and LF above all, which would start a new header) becomes a single space."""
    line = one_line(text)
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1].rstrip() + "…"


def send_email(subject: str, body: str, to: str, html: str | None = None) -> None:
    """Queues one message to one address (one per recipient: one bad address delays no one
    else, and no recipient sees who else was told)."""
    from hireplan.tasks import deliver_email  # the task module imports this one

    message = Message(
        subject=header_safe(subject),
        body=body[:BODY_MAX],
        to=header_safe(to),
        html=html[:BODY_MAX] if html else None,
    )
    deliver_email.enqueue(asdict(message))
