"""The one small interface every delivery backend implements, and the console backend.

A backend gets a plain `Outgoing` (no database, no app context: it may run in a worker
thread) and answers with a `SendResult`. The SMTP and Twilio backends import this interface;
which backend handles which channel is chosen in webapp/notify/delivery.py (`backends_for`).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TextIO

ACCEPTED = "accepted"  # the provider took it; a receipt may follow (Twilio)
DELIVERED = "delivered"  # nothing more will be known (console, SMTP 250)
RETRY = "retry"  # try again later (429, 5xx, timeouts, SMTP 4xx, disconnects)
PERMANENT = "permanent"  # never try again (bad number, SMTP 5xx)
OPTED_OUT = "opted-out"  # the person texted STOP (Twilio 21610)


@dataclass(frozen=True)
class Outgoing:
    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    html_body: str | None
    expires_at: datetime | None
    now: datetime  # the app clock when the batch was claimed
    headers: dict | None = None  # extra email headers (e.g. List-Unsubscribe)


@dataclass(frozen=True)
class SendResult:
    outcome: str
    provider_id: str | None = None
    error_code: str | None = None
    detail: str | None = None
    # The request may have reached the provider (it was written, then the answer was lost: a read
    # timeout, a reset or closed connection, a 5xx): the deliverer looks before it sends again.
    # False only when nothing left this machine (connection refused, DNS, TLS handshake).
    ambiguous: bool = False
    retry_after: float | None = None  # seconds the provider asked us to wait (Retry-After): the earliest retry


class Backend(Protocol):
    def send(self, message: Outgoing) -> SendResult: ...

    def find_sent(self, message: Outgoing) -> str | None:
        """The provider id of this message if an earlier attempt reached the provider after all."""


class ConsoleBackend:
    """Sends nothing: the row itself is the record, shown on the development outbox page.

    With `echo` (development only) each email is also printed to the jobs process's terminal, the
    terminal of whoever ran `make run`: someone who is not signed in (registering, or resetting a
    forgotten password) cannot see /dev/outbox, which shows only a signed-in person's own messages.
    """

    def __init__(self, echo: TextIO | None = None):
        self.echo = echo

    def send(self, message: Outgoing) -> SendResult:
        if self.echo is not None and message.channel == "email":
            print(f"\n--- development email #{message.id} to {message.recipient}: {message.subject}\n"
                  f"{message.body}\n---", file=self.echo, flush=True)
        return SendResult(DELIVERED, provider_id=f"console-{message.id}")

    def find_sent(self, message: Outgoing) -> str | None:
        return None

