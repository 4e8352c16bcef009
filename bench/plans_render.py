"""Server time per page for the plans pages, in one process with no HTTP or wrk in the way.

The shared machine makes wrk figures swing by 3x from one minute to the next; the best of several
batches through the Flask test client is steadier, and shows what each page adds to the cost
every signed-in page pays (the guidance page is that baseline). No target: it is a diagnostic.
"""

import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.generate import ACTIVITIES, CANDIDATE_EMAIL, build
from webapp import create_app
from webapp.extensions import db
from webapp.models import User

PAGES = ["/safety/safer-canvassing", "/", "/activities", "/activities?kind=canvassing"]
BATCHES, PER_BATCH = 7, 15


def main() -> bool:
    with tempfile.TemporaryDirectory(prefix="campaignsafe-plans-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        build(database_url)
        app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_url})
        client = app.test_client()
        with app.app_context():
            user_id = db.session.scalar(select(User).where(User.email == CANDIDATE_EMAIL)).get_id()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True
        print(f"Plans pages in-process (Flask test client, SQLite, {ACTIVITIES} activities), "
              f"best of {BATCHES} batches of {PER_BATCH}:")
        for path in PAGES:
            assert client.get(path).status_code == 200, path
            best = min(_batch(client, path) for _ in range(BATCHES))
            print(f"  {path:<32} {best:6.1f} ms")
        with app.app_context():
            db.engine.dispose()
    return True


def _batch(client, path: str) -> float:
    start = time.perf_counter()
    for _ in range(PER_BATCH):
        client.get(path)
    return (time.perf_counter() - start) / PER_BATCH * 1000


if __name__ == "__main__":
    main()
