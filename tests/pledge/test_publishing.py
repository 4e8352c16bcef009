"""Publishing a new pledge version: only changed words, only after confirming that every signer is asked
again, audit-logged, and safe when two admins publish at the same moment."""

import threading
import time

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AuditEntry, PledgeVersion
from webapp.pledge.signing import current_version, publish, sign
from webapp.pledge.text import FIRST_VERSION, OFFICIAL_URL


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def _versions() -> int:
    return db.session.scalar(select(func.count()).select_from(PledgeVersion))


@pytest.mark.parametrize("body", [FIRST_VERSION["body"], "\n  " + FIRST_VERSION["body"].replace("\n", "\n\n  ") + "  \n"],
                         ids=["identical", "same-lines-other-spacing"])
def test_publishing_the_same_commitments_again_is_refused_with_a_message(hx, login_as, body):
    login_as("admin")
    response = hx.post("/admin/pledge", target="publish-form",
                       data={"title": "A new title", "body": body, "official_url": OFFICIAL_URL, "confirm": "y"})
    assert response.status_code == 422
    error = _page(response).select_one("#body-error").text
    assert "same commitments as version 1" in error
    assert _versions() == 1


def test_publishing_needs_the_confirmation_that_every_signer_is_asked_again(hx, client, login_as, make_user):
    for n in range(3):
        sign(make_user("candidate"), f"Signer {n}", public=False)
    db.session.commit()
    login_as("admin")
    page = _page(client.get("/admin/pledge"))
    assert "3 people have signed" in page.select_one("#confirm-hint").text
    assert "All 3 signers will be asked to sign again" in page.select_one("#publish-form")["data-confirm"]
    response = hx.post("/admin/pledge", target="publish-form",
                       data={"title": "Pledge 2027", "body": "Be civil.", "official_url": OFFICIAL_URL})
    assert response.status_code == 422
    assert "asked to sign again" in _page(response).select_one("#confirm-error").text
    assert _versions() == 1


def test_a_publication_is_in_the_audit_log_with_who_and_which_version(client, login_as):
    admin = login_as("admin")
    response = client.post("/admin/pledge", data={"title": "Pledge 2027", "body": "Be civil.",
                                                  "official_url": OFFICIAL_URL, "confirm": "y"})
    assert response.status_code == 303
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "pledge.published"))
    assert (entry.actor_id, entry.detail) == (admin.id, "version 2: Pledge 2027")


def test_the_cli_refuses_unchanged_text_and_its_publication_is_audited(app, tmp_path):
    text = tmp_path / "pledge.txt"
    text.write_text(FIRST_VERSION["body"], encoding="utf-8")
    runner = app.test_cli_runner()
    same = runner.invoke(args=["pledge", "publish", "--title", "x", "--body-file", str(text), "--url", OFFICIAL_URL])
    assert same.exit_code == 2 and "same commitments as version 1" in same.output
    text.write_text("Be civil.\n", encoding="utf-8")
    done = runner.invoke(args=["pledge", "publish", "--title", "x", "--body-file", str(text), "--url", OFFICIAL_URL])
    assert done.exit_code == 0, done.output
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "pledge.published"))
    assert entry.actor_id is None and entry.detail == "version 2: x"


def _wait_until_a_backend_waits_for_a_lock(engine, deadline_seconds=10.0):
    """Poll PostgreSQL until some session is blocked on a lock (the second insert of number 2)."""
    end = time.monotonic() + deadline_seconds
    with engine.connect() as connection:
        while time.monotonic() < end:
            waiting = connection.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )).scalar()
            connection.rollback()
            if waiting:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.postgresql_only
def test_two_admins_publishing_at_the_same_moment_get_two_versions_and_no_error(app, database):
    current_version()
    db.session.commit()
    first_flushed, second_waiting = threading.Event(), threading.Event()
    errors, numbers = [], {}

    def first():
        with app.app_context():
            try:
                numbers["first"] = publish("First", "Be civil.", OFFICIAL_URL, None).number
                first_flushed.set()
                second_waiting.wait(10)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
                first_flushed.set()
            finally:
                db.session.remove()

    def second():
        first_flushed.wait(10)
        with app.app_context():
            try:
                # Reads version 1 as the latest (the first publication is not committed yet) and
                # blocks on the unique index until the first one commits.
                numbers["second"] = publish("Second", "Be kind.", OFFICIAL_URL, None).number
                db.session.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_flushed.wait(10)
    assert _wait_until_a_backend_waits_for_a_lock(db.engine)
    second_waiting.set()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert numbers == {"first": 2, "second": 3}
    db.session.expire_all()
    assert [(v.number, v.title) for v in db.session.scalars(select(PledgeVersion).order_by(PledgeVersion.number))] \
        == [(1, FIRST_VERSION["title"]), (2, "First"), (3, "Second")]
