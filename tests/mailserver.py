"""A real SMTP server on loopback for the tests (aiosmtpd), and the two ways a mail server
fails: refusing connections and accepting them without a word. The fixtures point Django's
default mailer at them; tests/conftest.py makes them available to every test."""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Sent:
    """A message as the server received it: who it went to, its subject and its text."""

    to: list[str]
    subject: str
    body: str


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def sent(self) -> list[Sent]:
        return [
            Sent(
                to=list(e.rcpt_tos),
                subject=str(m["Subject"]),
                body=m.get_content().replace("\r\n", "\n"),
            )
            for e, m in zip(self.envelopes, self.messages(), strict=True)
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_settings(settings, port: int, timeout: float = 5) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": timeout},
        }
    }


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_settings(settings, controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def silent_smtp(settings):
    """A server that accepts connections and never says a word: the worst mail server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    smtp_settings(settings, listener.getsockname()[1], timeout=0.5)
    yield accepted
    listener.close()
    for connection in accepted:
        connection.close()


@pytest.fixture
def smtp_down(settings):
    smtp_settings(settings, free_port())  # nothing listens there: connection refused
