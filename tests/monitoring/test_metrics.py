"""/metrics: Prometheus' text format, read from the database at scrape time, behind a token or loopback."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from webapp.extensions import db
from webapp.models import Message, PendingReceipt
from webapp.notify.optouts import opt_out
from webapp.notify.outbox import enqueue

TOKEN = "scrape-me-please-0123456789"


def samples(text: str) -> dict:
    """{(sample name, frozenset(labels)): value} from an exposition."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels) -> float:
    return found[(name, frozenset(labels.items()))]


class TestWhoMayScrape:
    @pytest.fixture
    def app_overrides(self):
        return {"METRICS_TOKEN": TOKEN}

    @pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
    def test_without_the_right_bearer_token_metrics_answer_401(self, client, authorization):
        headers = {"Authorization": authorization} if authorization else {}
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "campaignsafe_" not in response.get_data(as_text=True)

    def test_with_the_token_metrics_answer_even_from_another_machine(self, client):
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"},
                              environ_base={"REMOTE_ADDR": "10.1.2.3"})
        assert response.status_code == 200
        assert response.content_type.startswith("text/plain")


def test_with_no_token_set_only_this_machine_may_scrape(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 403


def _message(key, channel="sms", **fields):
    enqueue(channel=channel, recipient="+447911123456" if channel == "sms" else "a@example.org",
            template="session_reminder", dedupe_key=key,
            values={"due": "09:00", "title": "Canvassing", "link": "http://x"})
    if fields:
        db.session.execute(sa.update(Message).where(Message.dedupe_key == key).values(**fields))


@pytest.mark.both_databases
def test_metrics_report_the_outbox_jobs_webhooks_and_escalation_latency_from_the_database(
        app, client, clock, overdue_session, run_jobs):
    session = overdue_session
    run_jobs(app)
    # The person misses the check-in; the jobs process comes back 40 s after tier 1 was due.
    clock.set(session.escalate_at + timedelta(seconds=40))
    run_jobs(app)  # "are you OK?" and tier 1 (the companion), handed over at once by the console backend
    clock.advance(minutes=15)
    run_jobs(app)  # tier 2 (the emergency contact), 40 s late too (its step was due at escalate_at + 15 min)
    settled_before = db.session.scalar(sa.select(sa.func.count()).select_from(Message)
                                       .where(Message.status == "delivered", Message.channel == "sms"))

    now = clock.now()
    _message("waiting-sms", due_at=now - timedelta(seconds=90))
    _message("waiting-email", channel="email", due_at=now - timedelta(seconds=30))
    _message("future-sms", due_at=now + timedelta(hours=1))
    _message("in-flight", status="sending", provider_id="SM" + "a" * 32, provider_status="sent",
             sent_at=now, lease_until=now + timedelta(minutes=5))
    _message("bad-number", status="permanent-failure", provider_status="failed")
    _message("late-sms", due_at=now - timedelta(minutes=5))
    opt_out("+447911123499", "inbound-stop")
    db.session.add(PendingReceipt(provider_id="SM" + "b" * 32, provider_status="delivered", received_at=now))
    db.session.commit()
    clock.advance(seconds=8)

    response = client.get("/metrics")
    assert response.status_code == 200
    found = samples(response.get_data(as_text=True))

    assert value(found, "campaignsafe_outbox_backlog", status="created", channel="sms") == 3
    assert value(found, "campaignsafe_outbox_backlog", status="created", channel="email") == 1
    assert value(found, "campaignsafe_outbox_backlog", status="sending", channel="sms") == 1
    assert value(found, "campaignsafe_outbox_deliveries_total", outcome="delivered", channel="sms") == settled_before
    assert value(found, "campaignsafe_outbox_deliveries_total", outcome="permanent-failure", channel="sms") == 1
    assert value(found, "campaignsafe_outbox_oldest_due_age_seconds", channel="sms") == 5 * 60 + 8
    assert value(found, "campaignsafe_outbox_oldest_due_age_seconds", channel="email") == 38
    assert value(found, "campaignsafe_outbox_late_messages") == 1

    # Tier 1 and tier 2, each handed over 40 s after it was due.
    assert value(found, "campaignsafe_escalation_latency_seconds_count") == 2
    assert value(found, "campaignsafe_escalation_latency_seconds_sum") == 80
    assert value(found, "campaignsafe_escalation_latency_seconds_bucket", le="30.0") == 0
    assert value(found, "campaignsafe_escalation_latency_seconds_bucket", le="60.0") == 2
    assert value(found, "campaignsafe_sessions_escalation_late") == 0

    assert value(found, "campaignsafe_job_last_success_age_seconds", job="deliver_due") == 8
    assert value(found, "campaignsafe_job_interval_seconds", job="deliver_due") == 5
    assert value(found, "campaignsafe_job_interval_seconds", job="session-escalation") == 15
    assert value(found, "campaignsafe_job_runs_total", job="session-escalation") == 3
    assert value(found, "campaignsafe_job_failures_total", job="session-escalation") == 0

    assert value(found, "campaignsafe_sms_provider_status", provider_status="sent") == 1
    assert value(found, "campaignsafe_sms_provider_status", provider_status="failed") == 1
    assert value(found, "campaignsafe_webhook_receipts_pending") == 1
    assert value(found, "campaignsafe_sms_opt_outs", source="inbound-stop") == 1
    assert "+44" not in response.get_data(as_text=True) and "@" not in response.get_data(as_text=True)


def test_a_job_that_never_ran_has_an_infinite_age(client):
    found = samples(client.get("/metrics").get_data(as_text=True))
    assert value(found, "campaignsafe_job_last_success_age_seconds", job="deliver_due") == float("inf")
