"""Our own blocklist of mobiles that texted STOP: checked before every text is sent."""

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import SmsOptOut


def opt_out(phone: str, source: str) -> None:
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(SmsOptOut).values(phone=phone, source=source, created_at=utcnow())
                       .on_conflict_do_nothing(index_elements=["phone"]))


def opt_in(phone: str) -> None:
    db.session.execute(delete(SmsOptOut).where(SmsOptOut.phone == phone))


def is_opted_out(phone: str | None) -> bool:
    return bool(phone) and db.session.get(SmsOptOut, phone) is not None


def opted_out_among(phones) -> set[str]:
    phones = list(set(phones))
    if not phones:
        return set()
    return set(db.session.scalars(select(SmsOptOut.phone).where(SmsOptOut.phone.in_(phones))))
