"""Small helpers for team tests: the invitation link as it went out in the outbox."""

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Message

LINK = re.compile(r"https?://\S+/invitations/(\S+)")


def invitation_path_from_outbox(recipient: str) -> str:
    """The path of the invitation link in the newest message to `recipient`."""
    message = db.session.scalars(select(Message).where(Message.recipient == recipient)
                                 .order_by(Message.id.desc())).first()
    assert message is not None, f"no message to {recipient}"
    token = LINK.search(message.body).group(1)
    return f"/invitations/{token}"
