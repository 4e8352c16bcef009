"""The dashboard's costly sections, kept in each process and keyed on the force's feoa_version.

Every change the dashboard could show bumps that version in its own transaction
(webapp/feoa/freshness.py), and each request reads it first, so a withdrawn consent, an unshared
incident or a new briefing shows on the very next request on every worker. The higher-risk list
also depends on the time, so it is computed for the current minute and kept for that minute.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from threading import Lock

from flask import current_app

from webapp.extensions import db
from webapp.feoa import candidates, shared
from webapp.feoa.activities import WINDOW, risky_activities
from webapp.models import Force, User

MAX_ENTRIES = 512


class SectionCache:
    """A small least-recently-used map; entries of older versions simply age out."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self._entries: OrderedDict = OrderedDict()
        self._max_entries = max_entries
        self._lock = Lock()

    def get_or_compute(self, key: Hashable, compute: Callable):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return value


def _cache() -> SectionCache:
    return current_app.extensions.setdefault("feoa_sections", SectionCache())


def force_version(feoa: User) -> int:
    """Read before computing anything cached. Loads the force afresh (the page shows its name)."""
    if feoa.force_id is None:
        return 0
    force = db.session.get(Force, feoa.force_id, populate_existing=True)
    return force.feoa_version if force is not None else 0


def candidate_page(feoa: User, version: int, *, page: int, page_size: int, search: str, status: str, office: str):
    key = ("candidates", feoa.force_id, version, search, status, office, page, page_size)
    return _cache().get_or_compute(key, lambda: candidates.candidate_page(
        feoa, search=search, status=status, office=office, page=page, page_size=page_size))


def open_incidents(feoa: User, version: int, *, page_size: int):
    key = ("open incidents", feoa.force_id, version, page_size)
    return _cache().get_or_compute(key, lambda: shared.shared_incidents(feoa, status="open", page_size=page_size))


def risky_soon(feoa: User, version: int, now: datetime, *, page_size: int):
    """Higher-risk activity in the 48 hours from the start of the current minute."""
    minute = now.replace(second=0, microsecond=0)
    key = ("risky", feoa.force_id, version, minute, page_size)
    return _cache().get_or_compute(key, lambda: risky_activities(feoa, minute, minute + WINDOW, page_size=page_size))
