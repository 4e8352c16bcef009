"""With CSRF protection on (as in production), FEOA state changes need the token."""

import pytest


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("path", ["/contact-details", "/contacts"])
def test_state_changes_without_the_token_are_refused(client, feoa, make_candidate, path):
    candidacy = make_candidate()
    response = client.post(f"/feoa/candidates/{candidacy.id}{path}",
                           data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-16"})
    assert response.status_code == 400
    assert b"Your form expired" in response.data


def test_settings_without_the_token_are_refused(client, feoa):
    response = client.post("/feoa/settings", data={"digest_time": "07:00", "quiet_day": "note"})
    assert response.status_code == 400
