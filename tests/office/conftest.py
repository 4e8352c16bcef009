"""Fixtures for the election office: office users of two councils and a way to upload CSV text."""

import io
import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from werkzeug.test import EnvironBuilder

from webapp.extensions import db
from webapp.models import Council, Force, Message, NominationImport, Nominee, User
from webapp.models.reference import council_force

HEADER = "name,email,mobile,office,ward,party,consent\n"
GOOD_CSV = HEADER + (
    "Priya Shah,priya.shah@example.org,07911 123401,councillor,Clifton,Green Party,yes\n"
    "Tom Baker,tom.baker@example.org,07911123402,councillor,Cotham,Labour Party,no\n"
)


def invitation_link(email):
    """The path of the newest "join CampaignSafe" link the office's import sent to `email`."""
    message = db.session.scalar(sa.select(Message).where(Message.recipient == email).order_by(Message.id.desc()))
    return re.search(r"http://campaignsafe\.test(/join/\S+)", message.body).group(1)


@pytest.fixture
def make_council(app):
    """A council of these force codes (none allowed), removed again afterwards: councils are reference
    data kept between tests."""
    made = []

    def make(name="Testshire Borough Council", force_codes=("avon-and-somerset",), gss_code=None):
        forces = list(db.session.scalars(sa.select(Force).where(Force.code.in_(force_codes))))
        council = Council(name=name, nation="England", gss_code=gss_code, forces=forces)
        db.session.add(council)
        db.session.commit()
        made.append(council.id)
        return council

    yield make
    db.session.rollback()
    for council_id in made:
        db.session.execute(sa.update(User).where(User.council_id == council_id).values(council_id=None))
        for model in (Nominee, NominationImport):
            db.session.execute(sa.delete(model).where(model.council_id == council_id))
        # SQLite here does not cascade: the links go first, or a later council reusing the id inherits them.
        db.session.execute(sa.delete(council_force).where(council_force.c.council_id == council_id))
        db.session.execute(sa.delete(Council).where(Council.id == council_id))
    db.session.commit()


@pytest.fixture
def make_office(make_user):
    def make(council="Bristol City Council", force_code="avon-and-somerset", **fields):
        user = make_user("election_office", council=getattr(council, "name", council), **fields)
        user.force_id = db.session.scalar(sa.select(Force.id).where(Force.code == force_code)) if force_code else None
        db.session.commit()
        return user

    return make


@pytest.fixture
def office(make_office):
    return make_office(name="Robin Electoral Services")


@pytest.fixture
def upload_csv():
    """POST CSV content (str is UTF-8 encoded) to the import form; returns the response."""

    def upload(client, content, name="nominations.csv", headers=None):
        data = content.encode("utf-8") if isinstance(content, str) else content
        builder = EnvironBuilder(path="/office/imports", method="POST", data={"file": (io.BytesIO(data), name)},
                                 content_type="multipart/form-data", headers=headers or {})
        environ = builder.get_environ()
        builder.close()
        try:
            return client.open(environ)
        finally:
            environ["wsgi.input"].close()  # werkzeug's test client leaves large bodies' temp files open

    return upload


def choose_columns(client, columns_url, changes=None):
    """Submit the column-matching form as the page fills it in, with any `changes` ({"column-2": "party"})."""
    form = BeautifulSoup(client.get(columns_url).get_data(as_text=True), "html.parser").select_one("#columns-form")
    data = {"csrf_token": "x"}
    for select in form.select("select"):
        chosen = select.select_one("option[selected]")
        data[select["name"]] = chosen["value"] if chosen else ""
    data.update(changes or {})
    return client.post(form["action"], data=data)


@pytest.fixture
def stage_csv(upload_csv):
    """Upload a CSV and accept the columns as matched; returns the response (303 to the check page)."""

    def run(client, content, changes=None, **kwargs):
        uploaded = upload_csv(client, content, **kwargs)
        assert uploaded.status_code == 303, uploaded.get_data(as_text=True)
        return choose_columns(client, uploaded.headers["Location"], changes)

    return run


@pytest.fixture
def import_csv(stage_csv):
    """Upload a CSV, accept the columns as matched and confirm; returns the confirmed import's page response."""

    def run(client, content, **kwargs):
        staged = stage_csv(client, content, **kwargs)
        assert staged.status_code == 303, staged.get_data(as_text=True)
        return client.post(staged.headers["Location"] + "/confirm", follow_redirects=True)

    return run
