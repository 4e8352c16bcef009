"""Every failed send is classified by whether Twilio may have taken the message: only a connection
that was never made is retried blind; after the request was written, the next attempt looks first."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import func, insert, select

from tests.helpers import free_port
from webapp.extensions import db
from webapp.models import Message
from webapp.notify.claims import claim_due

pytestmark = pytest.mark.both_databases


@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


def add_texts(count: int, due: datetime) -> None:
    rows = [{"dedupe_key": f"drop:{n}", "channel": "sms", "recipient": f"+4479111{n:05d}", "template": "test_text",
             "values": {}, "subject": "", "body": f"Canvassing at 10:00, text {n}. In danger call 999.",
             "due_at": due, "status": "created", "attempts": 0, "created_at": due, "updated_at": due,
             "kind": "", "urgent": False} for n in range(count)]
    db.session.execute(insert(Message), rows)
    db.session.commit()


def test_a_text_twilio_took_before_the_connection_dropped_is_not_sent_again(app, clock, fake_twilio, queue_sms,
                                                                          run_jobs):
    message = queue_sms()
    fake_twilio.answer_next("drop")
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.error_code, message.maybe_sent) == ("created", "dropped", True)
    clock.advance(hours=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    assert message.provider_id == fake_twilio.sent[0]["sid"]
    assert len(fake_twilio.sent) == 1
    assert fake_twilio.lookups and fake_twilio.lookups[-1]["To"] == message.recipient


def test_five_hundred_texts_with_one_in_twenty_connections_dropped_reach_everyone_exactly_once(
        app, clock, fake_twilio, run_jobs):
    add_texts(500, clock.now())
    fake_twilio.drop_randomly(0.05)
    run_jobs(app)
    dropped = len(fake_twilio.sent) - db.session.scalar(select(func.count()).where(Message.status == "sending"))
    assert dropped > 10  # about 25 were taken and then lost their answer
    fake_twilio.drop_randomly(0)
    for _ in range(3):
        clock.advance(hours=2)
        run_jobs(app)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Message.status == "sending")) == 500
    assert len(fake_twilio.sent) == 500
    assert fake_twilio.duplicates() == {}


def test_a_text_still_queued_at_twilio_is_found_before_resending(app, clock, fake_twilio, queue_sms, run_jobs):
    """Twilio lists a message with no date_sent while it is queued: the look-up must not filter on it."""
    message = queue_sms()
    fake_twilio.answer_next("drop")
    run_jobs(app)
    clock.advance(hours=1)
    run_jobs(app)
    assert len(fake_twilio.sent) == 1
    assert all("DateSent>" not in query for query in fake_twilio.lookups)
    db.session.refresh(message)
    assert message.provider_id == fake_twilio.sent[0]["sid"]


def test_the_same_words_sent_to_the_same_number_days_ago_do_not_count_as_sent(app, clock, fake_twilio, queue_sms,
                                                                           run_jobs):
    earlier = queue_sms(text="Check in now. In danger call 999.")
    run_jobs(app)
    with fake_twilio._lock:  # Twilio's own record: taken two days ago
        fake_twilio._state.accepted[0]["date_created"] = datetime.now(UTC) - timedelta(days=2)
    db.session.refresh(earlier)
    message = queue_sms(text="Check in now. In danger call 999.")
    claim_due(clock.now(), 10, 300)  # a worker claims it and vanishes before sending
    clock.advance(minutes=6)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    assert len(fake_twilio.lookups) == 1
    assert len(fake_twilio.sent) == 2
    assert message.provider_id == fake_twilio.sent[1]["sid"] != earlier.provider_id


def test_a_refused_connection_is_retried_without_asking_twilio_first(app, clock, fake_twilio, queue_sms, run_jobs):
    message = queue_sms()
    app.config["TWILIO_API_BASE_URL"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.error_code, message.maybe_sent) == ("created", "network", False)
    app.config["TWILIO_API_BASE_URL"] = fake_twilio.url
    clock.advance(hours=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    assert fake_twilio.lookups == []


def test_a_name_that_does_not_resolve_is_retried_without_asking_twilio_first(app, clock, fake_twilio, queue_sms,
                                                                            run_jobs):
    message = queue_sms()
    app.config["TWILIO_API_BASE_URL"] = "http://campaignsafe-nowhere.invalid"  # .invalid never resolves
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.error_code, message.maybe_sent) == ("created", "network", False)


def test_a_failed_tls_handshake_is_retried_without_asking_twilio_first(app, clock, fake_twilio, queue_sms, run_jobs):
    message = queue_sms()
    app.config["TWILIO_API_BASE_URL"] = fake_twilio.url.replace("http://", "https://")  # it speaks plain HTTP
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.error_code, message.maybe_sent) == ("created", "network", False)
    assert fake_twilio.sent == []


def test_a_server_error_makes_the_next_attempt_look_first(app, clock, fake_twilio, queue_sms, run_jobs):
    message = queue_sms()
    fake_twilio.answer_next(500)
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.maybe_sent) == ("created", True)
    clock.advance(hours=1)
    run_jobs(app)
    assert len(fake_twilio.lookups) == 1
    assert len(fake_twilio.sent) == 1


def test_once_an_attempt_may_have_got_through_every_later_attempt_looks_first(app, clock, fake_twilio, queue_sms,
                                                                             run_jobs):
    message = queue_sms()
    fake_twilio.answer_next("drop")
    run_jobs(app)
    app.config["TWILIO_API_BASE_URL"] = f"http://127.0.0.1:{free_port()}"
    clock.advance(hours=1)
    run_jobs(app)  # refused: says nothing about the dropped attempt
    db.session.refresh(message)
    assert message.maybe_sent is True
    app.config["TWILIO_API_BASE_URL"] = fake_twilio.url
    clock.advance(hours=2)
    run_jobs(app)
    assert len(fake_twilio.sent) == 1


def test_a_row_whose_worker_lost_its_lease_is_looked_up_before_resending(app, clock, fake_twilio, queue_sms,
                                                                        run_jobs):
    message = queue_sms()
    claim_due(clock.now(), 10, 300)  # a worker claims it and vanishes
    clock.advance(minutes=6)
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.maybe_sent) == ("sending", True)
    assert len(fake_twilio.lookups) == 1 and len(fake_twilio.sent) == 1


def test_twilio_asking_to_wait_is_honoured_as_the_earliest_next_attempt(app, clock, fake_twilio, queue_sms, run_jobs):
    app.config.update(DELIVERY_RETRY_BASE_SECONDS=1, DELIVERY_RETRY_CAP_SECONDS=2)
    message = queue_sms()
    fake_twilio.answer_next((429, 600))
    run_jobs(app)
    db.session.refresh(message)
    assert message.next_attempt_at >= clock.now() + timedelta(seconds=600)
    assert message.maybe_sent is False  # 429: Twilio did not take it
    clock.advance(seconds=300)
    run_jobs(app)
    assert fake_twilio.sent == []
    clock.advance(seconds=301)
    run_jobs(app)
    assert len(fake_twilio.sent) == 1


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    from webapp.notify.twilio_backend import retry_after_seconds

    assert retry_after_seconds("120") == 120
    in_two_minutes = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    assert 110 <= retry_after_seconds(in_two_minutes) <= 120
    assert retry_after_seconds("Tue, 01 Jan 2019 00:00:00 GMT") == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_a_mail_server_that_cannot_be_reached_is_retried_without_doubt(app, smtp_server, queue_email, run_jobs):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    message = queue_email()
    run_jobs(app)
    db.session.refresh(message)
    assert (message.status, message.error_code, message.maybe_sent) == ("created", "network", False)
