"""Fixtures for the incident log: candidates with and without FEOA consent, FEOAs, and real small files."""

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Force, Incident

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture
def force_id():
    def find(code: str) -> int:
        return db.session.scalar(sa.select(Force.id).where(Force.code == code))

    return find


@pytest.fixture
def candidate(make_user):
    """A candidate in Avon and Somerset who agreed to FEOA contact."""
    user = make_user("candidate", name="Alex Candidate")
    user.candidacy.set_consent(True, "profile")
    db.session.commit()
    return user


@pytest.fixture
def valid_incident():
    return {
        "category": "in_person",
        "occurred_at": "2027-03-15T18:30",
        "location": "Corner of Whiteladies Road",
        "description": "A man shouted threats and followed me to my car.",
        "person": "Tall man, green coat",
        "witnesses": "Sam (volunteer)",
        "police_reported": "101",
        "police_reference": "AS-2027-0001",
    }


@pytest.fixture
def make_incident():
    """An incident stored directly (for tests about reading, sharing and access)."""

    def make(owner, **fields):
        from datetime import UTC, datetime

        values = {"category": "online_abuse", "occurred_at": datetime(2027, 3, 15, 12, 0, tzinfo=UTC),
                  "description": "Abusive replies to my post.", "candidacy": owner.candidacy}
        values.update(fields)
        incident = Incident(owner=owner, **values)
        db.session.add(incident)
        db.session.commit()
        return incident

    return make


@pytest.fixture
def post_large():
    """POST multipart data over 500 KB and close the temporary file werkzeug's test client leaves open."""
    from werkzeug.test import EnvironBuilder

    def post(client, url, data, headers=None):
        builder = EnvironBuilder(path=url, method="POST", data=data, headers=headers or {},
                                 content_type="multipart/form-data")
        environ = builder.get_environ()
        builder.close()
        try:
            return client.open(environ)
        finally:
            environ["wsgi.input"].close()

    return post
