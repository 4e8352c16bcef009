"""The FEOA dashboard: candidate list, search, contact details on request, contacts and briefings."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEntry, FeoaContact


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def test_the_dashboard_is_one_page_with_one_heading_labelled_inputs_and_unique_ids(client, feoa, make_candidate):
    make_candidate()
    page = _page(client.get("/feoa/"))
    assert len(page.select("h1")) == 1
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    for control in page.select("#candidate-filters input, #candidate-filters select"):
        assert page.select_one(f"label[for={control['id']}]") is not None


def test_each_candidate_shows_office_council_ward_and_contact_status(client, feoa, make_candidate):
    make_candidate("Casey Candidate")
    row = _page(client.get("/feoa/")).select_one(".candidate-row")
    text = row.get_text(" ", strip=True)
    assert "Councillor" in text and "Bristol City Council" in text and "Clifton" in text
    assert row.select_one(".tag-warn").text == "Not yet contacted"


def test_contact_details_are_hidden_until_revealed_and_each_reveal_is_audited(client, hx, feoa, make_candidate):
    candidacy = make_candidate("Casey Candidate", mobile="+447700900123")
    page = _page(client.get(f"/feoa/candidates/{candidacy.id}"))
    assert "07700 900123" not in page.text
    assert candidacy.user.email not in page.text
    response = hx.post(f"/feoa/candidates/{candidacy.id}/contact-details", target="contact-details")
    fragment = _page(response)
    assert fragment.select_one("a[href='tel:+447700900123']").text == "07700 900123"
    assert fragment.select_one("#contact-details") is not None and fragment.select_one("h1") is None
    hx.post(f"/feoa/candidates/{candidacy.id}/contact-details", target="contact-details")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "feoa.contact_details_viewed")).all()
    assert [(e.actor_id, e.subject_user_id) for e in entries] == [(feoa.id, candidacy.user_id)] * 2


def test_revealed_details_show_the_contact_preference_the_candidate_chose(hx, feoa, make_candidate):
    candidacy = make_candidate(contact_preference="sms")
    fragment = _page(hx.post(f"/feoa/candidates/{candidacy.id}/contact-details", target="contact-details"))
    assert _preference(fragment) == "Text message"


def test_a_nominee_not_on_the_app_yet_is_not_shown_with_a_preference_they_never_chose(hx, feoa, make_candidate):
    candidacy = make_candidate(on_app=False)
    fragment = _page(hx.post(f"/feoa/candidates/{candidacy.id}/contact-details", target="contact-details"))
    assert _preference(fragment) == "None chosen: not on the app yet"


def _preference(fragment) -> str:
    return fragment.find("dt", string="Prefers").find_next_sibling("dd").get_text(strip=True)


def test_revealing_without_htmx_shows_the_whole_page(client, feoa, make_candidate):
    candidacy = make_candidate(mobile="+447700900123")
    page = _page(client.post(f"/feoa/candidates/{candidacy.id}/contact-details"))
    assert page.select_one("h1") is not None
    assert page.select_one("a[href='tel:+447700900123']") is not None


def test_recording_a_briefing_marks_the_candidate_briefed(client, feoa, make_candidate):
    candidacy = make_candidate("Casey Candidate")
    response = client.post(f"/feoa/candidates/{candidacy.id}/contacts",
                           data={"kind": "briefing", "method": "in_person", "happened_on": "2027-03-15",
                                 "note": "Went through lone canvassing"})
    assert response.status_code == 303
    page = _page(client.get(f"/feoa/candidates/{candidacy.id}"))
    assert "Went through lone canvassing" in page.select_one("#contact-history").text
    row = _page(client.get("/feoa/")).select_one(".candidate-row")
    assert row.select_one(".tag-ok").text == "Briefed"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"method": "phone", "happened_on": "2027-03-15"}, "kind", "Choose a contact or a safety briefing"),
        ({"kind": "nonsense", "method": "phone", "happened_on": "2027-03-15"}, "kind", "Not a valid choice"),
        ({"kind": "contact", "happened_on": "2027-03-15"}, "method", "Choose how"),
        ({"kind": "contact", "method": "carrier-pigeon", "happened_on": "2027-03-15"}, "method", "Not a valid choice"),
        ({"kind": "contact", "method": "phone", "happened_on": ""}, "happened_on", "Enter the date"),
        ({"kind": "contact", "method": "phone", "happened_on": "31/02/2027"}, "happened_on", "valid date"),
        ({"kind": "contact", "method": "phone", "happened_on": "2027-03-17"}, "happened_on", "cannot be in the future"),
        ({"kind": "contact", "method": "phone", "happened_on": "2025-01-01"}, "happened_on", "within the last year"),
        ({"kind": "contact", "method": "phone", "happened_on": "2027-03-15", "note": "x" * 2001}, "note", "2,000 characters"),
    ],
)
def test_a_bad_contact_record_is_explained_beside_the_field_and_input_kept(hx, feoa, make_candidate, data, field, message):
    candidacy = make_candidate()
    response = hx.post(f"/feoa/candidates/{candidacy.id}/contacts", target="contact-form", data=data)
    assert response.status_code == 422
    form = _page(response).select_one("#contact-form")
    assert message.lower() in form.select_one(f"#{field}-error").text.lower()
    if data.get("note"):
        assert form.select_one("#note").text.strip() == data["note"]
    assert db.session.scalar(select(FeoaContact.id)) is None


def test_search_filters_the_list_as_a_fragment(hx, client, feoa, make_candidate):
    make_candidate("Alex Ashton")
    make_candidate("Blair Brown")
    response = hx.get("/feoa/?q=ash", target="candidate-list")
    fragment = _page(response)
    assert fragment.select_one("h1") is None
    assert [a.text for a in fragment.select(".candidate-name")] == ["Alex Ashton"]
    assert [a.text for a in _page(client.get("/feoa/?q=ash")).select(".candidate-name")] == ["Alex Ashton"]


@pytest.mark.parametrize("query", ["%", "_", "\\", "' OR 1=1 --", "x" * 500, "<script>"])
def test_odd_search_text_matches_nothing_and_never_fails(client, feoa, make_candidate, query):
    make_candidate("Alex Ashton")
    response = client.get("/feoa/", query_string={"q": query})
    assert response.status_code == 200
    assert _page(response).select(".candidate-name") == []


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"office": "emperor"}, {"page": "-1"}, {"page": "abc"},
                                    {"page": "99999999999999"}])
def test_unknown_filter_values_are_ignored(client, feoa, make_candidate, params):
    make_candidate("Alex Ashton")
    response = client.get("/feoa/", query_string=params)
    assert response.status_code == 200
    assert [a.text for a in _page(response).select(".candidate-name")] == ["Alex Ashton"]


def test_the_not_contacted_filter_hides_briefed_candidates(client, feoa, make_candidate):
    briefed = make_candidate("Briefed Person")
    make_candidate("Waiting Person")
    client.post(f"/feoa/candidates/{briefed.id}/contacts",
                data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-16"})
    names = [a.text for a in _page(client.get("/feoa/?status=not_contacted")).select(".candidate-name")]
    assert names == ["Waiting Person"]
    names = [a.text for a in _page(client.get("/feoa/?status=briefed")).select(".candidate-name")]
    assert names == ["Briefed Person"]


def test_the_list_is_paginated(client, feoa, make_candidate, app):
    app.config["FEOA_PAGE_SIZE"] = 2
    for name in ["A One", "B Two", "C Three"]:
        make_candidate(name)
    first = _page(client.get("/feoa/"))
    assert [a.text for a in first.select(".candidate-name")] == ["A One", "B Two"]
    second = _page(client.get("/feoa/?page=2"))
    assert [a.text for a in second.select(".candidate-name")] == ["C Three"]


def test_the_csv_export_is_audited_and_defuses_formulas(client, feoa, make_candidate):
    make_candidate("=HYPERLINK(\"http://evil\")", ward="+cmd|' /C calc'!A0")
    make_candidate("Plain Name", consent=False)
    response = client.get("/feoa/candidates.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0][0] == "Name"
    assert len(rows) == 2
    assert rows[1][0].startswith("'=") and rows[1][3].startswith("'+")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feoa.candidates_exported"))
    assert entry.actor_id == feoa.id and "1 candidates" in entry.detail
