import re
from pathlib import Path

import pytest

from webapp import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_health_answers_ok_when_the_database_answers(client, app, run_jobs):
    run_jobs(app)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "jobs": "ok"}


@pytest.mark.parametrize(
    "unreachable",
    [
        "postgresql+psycopg://postgres@127.0.0.1:9/campaignsafe?connect_timeout=2",  # nothing listens on port 9
        "sqlite:////nonexistent-directory/campaignsafe.sqlite3",
    ],
)
def test_health_answers_503_naming_the_database_when_it_does_not_answer(unreachable):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": unreachable})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "down"}


@pytest.mark.parametrize("url", ["/", "/sign-in", "/safety", "/offline", "/healthz", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


# Email templates are exempt: the CSP governs pages in the browser, and mail clients need inline styles.
PAGE_TEMPLATES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")
                        if not p.relative_to(TEMPLATES).as_posix().startswith("messages/"))


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_no_template_needs_inline_script_or_style(template):
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script> (the CSP blocks it)"
    assert not re.search(r"<style\b", source), "inline <style> (the CSP blocks it)"
    assert not re.search(r"\sstyle\s*=", source), "style= attribute (the CSP blocks it)"
    assert not re.search(r"\son[a-z]+\s*=", source), "inline event handler (the CSP blocks it)"
