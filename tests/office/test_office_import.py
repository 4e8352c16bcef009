"""The election office's upload → preview → confirm, hand-over and invitations."""


import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.office.conftest import GOOD_CSV, HEADER, invitation_link
from webapp.extensions import db
from webapp.feoa.candidates import candidate_page
from webapp.models import Message, NominationImport, Nominee


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.both_databases
def test_the_preview_writes_nothing_and_confirming_hands_over_only_the_consenting(client, sign_in, office, stage_csv, make_user):
    feoa = make_user("feoa")
    sign_in(office)
    staged = stage_csv(client, GOOD_CSV)
    assert staged.status_code == 303
    preview = page(client.get(staged.headers["Location"]))
    assert preview.select_one("h1").text == "Check the import"
    assert [li.strong.text for li in preview.select("#preview li")] == ["Priya Shah", "Tom Baker"]
    assert count(Nominee) == 0 and count(Message) == 0
    done = page(client.post(staged.headers["Location"] + "/confirm", follow_redirects=True))
    assert "2 new" in done.text and "1 handed over to Avon and Somerset" in done.text
    priya, tom = db.session.scalars(sa.select(Nominee).order_by(Nominee.name)).all()
    assert priya.is_handed_over and priya.force.code == "avon-and-somerset" and priya.mobile == "+447911123401"
    assert not tom.is_handed_over and tom.force_id is None
    assert [row.name for row in candidate_page(feoa)[0]] == ["Priya Shah"]  # on the FEOA's list at once
    invitations = db.session.scalars(sa.select(Message)).all()
    assert [(m.channel, m.recipient) for m in invitations] == [("email", "priya.shah@example.org")]
    assert "/join/" in invitations[0].body


def test_reimporting_the_same_file_changes_nothing(client, sign_in, office, import_csv):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    before = [(n.id, n.updated_at, n.handed_over_at) for n in db.session.scalars(sa.select(Nominee).order_by(Nominee.id))]
    second = page(import_csv(client, GOOD_CSV))
    assert "0 new, 0 changed" in second.text
    after = [(n.id, n.updated_at, n.handed_over_at) for n in db.session.scalars(sa.select(Nominee).order_by(Nominee.id))]
    assert before == after and count(Message) == 1


def test_a_changed_row_updates_and_a_new_consent_hands_over_and_invites(client, sign_in, office, import_csv):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    changed = GOOD_CSV.replace("Clifton,Green Party,yes", "Clifton Down,Green Party,yes").replace(
        "Labour Party,no", "Labour Party,yes")
    result = page(import_csv(client, changed))
    assert "0 new, 2 changed" in result.text
    priya = db.session.scalar(sa.select(Nominee).where(Nominee.email == "priya.shah@example.org"))
    tom = db.session.scalar(sa.select(Nominee).where(Nominee.email == "tom.baker@example.org"))
    assert priya.ward == "Clifton Down" and priya.invitations_sent == 1
    assert tom.is_handed_over and tom.invitations_sent == 1
    assert count(Nominee) == 2 and count(Message) == 2


def test_a_withdrawn_consent_takes_the_nominee_back(client, sign_in, office, import_csv, make_user):
    feoa = make_user("feoa")
    sign_in(office)
    import_csv(client, GOOD_CSV)
    import_csv(client, GOOD_CSV.replace("Green Party,yes", "Green Party,no"))
    assert candidate_page(feoa)[0] == []


def test_bad_rows_are_set_aside_with_their_problems_and_the_good_rows_still_import(client, sign_in, office, stage_csv):
    sign_in(office)
    content = GOOD_CSV + "Bad Email,nope,,councillor,Clifton,,yes\nNo Ward,nw@example.org,,councillor,,,maybe\n"
    response = stage_csv(client, content)
    assert response.status_code == 303
    preview = page(client.get(response.headers["Location"]))
    assert [li.strong.text for li in preview.select("#preview > li")] == ["Priya Shah", "Tom Baker"]
    bad = {li["id"]: [p.text for p in li.select(".error-message")] for li in preview.select("#bad-row-list > li")}
    assert list(bad) == ["line-4", "line-5"]
    assert "not a valid email" in bad["line-4"][0]
    assert "ward or division is missing" in bad["line-5"][0] and "yes or no" in bad["line-5"][1]
    assert count(Nominee) == 0
    done = page(client.post(response.headers["Location"] + "/confirm", follow_redirects=True))
    assert "2 new" in done.text and count(Nominee) == 2
    assert "2 rows were left out" in done.select_one("#bad-rows").text


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"name,email\n", "cols.csv", "header row but no candidates"),
        (b"PK\x03\x04" + b"\x00" * 100, "nominations.xlsx", "not a CSV file"),
        (HEADER.encode() + b"x" * (5 * 1024 * 1024), "big.csv", "larger than 5 MB"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_staged(client, sign_in, office, upload_csv, content, name, message):
    sign_in(office)
    response = upload_csv(client, content, name=name)
    assert response.status_code == 422
    assert message in page(response).select_one("#import-problems").text
    assert count(NominationImport) == 0


def test_uploading_without_a_file_asks_for_one(client, sign_in, office):
    sign_in(office)
    response = client.post("/office/imports", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the CSV file" in page(response).select_one("#file-field .error-message").text


def test_an_office_whose_council_has_no_force_is_told_to_ask_for_one(client, sign_in, make_office, make_council,
                                                                     upload_csv):
    sign_in(make_office(council=make_council("Forceless District Council", force_codes=()), force_code=None))
    response = upload_csv(client, GOOD_CSV)
    assert response.status_code == 422 and "no police force set" in page(response).text


def test_confirming_twice_applies_once(client, sign_in, office, stage_csv):
    sign_in(office)
    url = stage_csv(client, GOOD_CSV).headers["Location"]
    client.post(url + "/confirm")
    again = client.post(url + "/confirm", follow_redirects=True)
    assert "already confirmed" in page(again).text
    assert count(Nominee) == 2 and count(Message) == 1


def test_a_new_upload_replaces_an_unconfirmed_one_and_cancel_writes_nothing(client, sign_in, office, stage_csv):
    sign_in(office)
    first = stage_csv(client, GOOD_CSV).headers["Location"]
    second = stage_csv(client, GOOD_CSV).headers["Location"]
    assert client.get(first).status_code == 404
    client.post(second + "/discard")
    assert client.get(second).status_code == 404 and count(Nominee) == 0


def test_the_office_sees_its_imports_and_resends_an_invitation(client, sign_in, office, import_csv, clock):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    listing = page(client.get("/office"))
    row = listing.select_one("#import-list li")
    assert "Robin Electoral Services" in row.text and "nominations.csv" in row.text
    assert row.select_one(".tag-ok").text == "1 handed over"
    priya = db.session.scalar(sa.select(Nominee).where(Nominee.email == "priya.shah@example.org"))
    clock.advance(days=2)
    response = client.post(f"/office/candidates/{priya.id}/resend", follow_redirects=True)
    assert "Invitation sent again" in page(response).text
    assert sorted(m.dedupe_key for m in db.session.scalars(sa.select(Message))) == [
        f"nomination-invite:{priya.id}:1", f"nomination-invite:{priya.id}:2"]
    tom = db.session.scalar(sa.select(Nominee).where(Nominee.email == "tom.baker@example.org"))
    assert page(client.get(f"/office/candidates/{tom.id}")).select_one("main form") is None
    client.post(f"/office/candidates/{tom.id}/resend")
    assert count(Message) == 2


def test_a_consenting_candidate_accepts_the_invitation_and_their_consent_is_recorded(app, client, sign_in, office, import_csv):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    link = invitation_link("priya.shah@example.org")
    visitor = app.test_client()
    form = page(visitor.get(link))
    assert form.select_one("#name")["value"] == "Priya Shah" and form.select_one("#mobile")["value"] == "07911 123401"
    response = visitor.post(link, data={"name": "Priya Shah", "mobile": "07911 123401", "password": "three random words",
                                        "confirm": "three random words"})
    assert response.status_code == 303
    nominee = db.session.scalar(sa.select(Nominee).where(Nominee.email == "priya.shah@example.org"))
    candidacy = nominee.user.candidacy
    assert candidacy.feoa_consent and candidacy.force.code == "avon-and-somerset" and candidacy.ward == "Clifton"
    assert nominee.user.on_app and candidacy.is_nominated
    from webapp.models import ConsentEvent
    # Consent came with the hand-over (the FEOA saw them from then); accepting continues that record.
    assert [e.source for e in db.session.scalars(sa.select(ConsentEvent))] == ["election office import"]
    assert visitor.get(link).status_code == 404  # single use


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name"),
        ({"name": "x" * 101}, "name", "100 characters"),
        ({"mobile": "12345"}, "mobile", ""),
        ({"mobile": "0" * 31}, "mobile", ""),
        ({"password": "short", "confirm": "short"}, "password", "at least 10"),
        ({"confirm": "something else entirely"}, "confirm", "do not match"),
    ],
)
def test_bad_input_on_the_invitation_form_is_refused_and_kept(app, client, sign_in, office, import_csv, changes, field, message):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    link = invitation_link("priya.shah@example.org")
    data = {"name": "Priya S", "mobile": "07911 123401", "password": "three random words", "confirm": "three random words",
            **changes}
    response = app.test_client().post(link, data=data)
    assert response.status_code == 422
    form = page(response)
    assert message in form.select_one(f"#{field}-field .error-message").text
    if field != "name":
        assert form.select_one("#name")["value"] == "Priya S"
    nominee = db.session.scalar(sa.select(Nominee).where(Nominee.email == "priya.shah@example.org"))
    assert not nominee.user.on_app and nominee.accepted_at is None


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJuIjoxfQ.forged.sig"])
def test_a_tampered_invitation_link_is_not_found(client, token):
    assert client.get(f"/join/{token}").status_code == 404


def test_an_old_invitation_link_has_expired(app, client, sign_in, office, import_csv, clock):
    sign_in(office)
    import_csv(client, GOOD_CSV)
    link = invitation_link("priya.shah@example.org")
    clock.advance(days=15)
    response = app.test_client().get(link)
    assert response.status_code == 410 and "expired" in page(response).text


def test_an_existing_self_registered_account_is_matched_by_email_and_confirmed_without_an_invitation(
        client, sign_in, office, import_csv, make_user):
    existing = make_user("candidate", email="priya.shah@example.org", verification="self_registered")
    sign_in(office)
    import_csv(client, GOOD_CSV)
    db.session.refresh(existing)
    assert existing.candidacy.is_nominated and existing.candidacy.feoa_consent
    assert existing.candidacy.ward == "Clifton" and existing.candidacy.council == "Bristol City Council"
    assert db.session.scalar(sa.select(Nominee.user_id).where(Nominee.email == existing.email)) == existing.id
    assert count(Message) == 0  # they are on the app already: nothing to invite them to
