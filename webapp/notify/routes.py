"""The development outbox page and each person's notification history."""

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.models import Message

bp = Blueprint("notify", __name__)

HISTORY_LIMIT = 100
DEV_OUTBOX_LIMIT = 50


@bp.record_once
def _filters(state) -> None:
    from webapp.notify import labels

    labels.init_app(state.app)


@bp.get("/notifications")
@login_required
def history():
    """Every text and email sent (or meant) for the signed-in person, newest first."""
    mine = [Message.user_id == current_user.id, Message.recipient == current_user.email]
    if current_user.mobile:
        mine.append(Message.recipient == current_user.mobile)
    messages = db.session.scalars(
        select(Message).where(or_(*mine)).order_by(Message.due_at.desc(), Message.id.desc()).limit(HISTORY_LIMIT)
    ).all()
    return render_template("notify/history.html", messages=messages, limit=HISTORY_LIMIT)


@bp.get("/dev/outbox")
@login_required
def dev_outbox():
    """What the console backends 'sent': only when SHOW_DEV_OUTBOX is on (development)."""
    if not current_app.config.get("SHOW_DEV_OUTBOX"):
        abort(404)
    messages = db.session.scalars(
        select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(DEV_OUTBOX_LIMIT)
    ).all()
    return render_template("notify/dev_outbox.html", messages=messages, limit=DEV_OUTBOX_LIMIT)
