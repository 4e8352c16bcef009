from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Incident


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.both_databases
def test_a_candidate_logs_an_incident_and_the_uk_time_is_stored_in_utc(client, sign_in, candidate, valid_incident, clock):
    sign_in(candidate)
    response = client.post("/incidents/new", data=valid_incident)
    assert response.status_code == 303
    incident = db.session.scalar(sa.select(Incident))
    # 18:30 on 15 March 2027 is GMT: the same in UTC.
    assert incident.occurred_at == datetime(2027, 3, 15, 18, 30, tzinfo=UTC)
    assert incident.owner_id == candidate.id and incident.candidacy_id == candidate.candidacy.id
    assert incident.shared_with_feoa is False
    shown = page(client.get(response.headers["Location"]))
    assert shown.select_one("h1").text == "In-person intimidation or threat"
    assert "Sun 15 Mar 2027" not in shown.text and "Mon 15 Mar 2027, 18:30" in shown.text


def test_a_summer_time_entry_is_stored_an_hour_earlier_in_utc(client, sign_in, candidate, valid_incident, clock):
    clock.advance(days=30)  # mid April, British Summer Time
    sign_in(candidate)
    client.post("/incidents/new", data={**valid_incident, "occurred_at": "2027-04-14T18:30"})
    incident = db.session.scalar(sa.select(Incident))
    assert incident.occurred_at == datetime(2027, 4, 14, 17, 30, tzinfo=UTC)


def test_the_new_incident_form_starts_at_now_in_uk_time(client, sign_in, candidate):
    sign_in(candidate)
    form = page(client.get("/incidents/new"))
    assert form.select_one("#occurred_at")["value"] == "2027-03-16T09:00"
    assert form.select_one("#occurred_at")["type"] == "datetime-local"
    assert len(form.select("h1")) == 1
    for control in form.select("#incident-form input:not([type=hidden]), #incident-form select, #incident-form textarea"):
        assert form.select_one(f"label[for='{control['id']}']") or control.find_parent("label"), control["id"]
    ids = [element["id"] for element in form.select("[id]")]
    assert len(ids) == len(set(ids))


def test_saving_says_it_is_not_a_report_to_the_police_and_shows_where_to_report(client, sign_in, candidate, valid_incident):
    sign_in(candidate)
    shown = page(client.post("/incidents/new", data=valid_incident, follow_redirects=True))
    text = shown.text
    assert "does not report it to the police" in text
    guidance = shown.select_one("#where-to-report")
    assert guidance.select_one("a[href='tel:999']") and guidance.select_one("a[href='tel:101']")
    assert "Operation Ford" in guidance.text
    assert "has been reported" not in text.lower() and "we have reported" not in text.lower()


def test_the_list_shows_only_ones_own_incidents_newest_first(client, sign_in, candidate, make_user, make_incident):
    other = make_user("candidate")
    make_incident(candidate, category="damage", occurred_at=datetime(2027, 3, 1, 10, tzinfo=UTC))
    make_incident(candidate, category="followed", occurred_at=datetime(2027, 3, 10, 10, tzinfo=UTC))
    make_incident(other, category="hate")
    sign_in(candidate)
    items = page(client.get("/incidents")).select("#incident-list li a")
    assert [a.text for a in items] == ["Followed or watched", "Damage to property or campaign materials"]


def test_an_empty_log_says_so(client, sign_in, candidate):
    sign_in(candidate)
    assert page(client.get("/incidents")).select_one(".empty")


def test_editing_keeps_a_line_in_the_timeline(client, sign_in, candidate, valid_incident):
    sign_in(candidate)
    client.post("/incidents/new", data=valid_incident)
    incident = db.session.scalar(sa.select(Incident))
    response = client.post(f"/incidents/{incident.id}/edit", data={**valid_incident, "location": "Clifton Down"})
    assert response.status_code == 303
    db.session.refresh(incident)
    assert incident.location == "Clifton Down"
    assert [u.kind for u in incident.updates] == ["logged", "edited"]


def test_an_update_added_later_appears_in_the_timeline(client, hx, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = hx.post(f"/incidents/{incident.id}/updates", target="update-form", data={"body": "He came back today."})
    assert response.status_code == 200 and response.headers["HX-Location"].endswith("#timeline")
    timeline = page(client.get(f"/incidents/{incident.id}")).select_one("#timeline")
    assert "He came back today." in timeline.text


def test_incidents_naming_the_same_person_are_linked(client, sign_in, candidate, make_incident):
    first = make_incident(candidate, person="J. Smith", person_key="j. smith")
    second = make_incident(candidate, person="j.  SMITH", person_key="j. smith", category="threatening_message")
    make_incident(candidate, person="Someone else", person_key="someone else")
    sign_in(candidate)
    linked = page(client.get(f"/incidents/{second.id}"))
    links = linked.select("section[aria-labelledby='same-person-title'] a")
    assert [a["href"] for a in links] == [f"/incidents/{first.id}"]
    form = page(client.get("/incidents/new"))
    assert {o["value"] for o in form.select("#known-people option")} == {"J. Smith", "j.  SMITH", "Someone else"}


@pytest.mark.parametrize(
    ("category", "urgent", "expected", "absent"),
    [
        ("in_person", "", ["tel:999", "tel:101", "police.uk"], ["Action Fraud"]),
        ("in_person", "y", ["Call 999 now"], []),
        ("electoral_fraud", "", ["election single point of contact", "0800 555 111"], ["Action Fraud"]),
        ("cyber", "", ["0300 123 2040", "report@phishing.gov.uk", "7726"], ["Crimestoppers"]),
        ("online_abuse", "", ["platform", "Operation Ford"], []),
        ("not-a-category", "", ["tel:101"], ["Crimestoppers"]),
        ("x" * 500, "maybe", ["tel:999"], ["Call 999 now"]),
    ],
)
def test_the_guidance_fragment_follows_the_category_and_urgency(hx, sign_in, candidate, category, urgent, expected, absent):
    sign_in(candidate)
    response = hx.get("/incidents/where-to-report", target="where-to-report",
                      query_string={"category": category, "urgent": urgent})
    assert response.status_code == 200
    fragment = page(response)
    assert fragment.select_one("h1") is None and fragment.select_one("section#where-to-report")
    html = str(fragment)
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html
    assert "not pass anything to the police" in fragment.text


def test_the_guidance_url_opened_directly_is_a_whole_page(client, sign_in, candidate):
    sign_in(candidate)
    shown = page(client.get("/incidents/where-to-report?category=cyber"))
    assert shown.select_one("h1").text == "Where to report"


def test_the_category_select_asks_htmx_for_new_guidance(client, sign_in, candidate):
    sign_in(candidate)
    select = page(client.get("/incidents/new")).select_one("#category")
    assert select["hx-get"] == "/incidents/where-to-report" and select["hx-target"] == "#where-to-report"


GOOD = {
    "category": "online_abuse", "occurred_at": "2027-03-15T18:30", "description": "Threats in replies.",
    "police_reported": "no",
}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"category": ""}, "category", "Choose what kind of incident"),
        ({"category": "burglary"}, "category", "Not a valid choice"),
        ({"occurred_at": ""}, "occurred_at", "Enter when it happened"),
        ({"occurred_at": "yesterday"}, "occurred_at", "like 2027-04-03 18:30"),
        ({"occurred_at": "2027-03-28T01:30"}, "occurred_at", "clocks went forward"),
        ({"occurred_at": "2027-03-17T09:00"}, "occurred_at", "in the future"),
        ({"occurred_at": "2019-01-01T09:00"}, "occurred_at", "last three years"),
        ({"occurred_at": "2027-03-15T18:30" + "9" * 40}, "occurred_at", ""),
        ({"description": ""}, "description", "Describe what happened"),
        ({"description": "x" * 5001}, "description", "5,000 characters"),
        ({"location": "x" * 201}, "location", "200 characters"),
        ({"person": "x" * 201}, "person", "200 characters"),
        ({"witnesses": "x" * 1001}, "witnesses", "1,000 characters"),
        ({"police_reported": "pigeon"}, "police_reported", "Not a valid choice"),
        ({"police_reported": "101", "police_reference": "<script>"}, "police_reference", "letters, numbers"),
        ({"police_reported": "101", "police_reference": "A" * 41}, "police_reference", "40 characters"),
        ({"police_reported": "no", "police_reference": "AB123"}, "police_reference", "how you reported it"),
    ],
)
def test_bad_incident_input_is_refused_with_a_message_and_the_input_kept(hx, sign_in, candidate, changes, field, message):
    sign_in(candidate)
    data = {**GOOD, "location": "Bristol", **changes}
    response = hx.post("/incidents/new", target="incident-form", data=data)
    assert response.status_code == 422
    form = page(response)
    error = form.select_one(f"#{field}-field .error-message")
    assert error is not None and message in error.text
    assert form.select_one("#location")["value"] == data["location"][:300] or field == "location"
    assert form.select_one("#description").text.lstrip("\r\n") == data["description"]
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_the_same_bad_input_also_fails_cleanly_on_edit(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = client.post(f"/incidents/{incident.id}/edit", data={**GOOD, "description": ""})
    assert response.status_code == 422
    assert page(response).select_one("#description-field .error-message")


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_an_empty_or_overlong_update_is_refused(hx, sign_in, candidate, make_incident, body):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = hx.post(f"/incidents/{incident.id}/updates", target="update-form", data={"body": body})
    assert response.status_code == 422
    assert page(response).select_one("#body-field .error-message")
    if body.strip():
        assert page(response).select_one("#body").text.lstrip("\r\n") == body


def test_someone_who_did_not_log_it_cannot_edit_it(client, sign_in, make_user, make_incident):
    owner = make_user("candidate")
    other = make_user("candidate")
    incident = make_incident(owner)
    sign_in(other)
    assert client.get(f"/incidents/{incident.id}/edit").status_code == 404
    assert client.post(f"/incidents/{incident.id}/updates", data={"body": "x"}).status_code == 404


@pytest.mark.parametrize("url", ["/incidents/abc", "/incidents/999999", "/incidents/-1", "/incidents/1/evidence/x",
                                 "/incidents/999999/print", "/incidents/999999/export.pdf", "/incidents/1e3"])
def test_odd_or_unknown_incident_urls_are_not_found(client, sign_in, candidate, url):
    sign_in(candidate)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/office/imports/abc", "/office/imports/999999", "/office/candidates/999999",
                                 "/office/candidates/0"])
def test_odd_or_unknown_office_urls_are_not_found(client, sign_in, make_user, url):
    sign_in(make_user("election_office"))
    assert client.get(url).status_code == 404


def test_a_team_member_keeps_their_own_log_which_no_candidate_sees_unless_it_is_about_their_campaign(app, client, sign_in, make_user, candidate, valid_incident):
    member = make_user("team_member")
    sign_in(member)
    assert client.post("/incidents/new", data=valid_incident).status_code == 303
    incident = db.session.scalar(sa.select(Incident))
    assert incident.candidacy_id is None
    assert "your own log only" in page(client.get(f"/incidents/{incident.id}")).select_one("#sharing").text
    other = app.test_client()
    sign_in(candidate, on=other)
    assert other.get(f"/incidents/{incident.id}").status_code == 404


@pytest.mark.parametrize("left_out", ["occurred_at", "category", "description"])
def test_an_edit_that_leaves_out_a_field_is_a_422_asking_for_it_not_a_server_error(client, sign_in, candidate,
                                                                                  make_incident, left_out):
    incident = make_incident(candidate)
    sign_in(candidate)
    data = {name: value for name, value in GOOD.items() if name != left_out}
    response = client.post(f"/incidents/{incident.id}/edit", data=data)
    assert response.status_code == 422
    assert page(response).select_one(f"#{left_out}-field .error-message")
