"""With the console backends (the default for `make run`) nothing leaves the machine: rows are the record."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Message
from webapp.notify.outbox import enqueue

pytestmark = pytest.mark.both_databases


def test_a_due_text_is_marked_delivered_and_shows_on_the_dev_outbox(app, client, clock, make_user, sign_in,
                                                                      queue_sms, run_jobs):
    message = queue_sms(text="Canvassing 10:00 at Clifton library. In danger call 999.",
                        due_at=clock.now() + timedelta(minutes=10))
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "created"
    clock.advance(minutes=10)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "delivered"
    assert message.provider_id == f"console-{message.id}"
    sign_in(make_user("admin"))  # a message to nobody's account: only an administrator sees it there
    item = BeautifulSoup(client.get("/dev/outbox").data, "html.parser").select_one(f"#message-{message.id}")
    assert "Canvassing 10:00 at Clifton library" in item.get_text()
    assert item.select_one(".tag").get_text() == "Delivered"


def test_enqueueing_the_same_key_twice_keeps_one_row(app):
    for _ in range(2):
        enqueue(channel="sms", recipient="+447700900123", template="test_text", values={"text": "Hi"},
                dedupe_key="once", kind="test", urgent=True)
    db.session.commit()
    rows = db.session.query(Message).filter_by(dedupe_key="once").all()
    assert len(rows) == 1 and rows[0].kind == "test" and rows[0].urgent is True


def test_a_message_past_its_expiry_is_never_sent(app, clock, queue_sms, run_jobs):
    message = queue_sms(due_at=clock.now() + timedelta(minutes=5), expires_at=clock.now() + timedelta(minutes=1))
    clock.advance(minutes=5)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "expired"
    assert message.sent_at is None


def _email(body="Open this link to finish: http://127.0.0.1:5000/register/confirm/abc"):
    from datetime import UTC, datetime

    from webapp.notify.backends import Outgoing

    return Outgoing(id=7, channel="email", recipient="new@example.org", subject="Finish registering",
                    body=body, html_body=None, expires_at=None, now=datetime(2027, 3, 16, tzinfo=UTC))


def test_in_development_an_email_is_printed_to_the_make_run_terminal_for_someone_not_signed_in(capsys):
    from webapp.notify.delivery import backends_for

    backends_for({"ENV_NAME": "development"})["email"].send(_email())
    printed = capsys.readouterr().err
    assert "to new@example.org: Finish registering" in printed
    assert "/register/confirm/abc" in printed


@pytest.mark.parametrize("environment", ["test", "production"])
def test_outside_development_the_console_backend_prints_nothing(capsys, environment):
    from webapp.notify.delivery import backends_for

    backends_for({"ENV_NAME": environment})["email"].send(_email())
    assert capsys.readouterr() == ("", "")
