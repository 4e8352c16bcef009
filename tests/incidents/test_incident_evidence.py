import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.helpers import png_bytes
from tests.incidents.conftest import JPEG_BYTES, PDF_BYTES
from webapp.extensions import db
from webapp.models import Evidence, Incident

ROOT = Path(__file__).resolve().parents[2]


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def upload(content: bytes, name: str):
    return (io.BytesIO(content), name)


def test_a_photo_logged_with_the_incident_is_kept_privately_with_a_random_name(client, sign_in, candidate, valid_incident, app):
    sign_in(candidate)
    response = client.post("/incidents/new", data={**valid_incident, "evidence": [upload(png_bytes(), "damage.png"),
                                                                                  upload(PDF_BYTES, "letter.pdf")]},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    items = db.session.scalars(sa.select(Evidence).order_by(Evidence.id)).all()
    assert [(e.original_name, e.content_type) for e in items] == [("damage.png", "image/png"), ("letter.pdf", "application/pdf")]
    stored = Path(app.config["UPLOAD_DIR"]) / "evidence" / items[0].stored_name
    assert stored.read_bytes() == png_bytes()
    assert "damage" not in items[0].stored_name and len(items[0].stored_name) == 48
    assert not stored.resolve().is_relative_to(ROOT / "static")


def test_the_owner_can_open_the_evidence_and_it_is_not_cached(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/evidence", data={"files": [upload(png_bytes(), "photo.png")]},
                content_type="multipart/form-data")
    item = db.session.scalar(sa.select(Evidence))
    response = client.get(f"/incidents/{incident.id}/evidence/{item.id}")
    assert response.status_code == 200 and response.data == png_bytes()
    assert response.mimetype == "image/png" and "no-store" in response.headers["Cache-Control"]
    pdf_response = client.post(f"/incidents/{incident.id}/evidence", data={"files": [upload(PDF_BYTES, "a.pdf")]},
                               content_type="multipart/form-data")
    assert pdf_response.status_code == 303
    pdf = db.session.scalar(sa.select(Evidence).where(Evidence.content_type == "application/pdf"))
    assert client.get(f"/incidents/{incident.id}/evidence/{pdf.id}").headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "photo.jpg", "not a photo, screenshot or PDF"),
        (b"<html><script>alert(1)</script></html>", "page.png", "not a photo, screenshot or PDF"),
        (b"plain words", "notes.txt", "not a photo, screenshot or PDF"),
        (png_bytes(), "photo.pdf", "its content is a PNG image"),
        (PDF_BYTES, "scan.jpg", "its content is a PDF"),
        (JPEG_BYTES, "photo", "its content is a JPEG photo"),
        (b"", "empty.png", "is empty"),
        (png_bytes() + b"\x00" * (8 * 1024 * 1024), "huge.png", "larger than 8 MB"),
    ],
)
def test_a_refused_file_leaves_nothing_behind_and_says_why(client, post_large, sign_in, candidate, make_incident, app, content, name, message):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = post_large(client, f"/incidents/{incident.id}/evidence",
                          {"files": [upload(png_bytes(), "good.png"), upload(content, name)]},
                          headers={"HX-Request": "true", "HX-Target": "evidence-form"})
    assert response.status_code == 422
    errors = " ".join(e.text for e in page(response).select("#files-field .error-message"))
    assert message in errors
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0
    folder = Path(app.config["UPLOAD_DIR"]) / "evidence"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_bad_file_on_a_new_incident_refuses_the_whole_incident_and_keeps_what_was_typed(client, sign_in, candidate, valid_incident):
    sign_in(candidate)
    response = client.post("/incidents/new", data={**valid_incident, "evidence": [upload(b"nope", "x.png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    form = page(response)
    assert "not a photo" in form.select_one("#evidence-field .error-message").text
    assert form.select_one("#location")["value"] == valid_incident["location"]
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_sending_no_file_is_refused(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = client.post(f"/incidents/{incident.id}/evidence", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose at least one file" in page(response).select_one("#files-field").text


def test_a_request_over_the_overall_limit_gets_a_clear_page_not_a_crash(client, post_large, sign_in, candidate, make_incident):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = post_large(client, f"/incidents/{incident.id}/evidence",
                          {"files": [upload(b"\x89PNG" + b"\x00" * (13 * 1024 * 1024), "big.png")]})
    assert response.status_code == 413
    assert "too large" in page(response).select_one("h1").text


def test_guessing_evidence_urls_finds_nothing(app, client, sign_in, candidate, make_user, make_incident):
    owner = make_user("candidate")
    incident = make_incident(owner)
    sign_in(owner)
    client.post(f"/incidents/{incident.id}/evidence", data={"files": [upload(png_bytes(), "photo.png")]},
                content_type="multipart/form-data")
    item = db.session.scalar(sa.select(Evidence))
    stranger = app.test_client()
    sign_in(candidate, on=stranger)
    assert stranger.get(f"/incidents/{incident.id}/evidence/{item.id}").status_code == 404
    assert client.get(f"/incidents/{incident.id}/evidence/{item.id + 1}").status_code == 404
    assert client.get(f"/incidents/{incident.id + 1}/evidence/{item.id}").status_code == 404
    assert client.get(f"/static/../instance/uploads/evidence/{item.stored_name}").status_code == 404
    assert client.get(f"/static/uploads/evidence/{item.stored_name}").status_code == 404
