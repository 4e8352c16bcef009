"""The dashboard keeps its costly sections between requests (webapp/feoa/sections.py), yet every
change the FEOA could see shows on the very next request, on every worker. Each test loads the
dashboard first, so the change has to get past what the first request kept."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import g

from webapp import create_app
from webapp.extensions import db


def _page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.data, "html.parser")


def _names(client, url="/feoa/"):
    return [a.get_text(strip=True) for a in _page(client.get(url)).select(".candidate-name")]


def _risky(client):
    return [li.get_text(" ", strip=True) for li in _page(client.get("/feoa/")).select(".risky-activity")]


def _incidents(client):
    return [li.get_text(" ", strip=True) for li in _page(client.get("/feoa/")).select(".shared-incident")]


@pytest.fixture
def as_candidate(app, sign_in):
    """A second browser, signed in as the candidate of `candidacy`."""

    def browser(candidacy):
        other = app.test_client()
        sign_in(candidacy.user, on=other)
        g.pop("_login_user", None)
        return other

    return browser


@pytest.mark.both_databases
def test_a_candidate_who_withdraws_consent_disappears_at_once(
        client, hx, feoa, make_candidate, make_activity, make_shared_incident, as_candidate):
    candidacy = make_candidate("Casey Candidate")
    make_candidate("Robin Stays")
    make_activity(candidacy, in_hours=3)
    make_shared_incident(candidacy)
    assert _names(client) == ["Casey Candidate", "Robin Stays"]
    assert len(_risky(client)) == 1 and len(_incidents(client)) == 1
    assert [a.text for a in _page(hx.get("/feoa/?q=cas", target="candidate-list")).select(".candidate-name")] == [
        "Casey Candidate"]

    response = as_candidate(candidacy).post("/profile/consent", data={"decision": "withdraw"})
    assert response.status_code == 303

    assert _names(client) == ["Robin Stays"]
    assert _risky(client) == [] and _incidents(client) == []
    assert _page(hx.get("/feoa/?q=cas", target="candidate-list")).select(".candidate-name") == []


def test_an_incident_whose_share_is_withdrawn_leaves_the_dashboard_at_once(
        client, feoa, make_candidate, make_activity, make_shared_incident, as_candidate):
    candidacy = make_candidate("Casey Candidate")
    incident = make_shared_incident(candidacy)
    make_activity(candidacy, in_hours=3, companions=1)  # higher-risk only because of the recent incident
    assert len(_incidents(client)) == 1
    assert "Recent incident" in _risky(client)[0]

    assert as_candidate(candidacy).post(f"/incidents/{incident.id}/withdraw").status_code == 303

    assert _incidents(client) == []
    assert _risky(client) == []


def test_a_briefing_the_feoa_records_shows_at_once(client, feoa, make_candidate):
    candidacy = make_candidate("Casey Candidate")
    assert _page(client.get("/feoa/?status=not_contacted")).select_one(".candidate-row .tag-warn").text == \
        "Not yet contacted"
    client.post(f"/feoa/candidates/{candidacy.id}/contacts",
                data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-16"})
    assert _names(client, "/feoa/?status=not_contacted") == []
    assert _page(client.get("/feoa/")).select_one(".candidate-row .tag-ok").text == "Briefed"


def test_acknowledging_and_closing_an_incident_show_at_once(client, feoa, make_candidate, make_shared_incident):
    incident = make_shared_incident(make_candidate("Casey Candidate"))
    assert "New" in _incidents(client)[0]
    client.post(f"/feoa/incidents/{incident.id}/acknowledge")
    assert "Acknowledged" in _incidents(client)[0]
    client.post(f"/feoa/incidents/{incident.id}/close", data={"notes": "Spoke to the local team."})
    assert _incidents(client) == []


def test_a_renamed_candidate_shows_under_the_new_name_at_once(client, feoa, make_candidate):
    candidacy = make_candidate("Casey Candidate")
    assert _names(client) == ["Casey Candidate"]
    candidacy.user.name = "Casey Newname"
    db.session.commit()
    assert _names(client) == ["Casey Newname"]


def test_a_cancelled_activity_leaves_the_higher_risk_list_at_once(
        client, feoa, make_candidate, make_activity, as_candidate):
    candidacy = make_candidate()
    activity = make_activity(candidacy, in_hours=3)
    assert len(_risky(client)) == 1
    assert as_candidate(candidacy).post(f"/activities/{activity.id}/cancel").status_code in (200, 303)
    assert _risky(client) == []


def test_naming_a_companion_takes_an_activity_off_the_list_at_once(
        client, feoa, make_candidate, make_activity, as_candidate):
    candidacy = make_candidate()
    activity = make_activity(candidacy, in_hours=3, area="Redland")  # 12:00-14:00 GMT, alone
    assert "Going alone" in _risky(client)[0]
    response = as_candidate(candidacy).post(f"/activities/{activity.id}/edit", data={
        "kind": "canvassing", "day": "2027-03-16", "start_time": "12:00", "end_time": "14:00", "end_day": "",
        "meeting_point": "The library", "area": "Redland", "postcode": "", "notes": "",
        "companions-0-name": "Sam Volunteer", "companions-0-mobile": ""})
    assert response.status_code == 303
    assert _risky(client) == []


def test_a_new_activity_planned_alone_appears_at_once(client, feoa, make_candidate, make_activity):
    candidacy = make_candidate()
    assert _risky(client) == []
    make_activity(candidacy, in_hours=5)
    assert len(_risky(client)) == 1


def test_the_next_48_hours_move_with_the_clock(client, clock, feoa, make_candidate, make_activity):
    candidacy = make_candidate()
    make_activity(candidacy, in_hours=1)
    make_activity(candidacy, in_hours=49)
    assert len(_risky(client)) == 1  # the first; the second is beyond 48 hours
    clock.advance(hours=2)
    (row,) = _risky(client)  # the first has started, the second is now within 48 hours
    assert "Thu 18 Mar" in row


@pytest.mark.both_databases
def test_a_change_made_through_another_worker_shows_at_once(
        app, client, clock, feoa, make_candidate, make_shared_incident, sign_in):
    """Two apps on one database stand for two gunicorn workers, each keeping its own sections."""
    candidacy = make_candidate("Casey Candidate")
    incident = make_shared_incident(candidacy)
    other_worker = create_app("test", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                       "CLOCK": clock, "UPLOAD_DIR": app.config["UPLOAD_DIR"]})
    try:
        candidate_there = other_worker.test_client()
        sign_in(candidacy.user, on=candidate_there)
        assert _names(client) == ["Casey Candidate"] and len(_incidents(client)) == 1

        assert candidate_there.post(f"/incidents/{incident.id}/withdraw").status_code == 303
        assert _incidents(client) == []
        assert candidate_there.post("/profile/consent", data={"decision": "withdraw"}).status_code == 303
        assert _names(client) == []
    finally:
        with other_worker.app_context():
            db.engine.dispose()


def test_a_minute_later_the_list_is_computed_afresh(client, clock, feoa, make_candidate, make_activity):
    candidacy = make_candidate()
    make_activity(candidacy, in_hours=0, hours=2)  # starts now
    assert len(_risky(client)) == 1
    clock.advance(timedelta(minutes=1))
    assert _risky(client) == []


def test_names_in_kept_sections_stay_escaped(client, hx, feoa, make_candidate, make_activity, make_shared_incident):
    candidacy = make_candidate("<b>Casey</b> <script>x()</script>")
    make_activity(candidacy, in_hours=3)
    make_shared_incident(candidacy)
    for _ in range(2):  # computed, then kept
        page = _page(client.get("/feoa/"))
        assert page.select("b, #candidate-list script, .risky-activity script") == []
        assert page.select_one(".candidate-name").text == "<b>Casey</b> <script>x()</script>"
        assert "<b>Casey</b>" in page.select_one(".risky-activity").text
        assert "<b>Casey</b>" in page.select_one(".shared-incident").text
        fragment = _page(hx.get("/feoa/", target="candidate-list"))
        assert fragment.select("b, script") == []
