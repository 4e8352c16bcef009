"""The daily digest: due at the FEOA's London time, once per day, across DST, by email and text."""

import threading
from datetime import UTC, datetime, time

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from jobs.feoa_digest import run as digest_tick
from webapp import create_app
from webapp.extensions import db
from webapp.models import Digest, FeoaSettings, Message

GSM_7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            "¿abcdefghijklmnopqrstuvwxyzäöñüà")


def _messages():
    return db.session.scalars(select(Message).order_by(Message.id)).all()


@pytest.mark.parametrize(
    ("before", "at"),
    [
        # An ordinary Tuesday in March (GMT): 07:00 London is 07:00 UTC.
        (datetime(2027, 3, 16, 6, 59, tzinfo=UTC), datetime(2027, 3, 16, 7, 0, tzinfo=UTC)),
        # The clocks go forward on Sunday 28 March 2027: 07:00 BST is 06:00 UTC.
        (datetime(2027, 3, 28, 5, 59, tzinfo=UTC), datetime(2027, 3, 28, 6, 0, tzinfo=UTC)),
        # They go back on Sunday 31 October 2027: 07:00 GMT is 07:00 UTC (06:00 UTC is still 06:00 GMT).
        (datetime(2027, 10, 31, 6, 59, tzinfo=UTC), datetime(2027, 10, 31, 7, 0, tzinfo=UTC)),
    ],
    ids=["ordinary-day", "spring-forward", "fall-back"],
)
@pytest.mark.both_databases
def test_the_digest_goes_at_seven_london_time_once(app, clock, make_user, make_candidate, before, at):
    adviser = make_user("feoa", mobile="+447700900999")
    make_candidate()
    clock.set(before)
    digest_tick()
    assert _messages() == []
    clock.set(at)
    digest_tick()
    day = at.date().isoformat()
    assert [(m.channel, m.dedupe_key) for m in _messages()] == [
        ("email", f"digest:{adviser.id}:{day}"), ("sms", f"digest:{adviser.id}:{day}:sms")]
    for minutes in (1, 60, 600):
        clock.advance(minutes=minutes)
        digest_tick()
    assert len(_messages()) == 2
    assert db.session.scalar(select(Digest.local_date).where(Digest.feoa_id == adviser.id)).isoformat() == day


def test_a_chosen_time_is_respected(app, clock, make_user, make_candidate):
    adviser = make_user("feoa")
    db.session.add(FeoaSettings(user_id=adviser.id, digest_time=time(18, 30)))
    db.session.commit()
    make_candidate()
    clock.set(datetime(2027, 6, 1, 17, 29, tzinfo=UTC))  # 18:29 BST
    digest_tick()
    assert _messages() == []
    clock.set(datetime(2027, 6, 1, 17, 30, tzinfo=UTC))
    digest_tick()
    assert len(_messages()) == 1  # no mobile on the account: email only


def test_the_email_has_text_and_html_parts_and_one_click_unsubscribe_headers(app, clock, make_user, make_candidate,
                                                                              make_activity):
    make_user("feoa")
    make_activity(make_candidate("Casey Candidate"), in_hours=3, area="Redland")  # 10:00 alone → higher risk
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    (email,) = _messages()
    assert "Redland" in email.body and "Casey Candidate" in email.body
    html = BeautifulSoup(email.html_body, "html.parser")
    assert "Redland" in html.text
    assert html.select_one("meta[name=viewport]") is not None
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = email.headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://campaignsafe.test/feoa/digest/unsubscribe/")
    assert "1 higher-risk today" in email.subject


def test_the_sms_is_one_segment_of_plain_characters(app, clock, make_user, make_candidate, make_activity):
    make_user("feoa", mobile="+447700900999")
    for n in range(12):
        make_activity(make_candidate(f"Candidate {n}"), in_hours=1 + n % 3)
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    sms = next(m for m in _messages() if m.channel == "sms")
    assert sms.body.startswith("CampaignSafe: 0 new incidents, 12 higher-risk activities today, 12 candidates not yet contacted")
    assert len(sms.body) <= 160
    assert set(sms.body) <= GSM_7


@pytest.mark.parametrize(("choice", "expected"), [("note", ["feoa_digest_quiet"]), ("nothing", [])])
def test_an_all_quiet_day_sends_a_short_note_or_nothing(app, clock, make_user, choice, expected):
    adviser = make_user("feoa")
    db.session.add(FeoaSettings(user_id=adviser.id, quiet_day=choice))
    db.session.commit()
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    assert [m.template for m in _messages()] == expected
    assert db.session.scalar(select(Digest.id)) is not None  # the day is still done either way


def test_a_withdrawn_consent_is_gone_from_the_next_digest(app, clock, make_user, make_candidate):
    make_user("feoa")
    make_candidate("Staying Candidate")
    leaving = make_candidate("Leaving Candidate")
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    assert "Leaving Candidate" in _messages()[0].body
    leaving.set_consent(False, "candidate")
    db.session.commit()
    clock.set(datetime(2027, 3, 17, 7, 0, tzinfo=UTC))
    digest_tick()
    second = _messages()[1]
    assert "Staying Candidate" in second.body and "Leaving Candidate" not in second.body


def test_each_digest_covers_the_time_since_the_previous_one(app, clock, make_user, make_candidate):
    adviser = make_user("feoa")
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    clock.set(datetime(2027, 3, 16, 12, 0, tzinfo=UTC))
    make_candidate("New Today")
    clock.set(datetime(2027, 3, 17, 7, 0, tzinfo=UTC))
    digest_tick()
    digests = db.session.scalars(select(Digest).where(Digest.feoa_id == adviser.id).order_by(Digest.local_date)).all()
    assert digests[1].covers_from == datetime(2027, 3, 16, 7, 0, tzinfo=UTC)
    assert digests[1].summary["new_consents"] == 1
    assert "1 candidate agreed" in _messages()[-1].body


def test_turning_off_email_and_text_still_marks_the_day_done(app, clock, make_user, make_candidate):
    adviser = make_user("feoa", mobile="+447700900999")
    db.session.add(FeoaSettings(user_id=adviser.id, email_digest=False, sms_digest=False))
    db.session.commit()
    make_candidate()
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    assert _messages() == []


@pytest.mark.postgresql_only
def test_two_jobs_processes_build_exactly_one_digest_per_feoa(app, clock, make_user, make_candidate, database):
    advisers = [make_user("feoa", mobile="+447700900999") for _ in range(6)]
    make_candidate()
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    barrier = threading.Barrier(2)
    results, errors = [], []
    # Built here, not in the threads: CPython 3.11's ast.parse (werkzeug compiles each URL rule with
    # it) is not thread-safe, and two apps built at once can fail with "AST constructor recursion
    # depth mismatch".
    jobs_apps = [create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock}) for _ in range(2)]

    def jobs_process(other):
        try:
            with other.app_context():
                barrier.wait(timeout=30)
                results.append(digest_tick())
                db.session.remove()
                db.engine.dispose()
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=jobs_process, args=(other,), daemon=True) for other in jobs_apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # a stuck "process" fails the test instead of hanging the suite
    assert not any(thread.is_alive() for thread in threads), "a jobs process did not finish"
    assert errors == []
    db.session.expire_all()
    keys = [m.dedupe_key for m in _messages()]
    assert len(keys) == len(set(keys)) == 2 * len(advisers)
    assert len(db.session.scalars(select(Digest.id)).all()) == len(advisers)
