"""Helpers any test may import: `from tests.helpers import run_jobs`."""

from flask import Flask

from jobs.runner import tick_all
from webapp.extensions import db


def run_jobs(app: Flask) -> list[tuple[str, object]]:
    """Run every periodic job once (deliver due messages, …) as the jobs process would.

    Commits the test's own session first so the jobs see its rows, and expires it afterwards so
    the test reads what the jobs wrote.
    """
    db.session.commit()
    results = tick_all(app)
    db.session.expire_all()
    return results
