"""A small world with one of each object and the identities around it, for the access matrix and the fuzz test.

Candidate "owner" has a campaign: an activity, an incident shared with the FEOA (with a photo), a safety
session, a team with "member" in it (plus an open invitation and a do-not-knock note) and a pledge signature.
"stranger" is a candidate of another campaign in the same force. "feoa" advises the owner's force,
"feoa_other" another force; "office" runs the owner's council's nominations (one import, one nominee),
"office_other" another council's; "admin" runs the site. The office's import waits in the column-matching step
with one row set aside, and its nominee has a possible match (a self-registered candidate of the same name and
ward). A throwaway council is the admin's to edit (councils are reference data: `forget_councils` removes them).
Each call builds a fresh, independent world.
"""

import functools
import io
import itertools
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.helpers import png_bytes
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import (
    Activity,
    Council,
    DoNotKnockNote,
    Evidence,
    Incident,
    Nominee,
    PledgeSignature,
    PledgeVersion,
    TeamInvitation,
    TeamMembership,
)
from webapp.models.sessions import SafetySession
from webapp.teams.access import ensure_candidate_team

IDENTITIES = ("anonymous", "owner", "member", "stranger", "feoa", "feoa_other", "office", "office_other", "admin")
_worlds = itertools.count(1)
_councils: list[int] = []
# The last column's header and cells are markup (the fuzz's mark): the column-matching page must show them as text.
NOMINATIONS_CSV = ("name,email,mobile,office,ward,party,consent,Notes <fuzz-mark><script>alert(1)</script>\n"
                   "Priya Shah,priya.shah@example.org,07911 123401,councillor,Clifton,Green Party,yes,<fuzz-mark>\n"
                   "Nobody,not-an-address,,councillor,Cotham,,yes,<fuzz-mark><b>x</b>\n")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    rule_ids: dict = field(default_factory=dict)  # rule prefix → ids that differ for that route

    def ids_for(self, rule: str) -> dict:
        overrides = next((ids for prefix, ids in self.rule_ids.items() if rule.startswith(prefix)), {})
        return {**self.ids, **overrides}

    def token_for(self, rule: str) -> str:
        return next((token for prefix, token in self.tokens.items() if rule.startswith(prefix)), "forged")

    def client_for(self, app, sign_in, identity: str):
        client = app.test_client()
        if identity != "anonymous":
            sign_in(self.users[identity], on=client)
        return client


def build_world(app, make_user, sign_in) -> World:
    n = next(_worlds)
    world = World()
    owner = make_user("candidate", name=f"Olive Owner {n}", mobile=f"+4479111{n:05d}",
                      emergency_contact_name="Sam Owner", emergency_contact_mobile="+447911123456")
    owner.candidacy.set_consent(True, "profile")
    users = {
        "owner": owner,
        "member": make_user("team_member", name=f"Mo Member {n}"),
        "stranger": make_user("candidate", name=f"Sid Stranger {n}"),
        "feoa": make_user("feoa"),
        "feoa_other": make_user("feoa", force_code="devon-and-cornwall"),
        "office": make_user("election_office", council="Bristol City Council"),
        "office_other": make_user("election_office", council="Cornwall Council"),
        "admin": make_user("admin"),
    }
    world.users = users
    now = utcnow()
    team = ensure_candidate_team(owner)
    membership = TeamMembership(team_id=team.id, user_id=users["member"].id, role="member")
    activity = Activity(owner=owner, kind="canvassing", starts_at=now + timedelta(days=2),
                        ends_at=now + timedelta(days=2, hours=2), meeting_point="Clifton library", area="Clifton")
    invitation = TeamInvitation(team_id=team.id, invited_by_id=owner.id, name="Ivy", email=f"ivy{n}@example.org",
                                expires_at=now + timedelta(days=7))
    note = DoNotKnockNote(team_id=team.id, street="Whiteladies Road", reason="hostile", added_by_id=owner.id)
    version = db.session.scalar(sa.select(PledgeVersion).order_by(PledgeVersion.number.desc()).limit(1))
    if version is None:
        version = PledgeVersion(number=1, title="The Civility Pledge", body="Be civil.",
                                official_url="https://example.org/pledge")
    signature = PledgeSignature(user=owner, version=version, full_name=owner.name)
    db.session.add_all([membership, activity, invitation, note, signature])
    imported = staged_import(users["office"])
    nominee = Nominee(council=users["office"].council.name, council_id=users["office"].council_id,
                      name=f"Nia Nominee {n}", email=f"nia{n}@example.org", office="councillor", ward="Clifton",
                      last_import_id=imported.id, consent=True, force_id=owner.candidacy.force_id, handed_over_at=now)
    match = make_user("candidate", name=nominee.name, verification="self_registered")
    council = Council(name=f"Hardening World Council {secrets.token_hex(6)}", nation="England",
                      forces=[owner.candidacy.force])
    db.session.add(council)
    db.session.flush()
    _councils.append(council.id)
    db.session.add(nominee)
    db.session.commit()

    owner_client = world.client_for(app, sign_in, "owner")
    response = owner_client.post("/incidents/new", data={
        "category": "online_abuse", "occurred_at": "2027-03-15T18:30", "description": "Abusive replies.",
        "police_reported": "no", "evidence": (io.BytesIO(png_bytes()), "photo.png")},
        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    incident = db.session.scalars(sa.select(Incident).where(Incident.owner_id == owner.id)).one()
    assert owner_client.post(f"/incidents/{incident.id}/share").status_code == 303
    response = owner_client.post("/sessions/new", data={"place": "Clifton", "until": "12:00", "interval": "30"})
    assert response.status_code == 303, [e.get_text(" ", strip=True) for e in
                                         BeautifulSoup(response.data, "html.parser").select(".error-message")]
    session = db.session.scalars(sa.select(SafetySession).where(SafetySession.user_id == owner.id)).one()
    evidence = db.session.scalars(sa.select(Evidence).where(Evidence.incident_id == incident.id)).one()
    world.ids = {
        "activity_id": activity.id, "incident_id": incident.id, "evidence_id": evidence.id,
        "session_id": session.id, "team_id": team.id, "note_id": note.id, "invitation_id": invitation.id,
        "membership_id": membership.id, "signature_id": signature.id, "candidacy_id": owner.candidacy.id,
        "nominee_id": nominee.id, "import_id": imported.id, "user_id": users["office"].id,
        "council_id": council.id,
    }
    # The office confirms a possible match by the matched candidacy's id (the FEOA's routes use the owner's).
    world.rule_ids = {"/office/candidates/<int:nominee_id>/matches/": {"candidacy_id": match.candidacy.id}}
    world.tokens = real_tokens(world, session, nominee, invitation)
    return world


def staged_import(office_user):
    """The office's upload, columns matched, one good row waiting and one set aside (as the routes leave it)."""
    from webapp.office import csv_import, staging

    content = NOMINATIONS_CSV.encode()
    table = csv_import.read_table(content, len(content) + 1)
    staged = staging.stage_file(office_user, "nominations.csv", content, table,
                                force_id=office_user.council.forces[0].id)
    db.session.flush()
    mapped = staging.choose_columns(staged, staged.mapping, "")
    assert mapped.rows and mapped.bad, (mapped.rows, mapped.bad)
    db.session.flush()
    return staged


def forget_councils(newer_than: int = 0) -> None:
    """Remove the councils worlds made (by id: the fuzz may have renamed them), and any added after `newer_than`
    (the fuzz may add one through the admin's form)."""
    db.session.rollback()
    added = db.session.scalars(sa.select(Council.id).where(Council.id > newer_than)) if newer_than else []
    for council_id in {*_councils, *added}:
        council = db.session.get(Council, council_id)
        if council is not None:
            council.forces = []
            db.session.delete(council)
    _councils.clear()
    db.session.commit()


@functools.cache
def _registrant_password_hash() -> str:
    from webapp.passwords import hash_password

    return hash_password("a long enough passphrase")  # argon2 takes half a second: once per run


def real_tokens(world: World, session, nominee, invitation) -> dict:
    """A genuine token for each token route (by the URL's first part), as its link would carry it."""
    from webapp.at_rest import encrypt
    from webapp.auth.passwords_reset import PURPOSE as RESET
    from webapp.auth.registration import PURPOSE as REGISTER
    from webapp.calendar.feeds import regenerate
    from webapp.feoa.settings import unsubscribe_token
    from webapp.office.handover import invitation_link
    from webapp.sessions.links import acknowledge_url, check_in_url
    from webapp.staff.accounts import WELCOME_PURPOSE
    from webapp.teams.invitations import PURPOSE as TEAM_INVITE
    from webapp.tokens import make_token

    def last_part(url: str) -> str:
        return url.rstrip("/").rsplit("/", 1)[-1]

    owner = world.users["owner"]
    tokens = {
        "/reset-password/": make_token(RESET, {"user": owner.id, "stamp": owner.password_stamp}),
        "/invitations/": make_token(TEAM_INVITE, {"i": invitation.id, "to": invitation.address}),
        "/join/": last_part(invitation_link(nominee)),
        "/sessions/check-in/": last_part(check_in_url(session)),
        "/sessions/alert/": last_part(acknowledge_url(session, "Sam Owner", "+447911123456")),
        "/feoa/digest/unsubscribe/": unsubscribe_token(world.users["feoa"]),
        "/calendar/feed/": regenerate(owner, True),
        "/register/finish/": make_token(REGISTER, {"name": "Rhea Registrant", "email": f"rhea{owner.id}@example.org",
                                                   "hash": encrypt(_registrant_password_hash())}),
        "/set-password/": make_token(WELCOME_PURPOSE, {"user": world.users["office"].id,
                                                       "stamp": world.users["office"].password_stamp}),
    }
    db.session.commit()
    return tokens
