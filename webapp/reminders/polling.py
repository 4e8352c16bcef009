"""When an activity's message list refreshes itself: the one place that decides it.

The list polls only while a message is on its way: being sent, handed to the provider a moment ago
(its receipt is coming), or due within IMMINENT. Otherwise it asks once, IMMINENT before the next
message falls due (at most MAX_WAIT ahead: a plan made days early re-arms now and then rather than
trusting one timer for days), and not at all when nothing is left to send. Polling for the whole
outing was most of a campaign Saturday's requests (issue 17).
"""

import hashlib
import math
from datetime import datetime, timedelta

IMMINENT = timedelta(minutes=5)
POLL_EVERY = "every 10s"
MAX_WAIT = timedelta(hours=6)


def _on_its_way(message, now: datetime) -> bool:
    if message.status == "sending":
        return message.sent_at is None or message.sent_at > now - IMMINENT
    return message.status == "created" and message.due_at <= now + IMMINENT


def refresh_trigger(messages, now: datetime) -> str | None:
    """The list's `hx-trigger`: POLL_EVERY, a one-shot `load delay:<s>s`, or None (nothing left to send)."""
    if any(_on_its_way(m, now) for m in messages):
        return POLL_EVERY
    upcoming = [m.due_at for m in messages if m.status == "created"]
    if not upcoming:
        return None
    wait = min(min(upcoming) - IMMINENT - now, MAX_WAIT)
    return f"load delay:{max(1, math.ceil(wait.total_seconds()))}s"


def list_etag(messages, trigger: str | None) -> str:
    """What the list shows that can change while it polls: each message's id, status and times, and the trigger."""
    shown = [(m.id, m.status, m.attempts, m.due_at, m.sent_at) for m in messages]
    return hashlib.blake2b(repr((shown, trigger)).encode(), digest_size=12).hexdigest()


def list_context(messages, now: datetime) -> dict:
    """What the list's template needs: the messages, its trigger and the ETag it sends back with each poll."""
    trigger = refresh_trigger(messages, now)
    return {"messages": messages, "messages_trigger": trigger, "messages_etag": list_etag(messages, trigger)}
