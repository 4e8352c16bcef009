"""Helpers any test may import: `from tests.helpers import run_jobs`."""

import socket
import struct
import zlib
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask, current_app
from flask_migrate import upgrade

from jobs.runner import tick_all
from webapp.extensions import db
from webapp.timeutil import london_to_utc


def uk_clock(*args) -> datetime:
    """A UK clock time (GMT or BST, whichever applies), e.g. uk_clock(2027, 3, 28, 9, 30), as aware UTC."""
    return london_to_utc(datetime(*args))


def soup(response) -> BeautifulSoup:
    """A response's HTML, parsed: check pages with `select_one`, not substrings."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def statements_run(request) -> int:
    """How many SQL statements `request()` ran, in a database session of its own as a real request has: an
    empty identity map (the test's, merely expired, would have rows refreshed one by one instead)."""
    count = {"n": 0}

    def counted(*args):
        count["n"] += 1

    db.session.commit()
    sa.event.listen(db.engine, "before_cursor_execute", counted)
    try:
        with current_app.app_context():  # a new app context: a new scoped session
            response = request()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counted)
    assert response.status_code == 200, response.status_code
    return count["n"]


def texts_to(fake_twilio, number: str, words: str = "") -> list[str]:
    """The bodies of the texts the fake Twilio took for `number` (only those containing `words`, if given)."""
    return [m["Body"] for m in fake_twilio.sent if m["To"] == number and words in m["Body"]]


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A genuine (tiny) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xcc\x33\x33" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_jobs(app: Flask) -> list[tuple[str, object]]:
    """Run every periodic job once (deliver due messages, …) as the jobs process would.

    Commits the test's own session first so the jobs see its rows, and expires it afterwards so
    the test reads what the jobs wrote.
    """
    db.session.commit()
    results = tick_all(app)
    db.session.expire_all()
    return results


def registration_link(email: str) -> str:
    """The path of the newest "finish creating your account" link emailed to `email`."""
    import re

    from sqlalchemy import select

    from webapp.models import Message

    body = db.session.scalar(select(Message.body).where(Message.recipient == email, Message.kind == "register-confirm")
                             .order_by(Message.id.desc()))
    return re.search(r"/register/finish/\S+", body).group(0)


def register(client, name: str, email: str, password: str):
    """Register through the form and the emailed link, as a new candidate does; the last response."""
    response = client.post("/register", data={"name": name, "email": email, "password": password, "confirm": password})
    assert response.status_code == 303 and response.headers["Location"] == "/register/sent", response.status_code
    return client.post(registration_link(email))


@contextmanager
def sqlite_migrated_to(tmp_path, revision: str):
    """A fresh SQLite file migrated up to `revision`, inside an app context on it; yields an engine.
    Migration tests write rows of the old shape with it, then `upgrade()` further."""
    from webapp import create_app

    url = f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
    with create_app("test", {"SQLALCHEMY_DATABASE_URI": url}).app_context():
        upgrade(revision=revision)
        engine = sa.create_engine(url)
        yield engine
        engine.dispose()
