"""Download my data: a ZIP built by the jobs process, emailed as a link that works once for 24 hours."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.privacy.scenario import build_campaign
from webapp.extensions import db
from webapp.models import DataExport, Message
from webapp.privacy import export
from webapp.privacy.export import NOT_EXPORTED_TABLES, gather


def person_tables() -> set[str]:
    return {"user", "candidacy"} | {table.name for table in db.metadata.sorted_tables
                                    if any(fk.column.table.name in {"user", "candidacy"} for fk in table.foreign_keys)}


@pytest.fixture
def campaign(app, make_user, clock, tmp_path):
    return build_campaign(make_user, clock.now(), tmp_path / "uploads")


def ask_and_build(client, app, run_jobs, person) -> str:
    client.post("/your-data/download")
    run_jobs(app)
    email = db.session.scalar(sa.select(Message).where(Message.template == "data_export_ready",
                                                       Message.user_id == person.id))
    return email.body.split("http://campaignsafe.test", 1)[1].split()[0]


def test_every_table_holding_a_user_or_candidacy_is_in_the_export(app, campaign):
    data = gather(campaign["candidate"].id)
    missing = person_tables() - set(data) - NOT_EXPORTED_TABLES
    assert not missing, f"the export leaves out {sorted(missing)}"


@pytest.mark.both_databases
def test_the_export_holds_their_records_evidence_and_who_at_the_police_viewed_them(
        app, client, campaign, sign_in, run_jobs):
    candidate = campaign["candidate"]
    sign_in(candidate)
    link = ask_and_build(client, app, run_jobs, candidate)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert "summary.txt" in names and any(n.startswith("evidence/") and n.endswith("post.pdf") for n in names)
    data = json.loads(archive.read("your-data.json"))
    assert data["user"][0]["email"] == candidate.email and "password_hash" not in data["user"][0]
    assert data["candidacy"][0]["party"] == "Independent"
    for table in ("activity", "safety_session", "session_event", "incident", "message", "team_membership",
                  "consent_event", "feoa_contact"):
        assert table in data
    assert [row["body"] for row in data["message"]]  # messages sent to them, with their words
    assert data["police_and_council_views"][0]["what"] == "feoa.contact_details_viewed"
    assert data["police_and_council_views"][0]["who"] == campaign["feoa"].name
    assert "Do-not-knock notes" in archive.read("summary.txt").decode()


def test_the_link_works_once(app, client, campaign, sign_in, run_jobs):
    sign_in(campaign["candidate"])
    link = ask_and_build(client, app, run_jobs, campaign["candidate"])
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 410


def test_the_link_stops_working_after_24_hours_and_the_purge_deletes_the_file(
        app, client, campaign, sign_in, run_jobs, clock, tmp_path):
    from webapp.privacy import purge

    sign_in(campaign["candidate"])
    link = ask_and_build(client, app, run_jobs, campaign["candidate"])
    assert list((tmp_path / "uploads" / "exports").iterdir())
    clock.advance(timedelta(hours=24, minutes=1))
    assert client.get(link).status_code == 410
    purge.run()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataExport)) == 0
    assert not list((tmp_path / "uploads" / "exports").iterdir())


def test_someone_else_signed_in_cannot_use_the_link(app, client, campaign, sign_in, run_jobs):
    sign_in(campaign["candidate"])
    link = ask_and_build(client, app, run_jobs, campaign["candidate"])
    sign_in(campaign["member"])
    assert client.get(link).status_code == 410


def test_asking_twice_before_it_is_ready_builds_one_copy(app, client, campaign, sign_in):
    sign_in(campaign["candidate"])
    client.post("/your-data/download")
    client.post("/your-data/download")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataExport)) == 1
    assert export.run() == 1 and export.run() == 0
