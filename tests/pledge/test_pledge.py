"""Signing the Civility Pledge: who, which version and when; withdrawing; new versions; the public page."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Candidacy, PledgeSignature, PledgeVersion, Role
from webapp.pledge.signing import current_version, publish, sign
from webapp.pledge.text import OFFICIAL_URL


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def test_version_one_shows_the_three_commitments_and_links_to_the_official_page(client, login_as):
    login_as("candidate")
    page = _page(client.get("/pledge"))
    commitments = [li.text for li in page.select("#pledge-commitments li")]
    assert len(commitments) == 3
    assert "civil and constructive" in commitments[0]
    assert "integrity, honesty and compassion" in commitments[1]
    assert "disagree" in commitments[2]
    assert page.select_one(f"a[href='{OFFICIAL_URL}']") is not None


@pytest.mark.both_databases
def test_signing_records_who_the_version_and_the_time_and_no_ip_address(client, clock, login_as):
    candidate = login_as("candidate")
    response = client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y"})
    assert response.status_code == 303
    signature = db.session.scalar(select(PledgeSignature))
    assert (signature.user_id, signature.full_name, signature.version.number) == (candidate.id, "Alex Candidate", 1)
    assert signature.signed_at == clock.now()
    assert signature.public is False
    assert not any("ip" in column.name.split("_") for column in PledgeSignature.__table__.columns)
    assert "You signed on" in _page(client.get("/pledge")).select_one("#signed-heading").text


def test_a_team_member_can_sign_but_an_feoa_cannot(client, login_as, sign_in, make_user):
    login_as("team_member")
    assert client.post("/pledge/sign", data={"full_name": "Sam Volunteer", "agree": "y"}).status_code == 303
    sign_in(make_user(Role.FEOA))
    assert client.post("/pledge/sign", data={"full_name": "PC Adviser", "agree": "y"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(PledgeSignature)) == 1


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"full_name": "", "agree": "y"}, "full_name", "Type your full name"),
    ({"full_name": "A", "agree": "y"}, "full_name", "2 to 100 characters"),
    ({"full_name": "n" * 101, "agree": "y"}, "full_name", "2 to 100 characters"),
    ({"full_name": "Alex Candidate"}, "agree", "Tick the box"),
    ({"full_name": "   ", "agree": "y"}, "full_name", "Type your full name"),
])
def test_signing_without_a_name_or_the_tick_is_refused_with_input_kept(hx, login_as, data, field, message):
    login_as("candidate")
    response = hx.post("/pledge/sign", target="sign-form", data=data)
    assert response.status_code == 422
    form = _page(response).select_one("#sign-form")
    assert message in form.select_one(f"#{field}-error").text
    assert form.select_one("input[name=full_name]").get("value", "") == data["full_name"].strip()
    assert db.session.scalar(select(func.count()).select_from(PledgeSignature)) == 0


def test_withdrawing_removes_the_signature_from_the_public_page(client, login_as):
    login_as("candidate")
    client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y", "public": "y"})
    assert "Alex Candidate" in _page(client.get("/pledge/signatories")).select_one("#signatory-list").text
    assert client.post("/pledge/withdraw").status_code == 303
    assert _page(client.get("/pledge/signatories")).select_one("#signatory-list") is None
    assert _page(client.get("/pledge")).select_one("#sign-form") is not None


def test_a_new_version_asks_everyone_to_sign_again(client, login_as):
    candidate = login_as("candidate")
    client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y"})
    publish("The Civility Pledge", "Be civil.\nBe honest.\nBe kind.", OFFICIAL_URL, None)
    db.session.commit()
    page = _page(client.get("/pledge"))
    assert "please sign again" in page.select_one("#sign-heading").text
    client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y"})
    active = db.session.scalars(select(PledgeSignature).where(
        PledgeSignature.user_id == candidate.id, PledgeSignature.withdrawn_at.is_(None))).all()
    assert [s.version.number for s in active] == [2]


@pytest.mark.both_databases
def test_the_public_page_lists_only_those_who_opted_in_filtered_by_council_and_party(client, make_user):
    people = [("Ann Green", "Bristol City Council", "Green Party", True),
              ("Bob Red", "Bristol City Council", "Labour", True),
              ("Cat Blue", "Bath and North East Somerset Council", "Labour", True),
              ("Dan Quiet", "Bristol City Council", "Labour", False)]
    for name, council, party, public in people:
        user = make_user(Role.CANDIDATE, name=name)
        db.session.execute(Candidacy.__table__.update().where(Candidacy.user_id == user.id)
                           .values(council=council, party=party))
        sign(user, name, public=public)
    db.session.commit()
    page = _page(client.get("/pledge/signatories"))
    assert [a.text for a in page.select("#signatory-list li a")] == ["Ann Green", "Bob Red", "Cat Blue"]
    options = {o["value"]: o.text for o in page.select("#council option") if o["value"]}
    assert options["Bristol City Council"] == "Bristol City Council (2)"
    assert {o["value"]: o.text for o in page.select("#party option") if o["value"]}["Labour"] == "Labour (2)"
    filtered = _page(client.get("/pledge/signatories?council=Bristol+City+Council&party=Labour"))
    assert [a.text for a in filtered.select("#signatory-list li a")] == ["Bob Red"]
    assert filtered.select_one("#signatory-count strong").text == "1"


@pytest.mark.parametrize("query", ["council=" + "x" * 5000, "party=%00%01", "council=<script>", "council=&party="])
def test_odd_filters_on_the_public_page_answer_calmly(client, query):
    response = client.get(f"/pledge/signatories?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_the_share_card_escapes_the_signers_name(client, login_as):
    login_as("candidate")
    client.post("/pledge/sign", data={"full_name": 'Eve <script>&"</script>', "agree": "y", "public": "y"})
    signature = db.session.scalar(select(PledgeSignature))
    response = client.get(f"/pledge/card/{signature.id}.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg
    assert "#CivilityPledge" in svg and "Candidate for councillor" in svg
    card = BeautifulSoup(svg, "html.parser")
    assert card.select_one("svg") is not None
    assert any('Eve <script>&"</script>' in t.text for t in card.select("text"))


def test_the_share_page_offers_a_suggested_post(client, login_as):
    login_as("candidate")
    client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y", "public": "y"})
    signature = db.session.scalar(select(PledgeSignature))
    page = _page(client.get(f"/pledge/card/{signature.id}"))
    assert "#CivilityPledge" in page.select_one("#post-text").text
    assert page.select_one(f"img[src='/pledge/card/{signature.id}.svg']") is not None


def test_opting_in_and_out_of_the_public_listing(client, login_as):
    login_as("candidate")
    client.post("/pledge/sign", data={"full_name": "Alex Candidate", "agree": "y"})
    assert _page(client.get("/pledge/signatories")).select_one("#signatory-list") is None
    client.post("/pledge/listing", data={"public": "y"})
    assert "Alex Candidate" in _page(client.get("/pledge/signatories")).select_one("#signatory-list").text
    client.post("/pledge/listing", data={})
    assert _page(client.get("/pledge/signatories")).select_one("#signatory-list") is None


def test_an_admin_publishes_a_new_version_from_the_admin_page(client, login_as):
    login_as("admin")
    response = client.post("/admin/pledge", data={"title": "The Civility Pledge (2027)", "body": "One.\nTwo.",
                                                  "official_url": OFFICIAL_URL, "confirm": "y"})
    assert response.status_code == 303
    assert current_version().number == 2 and current_version().commitments == ["One.", "Two."]


@pytest.mark.parametrize("role", ["candidate", "team_member", "feoa", "election_office"])
def test_only_admins_see_the_pledge_admin_page(client, login_as, role):
    login_as(role)
    assert client.get("/admin/pledge").status_code == 404


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", "Enter a title"),
    ({"title": "t" * 121}, "title", "120 characters"),
    ({"body": ""}, "body", "Enter the commitments"),
    ({"body": "b" * 4001}, "body", "4,000"),
    ({"official_url": "javascript:alert(1)"}, "official_url", "https://"),
    ({"official_url": "http://example.org"}, "official_url", "https://"),
    ({"official_url": "https://" + "u" * 300}, "official_url", "300 characters"),
])
def test_a_bad_new_version_is_refused_with_input_kept(hx, login_as, change, field, message):
    login_as("admin")
    data = {"title": "New title", "body": "One.", "official_url": OFFICIAL_URL, "confirm": "y", **change}
    response = hx.post("/admin/pledge", target="publish-form", data=data)
    assert response.status_code == 422
    form = _page(response).select_one("#publish-form")
    assert message in form.select_one(f"#{field}-error").text
    assert form.select_one("input[name=title]").get("value", "") == data["title"]
    assert db.session.scalar(select(func.count()).select_from(PledgeVersion)) == 1


def test_the_cli_publishes_a_new_version(app, tmp_path):
    text = tmp_path / "pledge.txt"
    text.write_text("Be civil.\nBe honest.\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["pledge", "publish", "--title", "Pledge 2", "--body-file", str(text),
                                 "--url", OFFICIAL_URL])
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output
    bad = runner.invoke(args=["pledge", "publish", "--title", "x", "--body-file", str(text), "--url", "ftp://x"])
    assert bad.exit_code != 0 and "https://" in bad.output
