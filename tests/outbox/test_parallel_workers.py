"""On PostgreSQL: several jobs processes deliver side by side, and one killed mid-batch loses nothing.

The workers are real `flask --app webapp jobs tick` subprocesses with their own app and the
system clock, sending through the real twilio client to the fake Twilio server in this process.
"""

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from tests.conftest import POSTGRES_URL
from webapp.extensions import db
from webapp.models import Message
from webapp.notify.delivery import deliver_due

pytestmark = pytest.mark.postgresql_only
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_overrides(fake_twilio):
    # The in-process deliverer here sends over a thousand texts at once on a busy machine: give the
    # fake the same patience the worker subprocesses have, so a slow answer is not taken for a failure.
    return {**fake_twilio.settings, "TWILIO_TIMEOUT": 10.0}


def add_due_texts(count: int) -> None:
    """`count` distinct texts, due a minute ago by the real clock (the subprocesses' clock)."""
    due = datetime.now(UTC) - timedelta(minutes=1)
    rows = [{"dedupe_key": f"load:{n}", "channel": "sms", "recipient": f"+4477009{n % 100000:05d}",
             "template": "test_text", "values": {}, "subject": "", "body": f"Reminder number {n}. In danger call 999.",
             "due_at": due, "status": "created", "attempts": 0, "created_at": due, "updated_at": due,
             "kind": "", "urgent": False} for n in range(count)]
    for start in range(0, count, 1000):
        db.session.execute(insert(Message), rows[start:start + 1000])
    db.session.commit()


def start_worker(fake_twilio, capture=True, **settings) -> subprocess.Popen:
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": POSTGRES_URL, "SECRET_KEY": "worker-test",
           "PUBLIC_BASE_URL": "http://campaignsafe.test", "SMS_BACKEND": "twilio",
           "TWILIO_ACCOUNT_SID": fake_twilio.account_sid, "TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
           "TWILIO_FROM_NUMBER": "+447700900000", "TWILIO_API_BASE_URL": fake_twilio.url, "TWILIO_TIMEOUT": "10",
           **{key: str(value) for key, value in settings.items()}}
    output = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "jobs", "tick"], cwd=ROOT, env=env,
                            stdout=output, stderr=output)


def statuses() -> dict:
    db.session.expire_all()
    return dict(db.session.execute(select(Message.status, func.count()).group_by(Message.status)).all())


def test_two_jobs_processes_send_five_thousand_texts_each_exactly_once(app, fake_twilio):
    add_due_texts(5000)
    workers = [start_worker(fake_twilio, DELIVERY_BATCH_SIZE=100, DELIVERY_CONCURRENCY=8) for _ in range(2)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert len(fake_twilio.sent) == 5000
    assert fake_twilio.duplicates() == {}
    assert statuses() == {"sending": 5000}  # accepted by Twilio, waiting for receipts
    sids = set(db.session.scalars(select(Message.provider_id)))
    assert sids == {m["sid"] for m in fake_twilio.sent}
    # Both processes did a share of the work ("deliver_due: {'accepted': N}").
    shares = [int(out.decode().split("'accepted': ")[1].split("}")[0].split(",")[0]) for out, _ in outputs]
    assert sum(shares) == 5000 and min(shares) > 0


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(app, clock, fake_twilio):
    add_due_texts(1500)
    fake_twilio.answer_slowly(0.01)
    worker = start_worker(fake_twilio, capture=False, DELIVERY_BATCH_SIZE=200, DELIVERY_CONCURRENCY=8, DELIVERY_LEASE_SECONDS=60)
    assert fake_twilio.wait_until_sent(300, timeout=60)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    fake_twilio.answer_slowly(0)
    before = statuses()
    assert before.get("created", 0) > 0  # it really died mid-way
    # Another process takes over once the dead one's leases have run out.
    clock.set(datetime.now(UTC) + timedelta(minutes=2))
    deliver_due()
    leftovers = db.session.execute(select(Message.error_code, Message.last_error).where(Message.status != "sending")).all()
    assert statuses() == {"sending": 1500}, leftovers[:3]
    assert len(fake_twilio.sent) == 1500
    assert fake_twilio.duplicates() == {}
