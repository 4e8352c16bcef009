"""Finding 1: the development outbox showed every account's messages (reset links, invitations)."""

import re

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Message
from webapp.notify.outbox import enqueue
from webapp.notify.routes import dev_outbox_enabled

pytestmark = pytest.mark.both_databases


def outbox_text(client, **kwargs) -> str:
    response = client.get("/dev/outbox", **kwargs)
    assert response.status_code == 200
    return BeautifulSoup(response.data, "html.parser").select_one("main").get_text(" ", strip=True)


def test_a_candidate_cannot_read_another_accounts_password_reset_link_on_the_dev_outbox(client, make_user,
                                                                                        sign_in):
    victim = make_user("candidate", email="victim@example.org")
    attacker = make_user("candidate", email="attacker@example.org")
    assert client.post("/forgot-password", data={"email": victim.email}).status_code == 200
    link = re.search(r"/reset-password/\S+", db.session.scalar(db.select(Message.body))).group(0)
    sign_in(attacker)
    text = outbox_text(client)
    assert link not in text and "victim@example.org" not in text
    assert "Development only" in text


def test_the_dev_outbox_shows_a_person_their_own_reset_link(client, make_user, sign_in):
    asha = make_user("candidate", email="asha@example.org")
    client.post("/forgot-password", data={"email": asha.email})
    sign_in(asha)
    assert "/reset-password/" in outbox_text(client)


def test_an_administrator_sees_every_message_on_the_dev_outbox(client, make_user, sign_in):
    make_user("candidate", email="victim@example.org")
    client.post("/forgot-password", data={"email": "victim@example.org"})
    sign_in(make_user("admin"))
    text = outbox_text(client)
    assert "/reset-password/" in text and "every message" in text


def test_the_dev_outbox_does_not_exist_outside_development(app, client, make_user, sign_in):
    sign_in(make_user("admin"))
    app.config["ENV_NAME"] = "production"
    assert client.get("/dev/outbox").status_code == 404


@pytest.mark.parametrize("remote_addr, host", [
    ("192.168.1.20", "localhost"),          # the dev server bound to 0.0.0.0, reached from the LAN
    ("127.0.0.1", "campaignsafe.example"),  # a proxy on this machine forwarding a public host name
    ("203.0.113.9", "campaignsafe.example"),
])
def test_the_dev_outbox_does_not_exist_for_requests_from_elsewhere(client, make_user, sign_in, remote_addr, host):
    sign_in(make_user("admin"))
    response = client.get("/dev/outbox", environ_base={"REMOTE_ADDR": remote_addr}, headers={"Host": host})
    assert response.status_code == 404


@pytest.mark.parametrize("remote_addr, host", [("127.0.0.1", "127.0.0.1:5000"), ("::1", "[::1]:5000"),
                                               ("127.0.0.1", "localhost:5000")])
def test_the_dev_outbox_answers_on_loopback(app, remote_addr, host):
    with app.test_request_context("/dev/outbox", environ_base={"REMOTE_ADDR": remote_addr}, headers={"Host": host}):
        assert dev_outbox_enabled()


def test_a_message_to_a_typed_number_is_not_in_the_history_of_an_account_claiming_that_number(
        client, make_user, sign_in):
    stranger = make_user("candidate", mobile="+447911123456")
    enqueue(channel="sms", recipient="+447911123456", template="test_text", values={"text": "Meet at the library"},
            dedupe_key="companion-text")
    db.session.commit()
    sign_in(stranger)
    assert "Meet at the library" not in client.get("/notifications").get_data(as_text=True)


def test_a_candidate_cannot_read_another_campaigns_invitation_link_on_the_dev_outbox(client, make_user, sign_in):
    from webapp.teams.access import ensure_candidate_team

    inviter = sign_in(make_user("candidate"))
    team = ensure_candidate_team(inviter)
    db.session.commit()
    client.post(f"/teams/{team.id}/invitations", data={"name": "Jo", "email": "jo@example.org", "role": "member"})
    assert "/invitations/" in db.session.scalar(db.select(Message.body).where(Message.recipient == "jo@example.org"))
    sign_in(make_user("candidate"))
    text = outbox_text(client)
    assert "jo@example.org" not in text and "/invitations/" not in text
