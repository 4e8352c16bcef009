"""Fixtures for the outbox tests: a user with a mobile and a helper to enqueue a text or an email."""

import pytest

from webapp.extensions import db
from webapp.models import Message
from webapp.notify.outbox import enqueue


@pytest.fixture
def queue_sms(app):
    """queue_sms(to, text, key=None, **enqueue_kwargs) → the committed outbox row."""
    counter = {"n": 0}

    def make(to="+447700900123", text="Meet at the library at 10:00. In danger call 999.", key=None, **kwargs):
        counter["n"] += 1
        key = key or f"test:sms:{counter['n']}"
        enqueue(channel="sms", recipient=to, template="test_text", values={"text": text}, dedupe_key=key,
                **kwargs)
        db.session.commit()
        return db.session.query(Message).filter_by(dedupe_key=key).one()

    return make


@pytest.fixture
def queue_email(app):
    counter = {"n": 0}

    def make(to="alex@example.org", key=None, **kwargs):
        counter["n"] += 1
        key = key or f"test:email:{counter['n']}"
        enqueue(channel="email", recipient=to, template="password_reset",
                values={"name": "Alex", "link": "http://campaignsafe.test/reset/abc"}, dedupe_key=key, **kwargs)
        db.session.commit()
        return db.session.query(Message).filter_by(dedupe_key=key).one()

    return make
