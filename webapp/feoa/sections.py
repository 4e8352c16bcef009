"""The dashboard's costly sections, rendered once and kept in each process, keyed on the force's
feoa_version.

Every change the dashboard could show bumps that version in its own transaction
(webapp/feoa/freshness.py), and each request reads it first, so a withdrawn consent, an unshared
incident or a new briefing shows on the very next request on every worker. The higher-risk list
also depends on the time, so it is computed for the current minute and kept for that minute.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from threading import Lock

from flask import current_app, render_template
from markupsafe import Markup

from webapp.extensions import db
from webapp.feoa import candidates, shared
from webapp.feoa.activities import WINDOW, risky_activities
from webapp.models import SELF_REGISTERED, Force, User

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


def force_and_version(feoa: User) -> tuple[Force | None, int]:
    """The FEOA's force, loaded afresh, and its feoa_version: read before computing anything kept."""
    force = db.session.get(Force, feoa.force_id, populate_existing=True) if feoa.force_id is not None else None
    return force, (force.feoa_version if force is not None else 0)


def _fragment(template: str, **context) -> Markup:
    # Kept as the autoescaped template's output, so the page does not escape it twice.
    return Markup(render_template(template, **context))  # noqa: S704 - template output, not user text


def candidate_list(feoa: User, version: int, *, filters: dict, page: int, page_size: int) -> Markup:
    """The candidate list fragment for these filters and page."""
    key = ("candidates", feoa.force_id, version, tuple(sorted(filters.items())), page, page_size)

    def render():
        rows, has_more = candidates.candidate_page(feoa, page=page, page_size=page_size, **filters)
        return _fragment("feoa/partials/_candidate_list.html", rows=rows, has_more=has_more, page=page,
                         filters=filters)

    return _cache().get_or_compute(key, render)


def unconfirmed_list(feoa: User, version: int, *, page: int, page_size: int) -> Markup:
    """Self-registered candidates: apart from the main list, clearly labelled."""
    key = ("unconfirmed", feoa.force_id, version, page, page_size)

    def render():
        rows, has_more = candidates.candidate_page(feoa, page=page, page_size=page_size,
                                                   verification=SELF_REGISTERED)
        return _fragment("feoa/partials/_unconfirmed_list.html", rows=rows, has_more=has_more, page=page)

    return _cache().get_or_compute(key, render)


def incident_list(feoa: User, version: int, *, page_size: int) -> tuple[Markup, bool]:
    """Open incidents shared with the FEOA, and whether there are more."""
    key = ("open incidents", feoa.force_id, version, page_size)

    def render():
        incidents, more = shared.shared_incidents(feoa, status="open", page_size=page_size)
        return _fragment("feoa/partials/_incident_list.html", incidents=incidents), more

    return _cache().get_or_compute(key, render)


def risky_list(feoa: User, version: int, now: datetime, *, page_size: int) -> tuple[Markup, bool]:
    """Higher-risk activity in the 48 hours from the start of the current minute, and whether there is more."""
    minute = now.replace(second=0, microsecond=0)
    key = ("risky", feoa.force_id, version, minute, page_size)

    def render():
        risky, more = risky_activities(feoa, minute, minute + WINDOW, page_size=page_size)
        return _fragment("feoa/partials/_risky_list.html", risky=risky), more

    return _cache().get_or_compute(key, render)
