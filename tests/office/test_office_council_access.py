"""The access matrix for election offices as council records: two councils in one force, and a council
in another force. Each office sees only its own council's imports and nominees; each force's FEOA sees
exactly the nominees handed to that force."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import NominationImport, Nominee

HEADER = "name,email,mobile,office,ward,party,consent\n"
FILES = {
    "bristol": HEADER + "Bea Bristol,bea@example.org,07911 123401,councillor,Clifton,Green Party,yes\n",
    "north_somerset": HEADER + "Nat Somerset,nat@example.org,07911 123402,councillor,Portishead,Independent,yes\n",
    "leeds": HEADER + "Lee Leeds,lee@example.org,07911 123403,councillor,Headingley,Labour Party,yes\n",
}
COUNCILS = {"bristol": ("Bristol City Council", "avon-and-somerset"),
            "north_somerset": ("North Somerset Council", "avon-and-somerset"),
            "leeds": ("Leeds City Council", "west-yorkshire")}


def names(response):
    return sorted(a.text for a in BeautifulSoup(response.get_data(as_text=True), "html.parser")
                  .select("#candidate-list .candidate-name"))


@pytest.fixture
def world(app, make_office, make_user, sign_in, import_csv):
    offices, urls = {}, {}
    for key, (council, force) in COUNCILS.items():
        office = make_office(council=council, force_code=force, name=f"{key} office")
        visitor = app.test_client()
        sign_in(office, on=visitor)
        import_csv(visitor, FILES[key])
        found = db.session.scalar(sa.select(NominationImport).where(NominationImport.council_id == office.council_id))
        nominee = db.session.scalar(sa.select(Nominee).where(Nominee.council_id == office.council_id))
        offices[key] = visitor
        urls[key] = [f"/office/imports/{found.id}", f"/office/candidates/{nominee.id}"]
    advisers = {}
    for force in ("avon-and-somerset", "west-yorkshire"):
        advisers[force] = app.test_client()
        sign_in(make_user("feoa", force_code=force), on=advisers[force])
    return offices, urls, advisers


@pytest.mark.both_databases
@pytest.mark.parametrize("viewer", list(COUNCILS))
def test_each_office_reaches_only_its_own_councils_imports_and_nominees(world, viewer):
    offices, urls, _ = world
    for owner, pages in urls.items():
        for url in pages:
            expected = 200 if owner == viewer else 404
            assert offices[viewer].get(url).status_code == expected, (viewer, owner, url)
        resend = offices[viewer].post(pages[1] + "/resend")
        assert resend.status_code == (303 if owner == viewer else 404), (viewer, owner)
    listing = BeautifulSoup(offices[viewer].get("/office/candidates").get_data(as_text=True), "html.parser")
    assert [a.text for a in listing.select("#nominee-list a")] == [FILES[viewer].splitlines()[1].split(",")[0]]


@pytest.mark.both_databases
def test_each_forces_adviser_sees_exactly_the_nominees_of_the_councils_in_their_force(world):
    _, _, advisers = world
    assert names(advisers["avon-and-somerset"].get("/feoa/")) == ["Bea Bristol", "Nat Somerset"]
    assert names(advisers["west-yorkshire"].get("/feoa/")) == ["Lee Leeds"]
