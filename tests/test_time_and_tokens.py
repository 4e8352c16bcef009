from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import AuditEntry
from webapp.timeutil import (
    NonexistentLocalTime,
    london_day_bounds,
    london_to_utc,
    next_may_polling_day,
)
from webapp.tokens import ExpiredToken, InvalidToken, make_token, read_token


@pytest.mark.both_databases
def test_a_stored_time_comes_back_as_the_same_utc_moment(app):
    moment = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    db.session.add(AuditEntry(action="test", at=moment))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(sa.select(AuditEntry.at))
    assert stored == moment and stored.tzinfo is not None


@pytest.mark.both_databases
def test_a_naive_time_is_refused_rather_than_stored_wrongly(app):
    db.session.add(AuditEntry(action="test", at=datetime(2027, 1, 1, 12, 0)))
    with pytest.raises(sa.exc.StatementError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize(
    ("local", "expected_utc"),
    [
        (datetime(2027, 3, 27, 10, 0), datetime(2027, 3, 27, 10, 0, tzinfo=UTC)),  # GMT
        (datetime(2027, 3, 29, 10, 0), datetime(2027, 3, 29, 9, 0, tzinfo=UTC)),  # BST
        (datetime(2027, 10, 31, 1, 30), datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # repeated hour: the first
        (datetime(2027, 11, 1, 10, 0), datetime(2027, 11, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_uk_wall_clock_times_convert_to_utc_across_the_clock_changes(local, expected_utc):
    assert london_to_utc(local) == expected_utc


def test_a_time_skipped_when_the_clocks_go_forward_is_refused():
    with pytest.raises(NonexistentLocalTime):
        london_to_utc(datetime(2027, 3, 28, 1, 30))


def test_the_days_the_clocks_change_are_23_and_25_hours_long():
    start, end = london_day_bounds(date(2027, 3, 28))
    assert end - start == timedelta(hours=23)
    start, end = london_day_bounds(date(2027, 10, 31))
    assert end - start == timedelta(hours=25)


@pytest.mark.parametrize(
    ("today", "polling_day"),
    [(date(2026, 11, 24), date(2027, 5, 6)), (date(2027, 5, 6), date(2027, 5, 6)), (date(2027, 5, 7), date(2028, 5, 4))],
)
def test_the_next_polling_day_is_the_first_thursday_in_may(today, polling_day):
    assert next_may_polling_day(today) == polling_day


def test_a_signed_link_works_until_it_expires_by_the_app_clock(app, clock):
    token = make_token("test", {"n": 1})
    clock.advance(minutes=59)
    assert read_token("test", token, 3600) == {"n": 1}
    clock.advance(minutes=2)
    with pytest.raises(ExpiredToken):
        read_token("test", token, 3600)


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: ""])
def test_a_tampered_link_is_refused(app, tamper):
    token = make_token("test", {"n": 1})
    with pytest.raises(InvalidToken):
        read_token("test", tamper(token), 3600)


def test_a_link_made_for_one_purpose_is_refused_for_another(app):
    with pytest.raises(InvalidToken):
        read_token("other", make_token("test", {"n": 1}), 3600)
