"""The development outbox page and each person's notification history."""

import ipaddress
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.models import Activity, Message, Role

bp = Blueprint("notify", __name__)

HISTORY_LIMIT = 100
DEV_OUTBOX_LIMIT = 50


@bp.get("/notifications")
@login_required
def history():
    """Every text and email sent (or meant) for the signed-in person, newest first."""
    # By account or the account's own (unique) address; never by mobile: a number typed on a
    # profile is not proof it is yours, and companions' texts go to numbers typed on plans.
    mine = [Message.user_id == current_user.id, Message.recipient == current_user.email]
    messages = db.session.scalars(
        select(Message).where(or_(*mine)).order_by(Message.due_at.desc(), Message.id.desc()).limit(HISTORY_LIMIT)
    ).all()
    return render_template("notify/history.html", messages=messages, limit=HISTORY_LIMIT)


LOOPBACK_NAMES = {"localhost"}
DEV_OUTBOX_ENVIRONMENTS = {"development", "test"}


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def on_loopback() -> bool:
    """The request came from this machine AND was addressed to a loopback name: the development
    server bound to 127.0.0.1/localhost (as `make run` does). A server reachable from elsewhere, or
    one behind a proxy forwarding a public host name, does not count."""
    try:
        hostname = urlsplit("//" + request.host).hostname or ""
    except ValueError:
        return False
    return _is_loopback(request.remote_addr or "") and _is_loopback(hostname)


def dev_outbox_enabled() -> bool:
    config = current_app.config
    return (bool(config.get("SHOW_DEV_OUTBOX")) and config.get("ENV_NAME") in DEV_OUTBOX_ENVIRONMENTS
            and on_loopback())


@bp.app_template_global()
def show_dev_outbox() -> bool:
    return dev_outbox_enabled()


def dev_outbox_messages(user, limit: int) -> list[Message]:
    """An admin sees every message; anyone else their own and those about plans they organise
    (the same rows as each plan's Messages page shows them)."""
    query = select(Message)
    if not user.has_role(Role.ADMIN):
        organised = select(Activity.id).where(Activity.owner_id == user.id)
        query = query.where(or_(Message.user_id == user.id, Message.activity_id.in_(organised)))
    return list(db.session.scalars(query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)))


@bp.get("/dev/outbox")
def dev_outbox():
    """What the console backends 'sent': development only, on this machine only (else no such page)."""
    if not dev_outbox_enabled():
        abort(404)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    messages = dev_outbox_messages(current_user, DEV_OUTBOX_LIMIT)
    return render_template("notify/dev_outbox.html", messages=messages, limit=DEV_OUTBOX_LIMIT,
                           sees_all=current_user.has_role(Role.ADMIN))
