"""A session and its location are for its person and the contacts listed by account only; others get 404.

Companions and the emergency contact are numbers typed on a plan or profile: an account that happens
to have that mobile is a stranger to the session (issue 12, finding 2); they act through their alerts' links."""

import pytest
from bs4 import BeautifulSoup

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE
from webapp.extensions import db
from webapp.models.sessions import SafetySession

VIEWERS = {
    "the person": None,
    "a team member going along": "going",
    "an account with the typed companion's mobile": ("team_member", {"mobile": COMPANION_MOBILE}),
    "an account with the emergency contact's mobile": ("team_member", {"mobile": EMERGENCY_MOBILE}),
    "another candidate": ("candidate", {}),
    "a team member of nobody": ("team_member", {"mobile": "+447700900555"}),
    "a police adviser": ("feoa", {}),
    "election office staff": ("election_office", {}),
    "a site admin": ("admin", {}),
}
CAN_SEE = {"the person", "a team member going along"}


@pytest.fixture
def shared_session(start, client):
    session = start(share_location=True)
    client.post(f"/sessions/{session.id}/check-in", data={"latitude": "51.4545", "longitude": "-2.6094"})
    return session


@pytest.fixture
def viewer(request, person, make_user, sign_in, going_member):
    spec = VIEWERS[request.param]
    user = person if spec is None else going_member if spec == "going" else make_user(spec[0], **spec[1])
    return sign_in(user)


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_the_session_page_and_location_are_visible_only_to_the_person_and_contacts(request, shared_session,
                                                                                   viewer, client):
    who = request.node.callspec.params["viewer"]
    response = client.get(f"/sessions/{shared_session.id}")
    if who in CAN_SEE:
        assert response.status_code == 200
        soup = BeautifulSoup(response.data, "html.parser")
        assert "51.45450, -2.60940" in soup.select_one("#location-heading").find_parent("section").text
    else:
        assert response.status_code == 404
        assert b"51.45450" not in response.data


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v != "the person"], indirect=True)
@pytest.mark.parametrize("action", ["check-in", "end"])
def test_only_the_person_can_check_in_or_end_their_session(shared_session, viewer, client, action):
    assert client.post(f"/sessions/{shared_session.id}/{action}").status_code == 404
    db.session.refresh(shared_session)
    assert shared_session.is_open and shared_session.check_in_seq == 1


def test_a_contact_sees_whose_session_it_is_but_no_buttons(shared_session, going_member, sign_in, client):
    sign_in(going_member)
    soup = BeautifulSoup(client.get(f"/sessions/{shared_session.id}").data, "html.parser")
    assert "Alex Morgan's safety session" in soup.select_one("main").text
    assert soup.select_one("#check-in-form") is None and soup.select_one("#sos-button") is None


def test_signed_out_visitors_are_sent_to_sign_in(shared_session, client):
    client.post("/sign-out")
    response = client.get(f"/sessions/{shared_session.id}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("session_id", ["999", "0"])
def test_a_missing_session_is_not_found(client, sign_in, person, session_id):
    sign_in(person)
    assert client.get(f"/sessions/{session_id}").status_code == 404


def test_starting_from_someone_elses_activity_is_not_found(client, activity, make_user, sign_in):
    sign_in(make_user("candidate"))
    assert client.get(f"/sessions/new?activity={activity.id}").status_code == 404
    assert client.post("/sessions/new", data={"activity_id": str(activity.id), "until": "12:00",
                                              "interval": "30"}).status_code == 404
    assert db.session.query(SafetySession).count() == 0


@pytest.mark.parametrize("bad", ["abc", "-1", "1e9", "99999"])
def test_a_bad_activity_parameter_is_not_found(client, sign_in, person, bad):
    sign_in(person)
    assert client.get(f"/sessions/new?activity={bad}").status_code == 404
