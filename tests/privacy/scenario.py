"""One campaign with a row of every kind of personal data, and a census of every table."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import (
    Activity,
    ActivityAttendee,
    AuditEntry,
    Candidacy,
    Companion,
    Digest,
    DoNotKnockNote,
    Election,
    Evidence,
    FeoaContact,
    Incident,
    LocationPoint,
    Message,
    NominationImport,
    Nominee,
    ReminderNote,
    Role,
    SafetySession,
    SessionEvent,
    Team,
    TeamInvitation,
    TeamMembership,
)

POLLING_DAY = date(2027, 5, 6)  # the seeded election (first Thursday of May 2027)


def census() -> dict[str, int]:
    """How many rows each table holds."""
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def build_campaign(make_user, now: datetime, upload_dir) -> dict:
    """A candidate with a team, plans, a session, an incident shared with the FEOA and its evidence,
    the FEOA's records, an election office import, an invitation and audit entries — all at `now`."""
    candidate = make_user(Role.CANDIDATE)
    member = make_user(Role.TEAM_MEMBER)
    feoa = make_user(Role.FEOA)
    office = make_user(Role.ELECTION_OFFICE)
    candidacy = db.session.scalar(sa.select(Candidacy).where(Candidacy.user_id == candidate.id))
    candidacy.feoa_consent = True
    assert db.session.scalar(sa.select(Election.polling_day)) == POLLING_DAY

    team = Team(owner=candidate)
    db.session.add_all([team, TeamMembership(team=team, user=candidate, role="owner"),
                        TeamMembership(team=team, user=member, role="member")])
    activity = Activity(owner=candidate, kind="canvassing", starts_at=now + timedelta(days=4),
                        ends_at=now + timedelta(days=4, hours=2), meeting_point="Library steps")
    db.session.add(activity)
    db.session.flush()
    db.session.add_all([
        Companion(activity_id=activity.id, name="Sam", mobile="+447911123456"),
        ActivityAttendee(activity_id=activity.id, user_id=member.id),
        ReminderNote(activity_id=activity.id, note="Bring leaflets"),
        DoNotKnockNote(team=team, street="Elm Road", reason="dog", added_by_id=candidate.id),
        TeamInvitation(team=team, invited_by_id=candidate.id, email="friend@example.org",
                       expires_at=now + timedelta(days=14)),
        Message(dedupe_key=f"reminder:{activity.id}", channel="sms", recipient="+447911123456", user_id=candidate.id,
                activity_id=activity.id, template="reminder", body="Canvassing soon", due_at=now,
                status="delivered", sent_at=now),
        Message(dedupe_key=f"welcome:{candidate.id}", channel="email", recipient=candidate.email, user_id=candidate.id,
                template="welcome", body="Welcome", due_at=now, status="delivered", sent_at=now),
        Message(dedupe_key=f"digest:{feoa.id}", channel="email", recipient=feoa.email, user_id=feoa.id,
                template="digest", body="All quiet", due_at=now, status="delivered", sent_at=now),
    ])
    session = SafetySession(user=candidate, started_at=now, expected_end_at=now + timedelta(hours=1),
                            next_check_in_at=now + timedelta(minutes=30), deadline_at=now + timedelta(minutes=30),
                            reminder_at=now + timedelta(minutes=25), state="ended", ended_at=now + timedelta(hours=1))
    db.session.add(session)
    db.session.flush()
    db.session.add_all([SessionEvent(session_id=session.id, kind="started", at=now),
                        LocationPoint(session_id=session.id, latitude=51.45, longitude=-2.6, at=now)])
    incident = Incident(owner=candidate, candidacy=candidacy, category="online_abuse", occurred_at=now,
                        description="Abusive post", shared_with_feoa=True, shared_at=now)
    db.session.add(incident)
    db.session.flush()
    evidence_dir = upload_dir / "evidence"
    evidence_dir.mkdir(parents=True, exist_ok=True)
    stored_name = f"evidence{incident.id}"
    (evidence_dir / stored_name).write_bytes(b"%PDF-1.4 evidence")
    db.session.add_all([
        Evidence(incident=incident, uploaded_by_id=candidate.id, stored_name=stored_name, original_name="post.pdf",
                 content_type="application/pdf", size=17, sha256="0" * 64),
        FeoaContact(candidacy_id=candidacy.id, feoa_id=feoa.id, kind="briefing", method="phone",
                    happened_on=now.date()),
        Digest(feoa_id=feoa.id, local_date=now.date(), covers_from=now, built_at=now, summary={}),
        AuditEntry(action="feoa.contact_details_viewed", actor_id=feoa.id, subject_user_id=candidate.id, at=now),
    ])
    staged = NominationImport(office_user=office, council="Bristol City Council", filename="n.csv",
                              sha256="0" * 64, status="confirmed", staged_at=now)
    db.session.add(staged)
    db.session.flush()
    db.session.add(Nominee(council="Bristol City Council", name="Alex Nominee", email=f"alex{candidate.id}@example.org",
                           office="councillor", last_import_id=staged.id, created_at=now, updated_at=now))
    db.session.commit()
    return {"candidate": candidate, "member": member, "feoa": feoa, "office": office, "incident": incident,
            "evidence_file": evidence_dir / stored_name}


def london_noon(day: date) -> datetime:
    from webapp.timeutil import london_to_utc

    return london_to_utc(datetime.combine(day, time(12, 0)))
