"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives.

It can be told to answer the next messages with 451 (try later) or 550 (refused).
aiosmtpd's Controller does not take port 0, so a free port is found first.
"""

import email
import email.policy
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from tests.helpers import free_port

ANSWERS = {
    "ok": "250 Message accepted for delivery",
    451: "451 4.3.0 Mail server temporarily unavailable, try again later",
    550: "550 5.1.1 Mailbox unavailable",
}


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()


class _Handler:
    def __init__(self, fake: "FakeSMTP"):
        self.fake = fake

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        answer = self.fake._next_answer()
        if answer == "ok":
            self.fake._record(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return ANSWERS[answer]


class FakeSMTP:
    def __init__(self):
        self.port = free_port()
        self._lock = threading.Lock()
        self._messages: list[ReceivedMail] = []
        self._script: list = []
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> "FakeSMTP":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def reset(self) -> None:
        with self._lock:
            self._messages = []
            self._script = []

    def answer_next(self, *answers) -> None:
        """Script the next DATA answers: "ok", 451 or 550."""
        with self._lock:
            self._script.extend(answers)

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._messages)

    @property
    def settings(self) -> dict:
        """App settings that send email through this server (merge into app_overrides)."""
        return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port,
                "MAIL_USE_TLS": False, "MAIL_USE_SSL": False, "MAIL_USERNAME": "", "MAIL_PASSWORD": "",
                "MAIL_TIMEOUT": 5.0}

    def _next_answer(self):
        with self._lock:
            return self._script.pop(0) if self._script else "ok"

    def _record(self, mail: ReceivedMail) -> None:
        with self._lock:
            self._messages.append(mail)
