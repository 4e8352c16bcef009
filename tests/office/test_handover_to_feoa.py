"""Hand-over is data the FEOA sees at once: nominees without accounts, one record when they join,
and withdrawal from either side shown to the other with its time and source."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.office.conftest import HEADER, invitation_link
from webapp.extensions import db
from webapp.feoa.digest import build_digest
from webapp.models import AuditEntry, Candidacy, FeoaContact, Nominee, User

NOMINATIONS = HEADER + (
    "Priya Shah,priya.shah@example.org,07911 123401,councillor,Clifton,Green Party,yes\n"
    "Tom Baker,tom.baker@example.org,07911123402,councillor,Cotham,Labour Party,no\n"
    "Mei Lin,mei.lin@example.org,,councillor,Redland,Liberal Democrats,yes\n"
    "Owen Price,owen.price@example.org,07911123404,mayor,,Conservative Party,yes\n"
)
CONSENTING = ["Mei Lin", "Owen Price", "Priya Shah"]


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def feoa_list(visitor):
    return {row.select_one(".candidate-name").text: row for row in
            page(visitor.get("/feoa/")).select("#candidate-list .candidate-row")}


@pytest.fixture
def adviser(app, make_user, sign_in):
    """The FEOA of Avon and Somerset, signed in (two-factor done) on a client of their own."""
    visitor = app.test_client()
    sign_in(make_user("feoa", mobile="+447911123499"), on=visitor)
    return visitor


@pytest.fixture
def imported(client, sign_in, office, import_csv):
    sign_in(office)
    import_csv(client, NOMINATIONS)


@pytest.mark.both_databases
def test_the_feoa_sees_every_consenting_nominee_the_moment_the_office_confirms_none_with_an_account(
        app, client, sign_in, office, import_csv, adviser, clock):
    assert feoa_list(adviser) == {}  # read (and cached) before the import
    sign_in(office)
    confirmed = page(import_csv(client, NOMINATIONS))
    assert "3 handed over to Avon and Somerset Police" in confirmed.text
    rows = feoa_list(adviser)
    assert sorted(rows) == CONSENTING
    assert all(row.select_one(".tag").text != "" and "Not on the app yet" in row.text for row in rows.values())
    assert "Cotham" not in page(adviser.get("/feoa/")).select_one("#candidate-list").text
    nominees = db.session.scalars(sa.select(User).where(User.role == "candidate")).all()
    assert len(nominees) == 3 and not any(user.on_app for user in nominees)
    # Nobody can sign in to those records: no password anyone knows.
    response = app.test_client().post("/sign-in", data={"email": "priya.shah@example.org",
                                                        "password": "!not-on-the-app:"})
    assert "do not match" in page(response).text
    feoa = db.session.scalar(sa.select(User).where(User.role == "feoa"))
    assert build_digest(feoa, clock.now()).not_contacted_count == 3


def test_the_feoa_reveals_the_details_the_office_supplied_and_the_view_is_audited(imported, adviser):
    candidacy_id = int(feoa_list(adviser)["Priya Shah"]["id"].removeprefix("candidate-"))
    shown = page(adviser.get(f"/feoa/candidates/{candidacy_id}"))
    assert "Not on the app yet" in shown.select_one("#on-app").text
    assert "Nominated" in shown.select_one("#verification").text
    assert "Clifton" in shown.text and "Green Party" in shown.text and "Bristol City Council" in shown.text
    assert "priya.shah@example.org" not in shown.text  # behind "Show contact details"
    revealed = page(adviser.post(f"/feoa/candidates/{candidacy_id}/contact-details"))
    details = revealed.select_one("#contact-details").text
    assert "07911 123401" in details and "priya.shah@example.org" in details
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.detail == f"candidacy {candidacy_id}")) \
        == "feoa.contact_details_viewed"


@pytest.mark.both_databases
def test_accepting_the_invitation_continues_the_same_record_on_the_feoa_list(app, imported, adviser):
    candidacy_id = int(feoa_list(adviser)["Priya Shah"]["id"].removeprefix("candidate-"))
    adviser.post(f"/feoa/candidates/{candidacy_id}/contacts",
                 data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-15", "note": "Briefed"})
    visitor = app.test_client()
    link = invitation_link("priya.shah@example.org")
    response = visitor.post(link, data={"name": "Priya Shah", "mobile": "07911 123401",
                                        "password": "three random words", "confirm": "three random words"})
    assert response.status_code == 303
    rows = feoa_list(adviser)
    assert sorted(rows) == CONSENTING and rows["Priya Shah"]["id"] == f"candidate-{candidacy_id}"
    assert "Not on the app yet" not in rows["Priya Shah"].text and "Briefed" in rows["Priya Shah"].text
    assert db.session.scalar(sa.select(sa.func.count(Candidacy.id))) == 3
    assert db.session.scalar(sa.select(FeoaContact.candidacy_id)) == candidacy_id
    user = db.session.scalar(sa.select(User).where(User.email == "priya.shah@example.org"))
    assert user.on_app and user.candidacy.id == candidacy_id


def test_a_candidate_who_withdraws_in_the_app_leaves_the_feoa_list_and_the_office_sees_when_and_who(
        app, client, imported, import_csv, adviser, clock):
    visitor = app.test_client()
    visitor.post(invitation_link("mei.lin@example.org"), data={
        "name": "Mei Lin", "mobile": "", "password": "three random words", "confirm": "three random words"})
    clock.advance(hours=3)
    assert visitor.post("/profile/consent", data={"decision": "withdraw"}).status_code == 303
    assert "Mei Lin" not in feoa_list(adviser)
    nominee = db.session.scalar(sa.select(Nominee).where(Nominee.email == "mei.lin@example.org"))
    status = page(client.get(f"/office/candidates/{nominee.id}")).select_one("#sharing-status").text
    assert status.startswith("Withdrawn (by the candidate, in the app, ")
    assert "Withdrawn" in page(client.get("/office/candidates")).select_one("#nominee-list").text
    # A re-import of the same file does not override the candidate's own choice.
    import_csv(client, NOMINATIONS)
    assert "Mei Lin" not in feoa_list(adviser)


@pytest.mark.both_databases
def test_a_reimport_that_withdraws_consent_or_changes_a_ward_is_on_the_feoa_side_at_once(
        client, imported, import_csv, adviser):
    assert "Clifton" in feoa_list(adviser)["Priya Shah"].text
    changed = NOMINATIONS.replace("Clifton,Green Party", "Clifton Down,Green Party").replace(
        "Liberal Democrats,yes", "Liberal Democrats,no")
    import_csv(client, changed)
    rows = feoa_list(adviser)
    assert sorted(rows) == ["Owen Price", "Priya Shah"] and "Clifton Down" in rows["Priya Shah"].text
    priya_page = page(adviser.get(rows["Priya Shah"].select_one("a")["href"]))
    assert priya_page.select_one("#office-details").text.startswith("Bristol City Council, details last changed ")
    mei = db.session.scalar(sa.select(Nominee).where(Nominee.email == "mei.lin@example.org"))
    status = page(client.get(f"/office/candidates/{mei.id}")).select_one("#sharing-status").text
    assert status.startswith("Withdrawn (by the election office, in an import, ")
    # Consent given again in a later import puts them back, on the same record.
    import_csv(client, NOMINATIONS)
    assert sorted(feoa_list(adviser)) == CONSENTING
    assert db.session.scalar(sa.select(sa.func.count(Candidacy.id))) == 3


def test_a_council_in_two_forces_asks_which_force_covers_each_ward(
        app, client, sign_in, make_office, make_council, stage_csv, make_user):
    council = make_council("Border District Council", force_codes=("avon-and-somerset", "wiltshire"))
    wiltshire_adviser = app.test_client()
    sign_in(make_user("feoa", force_code="wiltshire"), on=wiltshire_adviser)
    home_adviser = app.test_client()
    sign_in(make_user("feoa"), on=home_adviser)
    sign_in(make_office(council=council, force_code=None))
    url = stage_csv(client, NOMINATIONS).headers["Location"]
    preview = page(client.get(url))
    labels = [label.text for label in preview.select("#ward-forces label")]
    assert labels == ["No ward given", "Clifton", "Redland"]
    refused = client.post(url + "/confirm", data={"ward-force-0": "", "ward-force-1": "1"})
    assert refused.status_code == 422
    assert "Choose the police force that covers" in page(refused).select_one("#ward-forces .error-message").text
    assert db.session.scalar(sa.select(sa.func.count(Nominee.id))) == 0
    options = {o.text: o["value"] for o in preview.select("#ward-force-0 option") if o["value"]}
    home, wilts = options["Avon and Somerset Police"], options["Wiltshire Police"]
    done = client.post(url + "/confirm", data={"ward-force-0": home, "ward-force-1": wilts, "ward-force-2": home},
                       follow_redirects=True)
    assert "3 handed over" in page(done).text
    assert sorted(feoa_list(home_adviser)) == ["Mei Lin", "Owen Price"]
    assert sorted(feoa_list(wiltshire_adviser)) == ["Priya Shah"]


def test_the_demo_office_belongs_to_a_council_record_and_the_demo_feoa_sees_its_nominees(app, clock):
    from webapp.demo import seed_demo_data

    seed_demo_data()
    seed_demo_data()  # safe to repeat
    office = db.session.scalar(sa.select(User).where(User.email == "office@demo.campaignsafe.test"))
    assert office.council.name == "Bristol City Council" and office.council.gss_code == "E06000023"
    feoa = db.session.scalar(sa.select(User).where(User.email == "feoa@demo.campaignsafe.test"))
    content = build_digest(feoa, clock.now() + timedelta(minutes=1))
    names = {name for _, name in content.not_contacted}
    assert {"Priya Shah", "Tom Baker", "Mei Lin"} <= names and "Owen Price" not in names


def test_a_self_registered_candidate_with_the_same_name_and_ward_is_confirmed_only_by_the_office(
        client, imported, make_user, adviser):
    registered = make_user("candidate", name="Priya Shah", email="priya.personal@example.org",
                           verification="self_registered")
    registered.candidacy.set_consent(True, "profile")
    db.session.commit()
    dashboard = page(adviser.get("/feoa/"))
    assert [a.text for a in dashboard.select("#unconfirmed-list .candidate-name")] == ["Priya Shah"]
    placeholder_id = int(feoa_list(adviser)["Priya Shah"]["id"].removeprefix("candidate-"))
    adviser.post(f"/feoa/candidates/{placeholder_id}/contacts",
                 data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-15", "note": ""})
    assert not registered.candidacy.is_nominated  # a name and ward alone confirm nothing
    priya = db.session.scalar(sa.select(Nominee).where(Nominee.email == "priya.shah@example.org"))
    shown = page(client.get(f"/office/candidates/{priya.id}"))
    forms = shown.select("#possible-matches form")
    assert len(forms) == 1 and "priya.personal@example.org" not in shown.text
    assert client.post(forms[0]["action"]).status_code == 303
    db.session.expire_all()
    rows = feoa_list(adviser)
    assert sorted(rows) == CONSENTING and rows["Priya Shah"]["id"] == f"candidate-{registered.candidacy.id}"
    assert "Not on the app yet" not in rows["Priya Shah"].text and "Briefed" in rows["Priya Shah"].text
    assert page(adviser.get("/feoa/")).select("#unconfirmed-list .candidate-name") == []
    assert registered.candidacy.is_nominated and priya.user_id == registered.id
    assert page(client.get(f"/office/candidates/{priya.id}")).select_one("#possible-matches") is None


@pytest.mark.both_databases
def test_a_nominee_with_a_staff_accounts_email_is_not_handed_over_and_the_office_is_told_why(
        client, sign_in, office, stage_csv, make_user, adviser):
    make_user("feoa", email="mei.lin@example.org")
    sign_in(office)
    checked = stage_csv(client, NOMINATIONS)
    preview = page(client.get(checked.headers["Location"]))
    mei = next(li for li in preview.select("#preview > li") if "Mei Lin" in li.text)
    assert "belongs to a police adviser, election office or admin account" in mei.select_one(".not-handed-over").text
    done = page(client.post(checked.headers["Location"] + "/confirm", follow_redirects=True))
    assert "2 handed over" in done.text
    assert "belongs to a police adviser" in next(li for li in done.select("#results > li") if "Mei Lin" in li.text).text
    assert sorted(feoa_list(adviser)) == ["Owen Price", "Priya Shah"]
    nominee = db.session.scalar(sa.select(Nominee).where(Nominee.email == "mei.lin@example.org"))
    assert not nominee.is_handed_over and nominee.user_id is None
    assert "belongs to a police adviser" in page(client.get(f"/office/candidates/{nominee.id}")).select_one(
        "#sharing-status").text


@pytest.mark.both_databases
def test_another_councils_nominee_is_handed_over_once_and_the_second_office_is_told_why(
        app, client, sign_in, office, import_csv, stage_csv, make_council, make_office, adviser):
    sign_in(office)
    import_csv(client, NOMINATIONS)
    other = make_office(council=make_council("North Testshire Council"), email="elections@ntestshire.gov.uk")
    second = app.test_client()
    sign_in(other, on=second)
    checked = stage_csv(second, HEADER + "Priya Shah,priya.shah@example.org,,councillor,Downend,Green Party,yes\n")
    reason = page(second.get(checked.headers["Location"])).select_one("#preview .not-handed-over").text
    assert "already a candidate handed over by another council" in reason
    second.post(checked.headers["Location"] + "/confirm")
    assert sorted(feoa_list(adviser)) == CONSENTING  # Priya once, from Bristol


@pytest.mark.postgresql_only
def test_two_offices_confirming_the_same_email_at_once_make_one_account_and_neither_fails(
        app, client, sign_in, office, stage_csv, make_council, make_office, clock):
    import threading

    from webapp import create_app
    from webapp.models import NominationImport
    from webapp.office import handover, staging

    row = "Sam Both,sam.both@example.org,07911 123409,councillor,Central,Independent,yes\n"
    other = make_office(council=make_council("North Testshire Council"), email="elections@ntestshire.gov.uk")
    imports = []
    for who in (office, other):
        visitor = app.test_client()
        sign_in(who, on=visitor)
        imports.append((int(stage_csv(visitor, HEADER + row).headers["Location"].rsplit("/", 1)[1]), who.id))
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    apps = [create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock}) for _ in imports]
    barrier, errors = threading.Barrier(2), []

    def confirm(other_app, import_id, office_id):
        try:
            with other_app.app_context(), other_app.test_request_context():
                staged = db.session.get(NominationImport, import_id)
                staged.status = "applying"
                barrier.wait(timeout=30)
                handover.apply_import(staged, db.session.get(User, office_id))
                staging.finish(staged)
                db.session.commit()
                db.session.remove()
                db.engine.dispose()
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=confirm, args=(a, *i), daemon=True) for a, i in zip(apps, imports, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    accounts = db.session.scalars(sa.select(User).where(User.email == "sam.both@example.org")).all()
    assert len(accounts) == 1
    nominees = db.session.scalars(sa.select(Nominee).where(Nominee.email == "sam.both@example.org")).all()
    assert sorted(n.user_id for n in nominees if n.user_id) == [accounts[0].id]
    assert sum(n.is_handed_over for n in nominees) == 1


@pytest.mark.both_databases
def test_an_office_reimport_that_withdraws_consent_ends_the_candidates_incident_shares_too(
        client, imported, import_csv, adviser, clock):
    """Consent withdrawn from the office's side ends every share, as withdrawing in the app does."""
    from datetime import UTC, datetime

    from webapp.models import Incident

    priya = db.session.scalar(sa.select(User).where(User.email == "priya.shah@example.org"))
    incident = Incident(owner=priya, candidacy=priya.candidacy, category="online_abuse",
                        occurred_at=datetime(2027, 3, 15, 12, 0, tzinfo=UTC), description="Abusive replies.",
                        shared_with_feoa=True, shared_at=clock.now())
    db.session.add(incident)
    db.session.commit()
    assert adviser.get(f"/feoa/incidents/{incident.id}").status_code == 200
    import_csv(client, NOMINATIONS.replace("Green Party,yes", "Green Party,no"))
    db.session.refresh(incident)
    assert (incident.shared_with_feoa, incident.share_ended_because) == (False, "consent")
    assert adviser.get(f"/feoa/incidents/{incident.id}").status_code == 404
