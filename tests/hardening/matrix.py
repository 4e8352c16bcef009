"""The access matrix: every route with an object id or a token in its URL, and who may use it.

Each entry maps (method, rule) to the identities (tests/hardening/world.py) that may use it on the world's
objects; every other identity gets a 404 or 403 (a signed-out visitor is sent to sign in). A route added with
an id in its URL and not listed here fails tests/hardening/test_access_matrix.py until someone decides who may
use it. Token routes are capabilities: the holder of a real token may use them, and a forged one opens nothing.
"""

import re

OWNER = frozenset({"owner"})
TEAM = frozenset({"owner", "member"})
FEOA = frozenset({"feoa"})
OFFICE = frozenset({"office"})
ADMIN = frozenset({"admin"})

MATRIX = {
    ("GET", "/activities/<int:activity_id>"): TEAM,
    ("DELETE", "/activities/<int:activity_id>"): OWNER,
    ("POST", "/activities/<int:activity_id>/attendance"): TEAM,
    ("GET", "/activities/<int:activity_id>/calendar.ics"): TEAM,
    ("POST", "/activities/<int:activity_id>/cancel"): OWNER,
    ("GET", "/activities/<int:activity_id>/edit"): OWNER,
    ("POST", "/activities/<int:activity_id>/edit"): OWNER,
    ("GET", "/activities/<int:activity_id>/messages"): OWNER,
    ("GET", "/activities/<int:activity_id>/reminder-note"): OWNER,
    ("POST", "/activities/<int:activity_id>/reminder-note"): OWNER,
    ("POST", "/admin/accounts/<int:user_id>/password-link"): ADMIN,
    ("POST", "/admin/accounts/<int:user_id>/reset-two-factor"): ADMIN,
    ("GET", "/admin/accounts/<int:user_id>/deactivate"): ADMIN,
    ("POST", "/admin/accounts/<int:user_id>/deactivate"): ADMIN,
    ("POST", "/admin/accounts/<int:user_id>/reactivate"): ADMIN,
    ("GET", "/admin/councils/<int:council_id>"): ADMIN,
    ("POST", "/admin/councils/<int:council_id>"): ADMIN,
    ("GET", "/feoa/candidates/<int:candidacy_id>"): FEOA,
    ("POST", "/feoa/candidates/<int:candidacy_id>/contact-details"): FEOA,
    ("POST", "/feoa/candidates/<int:candidacy_id>/contacts"): FEOA,
    ("GET", "/feoa/incidents/<int:incident_id>"): FEOA,
    ("POST", "/feoa/incidents/<int:incident_id>/acknowledge"): FEOA,
    ("POST", "/feoa/incidents/<int:incident_id>/close"): FEOA,
    ("GET", "/incidents/<int:incident_id>"): OWNER,
    ("GET", "/incidents/<int:incident_id>/edit"): OWNER,
    ("POST", "/incidents/<int:incident_id>/edit"): OWNER,
    ("POST", "/incidents/<int:incident_id>/evidence"): OWNER,
    ("GET", "/incidents/<int:incident_id>/evidence/<int:evidence_id>"): frozenset({"owner", "feoa"}),  # shared, audited
    ("GET", "/incidents/<int:incident_id>/export.pdf"): OWNER,
    ("GET", "/incidents/<int:incident_id>/print"): OWNER,
    ("POST", "/incidents/<int:incident_id>/share"): OWNER,
    ("POST", "/incidents/<int:incident_id>/updates"): OWNER,
    ("POST", "/incidents/<int:incident_id>/withdraw"): OWNER,
    ("GET", "/office/candidates/<int:nominee_id>"): OFFICE,
    ("POST", "/office/candidates/<int:nominee_id>/resend"): OFFICE,
    ("POST", "/office/candidates/<int:nominee_id>/matches/<int:candidacy_id>"): OFFICE,
    ("GET", "/office/imports/<int:import_id>"): OFFICE,
    ("POST", "/office/imports/<int:import_id>/confirm"): OFFICE,
    ("POST", "/office/imports/<int:import_id>/discard"): OFFICE,
    ("GET", "/office/imports/<int:import_id>/columns"): OFFICE,  # only the office user who uploaded it
    ("POST", "/office/imports/<int:import_id>/columns"): OFFICE,
    ("GET", "/office/imports/<int:import_id>/rows-to-fix.csv"): OFFICE,
    ("GET", "/pledge/card/<int:signature_id>"): OWNER,  # the world's signature is not public
    ("GET", "/pledge/card/<int:signature_id>.svg"): OWNER,
    ("GET", "/pledge/card/<int:signature_id>.png"): OWNER,
    ("GET", "/sessions/<int:session_id>"): OWNER,
    ("POST", "/sessions/<int:session_id>/check-in"): OWNER,
    ("POST", "/sessions/<int:session_id>/end"): OWNER,
    ("GET", "/teams/<int:team_id>"): TEAM,
    ("GET", "/teams/<int:team_id>/do-not-knock"): TEAM,
    ("POST", "/teams/<int:team_id>/do-not-knock"): TEAM,
    ("POST", "/teams/<int:team_id>/do-not-knock/<int:note_id>/remove"): OWNER,  # the owner or whoever added it
    ("POST", "/teams/<int:team_id>/invitations"): OWNER,
    ("POST", "/teams/<int:team_id>/invitations/<int:invitation_id>/cancel"): OWNER,
    ("GET", "/teams/<int:team_id>/leave"): TEAM,  # the owner is told they cannot leave their own team
    ("POST", "/teams/<int:team_id>/leave"): TEAM,
    ("POST", "/teams/<int:team_id>/members/<int:membership_id>/remove"): OWNER,
    ("POST", "/teams/<int:team_id>/members/<int:membership_id>/role"): OWNER,
}

# Capabilities: the URL's token is the permission. A forged token is refused for every identity.
TOKEN_ROUTES = {
    ("GET", "/calendar/feed/<token>.ics"),
    ("GET", "/feoa/digest/unsubscribe/<token>"),
    ("POST", "/feoa/digest/unsubscribe/<token>"),
    ("GET", "/invitations/<token>"),
    ("POST", "/invitations/<token>/accept"),
    ("POST", "/invitations/<token>/account"),
    ("GET", "/join/<token>"),
    ("POST", "/join/<token>"),
    ("GET", "/reset-password/<token>"),
    ("POST", "/reset-password/<token>"),
    ("GET", "/sessions/alert/<token>"),
    ("POST", "/sessions/alert/<token>"),
    ("GET", "/sessions/check-in/<token>"),
    ("POST", "/sessions/check-in/<token>"),
    ("GET", "/register/finish/<token>"),  # the emailed link that creates a candidate account
    ("POST", "/register/finish/<token>"),
    ("GET", "/set-password/<token>"),  # a new staff account's first password
    ("POST", "/set-password/<token>"),
    # A data export's one-time link: the token AND the signed-in owner (tests/privacy/test_export.py).
    ("GET", "/your-data/download/<token>"),
}


def guarded_rules(app) -> set[tuple[str, str]]:
    """(method, rule) of every route whose URL names an object (…_id) or carries a token."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not any(name.endswith("_id") or name == "token" for name in rule.arguments):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method, rule.rule))
    return found


def url_for_rule(rule: str, ids: dict, token: str = "forged") -> str:  # noqa: S107 - a URL part, not a password
    """The rule with the world's ids (and `token`) filled in."""

    def fill(match):
        name = match.group(1)
        return token if name == "token" else str(ids[name])

    return re.sub(r"<(?:\w+:)?(\w+)>", fill, rule)
