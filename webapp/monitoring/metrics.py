"""/metrics for Prometheus: a custom collector that reads the database at scrape time.

Nothing is counted in process memory, so the figures are right however many web and jobs
processes run: every scrape asks the database. Ages use the app's clock. Counters here are
counts of rows (they only fall if rows are ever purged).
"""

import math
from collections import defaultdict
from datetime import UTC, datetime

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import func, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import JobRun, Message, MessageStatus, PendingReceipt, SmsOptOut
from webapp.monitoring.health import job_intervals, late_condition, late_escalations
from webapp.notify.claims import SEND_AFTER, unexpired_at, waiting_by

BACKLOG = (MessageStatus.CREATED.value, MessageStatus.SENDING.value)
CHANNELS = ("sms", "email")
# Seconds from when tier 1 (or 2) was due to the first alert of that step handed to the provider.
LATENCY_BUCKETS = (15, 30, 60, 120, 300, 600, 1800)
TIMED_REASONS = {"missed", "overrun"}  # SOS and duress alerts are raised at once, not on a timer


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class DatabaseCollector(Collector):
    def collect(self):
        now = utcnow()
        yield from self._outbox(now)
        yield self._escalation_latency()
        yield GaugeMetricFamily("campaignsafe_sessions_escalation_late",
                                "Overdue sessions whose next tier is more than 2 minutes late",
                                value=len(late_escalations(now)))
        yield from self._jobs(now)
        yield from self._webhooks()

    def _outbox(self, now: datetime):
        by_status = defaultdict(int)
        for status, channel, count in db.session.execute(
                select(Message.status, Message.channel, func.count()).group_by(Message.status, Message.channel)):
            by_status[(status, channel)] = count
        backlog = GaugeMetricFamily("campaignsafe_outbox_backlog", "Messages not yet settled, by status and channel",
                                    labels=["status", "channel"])
        for status in BACKLOG:
            for channel in CHANNELS:
                backlog.add_metric([status, channel], by_status[(status, channel)])
        yield backlog
        outcomes = CounterMetricFamily("campaignsafe_outbox_deliveries",
                                       "Messages settled, by final status (outcome) and channel",
                                       labels=["outcome", "channel"])
        for status in MessageStatus:
            if status.value not in BACKLOG:
                for channel in CHANNELS:
                    outcomes.add_metric([status.value, channel], by_status[(status.value, channel)])
        yield outcomes
        oldest = GaugeMetricFamily("campaignsafe_outbox_oldest_due_age_seconds",
                                   "How long the oldest due, unsent message has waited (0 when none)",
                                   labels=["channel"])
        waiting = dict(db.session.execute(
            select(Message.channel, func.min(SEND_AFTER))
            .where(waiting_by(now), unexpired_at(now))
            .group_by(Message.channel)).all())
        for channel in CHANNELS:
            since = _aware(waiting.get(channel))
            oldest.add_metric([channel], max(0.0, (now - since).total_seconds()) if since else 0.0)
        yield oldest
        yield GaugeMetricFamily("campaignsafe_outbox_late_messages",
                                "Messages due (or abandoned mid-send) more than 2 minutes ago and still unsent",
                                value=db.session.scalar(select(func.count()).select_from(Message)
                                                        .where(late_condition(now))))

    def _escalation_latency(self):
        first_sent: dict[str, tuple[datetime, datetime]] = {}
        for key, due_at, sent_at in db.session.execute(
                select(Message.dedupe_key, Message.due_at, Message.sent_at)
                .where(Message.kind == "session-alert", Message.sent_at.is_not(None))):
            parts = key.split(":")  # escalation:<session>:<round>:<reason>:<tier>:<channel>:<hash>
            if len(parts) < 5 or parts[3] not in TIMED_REASONS:
                continue
            step = ":".join(parts[:5])
            due_at, sent_at = _aware(due_at), _aware(sent_at)
            if step not in first_sent or sent_at < first_sent[step][1]:
                first_sent[step] = (due_at, sent_at)
        latencies = [max(0.0, (sent - due).total_seconds()) for due, sent in first_sent.values()]
        buckets = [(str(float(b)), sum(1 for x in latencies if x <= b)) for b in LATENCY_BUCKETS]
        buckets.append(("+Inf", len(latencies)))
        return HistogramMetricFamily(
            "campaignsafe_escalation_latency_seconds",
            "From a session's deadline + grace (tier 1) or tier 2's moment to the first alert handed to the provider",
            buckets=buckets, sum_value=sum(latencies))

    def _jobs(self, now: datetime):
        intervals = job_intervals()
        runs = {run.name: run for run in db.session.scalars(select(JobRun))}
        age = GaugeMetricFamily("campaignsafe_job_last_success_age_seconds",
                                "Seconds since each job last succeeded (+Inf if it never has)", labels=["job"])
        interval = GaugeMetricFamily("campaignsafe_job_interval_seconds", "How often each interval job runs",
                                     labels=["job"])
        runs_total = CounterMetricFamily("campaignsafe_job_runs", "Runs of each job", labels=["job"])
        failures = CounterMetricFamily("campaignsafe_job_failures", "Runs of each job that failed", labels=["job"])
        for name in sorted(set(intervals) | set(runs)):
            run = runs.get(name)
            succeeded = _aware(run.last_succeeded_at) if run else None
            age.add_metric([name], (now - succeeded).total_seconds() if succeeded else math.inf)
            if name in intervals:
                interval.add_metric([name], intervals[name])
            runs_total.add_metric([name], run.run_count if run else 0)
            failures.add_metric([name], run.failure_count if run else 0)
        yield from (age, interval, runs_total, failures)

    def _webhooks(self):
        statuses = GaugeMetricFamily("campaignsafe_sms_provider_status",
                                     "Texts by the last status Twilio reported (status callbacks applied)",
                                     labels=["provider_status"])
        for status, count in db.session.execute(
                select(Message.provider_status, func.count()).where(Message.channel == "sms",
                                                                    Message.provider_status.is_not(None))
                .group_by(Message.provider_status)):
            statuses.add_metric([status], count)
        yield statuses
        yield GaugeMetricFamily("campaignsafe_webhook_receipts_pending",
                                "Status callbacks kept because their message's provider id was not stored yet",
                                value=db.session.scalar(select(func.count()).select_from(PendingReceipt)))
        opt_outs = GaugeMetricFamily("campaignsafe_sms_opt_outs", "Numbers on our STOP list, by how they got there",
                                     labels=["source"])
        for source, count in db.session.execute(select(SmsOptOut.source, func.count()).group_by(SmsOptOut.source)):
            opt_outs.add_metric([source], count)
        yield opt_outs


def registry() -> CollectorRegistry:
    """A registry holding only our collector (no process metrics: they would describe one process)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    return registry
