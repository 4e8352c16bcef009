"""Our own blocklist of mobiles that texted STOP: checked before every text is sent."""

from sqlalchemy import delete, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import SmsOptOut
from webapp.upsert import insert_ignore


def opt_out(phone: str, source: str) -> None:
    insert_ignore(SmsOptOut, {"phone": phone}, source=source, created_at=utcnow())


def opt_in(phone: str) -> None:
    db.session.execute(delete(SmsOptOut).where(SmsOptOut.phone == phone))


def opted_out_among(phones) -> set[str]:
    phones = list(set(phones))
    if not phones:
        return set()
    return set(db.session.scalars(select(SmsOptOut.phone).where(SmsOptOut.phone.in_(phones))))
