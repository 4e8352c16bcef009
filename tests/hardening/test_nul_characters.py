"""A NUL character typed (or pasted) into a form is refused beside its field, never a 500 (found by the fuzz test:
PostgreSQL cannot store NUL in text)."""

import pytest
from bs4 import BeautifulSoup

from tests.hardening.world import build_world
from webapp.validators import NUL_MESSAGE

CASES = [
    ("owner", "/incidents/{incident_id}/updates", {"body": "Saw him again\x00 today."}, "body"),
    ("feoa", "/feoa/incidents/{incident_id}/close", {"notes": "Advice given\x00."}, "notes"),
    ("member", "/pledge/sign", {"full_name": "Mo\x00 Member", "agree": "y"}, "full_name"),
    ("owner", "/activities/{activity_id}/reminder-note", {"note": "Park\x00 by the gate."}, "note"),
    ("admin", "/admin/councils", {"name": "Avon\x00 Council", "nation": "England"}, "name"),
    ("admin", "/admin/councils/{council_id}", {"name": "Avon\x00 Council", "nation": "England"}, "name"),
    ("admin", "/admin/councils/{council_id}", {"name": "Avon Council", "gss_code": "E0600002\x00"}, "gss_code"),
]


@pytest.mark.both_databases
@pytest.mark.parametrize(("role", "path", "data", "field"), CASES)
def test_a_nul_character_in_a_form_is_a_422_with_a_message_beside_the_field(app, make_user, sign_in, role, path,
                                                                            data, field):
    world = build_world(app, make_user, sign_in)
    client = world.client_for(app, sign_in, role)
    response = client.post(path.format(**world.ids), data=data)
    assert response.status_code == 422
    assert NUL_MESSAGE in BeautifulSoup(response.data, "html.parser").get_text(" ")


@pytest.mark.both_databases
def test_a_nul_in_a_session_alert_acknowledgement_is_refused_cleanly(app, make_user, sign_in):
    world = build_world(app, make_user, sign_in)
    response = app.test_client().post(f"/sessions/alert/{world.tokens['/sessions/alert/']}",
                                      data={"note": "On my way\x00"})
    assert response.status_code == 422
    assert NUL_MESSAGE in BeautifulSoup(response.data, "html.parser").get_text(" ")
