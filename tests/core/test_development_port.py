"""`PORT=5101 make run`: links in texts and emails point at the port the server listens on."""

import pytest

from webapp.config import load_config


def test_in_development_links_follow_the_port(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5101")
    assert load_config("development")["PUBLIC_BASE_URL"] == "http://127.0.0.1:5101"


def test_a_public_base_url_that_is_set_wins_over_the_port(monkeypatch):
    monkeypatch.setenv("PORT", "5101")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://campaignsafe.example.org")
    assert load_config("development")["PUBLIC_BASE_URL"] == "https://campaignsafe.example.org"


def test_without_a_port_development_links_use_5000(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert load_config("development")["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_production_links_never_guess_from_the_port(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8000")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert load_config("production")["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_a_port_that_is_not_a_number_is_refused_plainly(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "fivethousand")
    with pytest.raises(RuntimeError, match="PORT must be a port number"):
        load_config("development")
