import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Message
from webapp.notify.outbox import enqueue


def _reset_link(key):
    return enqueue(channel="email", recipient="asha@example.org", template="password_reset",
                   values={"name": "Asha", "link": "http://campaignsafe.test/r/x"}, dedupe_key=key)


@pytest.mark.both_databases
def test_enqueueing_says_whether_it_added_a_message_and_never_adds_one_twice(app):
    assert _reset_link("reset:1") is True
    assert _reset_link("reset:1") is False
    assert _reset_link("reset:2") is True
    db.session.commit()
    assert db.session.scalar(select(func.count(Message.id))) == 2


def test_an_unknown_channel_is_refused(app):
    with pytest.raises(ValueError, match="unknown channel"):
        enqueue(channel="fax", recipient="x", template="password_reset", values={}, dedupe_key="k")
