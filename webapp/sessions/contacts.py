"""Who is alerted when a session escalates: the ONE place that decides it.

Tier 1: the people going along (team members who said they are coming, and the free-text
companions of the activity: people outside the team) and the organisers of the team (the candidate and their
organisers; for an ad hoc session, those of every team the person is in). Tier 2: the person's
own emergency contact. Nobody is listed twice, and the person is never their own contact.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.models import ActivityAttendee, Team, TeamMembership, User
from webapp.models.sessions import SafetySession
from webapp.models.teams import GOING, MANAGERS


@dataclass(frozen=True)
class Contact:
    name: str
    relation: str  # shown on the session page: "companion", "emergency contact"
    tier: int
    mobile: str | None = None
    email: str | None = None
    user_id: int | None = None

    @property
    def reachable(self) -> bool:
        return bool(self.mobile or self.email)


def _going_with(activity_ids) -> Select:
    return (select(ActivityAttendee).where(ActivityAttendee.activity_id.in_(activity_ids), ActivityAttendee.response == GOING)
            .options(joinedload(ActivityAttendee.user, innerjoin=True)).order_by(ActivityAttendee.id))


def _managers_of(team_ids) -> Select:
    return (select(TeamMembership).where(TeamMembership.team_id.in_(team_ids), TeamMembership.role.in_(MANAGERS))
            .options(selectinload(TeamMembership.user)).order_by(TeamMembership.id))


# Built once, run with each session's ids: the session page asks on every view (issue 17).
GOING_WITH_ACTIVITY = _going_with([bindparam("activity_id")])
MANAGERS_OF_OWNERS_TEAM = _managers_of(select(Team.id).where(Team.owner_id == bindparam("owner_id")))
MANAGERS_OF_PERSONS_TEAMS = _managers_of(select(TeamMembership.team_id).where(TeamMembership.user_id == bindparam("user_id")))


def _attendees(session: SafetySession) -> list[ActivityAttendee]:
    return list(db.session.scalars(GOING_WITH_ACTIVITY, {"activity_id": session.activity_id}))


def _organiser_rows(session: SafetySession) -> list[TeamMembership]:
    if session.activity is not None:
        return list(db.session.scalars(MANAGERS_OF_OWNERS_TEAM, {"owner_id": session.activity.owner_id}))
    return list(db.session.scalars(MANAGERS_OF_PERSONS_TEAMS, {"user_id": session.user_id}))


def prefetch_tier_one(sessions: list[SafetySession]) -> None:
    """For the escalation job's batches: tier 1's rows for many sessions in three queries, not two
    per session (1,000 sessions can fall due in the same minute). Dropped by `forget_prefetched`."""
    activity_ids = {s.activity_id for s in sessions if s.activity_id}
    owner_ids = {s.activity.owner_id for s in sessions if s.activity is not None}
    person_ids = {s.user_id for s in sessions if s.activity is None}
    attendees = defaultdict(list)
    if activity_ids:
        for row in db.session.scalars(_going_with(activity_ids)):
            attendees[row.activity_id].append(row)
    member_teams = defaultdict(set)
    if person_ids:
        for user_id, team_id in db.session.execute(select(TeamMembership.user_id, TeamMembership.team_id)
                                                   .where(TeamMembership.user_id.in_(person_ids))):
            member_teams[user_id].add(team_id)
    team_ids = set().union(*member_teams.values()) if member_teams else set()
    by_owner, by_team = defaultdict(list), defaultdict(list)
    if owner_ids or team_ids:
        for membership, owner_id in db.session.execute(
                select(TeamMembership, Team.owner_id).join(Team, TeamMembership.team_id == Team.id)
                .where(TeamMembership.role.in_(MANAGERS),
                       or_(Team.owner_id.in_(owner_ids), Team.id.in_(team_ids)))
                .options(selectinload(TeamMembership.user)).order_by(TeamMembership.id)):
            by_owner[owner_id].append(membership)
            by_team[membership.team_id].append(membership)
    for session in sessions:
        if session.activity is not None:
            organisers = by_owner[session.activity.owner_id]
        else:
            organisers = sorted((m for t in member_teams[session.user_id] for m in by_team[t]), key=lambda m: m.id)
        session._tier_one_rows = (attendees[session.activity_id] if session.activity_id else [], organisers)


def forget_prefetched(sessions: list[SafetySession]) -> None:
    for session in sessions:
        session.__dict__.pop("_tier_one_rows", None)


def _going_along(session: SafetySession, attendees: list[ActivityAttendee]) -> list[Contact]:
    activity = session.activity
    if activity is None:
        return []
    contacts = []
    for row in attendees:  # always team members; people outside the team are companions
        contacts.append(Contact(name=row.user.display_name, relation="going with you", tier=1,
                                mobile=row.user.mobile, email=row.user.email, user_id=row.user_id))
    for companion in activity.companions:
        contacts.append(Contact(name=companion.name, relation="companion", tier=1, mobile=companion.mobile,
                                email=getattr(companion, "email", None)))
    if activity.owner_id != session.user_id:
        owner = activity.owner
        contacts.append(Contact(name=owner.display_name, relation="candidate", tier=1, mobile=owner.mobile,
                                email=owner.email, user_id=owner.id))
    return contacts


def _organisers(rows: list[TeamMembership]) -> list[Contact]:
    return [Contact(name=m.user.display_name, relation="team organiser" if m.role != "owner" else "candidate",
                    tier=1, mobile=m.user.mobile, email=m.user.email, user_id=m.user_id) for m in rows]


def _tier_one(session: SafetySession) -> list[Contact]:
    person = session.user
    prefetched = session.__dict__.get("_tier_one_rows")
    attendees, organisers = prefetched or (_attendees(session) if session.activity_id else [],
                                           _organiser_rows(session))
    contacts, seen = [], set()
    for contact in _going_along(session, attendees) + _organisers(organisers):
        keys = {k for k in (contact.user_id and f"u{contact.user_id}", contact.mobile, contact.email) if k}
        if contact.user_id == person.id or (contact.mobile and contact.mobile == person.mobile) or keys & seen:
            continue  # the person themselves, or someone already listed
        seen |= keys
        contacts.append(contact)
    return contacts


def _tier_two(session: SafetySession) -> list[Contact]:
    person = session.user
    if not person.emergency_contact_mobile:
        return []
    return [Contact(name=person.emergency_contact_name or "Emergency contact", relation="emergency contact",
                    tier=2, mobile=person.emergency_contact_mobile)]


def escalation_contacts(session: SafetySession) -> dict[int, list[Contact]]:
    """{1: [...], 2: [...]}: everyone who may be alerted about this session, by tier."""
    return {1: _tier_one(session), 2: _tier_two(session)}


def is_escalation_contact(session: SafetySession, user: User) -> bool:
    """A signed-in user is a contact if listed by account (a team member going along, an organiser).

    Never by a mobile or address typed on a plan or profile: that number may be a stranger's
    account. Companions and emergency contacts act through the signed links in their alerts."""
    return any(contact.user_id is not None and contact.user_id == user.id
               for tier in escalation_contacts(session).values() for contact in tier)


def can_view(session: SafetySession, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return session.user_id == user.id or is_escalation_contact(session, user)
