"""Insert-if-absent has one home (webapp/upsert.py), on SQLite and PostgreSQL alike."""

import pytest
from sqlalchemy import func, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import SmsOptOut
from webapp.upsert import insert_ignore, insert_ignore_rows


@pytest.mark.both_databases
def test_insert_ignore_inserts_once_and_says_which_call_did(app):
    first = insert_ignore(SmsOptOut, {"phone": "+447700900123"}, source="sms", created_at=utcnow())
    second = insert_ignore(SmsOptOut, {"phone": "+447700900123"}, source="web", created_at=utcnow())
    assert (first, second) == (True, False)
    assert db.session.get(SmsOptOut, "+447700900123").source == "sms"


@pytest.mark.both_databases
def test_insert_ignore_rows_leaves_out_the_rows_whose_key_is_taken(app):
    insert_ignore(SmsOptOut, {"phone": "+447700900001"}, source="sms", created_at=utcnow())
    insert_ignore_rows(SmsOptOut, [{"phone": f"+44770090000{n}", "source": "web", "created_at": utcnow()}
                                   for n in (1, 2, 3)], key=["phone"])
    assert db.session.scalar(select(func.count()).select_from(SmsOptOut)) == 3
    assert db.session.get(SmsOptOut, "+447700900001").source == "sms"
