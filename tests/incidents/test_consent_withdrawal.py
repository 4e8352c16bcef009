"""Withdrawing consent to FEOA contact ends every incident share at once, and giving it again shares nothing old."""

import pytest
from bs4 import BeautifulSoup

from tests.helpers import uk_clock
from webapp.extensions import db
from webapp.incidents.access import incidents_shared_with


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def sharing_text(response) -> str:
    return " ".join(page(response).select_one("#sharing").get_text(" ", strip=True).split())


@pytest.fixture
def two_shared(client, sign_in, candidate, make_incident, clock):
    incidents = [make_incident(candidate), make_incident(candidate, category="in_person")]
    sign_in(candidate)
    for incident in incidents:
        assert client.post(f"/incidents/{incident.id}/share").status_code == 303
    return incidents


@pytest.mark.both_databases
def test_withdrawing_consent_ends_every_share_and_the_incident_page_says_so(client, candidate, make_user,
                                                                           two_shared, clock):
    feoa = make_user("feoa")
    clock.set(uk_clock(2027, 3, 16, 22, 31))
    assert client.post("/profile/consent", data={"decision": "withdraw"}).status_code == 303

    db.session.expire_all()
    assert list(db.session.scalars(incidents_shared_with(feoa))) == []
    for incident in two_shared:
        assert incident.shared_with_feoa is False
        response = client.get(f"/incidents/{incident.id}")
        text = sharing_text(response)
        assert "No longer shared: you withdrew consent on Tue 16 Mar 2027, 22:31" in text
        assert "Shared since" not in text and "Not yet seen" not in text
        assert not [b for b in page(response).select("#sharing button") if "Stop sharing" in b.get_text()]
        assert any("consent withdrawn" in update.body for update in incident.updates)


@pytest.mark.both_databases
def test_giving_consent_again_shares_nothing_old_until_the_candidate_shares_it_again(client, candidate, make_user,
                                                                                   two_shared):
    feoa = make_user("feoa")
    client.post("/profile/consent", data={"decision": "withdraw"})
    assert client.post("/profile/consent", data={"decision": "give"}).status_code == 303

    db.session.expire_all()
    assert list(db.session.scalars(incidents_shared_with(feoa))) == []
    first, second = two_shared
    response = client.get(f"/incidents/{first.id}")
    assert "share it again" in sharing_text(response)
    assert [b for b in page(response).select("#sharing button") if "Share with the adviser" in b.get_text()]

    assert client.post(f"/incidents/{first.id}/share").status_code == 303
    db.session.expire_all()
    assert [i.id for i in db.session.scalars(incidents_shared_with(feoa))] == [first.id]
