"""Each Twilio webhook is acted on once: a replay answers 200 and changes nothing.

Twilio's signature covers the URL and the parameters but no time, so a captured request verifies for ever;
Twilio itself also retries a callback it thinks failed. Every message has its own MessageSid, and a status
callback is sent once per status, so the keys are `inbound:<MessageSid>` and `status:<MessageSid>:<status>`.
The key is inserted (insert-ignore under its primary key) in the same transaction as the change it guards:
two copies arriving together make one change, and a failed handling leaves the key free for Twilio's retry.
"""

from webapp.clock import utcnow
from webapp.models import ProcessedWebhook
from webapp.upsert import insert_ignore


def first_time(key: str) -> bool:
    """Claim `key` for this request; False when it was already handled (the caller answers and stops)."""
    return insert_ignore(ProcessedWebhook, {"key": key}, received_at=utcnow())
