"""The Civility Pledge is found from home: a card until it is signed, then one line; and from Safety."""

import pytest

from tests.helpers import soup
from webapp.extensions import db
from webapp.pledge import signing


@pytest.mark.parametrize("role", ["candidate", "team_member"])
def test_the_dashboard_invites_a_campaigner_to_sign_the_pledge_until_they_have(client, login_as, role):
    person = login_as(role)
    card = soup(client.get("/")).select_one("section.pledge-card")
    assert card.select_one("a")["href"] == "/pledge"
    signing.sign(person, person.name, public=False)
    db.session.commit()
    page = soup(client.get("/"))
    assert page.select_one("section.pledge-card") is None
    assert "You signed the Civility Pledge." in page.select_one(".pledge-signed").get_text()


@pytest.mark.parametrize("role", ["feoa", "election_office", "admin"])
def test_staff_dashboards_do_not_ask_them_to_sign(client, login_as, role):
    login_as(role)
    page = soup(client.get("/"))
    assert page.select_one("section.pledge-card") is None and page.select_one(".pledge-signed") is None


def test_the_safety_page_and_the_navigation_link_to_the_pledge(client, login_as):
    login_as("candidate")
    page = soup(client.get("/safety"))
    assert page.select_one("main a[href='/pledge']") is not None
    assert page.select_one("nav[aria-label=Main] a[href='/pledge']") is not None
