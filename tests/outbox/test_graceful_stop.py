"""A deploy or restart costs seconds, not a lease: SIGTERM makes the jobs process stop claiming,
finish what is on the wire and hand back the rest, which another process sends at once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from tests.conftest import POSTGRES_URL
from tests.outbox.test_parallel_workers import ROOT, add_due_texts, statuses
from webapp.extensions import db
from webapp.models import Message


@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


def start_jobs_process(fake_twilio, **settings) -> subprocess.Popen:
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": POSTGRES_URL, "SECRET_KEY": "worker-test",
           "PUBLIC_BASE_URL": "http://campaignsafe.test", "SMS_BACKEND": "twilio",
           "TWILIO_ACCOUNT_SID": fake_twilio.account_sid, "TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
           "TWILIO_FROM_NUMBER": "+447700900000", "TWILIO_API_BASE_URL": fake_twilio.url, "TWILIO_TIMEOUT": "5",
           "DELIVERY_TICK_SECONDS": "1", "DELIVERY_BATCH_SIZE": "50", "DELIVERY_CONCURRENCY": "4",
           **{key: str(value) for key, value in settings.items()}}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "jobs", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.postgresql_only
def test_a_jobs_process_told_to_stop_hands_back_its_unsent_texts_to_the_next_at_once(app, fake_twilio):
    add_due_texts(600)
    fake_twilio.answer_slowly(0.05)  # a slow provider: the first process is mid-drain when told to stop
    first = start_jobs_process(fake_twilio)
    assert fake_twilio.wait_until_sent(60, timeout=60)
    told = time.monotonic()
    first.send_signal(signal.SIGTERM)
    output, _ = first.communicate(timeout=15)
    stopped_after = time.monotonic() - told
    assert first.returncode == 0, output
    assert stopped_after < 5, output
    assert "jobs process stopped:" in output and "handed back for another process" in output
    sent_by_first = len(fake_twilio.sent)
    assert sent_by_first < 600  # it really stopped mid-way
    # Nothing is left leased: every unsent row is due again now.
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Message.status == "sending",
                                                        Message.sent_at.is_(None))) == 0
    assert statuses().get("created", 0) == 600 - sent_by_first

    fake_twilio.answer_slowly(0)
    second = start_jobs_process(fake_twilio, DELIVERY_CONCURRENCY=16)
    try:
        assert fake_twilio.wait_until_sent(600, timeout=10), f"{len(fake_twilio.sent)} of 600 after 10 s"
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=15)
    assert fake_twilio.duplicates() == {}
    assert statuses() == {"sending": 600}


def test_a_lease_shorter_than_five_send_timeouts_is_refused_at_start(app):
    app.config.update(DELIVERY_LEASE_SECONDS=30, TWILIO_TIMEOUT=10)
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 1
    assert "DELIVERY_LEASE_SECONDS is 30 s, shorter than 5 × the send timeout (10 s" in result.output
