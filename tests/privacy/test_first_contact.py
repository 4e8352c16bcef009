"""Someone who never signed up is told, in the first text we send them, who is texting and how to stop."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Message
from webapp.notify.outbox import enqueue

CONTACT = "+447911123457"
VALUES = {"person": "Asha Patel", "said": "checked in", "title": "Canvassing at Library steps"}


def sms_bodies_to(number: str) -> list[str]:
    return list(db.session.scalars(sa.select(Message.body).where(Message.recipient == number).order_by(Message.id)))


def test_an_emergency_contacts_first_text_says_who_is_texting_and_how_to_stop_and_later_ones_do_not(app):
    enqueue(channel="sms", recipient=CONTACT, template="session_all_clear", values=VALUES, dedupe_key="a")
    enqueue(channel="sms", recipient=CONTACT, template="session_all_clear", values=VALUES, dedupe_key="b")
    first, second = sms_bodies_to(CONTACT)
    assert first.startswith("This is CampaignSafe, a safety service for election campaigners, texting you for "
                            "Asha Patel. Reply STOP to stop our texts.\nCampaignSafe all-clear:")
    assert second.startswith("CampaignSafe all-clear:")


def test_someone_with_an_account_gets_no_introduction(app, make_user):
    person = make_user("team_member", mobile=CONTACT)
    enqueue(channel="sms", recipient=CONTACT, template="session_all_clear", values=VALUES, dedupe_key="a",
            user_id=person.id)
    assert sms_bodies_to(CONTACT)[0].startswith("CampaignSafe all-clear:")


def test_emails_are_not_changed(app):
    enqueue(channel="email", recipient="friend@example.org", template="session_all_clear", values=VALUES,
            dedupe_key="a")
    assert "Reply STOP" not in sms_bodies_to("friend@example.org")[0]
