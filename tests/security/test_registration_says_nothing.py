"""Finding 9: /register told anyone which addresses (staff included) have accounts, with no rate limit."""

import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Message, User

pytestmark = pytest.mark.both_databases


def form(email: str) -> dict:
    return {"name": "Someone", "email": email, "password": "ribbon tractor lantern",
            "confirm": "ribbon tractor lantern"}


def screen(response) -> str:
    """What the person sees, with the address they typed taken out."""
    text = BeautifulSoup(response.data, "html.parser").select_one("main").get_text(" ", strip=True)
    return re.sub(r"\S+@\S+?\.(example|org)\b", "<address>", text)


@pytest.mark.parametrize("role", ["candidate", "feoa", "election_office", "admin"])
def test_an_address_with_an_account_gets_the_same_answer_as_a_new_one(app, make_user, role):
    make_user(role, email="taken@example.org")
    answers = []
    for email in ("taken@example.org", "new@example.org"):
        client = app.test_client()
        response = client.post("/register", data=form(email), follow_redirects=True)
        answers.append((response.status_code, [r.headers.get("Location") for r in response.history],
                        screen(response)))
    assert answers[0] == answers[1]
    assert "Check your email" in answers[0][2]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_the_account_holder_is_emailed_instead(client, make_user):
    holder = make_user("feoa", email="adviser@example.org")
    client.post("/register", data=form("Adviser@Example.org"))
    emails = db.session.scalars(sa.select(Message).where(Message.recipient == holder.email)).all()
    assert [(m.kind, m.user_id) for m in emails] == [("register-existing", holder.id)]
    assert "already has one" in emails[0].body and "/register/finish/" not in emails[0].body


def test_registering_is_rate_limited_per_address(app, client, clock):
    app.config["REGISTER_RATE_LIMIT"] = "3 per hour"
    statuses = []
    for n in range(4):
        clock.advance(minutes=1)
        other_client = app.test_client()  # a new browser each time: the limit follows the address
        statuses.append(other_client.post("/register", data=form("target@example.org"),
                                          environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code)
    assert statuses == [303, 303, 303, 429]
    sent = db.session.scalar(sa.select(sa.func.count()).select_from(Message))
    assert sent == 3
