"""The main navigation, by role, with its links built once per process.

On a phone the navigation is one row: the role's primary destinations, then "More" (a `<details>`
disclosure, so it works without JavaScript) holding the rest. Wider screens show every link.

Every signed-in page draws the navigation; building its ten links with `url_for` on each request
cost about a tenth of a millisecond, so the built links are kept per role and script root.
"""

from flask import current_app, request, url_for

MEMBERS = ("candidate", "team_member")

# (endpoint, label, roles that see it (None: everyone signed in), roles for whom it is primary:
# in the phone's one row rather than under "More"). At most four primary links per role fit 360 px.
NAV_ITEMS = (
    ("core.home", "Home", None, None),
    ("plans.index", "Plans", MEMBERS, MEMBERS),
    ("sessions.index", "Check-ins", MEMBERS, MEMBERS),
    ("incidents.index", "Incidents", MEMBERS, MEMBERS),
    ("office.index", "Nominations", ("election_office",), ("election_office",)),
    ("feoa.dashboard", "Adviser dashboard", ("feoa",), ("feoa",)),
    ("staff.accounts", "Staff accounts", ("admin",), ("admin",)),
    ("core.guidance_index", "Safety", None, ("election_office", "feoa", "admin")),
    ("teams.index", "Team", MEMBERS, ()),
    ("pledge.show", "Civility Pledge", MEMBERS, ()),
    ("profile.edit", "Profile", None, ()),
    ("notify.history", "Messages", None, ()),
    ("staff.audit", "Audit log", ("admin",), ()),
    ("staff.councils", "Councils", ("admin",), ()),
)


def nav_links(role: str) -> tuple[tuple[str, str, bool], ...]:
    """(url, label, primary) for each navigation item `role` sees, in order."""
    return _built_once("nav_links", role, lambda: tuple(
        (url_for(endpoint), label, primary is None or role in primary)
        for endpoint, label, roles, primary in NAV_ITEMS if roles is None or role in roles))


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
