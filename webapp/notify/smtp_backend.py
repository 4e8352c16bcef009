"""Email over SMTP (smtplib): multipart text + HTML, with our own Message-ID (stored on the row)."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from webapp.notify.backends import DELIVERED, PERMANENT, RETRY, Outgoing, SendResult


def message_id_for(outbox_id: int, sender: str) -> str:
    """The same Message-ID on every attempt, so a receiving server can drop a repeat."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "campaignsafe.invalid"
    return f"<outbox-{outbox_id}@{domain}>"


class SmtpBackend:
    def __init__(self, config: dict):
        self.server = config.get("MAIL_SERVER") or "localhost"
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.username = config.get("MAIL_USERNAME") or ""
        self.password = config.get("MAIL_PASSWORD") or ""
        self.sender = config.get("MAIL_DEFAULT_SENDER") or "CampaignSafe <no-reply@campaignsafe.invalid>"
        self.timeout = float(config.get("MAIL_TIMEOUT", 10))

    def build(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = formatdate(message.now.timestamp(), localtime=False)
        email["Message-ID"] = message_id_for(message.id, self.sender)
        for name, value in (message.headers or {}).items():
            email[name] = value
        email.set_content(message.body)
        if message.html_body:
            email.add_alternative(message.html_body, subtype="html")
        return email

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            connection = smtplib.SMTP_SSL(self.server, self.port, timeout=self.timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(self.server, self.port, timeout=self.timeout)
            if self.use_tls:
                connection.starttls(context=ssl.create_default_context())
        if self.username:
            connection.login(self.username, self.password)
        return connection

    def send(self, message: Outgoing) -> SendResult:
        email = self.build(message)
        message_id = email["Message-ID"]
        connected = False
        try:
            with self._connect() as connection:
                connected = True
                connection.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            return _by_code(code, reply, message_id)
        except smtplib.SMTPResponseException as error:
            return _by_code(error.smtp_code, error.smtp_error, message_id)
        except (smtplib.SMTPException, OSError) as error:
            # Before the connection was made nothing left; after it, the server may have the message
            # (the same Message-ID lets receivers drop a repeat; SMTP cannot be asked).
            return SendResult(RETRY, provider_id=message_id, error_code="network", ambiguous=connected,
                              detail=f"{'lost' if connected else 'could not reach'} the mail server: "
                                     f"{type(error).__name__}")
        return SendResult(DELIVERED, provider_id=message_id)

    def find_sent(self, message: Outgoing) -> str | None:
        return None  # SMTP cannot be asked; the stable Message-ID lets receivers drop a repeat


def _by_code(code: int, reply, message_id: str) -> SendResult:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    outcome = PERMANENT if 500 <= code < 600 else RETRY
    return SendResult(outcome, provider_id=message_id, error_code=f"smtp-{code}", detail=f"SMTP {code}: {text}")
