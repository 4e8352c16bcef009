"""The evidence limits are said beside the file fields, and an over-limit request says nothing was saved."""

import io

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Incident


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_new_incident_form_states_the_limit_beside_the_file_field_and_gives_it_to_the_browser(
        client, sign_in, candidate):
    sign_in(candidate)
    field = page(client.get("/incidents/new")).select_one("#evidence-field")
    assert "Up to 8 MB a file and 11 MB at once." in field.select_one("#evidence-hint").text
    file_input = field.select_one("input[type=file]")
    assert file_input["data-max-bytes"] == str(8 * 1024 * 1024)
    assert int(file_input["data-max-total"]) < 12 * 1024 * 1024


def test_adding_files_later_states_the_same_limit(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    field = page(client.get(f"/incidents/{incident.id}")).select_one("#files-field")
    assert "Up to 8 MB a file" in field.select_one("#files-hint").text
    assert field.select_one("input[type=file]")["data-max-bytes"] == str(8 * 1024 * 1024)


@pytest.mark.both_databases
def test_a_new_incident_over_the_limit_without_javascript_says_nothing_was_saved_and_back_keeps_the_form(
        client, post_large, sign_in, candidate, valid_incident):
    sign_in(candidate)
    response = post_large(client, "/incidents/new",
                          {**valid_incident, "evidence": [(io.BytesIO(b"\xff\xd8" + b"\x00" * (13 * 1024 * 1024)), "v.jpg")]})
    assert response.status_code == 413
    body = page(response)
    assert body.select_one("h1").text == "That is too large: nothing was saved"
    text = body.select_one("main").text
    assert "Back button: what you typed is still in the form" in text and "up to 8 MB each" in text
    assert db.session.query(Incident).count() == 0
