"""The main navigation, by role, with its links built once per process.

Every signed-in page draws the navigation; building its ten links with `url_for` on each request
cost about a tenth of a millisecond, so the built links are kept per role and script root.
"""

from flask import current_app, request, url_for

MEMBERS = ("candidate", "team_member")

# (endpoint, label, roles that see it; None: everyone signed in)
NAV_ITEMS = (
    ("core.home", "Home", None),
    ("plans.index", "Plans", MEMBERS),
    ("core.guidance_index", "Safety", None),
    ("teams.index", "Team", MEMBERS),
    ("sessions.index", "Check-ins", MEMBERS),
    ("incidents.index", "Incidents", MEMBERS),
    ("office.index", "Nominations", ("election_office",)),
    ("profile.edit", "Profile", None),
    ("notify.history", "Messages", None),
    ("feoa.dashboard", "Adviser dashboard", ("feoa",)),
    ("staff.accounts", "Staff accounts", ("admin",)),
    ("staff.audit", "Audit log", ("admin",)),
    ("staff.councils", "Councils", ("admin",)),
)


def nav_links(role: str) -> tuple[tuple[str, str], ...]:
    """(url, label) for each navigation item `role` sees, in order."""
    return _built_once("nav_links", role, lambda: tuple(
        (url_for(endpoint), label) for endpoint, label, roles in NAV_ITEMS if roles is None or role in roles))


def static_url(filename: str) -> str:
    """url_for('static', filename=...), built once per file and script root."""
    return _built_once("static_urls", filename, lambda: url_for("static", filename=filename))


def _built_once(cache_name: str, key, build):
    """`build()` the first time for this key and script root (the URL prefix), then reuse it."""
    cache = current_app.extensions.setdefault(cache_name, {})
    full_key = (request.script_root, key)
    if full_key not in cache:
        cache[full_key] = build()
    return cache[full_key]
