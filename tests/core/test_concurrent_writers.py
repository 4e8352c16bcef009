"""Six people posting at once (real threads) on one database: every post is saved, none is a 500."""

import pytest
import sqlalchemy as sa

from tests.concurrency import run_together
from webapp.extensions import db
from webapp.models import Incident

POSTS_EACH = 8


def incident_form(i: int, n: int) -> dict:
    return {"category": "online_abuse", "occurred_at": "2027-03-15T18:30", "description": f"Post {n} from {i}.",
            "police_reported": "no"}


@pytest.mark.both_databases
def test_six_people_posting_at_once_all_get_their_incidents_saved(app, make_user, sign_in):
    people = [make_user("candidate") for _ in range(6)]
    clients = [app.test_client() for _ in people]
    for person, c in zip(people, clients, strict=True):
        sign_in(person, on=c)

    def post_all(i):
        return [clients[i].post("/incidents/new", data=incident_form(i, n)).status_code for n in range(POSTS_EACH)]

    statuses = run_together(6, post_all)

    assert statuses == [[303] * POSTS_EACH] * 6
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 6 * POSTS_EACH


def test_sqlite_connections_use_write_ahead_logging_and_wait_when_busy(app, database):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
