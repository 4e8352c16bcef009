"""People who never signed up (emergency contacts, companions, people invited) learn, in the first
text we send them, who is texting them and how to stop it (UK GDPR Art. 14: data not collected from
the person themselves).

"First" is decided when the text is written to the outbox: no earlier text to that number, and the
number is not a CampaignSafe account's. A reminder rewritten before it is sent (its plan moved) is
rendered again without the introduction; the next new text to that number then carries it.
"""

from sqlalchemy import exists, or_, select

from webapp.extensions import db
from webapp.models import Message, User


def introduction_for(channel: str, recipient: str, values: dict) -> str | None:
    if channel != "sms":
        return None
    known = db.session.scalar(select(or_(
        exists().where(Message.channel == "sms", Message.recipient == recipient),
        exists().where(User.mobile == recipient))))
    if known:
        return None
    who = values.get("person") or values.get("organiser") or values.get("inviter") or "someone in an election campaign"
    return (f"This is CampaignSafe, a safety service for election campaigners, texting you for {who}. "
            "Reply STOP to stop our texts.")
