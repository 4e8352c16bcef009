"""Councils as reference data: seeded from webapp/data/councils.csv (safe to repeat), editable by an admin."""

import csv

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import AuditEntry, Council, Force
from webapp.models.reference import council_force
from webapp.seed import COUNCILS_CSV, seed_reference_data


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def force_id(code):
    return str(db.session.scalar(sa.select(Force.id).where(Force.code == code)))


@pytest.mark.both_databases
def test_the_seeded_councils_cover_every_scottish_and_welsh_council_each_in_its_force(app, clock):
    seed_reference_data(clock.now().date())  # a second run adds nothing
    with COUNCILS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert db.session.scalar(sa.select(sa.func.count(Council.id))) == len(rows)
    by_nation = {nation: db.session.scalars(sa.select(Council).where(Council.nation == nation)).all()
                 for nation in ("Scotland", "Wales")}
    assert len(by_nation["Scotland"]) == 32 and len(by_nation["Wales"]) == 22
    assert all(c.gss_code.startswith("S12") and [f.code for f in c.forces] == ["police-scotland"]
               for c in by_nation["Scotland"])
    assert all(c.gss_code.startswith("W06") and len(c.forces) == 1 for c in by_nation["Wales"])
    assert all(council.forces for council in db.session.scalars(sa.select(Council)))


def test_an_admin_adds_a_council_spanning_two_forces_and_the_change_is_audited(client, sign_in, make_user):
    sign_in(make_user("admin"))
    listing = page(client.get("/admin/councils"))
    assert "Bristol City Council" in listing.select_one("#council-list").text
    response = client.post("/admin/councils", data={
        "name": "Border District Council", "gss_code": "e07999999", "nation": "England",
        "force": force_id("avon-and-somerset"), "second_force": force_id("wiltshire")})
    try:
        assert response.status_code == 303
        council = db.session.scalar(sa.select(Council).where(Council.name == "Border District Council"))
        assert council.gss_code == "E07999999"
        assert [f.code for f in council.forces] == ["avon-and-somerset", "wiltshire"]
        assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "council.created"))
        edited = client.post(f"/admin/councils/{council.id}", data={
            "name": "Border District Council", "gss_code": "E07999999", "nation": "England",
            "force": force_id("wiltshire"), "second_force": ""})
        assert edited.status_code == 303
        db.session.refresh(council)
        assert [f.code for f in council.forces] == ["wiltshire"]
    finally:
        made = db.session.scalar(sa.select(Council.id).where(Council.name == "Border District Council"))
        db.session.execute(sa.delete(council_force).where(council_force.c.council_id == made))
        db.session.execute(sa.delete(Council).where(Council.id == made))
        db.session.commit()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Enter the council's name"),
    ({"name": "bristol city council"}, "name", "already in the list"),
    ({"gss_code": "E0600"}, "gss_code", "a letter and 8 digits"),
    ({"gss_code": "E06000023"}, "gss_code", "already has this GSS code"),
    ({"force": ""}, "force", "Choose the police force"),
    ({"second_force": "same"}, "second_force", "Choose a different force"),
])
def test_bad_council_input_is_refused_beside_the_field_and_kept(client, sign_in, make_user, changes, field, message):
    sign_in(make_user("admin"))
    data = {"name": "New Council", "gss_code": "", "nation": "England", "force": force_id("avon-and-somerset"),
            "second_force": "", **changes}
    if data["second_force"] == "same":
        data["second_force"] = data["force"]
    response = client.post("/admin/councils", data=data)
    assert response.status_code == 422
    form = page(response)
    assert message in form.select_one(f"#{field}-field .error-message").text
    assert form.select_one("#name")["value"] == data["name"]
    assert db.session.scalar(sa.select(Council.id).where(Council.name == "New Council")) is None


def test_only_an_admin_reaches_the_councils_pages(client, sign_in, make_user):
    council_id = db.session.scalar(sa.select(Council.id).limit(1))
    for role in ("candidate", "feoa", "election_office"):
        sign_in(make_user(role))
        assert client.get("/admin/councils").status_code in (403, 404)
        assert client.post(f"/admin/councils/{council_id}", data={}).status_code in (403, 404)
