"""Location points are kept only while they can help: deleted 30 days after their session ends."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models.sessions import LocationPoint, SafetySession


def run() -> int:
    """Delete the location points of sessions that ended (or were due to end) over 30 days ago."""
    cutoff = utcnow() - timedelta(days=current_app.config["SESSION_LOCATION_RETENTION_DAYS"])
    finished = select(SafetySession.id).where(
        func.coalesce(SafetySession.ended_at, SafetySession.expected_end_at) < cutoff)
    result = db.session.execute(delete(LocationPoint).where(LocationPoint.session_id.in_(finished))
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
