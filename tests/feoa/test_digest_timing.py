"""When digests go: at each adviser's chosen London time, never when the jobs process starts or
the account is made, each covering exactly the time since the previous one, across DST changes;
and the preview names the same slot and period."""

from datetime import UTC, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from jobs.feoa_digest import run as digest_tick
from webapp.extensions import db
from webapp.models import Digest, FeoaSettings, Message


def _digests(adviser):
    return db.session.scalars(select(Digest).where(Digest.feoa_id == adviser.id).order_by(Digest.local_date)).all()


def _tick_every(clock, start, end, minutes=15):
    """A jobs process running from `start` to `end`, ticking every `minutes`."""
    clock.set(start)
    while clock.now() < end:
        digest_tick()
        clock.advance(minutes=minutes)


def test_nothing_is_sent_when_the_jobs_process_starts_in_the_evening(app, clock, make_user, make_candidate):
    adviser = make_user("feoa", mobile="+447911123456")
    make_candidate()
    clock.set(datetime(2027, 3, 16, 22, 27, tzinfo=UTC))  # the jobs process starts at 22:27
    digest_tick()
    assert db.session.scalars(select(Message)).all() == [] and _digests(adviser) == []
    _tick_every(clock, datetime(2027, 3, 16, 22, 30, tzinfo=UTC), datetime(2027, 3, 17, 7, 1, tzinfo=UTC))
    (digest,) = _digests(adviser)
    assert digest.built_at == datetime(2027, 3, 17, 7, 0, tzinfo=UTC)
    assert digest.covers_from == datetime(2027, 3, 16, 7, 0, tzinfo=UTC)  # the first: 24 hours before its time


def test_a_just_created_adviser_gets_their_first_digest_at_their_next_time(app, clock, make_user):
    clock.set(datetime(2027, 3, 16, 10, 0, tzinfo=UTC))
    adviser = make_user("feoa", created_at=clock.now())
    digest_tick()
    assert _digests(adviser) == []
    _tick_every(clock, clock.now(), datetime(2027, 3, 17, 12, 0, tzinfo=UTC))
    assert [d.built_at for d in _digests(adviser)] == [datetime(2027, 3, 17, 7, 0, tzinfo=UTC)]


@pytest.mark.parametrize(("late", "sent"), [(30, True), (60, True), (61, False)])
def test_a_jobs_process_back_within_the_hour_sends_the_digest_later_ones_wait(app, clock, make_user, late, sent):
    adviser = make_user("feoa")
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC) + timedelta(minutes=late))
    digest_tick()
    assert bool(_digests(adviser)) is sent


@pytest.mark.both_databases
@pytest.mark.parametrize(("start", "slots"), [
    # Saturday 27 March 2027 (GMT) to Monday: the clocks go forward on Sunday 28 March.
    (datetime(2027, 3, 27, 0, 0, tzinfo=UTC), [datetime(2027, 3, 27, 7, 0, tzinfo=UTC),
                                               datetime(2027, 3, 28, 6, 0, tzinfo=UTC),
                                               datetime(2027, 3, 29, 6, 0, tzinfo=UTC)]),
    # Saturday 30 October 2027 (BST) to Monday: the clocks go back on Sunday 31 October.
    (datetime(2027, 10, 30, 0, 0, tzinfo=UTC), [datetime(2027, 10, 30, 6, 0, tzinfo=UTC),
                                                datetime(2027, 10, 31, 7, 0, tzinfo=UTC),
                                                datetime(2027, 11, 1, 7, 0, tzinfo=UTC)]),
], ids=["spring-forward", "fall-back"])
def test_across_a_dst_change_each_digest_goes_at_seven_uk_time_and_covers_since_the_previous(
        app, clock, make_user, start, slots):
    adviser = make_user("feoa")
    _tick_every(clock, start, start + timedelta(days=3))
    digests = _digests(adviser)
    assert [d.built_at for d in digests] == slots
    assert [d.covers_from for d in digests] == [slots[0] - timedelta(hours=24), slots[0], slots[1]]


def test_a_chosen_evening_time_is_kept_across_days(app, clock, make_user):
    adviser = make_user("feoa")
    db.session.add(FeoaSettings(user_id=adviser.id, digest_time=time(18, 30)))
    db.session.commit()
    _tick_every(clock, datetime(2027, 6, 1, 0, 0, tzinfo=UTC), datetime(2027, 6, 3, 0, 0, tzinfo=UTC))
    assert [d.built_at for d in _digests(adviser)] == [datetime(2027, 6, 1, 17, 30, tzinfo=UTC),
                                                       datetime(2027, 6, 2, 17, 30, tzinfo=UTC)]


def _period(client) -> str:
    page = BeautifulSoup(client.get("/feoa/digest").data, "html.parser")
    return " ".join(page.select_one("#digest-period").text.split())


def test_the_preview_says_which_period_the_next_digest_will_cover(app, client, clock, feoa):
    # Tuesday 16 March, 09:00: no digest yet; the next goes on Wednesday at 07:00.
    assert _period(client).startswith("Your next digest goes at Wed 17 Mar 2027, 07:00. "
                                      "It covers everything from Tue 16 Mar 2027, 07:00 until then")
    clock.set(datetime(2027, 3, 17, 7, 0, tzinfo=UTC))
    digest_tick()
    clock.set(datetime(2027, 3, 17, 12, 0, tzinfo=UTC))
    assert _period(client).startswith("Your next digest goes at Thu 18 Mar 2027, 07:00. "
                                      "It covers everything from Wed 17 Mar 2027, 07:00 until then")
    clock.set(datetime(2027, 3, 18, 7, 0, tzinfo=UTC))
    digest_tick()
    assert _digests(feoa)[-1].covers_from == datetime(2027, 3, 17, 7, 0, tzinfo=UTC)  # what the preview said
