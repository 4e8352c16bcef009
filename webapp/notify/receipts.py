"""Delivery receipts (Twilio status callbacks) applied to outbox rows.

A final status is never overwritten: only a row still "sending" changes. A receipt whose
provider id we have not stored yet (it can overtake our own write) is kept and applied by
the next delivery tick, never dropped.
"""

from datetime import timedelta

from sqlalchemy import delete, exists, select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, MessageStatus, PendingReceipt
from webapp.notify.optouts import opt_out

IN_FLIGHT = {"queued", "accepted", "scheduled", "sending", "sent"}
KEEP_UNMATCHED = timedelta(days=3)


def status_for(provider_status: str, error_code: str | None) -> str | None:
    """Our status for a Twilio status, or None while it is still on its way."""
    if provider_status in IN_FLIGHT:
        return None
    if provider_status in {"delivered", "read"}:
        return MessageStatus.DELIVERED.value
    if provider_status == "undelivered" and error_code in {None, "", "30003", "30001", "30002"}:
        return MessageStatus.TEMPORARY_FAILURE.value
    if provider_status == "canceled":
        return MessageStatus.CANCELLED.value
    return MessageStatus.PERMANENT_FAILURE.value


def apply_receipt(provider_id: str, provider_status: str, error_code: str | None) -> str:
    """Apply one receipt. Returns "applied", "ignored" (already final) or "pending" (unknown id)."""
    now = utcnow()
    values = {"provider_status": provider_status[:20], "updated_at": now}
    final = status_for(provider_status, error_code)
    if final:
        values.update(status=final, error_code=error_code or None, lease_until=None)
        if final == MessageStatus.DELIVERED.value:
            values["delivered_at"] = now
    result = db.session.execute(
        update(Message)
        .where(Message.provider_id == provider_id, Message.status == MessageStatus.SENDING.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        if error_code == "21610":
            for recipient in db.session.scalars(select(Message.recipient).where(Message.provider_id == provider_id)):
                opt_out(recipient, "twilio-21610")
        return "applied"
    if db.session.scalar(select(exists().where(Message.provider_id == provider_id))):
        return "ignored"
    db.session.add(PendingReceipt(provider_id=provider_id, provider_status=provider_status[:20],
                                  error_code=error_code or None, received_at=now))
    return "pending"


def apply_pending_receipts() -> int:
    """Apply kept receipts whose message now has its provider id; forget very old ones. Commits."""
    applied = 0
    matched = db.session.scalars(
        select(PendingReceipt)
        .where(exists().where(Message.provider_id == PendingReceipt.provider_id))
        .order_by(PendingReceipt.id)
    ).all()
    for receipt in matched:
        if apply_receipt(receipt.provider_id, receipt.provider_status, receipt.error_code) == "applied":
            applied += 1
        db.session.delete(receipt)
    db.session.execute(delete(PendingReceipt).where(PendingReceipt.received_at < utcnow() - KEEP_UNMATCHED))
    db.session.commit()
    return applied
