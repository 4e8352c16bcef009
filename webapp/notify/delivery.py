"""Delivering due outbox rows: claim a batch, send outside the claiming transaction, record.

`deliver_due(limit=...)` is what the jobs process runs every few seconds (and what tests call
through `run_jobs(app)`). Safe in any number of processes: rows are claimed atomically with a
lease (webapp.notify.claims). Sending happens in a thread pool (DELIVERY_CONCURRENCY) because
providers answer slowly; the database is only touched from the calling thread.
"""

import logging
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, or_, update

from webapp import stopping
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, MessageStatus
from webapp.notify import backends as b
from webapp.notify.claims import claim_due, release
from webapp.notify.optouts import opt_out, opted_out_among
from webapp.notify.receipts import apply_pending_receipts
from webapp.notify.smtp_backend import SmtpBackend
from webapp.notify.twilio_backend import TwilioBackend

log = logging.getLogger(__name__)  # message ids and outcomes only: never a number, address or text

RECORD_EVERY = 100  # results written per transaction: a crash can only leave this few unrecorded
UNCONFIRMED = "unconfirmed"
EXPIRED = "expired"
NOT_SENT = "not-sent"  # stopping: the row was never handed to the provider; it goes back as it was
LEASE_PER_SEND_TIMEOUT = 5  # a lease shorter than this many send timeouts is refused at start-up


class RateLimiter:
    """At most `per_second` sends a second across this process's sending threads (0: no limit)."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second else 0.0
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            slot = max(self._next, time.monotonic())
            self._next = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def backends_for(config: dict) -> dict[str, b.Backend]:
    """{"sms": backend, "email": backend} from SMS_BACKEND (console|twilio) and MAIL_BACKEND (console|smtp)."""
    sms_kind, mail_kind = config.get("SMS_BACKEND", "console"), config.get("MAIL_BACKEND", "console")
    sms = {"console": b.ConsoleBackend, "twilio": TwilioBackend}.get(sms_kind)
    mail = {"console": b.ConsoleBackend, "smtp": SmtpBackend}.get(mail_kind)
    if sms is None:
        raise RuntimeError(f"SMS_BACKEND must be console or twilio, not {sms_kind!r}")
    if mail is None:
        raise RuntimeError(f"MAIL_BACKEND must be console or smtp, not {mail_kind!r}")
    echo = sys.stderr if config.get("ENV_NAME") == "development" else None
    return {"sms": sms(config) if sms is TwilioBackend else sms(),
            "email": mail(config) if mail is SmtpBackend else mail(echo)}


def deliver_due(limit: int | None = None) -> dict:
    """Send every due message (up to `limit`); returns counts by outcome.

    A pipeline: the next batch is claimed while the previous one is still being sent, so the
    sending threads never wait for the database; results are written every RECORD_EVERY.
    When the jobs process is told to stop (webapp.stopping) it claims nothing more, hands back
    the rows not yet started, and waits up to one send timeout for the sends on the wire.
    """
    config = dict(current_app.config)
    backends = backends_for(config)
    limiter = RateLimiter(float(config["SMS_RATE_PER_SECOND"]))
    concurrency = int(config["DELIVERY_CONCURRENCY"])
    batch_size = int(config["DELIVERY_BATCH_SIZE"])
    counts: Counter = Counter()
    counts["expired"] += expire_overdue()
    apply_pending_receipts()
    remaining = limit if limit is not None else int(config["DELIVERY_MAX_PER_TICK"])
    in_flight: dict = {}  # future -> (outgoing, claim token, attempts)
    done: list = []
    exhausted = False
    stop_deadline = None
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="deliver")
    try:
        while True:
            if stop_deadline is None and stopping.stop_requested():
                exhausted = True
                stop_deadline = time.monotonic() + send_timeout(config) + 1
                counts[NOT_SENT] += _release_unstarted(in_flight)
            if not exhausted and remaining > 0 and len(in_flight) < concurrency + batch_size // 2:
                now = utcnow()
                token, rows = claim_due(now, min(batch_size, remaining), int(config["DELIVERY_LEASE_SECONDS"]))
                remaining -= len(rows)
                exhausted = not rows
                send_by = time.monotonic() + int(config["DELIVERY_LEASE_SECONDS"]) * 0.8
                done.extend(_start_batch(rows, token, now, send_by, backends, pool, limiter, in_flight))
            if not in_flight:
                break
            if stop_deadline is not None and time.monotonic() > stop_deadline:
                # Still on the wire after a whole send timeout: leave these rows to their lease (the
                # next claim looks first); handing them back now could race the answer.
                counts["abandoned"] += len(in_flight)
                break
            finished, _ = wait(list(in_flight), timeout=1.0 if stop_deadline is None else 0.1,
                               return_when=FIRST_COMPLETED)
            for future in finished:
                outgoing, token, attempts = in_flight.pop(future)
                done.append((outgoing, token, attempts, future.result()))
            if len(done) >= RECORD_EVERY or (exhausted and not in_flight):
                _record(done, config, counts)
                done = []
        _record(done, config, counts)
    finally:
        pool.shutdown(wait=not counts["abandoned"], cancel_futures=True)
    if stop_deadline is not None:
        stopping.note(sent=counts["accepted"] + counts["delivered"], released=counts[NOT_SENT],
                      abandoned=counts["abandoned"])
    if counts["accepted"]:
        apply_pending_receipts()
    outcome = {key: value for key, value in counts.items() if value}
    if outcome:
        log.info("delivery: %s", ", ".join(f"{value} {key}" for key, value in sorted(outcome.items())))
    return outcome


def send_timeout(config: dict) -> float:
    """The longest a single send may take (Twilio's or the mail server's timeout)."""
    return max(float(config.get("TWILIO_TIMEOUT", 10)), float(config.get("MAIL_TIMEOUT", 10)))


def lease_problem(config: dict) -> str | None:
    """Why these settings could send a message twice, or None. A lease must outlast several send
    timeouts, or another process may claim a row while this one is still waiting for Twilio."""
    lease, timeout = float(config["DELIVERY_LEASE_SECONDS"]), send_timeout(config)
    if lease >= LEASE_PER_SEND_TIMEOUT * timeout:
        return None
    return (f"DELIVERY_LEASE_SECONDS is {lease:g} s, shorter than {LEASE_PER_SEND_TIMEOUT} × the send timeout "
            f"({timeout:g} s, the longer of TWILIO_TIMEOUT and MAIL_TIMEOUT). Another jobs process could take a "
            f"message while this one is still sending it. Set DELIVERY_LEASE_SECONDS to at least "
            f"{LEASE_PER_SEND_TIMEOUT * timeout:g}, or lower the timeouts.")


def _release_unstarted(in_flight: dict) -> int:
    """Stopping: cancel the sends no thread has started and hand their rows back at once."""
    by_token: dict = {}
    for future in list(in_flight):
        if future.cancel():
            outgoing, token, _ = in_flight.pop(future)
            by_token.setdefault(token, []).append(outgoing.id)
    now = utcnow()
    released = sum(release(token, ids, now) for token, ids in by_token.items())
    db.session.commit()
    return released


def expire_overdue() -> int:
    """Rows whose moment has passed before they could be sent expire unsent. Commits."""
    now = utcnow()
    result = db.session.execute(
        update(Message)
        .where(Message.status == MessageStatus.CREATED.value, Message.expires_at <= now)
        .values(status=MessageStatus.EXPIRED.value, error_code=EXPIRED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def _start_batch(rows, token, now, send_by, backends, pool, limiter, in_flight) -> list:
    """Submit a claimed batch to the sending threads; returns the rows settled without sending."""
    blocked = opted_out_among(r.recipient for r in rows if r.channel == "sms")
    settled = []
    for row in rows:
        outgoing = b.Outgoing(row.id, row.channel, row.recipient, row.subject or "", row.body,
                              row.html_body, row.expires_at, now, row.headers)
        if row.expires_at is not None and row.expires_at <= now:
            settled.append((outgoing, token, row.attempts, b.SendResult(EXPIRED, error_code=EXPIRED)))
        elif row.channel == "sms" and row.recipient in blocked:
            settled.append((outgoing, token, row.attempts,
                            b.SendResult(b.PERMANENT, error_code="opted-out", detail="on our STOP list")))
        else:
            future = pool.submit(_send_one, backends[row.channel], outgoing, row.maybe_sent,
                                 limiter if row.channel == "sms" else None, send_by)
            in_flight[future] = (outgoing, token, row.attempts)
    return settled


def _send_one(backend, outgoing: b.Outgoing, check_first: bool, limiter: RateLimiter | None,
              send_by: float) -> b.SendResult:
    """Runs in a sending thread: no database, no app context."""
    try:
        if check_first:
            found = backend.find_sent(outgoing)
            if found:
                return b.SendResult(b.ACCEPTED, provider_id=found, detail="already taken by the provider")
        if limiter:
            limiter.wait()
        if stopping.stop_requested():
            return b.SendResult(NOT_SENT, detail="the jobs process stopped before sending it")
        if time.monotonic() > send_by:  # our lease is nearly over: another process may take the row
            return b.SendResult(b.RETRY, error_code="lease-ran-out", detail="not sent before our claim ran out")
        return backend.send(outgoing)
    except Exception as error:  # a bug or an odd provider answer must not lose the row
        return b.SendResult(b.RETRY, error_code=UNCONFIRMED, detail=f"{type(error).__name__}: {error}",
                            ambiguous=True)


def _backoff(attempt: int, config: dict, retry_after: float | None = None) -> timedelta:
    """Exponential backoff with jitter: base·2^(n-1), capped, then a random half to full of it.
    The provider's Retry-After, when it gave one, is the earliest next attempt."""
    ceiling = min(float(config["DELIVERY_RETRY_CAP_SECONDS"]),
                  float(config["DELIVERY_RETRY_BASE_SECONDS"]) * 2 ** max(0, attempt - 1))
    return timedelta(seconds=max(random.uniform(ceiling / 2, ceiling), retry_after or 0))


_RECORD = (
    update(Message.__table__)
    .where(Message.__table__.c.id == bindparam("b_id"),
           Message.__table__.c.claim_token == bindparam("b_token"),
           Message.__table__.c.status == MessageStatus.SENDING.value)
    .values(status=bindparam("b_status"), provider_id=bindparam("b_provider_id"),
            provider_status=bindparam("b_provider_status"), error_code=bindparam("b_error_code"),
            last_error=bindparam("b_last_error"), sent_at=bindparam("b_sent_at"),
            delivered_at=bindparam("b_delivered_at"), next_attempt_at=bindparam("b_next_attempt_at"),
            lease_until=None, claim_token=None, updated_at=bindparam("b_now"),
            # Sticky: once an attempt may have reached the provider, every later one looks first.
            maybe_sent=or_(Message.__table__.c.maybe_sent, bindparam("b_ambiguous")))
)


def _record(done, config, counts) -> None:
    """Write the outcomes (only rows this worker still holds) and commit."""
    if not done:
        return
    now = utcnow()
    params = []
    unsent: dict = {}  # token -> ids handed back unsent (stopping)
    for outgoing, token, attempts, result in done:
        row = {"b_id": outgoing.id, "b_token": token, "b_now": now, "b_provider_id": result.provider_id,
               "b_provider_status": None, "b_error_code": result.error_code, "b_last_error": result.detail,
               "b_sent_at": None, "b_delivered_at": None, "b_next_attempt_at": None,
               "b_ambiguous": result.ambiguous}
        outcome = result.outcome
        if outcome == NOT_SENT:
            unsent.setdefault(token, []).append(outgoing.id)
            counts[outcome] += 1
            continue
        if outcome == b.ACCEPTED:
            row.update(b_status=MessageStatus.SENDING.value, b_sent_at=now, b_provider_status="queued")
        elif outcome == b.DELIVERED:
            row.update(b_status=MessageStatus.DELIVERED.value, b_sent_at=now, b_delivered_at=now)
        elif outcome == b.RETRY and attempts < int(config["DELIVERY_MAX_ATTEMPTS"]):
            row.update(b_status=MessageStatus.CREATED.value,
                       b_next_attempt_at=now + _backoff(attempts, config, result.retry_after))
        elif outcome == b.RETRY:
            outcome = "gave-up"
            row.update(b_status=MessageStatus.TECHNICAL_FAILURE.value)
        elif outcome == EXPIRED:
            row.update(b_status=MessageStatus.EXPIRED.value)
        else:  # permanent, opted out
            row.update(b_status=MessageStatus.PERMANENT_FAILURE.value)
            if outcome == b.OPTED_OUT:
                opt_out(outgoing.recipient, "twilio-21610")
        counts[outcome] += 1
        params.append(row)
        log.debug("message %s: %s %s %s", outgoing.id, outcome, result.error_code or "", result.provider_id or "")
    if params:
        db.session.execute(_RECORD, params)
    for token, ids in unsent.items():
        release(token, ids, now)
    db.session.commit()
