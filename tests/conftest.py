"""Shared fixtures: an app on SQLite (and PostgreSQL where a test asks), a movable clock,
clients that speak htmx, and signed-in users of every role."""

import os
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import g, request_started
from flask_migrate import upgrade

from webapp import create_app
from webapp.clock import FrozenClock
from webapp.extensions import db, limiter
from webapp.models import Candidacy, Council, Election, Force, Role, User
from webapp.passwords import hash_password
from webapp.seed import seed_reference_data

# Browser fixtures (`browser`, `page`, `live_server`, `signed_in_page`) for tests in any folder.
pytest_plugins = ["tests.browser.fixtures"]

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery"  # noqa: S105
PASSWORD_HASH = hash_password(PASSWORD)
KEEP_BETWEEN_TESTS = {"force", "election", "alembic_version", "council", "council_force"}
# A Tuesday in March 2027, GMT, before the clocks change on Sunday 28 March.
START = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)


def pytest_generate_tests(metafunc):
    if "database" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_databases") is not None
        only_pg = metafunc.definition.get_closest_marker("postgresql_only") is not None
        backends = ["postgresql"] if only_pg else ["sqlite", "postgresql"] if both else ["sqlite"]
        metafunc.parametrize("database", backends, indirect=True)


def _postgres_available() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture(scope="session")
def _schemas(tmp_path_factory):
    """One migrated schema per backend, made on first use: proves the migrations too."""
    made: dict[str, str] = {}

    def schema_for(backend: str) -> str:
        if backend in made:
            return made[backend]
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        else:
            if not _postgres_available():
                if os.environ.get("CI"):
                    pytest.fail(f"PostgreSQL is required under CI but {POSTGRES_URL} does not answer")
                pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
            url = POSTGRES_URL
            engine = sa.create_engine(url)
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
            engine.dispose()
        app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": FrozenClock(START)})
        with app.app_context():
            upgrade()
            seed_reference_data(START.date())
            db.engine.dispose()
        made[backend] = url
        return url

    return schema_for


@pytest.fixture
def database(request, _schemas):
    """The backend under test: 'sqlite' unless the test is marked both_databases."""
    return request.param if hasattr(request, "param") else "sqlite"


@pytest.fixture
def clock():
    return FrozenClock(START)


@pytest.fixture
def app_overrides():
    """Override in a test module to change settings for every app it builds."""
    return {}


@pytest.fixture
def app(database, _schemas, clock, app_overrides, tmp_path):
    url = _schemas(database)
    settings = {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock, "UPLOAD_DIR": str(tmp_path / "uploads")}
    settings.update(app_overrides)
    app = create_app("test", settings)
    limiter.reset()
    # The test holds an app context, which Flask reuses for every request: give each request a
    # fresh `g` as in production, or the signed-in user cached there leaks between clients.
    request_started.connect(_fresh_request_globals, app)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _fresh_request_globals(sender, **extra):
    g.__dict__.clear()


def _empty_tables():
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_BETWEEN_TESTS]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


class HtmxClient:
    """A test client whose requests look like htmx's (optionally aimed at one target)."""

    def __init__(self, client):
        self._client = client

    def _headers(self, target, extra):
        headers = {"HX-Request": "true"}
        if target:
            headers["HX-Target"] = target
        headers.update(extra or {})
        return headers

    def get(self, url, target=None, headers=None, **kwargs):
        return self._client.get(url, headers=self._headers(target, headers), **kwargs)

    def post(self, url, target=None, headers=None, **kwargs):
        return self._client.post(url, headers=self._headers(target, headers), **kwargs)

    def delete(self, url, target=None, headers=None, **kwargs):
        return self._client.delete(url, headers=self._headers(target, headers), **kwargs)


@pytest.fixture
def hx(client):
    return HtmxClient(client)


@pytest.fixture
def make_user(app):
    """Create a user of any role; candidates get a candidacy in Avon and Somerset."""
    counter = {"n": 0}

    def make(role: Role | str = Role.CANDIDATE, *, email=None, force_code="avon-and-somerset",
             verification="nominated", **fields):
        counter["n"] += 1
        role = Role(role)
        if role is Role.ELECTION_OFFICE or "council" in fields:
            name = fields.pop("council", "Bristol City Council")
            fields["council"] = db.session.scalar(sa.select(Council).where(Council.name == name)) if name else None
        force = db.session.scalar(sa.select(Force).where(Force.code == force_code))
        user = User(
            email=email or f"{role.value}{counter['n']}@example.org",
            name=fields.pop("name", f"{role.label} {counter['n']}"),
            role=role.value,
            password_hash=PASSWORD_HASH,
            force=force if role is Role.FEOA else None,
            **fields,
        )
        db.session.add(user)
        if role is Role.CANDIDATE:
            election = db.session.scalar(sa.select(Election))
            db.session.add(Candidacy(user=user, force=force, election=election, council="Bristol City Council",
                                     ward="Clifton", office="councillor", party="Independent",
                                     verification=verification))
        db.session.commit()
        return user

    return make


@pytest.fixture
def sign_in(client):
    """Sign a user in on the test client without going through the form."""

    def sign_in_as(user: User, on=None, two_factor: bool = True):
        # Requests share the app fixture's app context, so Flask-Login's per-request cache in `g`
        # would keep whoever (or nobody) was signed in at the previous request.
        g.pop("_login_user", None)
        # Staff roles also need the session's two-factor mark (see webapp.access.role_required);
        # two_factor=False gives a password-only session.
        with (on or client).session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            if two_factor:
                session["two_factor_verified"] = user.get_id()
        return user

    return sign_in_as


@pytest.fixture
def login_as(make_user, sign_in):
    """`login_as("feoa")`: a new user of that role, signed in on the client."""

    def login(role: Role | str = Role.CANDIDATE, **fields):
        return sign_in(make_user(role, **fields))

    return login


# -- Fakes for the outside world (shared by every area) -------------------------------------------
# Aim the app at them from a test module:
#     @pytest.fixture
#     def app_overrides(fake_twilio, smtp_server):
#         return {**fake_twilio.settings, **smtp_server.settings}
# then `run_jobs(app)` delivers what is due, and `fake_twilio.sent` / `smtp_server.messages` show it.


@pytest.fixture(scope="session")
def _fake_twilio_server():
    from tests.fakes.twilio_server import FakeTwilio

    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def fake_twilio(_fake_twilio_server):
    """A fake Twilio REST API on 127.0.0.1 (see tests/fakes/twilio_server.py), emptied for each test."""
    _fake_twilio_server.reset()
    yield _fake_twilio_server
    _fake_twilio_server.reset()


@pytest.fixture(scope="session")
def _smtp_server():
    from tests.fakes.smtp_server import FakeSMTP

    server = FakeSMTP().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server(_smtp_server):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that records messages, emptied for each test."""
    _smtp_server.reset()
    yield _smtp_server
    _smtp_server.reset()


@pytest.fixture
def run_jobs():
    """`run_jobs(app)`: every periodic job once, as the jobs process would (delivers due messages)."""
    from tests.helpers import run_jobs as run

    return run
